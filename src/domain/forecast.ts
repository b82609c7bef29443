/**
 * The forecast engine's contract (src/models/forecast implements it). Capacity, cost and
 * commitment planning all forecast through this one interface.
 */

/**
 * The step of a monthly series: a calendar month (its average length, 365.2425 / 12 days, stands
 * for it in `stepSeconds`; times of monthly steps come from timeAtStep, by calendar).
 */
export const MONTH_STEP_SECONDS = 2_629_746;

/** The frequencies a forecast input can have; each has its step in seconds. */
export const forecastFrequencies = { hourly: 3600, daily: 86_400, weekly: 604_800, monthly: MONTH_STEP_SECONDS } as const;
export type ForecastFrequency = keyof typeof forecastFrequencies;

/** Epoch ms of step `index` of a series starting at `startMs`: calendar months for a monthly step, else fixed steps. */
export function timeAtStep(startMs: number, stepSeconds: number, index: number): number {
  if (stepSeconds !== MONTH_STEP_SECONDS) return startMs + index * stepSeconds * 1000;
  const d = new Date(startMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + index, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

/** A regular series: `values[i]` is the value at `startMs + i × stepSeconds`; NaN marks a gap. */
export interface RegularSeries {
  startMs: number;
  stepSeconds: number;
  values: Float64Array;
}

export interface ForecastRequest {
  /** Steps to forecast after the last input step. */
  horizon: number;
  /** Interval levels in percent, e.g. [80, 95]. */
  levels: number[];
  /** Method name; default 'auto' (a combination chosen for accuracy). */
  method?: string;
  /** Seasonal periods in steps; default from the step (hourly: [24, 168]; daily: [7, 365]; weekly: [52]). */
  seasonalPeriods?: number[];
  /**
   * Find steps in the level and model them as steps, not trend (default: for daily and slower
   * series, whose levels move with pools, migrations and prices; hourly usage keeps its spikes).
   */
  detectLevelShifts?: boolean;
  /**
   * Damp a trend found in the history beyond twice the history's length (default true: a month
   * of spend does not show a year's trend).
   */
  boundTrend?: boolean;
  /**
   * Bound the intervals by a Student-t on the backtest's effective number of independent errors
   * (default false: today's Gaussian bound). A short history's backtest windows overlap and its
   * consecutive errors move together, so its error scale rests on a handful of independent
   * observations; capacity's exhaustion dates opt in (bench/capacity.ts).
   */
  effectiveSampleBounds?: boolean;
  /**
   * Correct the forecast by the drift its backtest finds it missing even when that drift is not
   * significant (default false: only a significant drift moves the forecast, so flat series keep
   * theirs). Below the significance gate the estimate is biased towards zero already; leaving it
   * out made growing series reach a threshold too late, and capacity's exhaustion dates opt in
   * (bench/capacity.ts). The intervals keep the uncertainty of a gated drift.
   */
  extrapolateWeakDrift?: boolean;
}

/**
 * The request of a daily series forecast months to years ahead and read as a plan: finance's
 * spend forecast (src/models/capacity/cost-forecast.ts) and the commitment planner's term
 * (src/models/commitments/plan-commitments.ts) both build it here, so they share the engine, its
 * rolling-origin calibration, the day-of-week season and the bounded trend. `trend: 'undamped'`
 * extrapolates a trend over the whole horizon (for comparisons; no caller plans with it).
 */
export function planForecastRequest(horizon: number, levels: number[], options: { method?: string; trend?: 'bounded' | 'undamped' } = {}): ForecastRequest {
  return { horizon, levels, seasonalPeriods: [7], boundTrend: options.trend !== 'undamped', ...(options.method === undefined ? {} : { method: options.method }) };
}

/** A step in the level found in the history: from `atMs` on, the level is `size` higher (lower if negative). */
export interface LevelShift {
  atMs: number;
  /** In the series' unit. */
  size: number;
}

export interface ForecastInterval {
  level: number;
  lower: Float64Array;
  upper: Float64Array;
}

export interface Forecast {
  /** Time of the first forecast step (one step after the last input). */
  startMs: number;
  stepSeconds: number;
  mean: Float64Array;
  intervals: ForecastInterval[];
  /** What produced it, e.g. 'auto(ets,theta,mstl)' or 'seasonal-naive'. */
  method: string;
  /** Steps in the level found in the history and modelled as steps (empty when none or not looked for). */
  levelShifts?: LevelShift[];
}
