/**
 * Forecast combination: the mean of several methods' point forecasts, each weighted by
 * 1 / (its mean absolute error on a short rolling-origin backtest of the series). Combinations of
 * simple methods are among the most accurate and robust forecasters on unseen series (M3, M4);
 * the mean averages away each member's idiosyncratic failure, while the error weights let a
 * member that is clearly right (an exact trend, a sharp repeating spike) dominate.
 */
import type { FittedMethod, ForecastMethod } from './method.js';

/**
 * Weights ∝ 1 / (mean absolute error) from the members' backtest errors; the floor (a millionth of
 * the mean absolute step of the series) keeps exact fits finite and near-ties near equal.
 */
export function weighByErrors(meanAbsoluteErrors: Float64Array, floor: number): Float64Array {
  const k = meanAbsoluteErrors.length;
  const weights = new Float64Array(k);
  let sum = 0;
  for (let i = 0; i < k; i++) {
    weights[i] = 1 / (meanAbsoluteErrors[i] + floor + 1e-12);
    sum += weights[i];
  }
  for (let i = 0; i < k; i++) weights[i] /= sum;
  return weights;
}

/** Members start equally weighted; the interval calibration's backtest sets the error weights. */
export function combineMethods(name: string, members: readonly ForecastMethod[]): ForecastMethod {
  return {
    name,
    fit(values, periods): FittedMethod {
      const fitted = members.map((m) => m.fit(values, periods));
      let weights = new Float64Array(fitted.length).fill(1 / fitted.length);
      return {
        get name() {
          return `${name}(${fitted.map((f, i) => `${f.name}×${weights[i].toFixed(2)}`).join(', ')})`;
        },
        members: fitted,
        setWeights(w) {
          weights = Float64Array.from(w);
        },
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
