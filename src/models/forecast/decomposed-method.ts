/**
 * Forecasting through a seasonal decomposition — R's stlf/thetaf recipe, generalised to several
 * models: remove the daily and weekly profiles (decompose.ts), forecast the adjusted series
 * (trend + remainder) with one or more non-seasonal models, average them, and add the profiles
 * back for the future phases. The decomposition runs once per prediction however many models
 * share it, and only over a recent window (a whole number of the longest period, so phases keep
 * their alignment): older cycles carry almost no weight in the profiles anyway.
 */
import type { FittedMethod, ForecastMethod } from './method.js';
import { decompose, seasonalAt } from './decompose.js';

/** A model of a non-seasonal (adjusted) series: fit once, then predict from any prefix. */
export interface AdjustedModel {
  readonly name: string;
  fit(adjusted: Float64Array): FittedAdjustedModel;
}

export interface FittedAdjustedModel {
  readonly name: string;
  /** Adds `weight` × the forecast of `horizon` steps after `adjusted` into `out`. */
  addPrediction(adjusted: Float64Array, horizon: number, weight: number, out: Float64Array): void;
}

/** Cycles of the longest period kept for the decomposition (profile weights beyond are < 5 %). */
const windowCycles = 8;
/** Most recent steps the models' parameters are fitted on. */
const fitSteps = 720;
/** Steps kept when there is no seasonal period. */
const windowSteps = 2016;

function recentWindowStart(length: number, periods: readonly number[]): number {
  const longest = periods.length > 0 ? periods[periods.length - 1] : 1;
  const keep = periods.length > 0 ? Math.max(windowCycles * longest, 2 * 168) : windowSteps;
  if (length <= keep) return 0;
  const start = length - keep;
  return start - (start % longest);
}

/**
 * Combination weights ∝ 1 / (backtest mean absolute error) of each model on the adjusted series
 * (a few origins a day apart, one-day horizon). Equal errors give the equal-weight mean that makes
 * combinations robust; a model that is clearly better (an exact trend, a fast level) earns most of
 * the weight. The adjusted series comes from the full-history decomposition: a small leak that is
 * harmless for ranking models and saves one decomposition per origin.
 */
function weighByBacktest(adjusted: Float64Array, fitted: readonly FittedAdjustedModel[], periods: readonly number[]): Float64Array {
  const k = fitted.length;
  const weights = new Float64Array(k).fill(1 / k);
  const n = adjusted.length;
  const horizon = Math.max(12, periods[0] ?? 24);
  const origins = 4;
  if (k < 2 || n < horizon * (origins + 2)) return weights;
  const errors = new Float64Array(k);
  const out = new Float64Array(horizon);
  let spread = 0;
  for (let t = 1; t < n; t++) spread += Math.abs(adjusted[t] - adjusted[t - 1]);
  spread /= n - 1;
  for (let o = 0; o < origins; o++) {
    const origin = n - horizon * (o + 1);
    const history = adjusted.subarray(0, origin);
    for (let i = 0; i < k; i++) {
      out.fill(0);
      fitted[i].addPrediction(history, horizon, 1, out);
      for (let h = 0; h < horizon; h++) errors[i] += Math.abs(adjusted[origin + h] - out[h]);
    }
  }
  let sum = 0;
  for (let i = 0; i < k; i++) {
    // The floor keeps exact fits (zero error) finite and ties equal.
    weights[i] = 1 / (errors[i] / (origins * horizon) + 1e-6 * spread + 1e-12);
    sum += weights[i];
  }
  for (let i = 0; i < k; i++) weights[i] /= sum;
  return weights;
}

export function createDecomposedMethod(name: string, models: readonly AdjustedModel[]): ForecastMethod {
  return {
    name,
    fit(values, periods): FittedMethod {
      const start = recentWindowStart(values.length, periods);
      const adjusted = decompose(values.subarray(start), periods).adjusted;
      // Smoothing parameters describe recent behaviour: fit them on the last month at most.
      const fitWindow = adjusted.subarray(Math.max(0, adjusted.length - fitSteps));
      const fitted = models.map((m) => m.fit(fitWindow));
      const weights = weighByBacktest(adjusted, fitted, periods);
      return {
        // e.g. mstl[24,168](theta+ets(A,Ad,N)); [] when no season was significant
        name: `${name}[${periods.join(',')}](${fitted.map((f) => f.name).join('+')})`,
        predict(history, horizon) {
          const from = recentWindowStart(history.length, periods);
          const window = history.subarray(from);
          const d = decompose(window, periods);
          const out = new Float64Array(horizon);
          for (let i = 0; i < fitted.length; i++) fitted[i].addPrediction(d.adjusted, horizon, weights[i], out);
          for (let h = 0; h < horizon; h++) out[h] += seasonalAt(d, window.length + h);
          return out;
        },
      };
    },
  };
}
