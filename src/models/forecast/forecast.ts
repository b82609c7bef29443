/**
 * The engine's entry point (the contract in src/domain/forecast.ts):
 *
 *   validate → usable seasonal periods (two full cycles) → fill gaps, drop gross outliers →
 *   keep the significant periods → find level shifts (daily and slower) and lift the history
 *   before each to its new level → clean outliers (Hampel on the adjusted series) → fit the
 *   method once → rolling-origin backtest of the fitted method (sets a combination's weights) →
 *   conformal interval widths → point forecast from the whole history → clamp at zero for
 *   never-negative series → Forecast.
 */
import { InputError, timeAtStep, type Forecast, type ForecastInterval, type ForecastRequest, type RegularSeries } from '../../domain/index.js';
import { calibrateIntervals } from './conformal.js';
import { forecastMethods } from './methods.js';
import { cleanSeries, defaultSeasonalPeriods, prepareSeries, selectSignificantPeriods, selectUsablePeriods } from './prepare.js';
import { countFinite } from './series-math.js';
import { detectLevelShifts, removeLevelShifts } from './level-shift.js';

export const defaultMethod = 'auto';

const dayStepSeconds = 86_400;

/** Steps of a week or longer: 'auto' means the low-frequency combination. */
const lowFrequencyStepSeconds = 7 * 86_400;

/** The method a request runs: 'auto' is the hourly combination, or 'comb' for weekly and slower series. */
export function resolveMethod(stepSeconds: number, method: string = defaultMethod): string {
  return method === 'auto' && stepSeconds >= lowFrequencyStepSeconds ? 'comb' : method;
}

/** Names accepted as `request.method`. */
export function listForecastMethods(): string[] {
  return Object.keys(forecastMethods);
}

function validateRequest(series: RegularSeries, request: ForecastRequest): void {
  if (!Number.isInteger(request.horizon) || request.horizon < 1) throw new InputError(`forecast horizon ${request.horizon}: expected a whole number ≥ 1`, { hint: 'pass --horizon as a positive number of steps' });
  for (const level of request.levels) {
    if (!(level > 0 && level < 100)) throw new InputError(`forecast level ${level}: expected a percentage between 0 and 100`, { hint: 'use levels like 80,95' });
  }
  if (!(series.stepSeconds > 0)) throw new InputError(`series step ${series.stepSeconds}s: expected a positive step`);
  const method = request.method ?? defaultMethod;
  if (!(method in forecastMethods)) throw new InputError(`forecast method "${method}" is unknown`, { hint: `use one of ${listForecastMethods().join(', ')}` });
  if (countFinite(series.values) === 0) throw new InputError('the series has no finite values', { hint: 'give at least one observed value' });
}

export function forecast(series: RegularSeries, request: ForecastRequest): Forecast {
  validateRequest(series, request);
  const { horizon } = request;
  const n = series.values.length;
  const candidatePeriods = selectUsablePeriods(n, request.seasonalPeriods ?? defaultSeasonalPeriods(series.stepSeconds));
  // Gross outliers go before the seasonality test (one spike can hide a daily cycle from it).
  let raw = series.values;
  let prepared = prepareSeries(raw, candidatePeriods);
  const periods = selectSignificantPeriods(prepared.pre, candidatePeriods);
  const method = forecastMethods[resolveMethod(series.stepSeconds, request.method)];
  const shifts = (request.detectLevelShifts ?? series.stepSeconds >= dayStepSeconds) && !method.benchmark ? detectLevelShifts(prepared.pre, periods) : [];
  if (shifts.length > 0) {
    // The models see the history as if the steps had always been there (level-shift.ts).
    raw = removeLevelShifts(raw, shifts);
    prepared = prepareSeries(raw, candidatePeriods);
  }
  const cleaning = method.cleaning ?? 'outliers';
  const clean = cleaning === 'outliers' ? cleanSeries(raw, periods, prepared) : cleaning === 'gross' ? prepared.pre : prepared.filled;
  const fitted = method.fit(clean, periods);
  // Calibration first: for a combination its backtest also sets the members' weights.
  const calibration = calibrateIntervals(raw, clean, fitted, horizon, request.levels, {
    // Enough origins for ~400 pooled errors, between 6 and 16 (each costs one prediction).
    maxOrigins: Math.max(6, Math.min(16, Math.ceil(400 / horizon))),
    minTrain: Math.max(16, Math.min(Math.floor(n / 2), 2 * (periods[0] ?? 12))),
    correctDrift: !method.benchmark,
    boundTrend: request.boundTrend,
    effectiveSampleBounds: request.effectiveSampleBounds,
    extrapolateWeakDrift: request.extrapolateWeakDrift,
    periods,
  });
  const mean = fitted.predict(clean, horizon);
  for (let h = 0; h < horizon; h++) mean[h] += calibration.bias[h];
  let nonNegative = true;
  for (let i = 0; i < n; i++) if (series.values[i] < 0) { nonNegative = false; break; }
  const floor = nonNegative ? 0 : -Infinity;
  for (let h = 0; h < horizon; h++) mean[h] = Math.max(floor, Number.isFinite(mean[h]) ? mean[h] : 0);
  const intervals: ForecastInterval[] = calibration.quantiles.map(({ level, lower: zLo, upper: zHi, extraZ }) => {
    const lower = new Float64Array(horizon);
    const upper = new Float64Array(horizon);
    const extra = calibration.extraSd;
    for (let h = 0; h < horizon; h++) {
      const s = calibration.scale[h];
      // With extraSd (request.effectiveSampleBounds), what the backtest cannot show adds in quadrature.
      const e = extra && extraZ !== undefined ? extraZ * extra[h] : 0;
      lower[h] = Math.max(floor, Math.min(mean[h], mean[h] - Math.hypot(zLo * s, e)));
      upper[h] = Math.max(mean[h], mean[h] + Math.hypot(zHi * s, e));
    }
    return { level, lower, upper };
  });
  const levelShifts = shifts.map((s) => ({ atMs: timeAtStep(series.startMs, series.stepSeconds, s.index), size: s.size }));
  return { startMs: timeAtStep(series.startMs, series.stepSeconds, n), stepSeconds: series.stepSeconds, mean, intervals, method: fitted.name, levelShifts };
}
