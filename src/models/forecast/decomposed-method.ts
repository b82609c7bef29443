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
/** Steps kept when there is no seasonal period. */
const windowSteps = 2016;

function recentWindowStart(length: number, periods: readonly number[]): number {
  const longest = periods.length > 0 ? periods[periods.length - 1] : 1;
  const keep = periods.length > 0 ? Math.max(windowCycles * longest, 2 * 168) : windowSteps;
  if (length <= keep) return 0;
  const start = length - keep;
  return start - (start % longest);
}

export function createDecomposedMethod(name: string, models: readonly AdjustedModel[]): ForecastMethod {
  return {
    name,
    fit(values, periods): FittedMethod {
      const start = recentWindowStart(values.length, periods);
      const adjusted = decompose(values.subarray(start), periods).adjusted;
      const fitted = models.map((m) => m.fit(adjusted));
      const label = periods.length > 0 ? `mstl(${periods.join(',')})` : 'nonseasonal';
      return {
        name: `${name}(${label}+${fitted.map((f) => f.name).join('+')})`,
        predict(history, horizon) {
          const from = recentWindowStart(history.length, periods);
          const window = history.subarray(from);
          const d = decompose(window, periods);
          const out = new Float64Array(horizon);
          for (const f of fitted) f.addPrediction(d.adjusted, horizon, 1 / fitted.length, out);
          for (let h = 0; h < horizon; h++) out[h] += seasonalAt(d, window.length + h);
          return out;
        },
      };
    },
  };
}
