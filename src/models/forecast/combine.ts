/**
 * Forecast combination: the mean of several methods' point forecasts, each weighted by
 * 1 / (its mean absolute error on a short rolling-origin backtest of the series). Combinations of
 * simple methods are among the most accurate and robust forecasters on unseen series (M3, M4);
 * the mean averages away each member's idiosyncratic failure, while the error weights let a
 * member that is clearly right (an exact trend, a sharp repeating spike) dominate.
 */
import type { FittedMethod, ForecastMethod } from './method.js';

/** Origins and horizon of the weighting backtest (one day for hourly data). */
const weightOrigins = 3;

export function weighMembersByBacktest(values: Float64Array, members: readonly FittedMethod[], horizon: number): Float64Array {
  const k = members.length;
  const weights = new Float64Array(k).fill(1 / k);
  const n = values.length;
  if (k < 2 || n < horizon * (weightOrigins + 2)) return weights;
  const errors = new Float64Array(k);
  let spread = 0;
  for (let t = 1; t < n; t++) spread += Math.abs(values[t] - values[t - 1]);
  spread /= n - 1;
  for (let o = 0; o < weightOrigins; o++) {
    const origin = n - horizon * (o + 1);
    const history = values.subarray(0, origin);
    for (let i = 0; i < k; i++) {
      const p = members[i].predict(history, horizon);
      for (let h = 0; h < horizon; h++) errors[i] += Math.abs(values[origin + h] - p[h]);
    }
  }
  let sum = 0;
  for (let i = 0; i < k; i++) {
    // The floor keeps exact fits (zero error) finite and near-ties near equal.
    weights[i] = 1 / (errors[i] / (weightOrigins * horizon) + 1e-6 * spread + 1e-12);
    sum += weights[i];
  }
  for (let i = 0; i < k; i++) weights[i] /= sum;
  return weights;
}

export function combineMethods(name: string, members: readonly ForecastMethod[]): ForecastMethod {
  return {
    name,
    fit(values, periods): FittedMethod {
      const fitted = members.map((m) => m.fit(values, periods));
      const weights = weighMembersByBacktest(values, fitted, Math.max(12, periods[0] ?? 24));
      return {
        name: `${name}(${fitted.map((f, i) => `${f.name}×${weights[i].toFixed(2)}`).join(', ')})`,
        predict(history, horizon) {
          const out = new Float64Array(horizon);
          for (let i = 0; i < fitted.length; i++) {
            const p = fitted[i].predict(history, horizon);
            for (let h = 0; h < horizon; h++) out[h] += weights[i] * p[h];
          }
          return out;
        },
      };
    },
  };
}
