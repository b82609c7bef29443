/**
 * The forecast engine as the capacity models see it: the contract of src/domain/forecast.ts,
 * passed in by the caller so the models stay pure and testable with any engine.
 */
import type { Forecast, ForecastRequest, RegularSeries } from '../../domain/forecast.js';
import type { NamedForecast } from '../../domain/capacity.js';

export type Forecaster = (series: RegularSeries, request: ForecastRequest) => Forecast;

export type { NamedForecast } from '../../domain/capacity.js';

/** The interval of `forecast` at `levelPercent`; throws when the engine did not return it (a contract breach). */
export function intervalAt(forecast: Forecast, levelPercent: number): { lower: Float64Array; upper: Float64Array } {
  const found = forecast.intervals.find((i) => Math.abs(i.level - levelPercent) < 1e-9);
  if (!found) throw new Error(`forecast (${forecast.method}) has no ${levelPercent} % interval`);
  return found;
}

/** Names and flattens a forecast with 80 and 95 % intervals, clamping at `floor` (quantities cannot go below 0). */
export function nameForecast(series: string, forecast: Forecast, floor = 0): NamedForecast {
  const clamp = (a: Float64Array): Float64Array => a.map((v) => (v < floor ? floor : v));
  const i80 = intervalAt(forecast, 80);
  const i95 = intervalAt(forecast, 95);
  return {
    series,
    method: forecast.method,
    startMs: forecast.startMs,
    stepSeconds: forecast.stepSeconds,
    mean: clamp(forecast.mean),
    lo80: clamp(i80.lower),
    hi80: clamp(i80.upper),
    lo95: clamp(i95.lower),
    hi95: clamp(i95.upper),
  };
}
