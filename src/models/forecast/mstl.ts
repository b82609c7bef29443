/**
 * MSTL-style forecasting: remove the daily and weekly profiles (decompose.ts), forecast the
 * adjusted series (trend + remainder) with the AICc-best non-seasonal ETS, and add the profiles
 * back for the future phases — R's stlf/mstl recipe.
 */
import type { FittedMethod, ForecastMethod } from './method.js';
import { decompose, seasonalAt } from './decompose.js';
import { describeEts, predictEts, selectEts } from './ets.js';

export const mstlMethod: ForecastMethod = {
  name: 'mstl',
  fit(values, periods): FittedMethod {
    const fit = selectEts(decompose(values, periods).adjusted, []);
    return {
      name: `mstl(${periods.join(',') || 'none'})+${describeEts(fit.form)}`,
      predict(history, horizon) {
        const d = decompose(history, periods);
        const out = predictEts(d.adjusted, fit, horizon);
        for (let h = 0; h < horizon; h++) out[h] += seasonalAt(d, history.length + h);
        return out;
      },
    };
  },
};
