/**
 * The forecast engine's contract (src/models/forecast implements it). Capacity, cost and
 * commitment planning all forecast through this one interface.
 */

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
  /** Seasonal periods in steps; default from the step (hourly: [24, 168]; daily: [7]). */
  seasonalPeriods?: number[];
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
}
