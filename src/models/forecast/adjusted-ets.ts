/**
 * The non-seasonal ETS model for adjusted series (R's stlf uses ETS on the seasonally adjusted
 * series): simple or damped-trend exponential smoothing, additive errors, chosen by AICc. The
 * undamped trend is left out on purpose: extrapolated for a week it overshoots on series whose
 * recent slope is noise, and the damped form covers real trends.
 */
import type { AdjustedModel } from './decomposed-method.js';
import { describeEts, fitEtsForm, predictEts, type EtsFit } from './ets.js';

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
