/**
 * The non-seasonal ETS model for adjusted series (R's stlf uses ETS on the seasonally adjusted
 * series): simple or damped-trend exponential smoothing, additive errors, chosen by AICc. The
 * undamped trend is left out on purpose: extrapolated for a week it overshoots on series whose
 * recent slope is noise, and the damped form covers real trends.
 */
import type { AdjustedModel } from './decomposed-method.js';
import { describeEts, fitEtsForm, predictEts, selectEts, type EtsFit } from './ets.js';

export const etsAdjustedModel: AdjustedModel = {
  name: 'ets',
  fit(adjusted) {
    let best: EtsFit | undefined;
    for (const trend of ['N', 'A', 'Ad'] as const) {
      const fit = fitEtsForm(adjusted, { error: 'A', trend, period: 0 }, 50);
      if (!best || fit.aicc < best.aicc) best = fit;
    }
    const fit = best as EtsFit;
    return {
      name: describeEts(fit.form),
      addPrediction(y, horizon, weight, out) {
        const p = predictEts(y, fit, horizon);
        for (let h = 0; h < horizon; h++) out[h] += weight * p[h];
      },
    };
  },
};

/**
 * Damped-trend exponential smoothing (ETS(A,Ad,N)) on an adjusted series: the M4 benchmark
 * "Damped", and the member of the low-frequency combination that follows a trend without
 * extrapolating it in full over a long horizon.
 */
export const dampedEtsModel: AdjustedModel = {
  name: 'damped',
  fit(adjusted) {
    const fit = fitEtsForm(adjusted, { error: 'A', trend: 'Ad', period: 0 });
    return {
      name: describeEts(fit.form),
      addPrediction(y, horizon, weight, out) {
        const p = predictEts(y, fit, horizon);
        for (let h = 0; h < horizon; h++) out[h] += weight * p[h];
      },
    };
  },
};

/** R's ets() on a non-seasonal series: every admissible form (additive or multiplicative errors), lowest AICc. */
export const autoEtsModel: AdjustedModel = {
  name: 'ets',
  fit(adjusted) {
    const fit = selectEts(adjusted, []);
    return {
      name: describeEts(fit.form),
      addPrediction(y, horizon, weight, out) {
        const p = predictEts(y, fit, horizon);
        for (let h = 0; h < horizon; h++) out[h] += weight * p[h];
      },
    };
  },
};
