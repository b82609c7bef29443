import type { AdjustedModel } from './decomposed-method.js';

/** Naive on an adjusted series (M4's Naive2 once wrapped in the classical adjustment): the last value, repeated. */
export const naiveModel: AdjustedModel = {
  name: 'naive',
  fit() {
    return {
      name: 'naive',
      addPrediction(y, horizon, weight, out) {
        const last = y.length > 0 ? y[y.length - 1] : 0;
        for (let h = 0; h < horizon; h++) out[h] += weight * last;
      },
    };
  },
};

/** Seasonal naive: each future step repeats the value one (longest usable) season earlier. */
import type { FittedMethod, ForecastMethod } from './method.js';

/** Forecasts `horizon` steps by repeating the last `period` values (the last value when period < 1 or the history is shorter). */
export function predictSeasonalNaive(history: Float64Array, horizon: number, period: number): Float64Array {
  const n = history.length;
  const out = new Float64Array(horizon);
  if (n === 0) return out;
  const m = period >= 1 && n >= period ? period : 1;
  for (let h = 0; h < horizon; h++) out[h] = history[n - m + (h % m)];
  return out;
}

export const seasonalNaiveMethod: ForecastMethod = {
  name: 'seasonal-naive',
  fit(_values, periods): FittedMethod {
    const period = periods.length > 0 ? periods[periods.length - 1] : 1;
    return { name: period > 1 ? `seasonal-naive(${period})` : 'naive', predict: (history, horizon) => predictSeasonalNaive(history, horizon, period) };
  },
};
