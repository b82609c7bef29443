/**
 * The engine's entry point (the contract in src/domain/forecast.ts):
 *
 *   validate → usable seasonal periods (two full cycles) → fill gaps, drop gross outliers →
 *   keep the significant periods → find level shifts (daily and slower; a step series' steps at
 *   any frequency, step-series.ts) and lift the history before each to its new level → clean outliers (Hampel on the adjusted series) → fit the
 *   method once → rolling-origin backtest of the fitted method (sets a combination's weights) →
 *   conformal interval widths → point forecast from the whole history (its trend bounded by the
 *   history's when the horizon is longer than the history) → clamp at zero for never-negative
 *   series → intervals (beyond twice the history: holding a trend that stops and one that goes
 *   on; a step series': the steps that may come, step-series.ts) → Forecast.
 */
import { InputError, timeAtStep, type Forecast, type ForecastInterval, type ForecastRequest, type RegularSeries } from '../../domain/index.js';
import { calibrateIntervals, historyShowsTrend, trendAllowedByHistory, type HistoryTrend, type IntervalCalibration } from './conformal.js';
import { forecastMethods } from './methods.js';
import { cleanSeries, defaultSeasonalPeriods, prepareSeries, selectSignificantPeriods, selectUsablePeriods } from './prepare.js';
import { countFinite } from './series-math.js';
import { detectLevelShifts, removeLevelShifts } from './level-shift.js';
import { detectSteps, stepIntervals } from './step-series.js';

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

/**
 * Where a stopped trend stays: the forecast's first season taken back to the history's last step
 * (by the trend per step where the forecast starts, same phase a season apart) and held.
 */
function heldLevel(mean: Float64Array, period: number): Float64Array {
  const p = Math.max(1, Math.min(period, mean.length - 1));
  const perStep = (mean[p] - mean[0]) / p;
  return mean.map((_, h) => mean[h % p] - perStep * ((h % p) + 1));
}

/**
 * The side of a bounded trend's interval away from its drift. The mean follows the bounded trend;
 * the slope's uncertainty, extrapolated undamped, keeps the side towards the drift wide enough for
 * a trend that persists. Taken undamped on the other side too, it pulled the 80 % lower bound of a
 * month of growing spend to zero within half a year (the commitment planner's P10 on the sample's
 * m5 fleet). That side instead spans the two futures a bounded trend stands between: the bounded
 * mean with the slope's uncertainty at the bounded step, and the trend stopping where the history
 * ends (`held`, with the level's own uncertainty), whichever is further out. Never narrower than
 * the undamped bound's side where that is further out.
 */
function boundTrendSide(bt: NonNullable<IntervalCalibration['boundedTrend']>, mean: Float64Array, held: Float64Array, lower: Float64Array, upper: Float64Array, zLo: number, zHi: number, floor: number): void {
  for (let h = 0; h < mean.length; h++) {
    if (bt.direction > 0) {
      const anchored = Math.min(mean[h] + zLo * bt.dampedScale[h], held[h] + zLo * bt.levelScale[h]);
      lower[h] = Math.max(floor, Math.min(mean[h], anchored));
    } else {
      const anchored = Math.max(mean[h] + zHi * bt.dampedScale[h], held[h] + zHi * bt.levelScale[h]);
      upper[h] = Math.max(mean[h], anchored);
    }
  }
}

/**
 * Far beyond the history a trend seen in it may stop where it ends or go on at its own slope, and
 * the history cannot tell which. The point forecast stands somewhere between (a method's own trend
 * diluted by a member without one, Theta's half slope, a bounded correction), so its interval,
 * about as wide as the backtest's, held neither future: on month-long daily series a year ahead
 * (test/unit/forecast/long-horizon-study.ts) the 80 % interval of growing series whose trend the
 * method carries held 0.04 of a trend that went on and 0.24 of one that stopped, and of declining
 * ones 0.46. The interval is widened to hold both futures: the stopped trend (`held`) with the
 * level's uncertainty, and, where the history's slope is significant, that slope continued from
 * there with its standard error growing with the step. Like boundedTrendSteps, a trend is taken
 * as it is for twice the history; the two futures come in over the next history's length (their
 * distance from the mean scaled by `weight`), so the band has no step where they start.
 */
function spanTrendFutures(far: NonNullable<IntervalCalibration['farHorizon']>, mean: Float64Array, held: Float64Array, lower: Float64Array, upper: Float64Array, zLo: number, zHi: number, floor: number): void {
  for (let h = 0; h < mean.length; h++) {
    const weight = Math.min(1, Math.max(0, (h + 1 - 2 * far.historySteps) / far.historySteps));
    if (weight === 0) continue;
    const stopped = mean[h] + weight * (held[h] - mean[h]);
    let lo = stopped + zLo * far.levelScale[h];
    let hi = stopped + zHi * far.levelScale[h];
    if (far.historySlope !== 0) {
      const continued = mean[h] + weight * (held[h] + far.historySlope * (h + 1) - mean[h]);
      const scale = Math.hypot(far.levelScale[h], weight * far.slopeScale[h]);
      lo = Math.min(lo, continued + zLo * scale);
      hi = Math.max(hi, continued + zHi * scale);
    }
    lower[h] = Math.max(floor, Math.min(lower[h], lo));
    upper[h] = Math.max(upper[h], hi);
  }
}

/**
 * The point forecast's trend, bounded by the whole history's where the forecast reaches beyond
 * the history's length. A method's trend (ets with a trend, Theta's half slope) and the drift its
 * backtest corrects both lean on the last weeks; a drop or a surge there that the history as a
 * whole does not show (its slope under historyTrendGate standard errors that way) is an
 * excursion, not a trend. Extrapolated as one over 13 weeks of 30 days, the sample's m5.xlarge
 * CPU usage (up from 3 to 5.5 cores and back to 3.7 in the last ten days; history slope
 * −0.003 ± 0.016 a day) reached zero within a month. The forecast's departure from where its
 * trend stops (`held`) is scaled down so that its trend goes no further that way than the
 * history's slope, or stays flat where that slope points the other way (trendAllowedByHistory);
 * the intervals are then taken around it as around any mean. Where the history does show the
 * trend but the forecast's is more than twice as steep (the sample's m5.2xlarge CPU requests:
 * 0.30 a day after a month at 0.10), the mean goes no steeper than the history's upper
 * confidence bound, and `shown` asks forecast() to keep the unbounded forecast's band on the
 * trend's side, so the recent slope going on stays inside. Null where the trend is left as it
 * is. (Keeping the unbounded forecast's band as well raised bench/capacity.ts's false alarms on
 * flat series from 0.25 to 0.27: a spurious decline's band is what a flat forecast's would be.)
 */
function boundTrendByHistory(mean: Float64Array, period: number, history: HistoryTrend): { mean: Float64Array; shown: boolean } | null {
  const held = heldLevel(mean, period);
  // held[0] is the first step taken back by the trend per step where the forecast starts.
  const perStep = mean[0] - held[0];
  const allowed = trendAllowedByHistory(perStep, history);
  if (allowed === perStep) return null;
  const ratio = allowed / perStep;
  return { mean: mean.map((m, h) => held[h] + ratio * (m - held[h])), shown: historyShowsTrend(perStep, history) };
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
  // A series constant but for a few steps (allocatable after a scale-up) is held at its latest
  // level at any frequency; other series look for steps where their levels move with pools and prices.
  const steps = request.detectLevelShifts !== false && !method.benchmark ? detectSteps(prepared.filled) : null;
  const shifts = steps ?? ((request.detectLevelShifts ?? series.stepSeconds >= dayStepSeconds) && !method.benchmark ? detectLevelShifts(prepared.pre, periods) : []);
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
  for (let h = 0; h < horizon; h++) if (!Number.isFinite(mean[h])) mean[h] = 0;
  // Before the floor, so that the trend is read from the forecast as the method made it.
  const bounded = calibration.history ? boundTrendByHistory(mean, periods[0] ?? 1, calibration.history) : null;
  // A trend the history shows but steeper lately: the mean follows the history's, the interval
  // still holds the recent slope going on (the unbounded forecast's band on the trend's side).
  const steeper = bounded?.shown ? mean.slice() : null;
  if (bounded) mean.set(bounded.mean);
  for (let h = 0; h < horizon; h++) mean[h] = Math.max(floor, mean[h]);
  if (steeper) for (let h = 0; h < horizon; h++) steeper[h] = Math.max(floor, steeper[h]);
  const held = calibration.boundedTrend || calibration.farHorizon ? heldLevel(mean, periods[0] ?? 1) : null;
  // The backtest of a step series without its steps has no error: more steps like them can come
  // (each interval's two tails, read from one distribution of the future steps).
  const tails = calibration.quantiles.flatMap(({ level }) => [(1 - level / 100) / 2, 1 - (1 - level / 100) / 2]);
  const futureSteps = steps ? stepIntervals(steps, n, horizon, tails) : null;
  const intervals: ForecastInterval[] = calibration.quantiles.map(({ level, lower: zLo, upper: zHi, extraZ }, li) => {
    const lower = new Float64Array(horizon);
    const upper = new Float64Array(horizon);
    const extra = calibration.extraSd;
    for (let h = 0; h < horizon; h++) {
      const s = calibration.scale[h];
      // With extraSd (request.effectiveSampleBounds), what the backtest cannot show adds in quadrature.
      const e = extra && extraZ !== undefined ? extraZ * extra[h] : 0;
      // With `steeper`, the union of the bands about both means: the side away from the trend is the bounded mean's.
      const other = steeper ? steeper[h] : mean[h];
      lower[h] = Math.max(floor, Math.min(mean[h], Math.min(mean[h], other) - Math.hypot(zLo * s, e)));
      upper[h] = Math.max(mean[h], Math.max(mean[h], other) + Math.hypot(zHi * s, e));
    }
    if (held && calibration.boundedTrend) boundTrendSide(calibration.boundedTrend, mean, held, lower, upper, zLo, zHi, floor);
    if (held && calibration.farHorizon) spanTrendFutures(calibration.farHorizon, mean, held, lower, upper, zLo, zHi, floor);
    if (futureSteps) {
      const futureLower = futureSteps[2 * li]!;
      const futureUpper = futureSteps[2 * li + 1]!;
      for (let h = 0; h < horizon; h++) {
        lower[h] = Math.max(floor, Math.min(lower[h], mean[h] + futureLower[h]));
        upper[h] = Math.max(upper[h], mean[h] + futureUpper[h]);
      }
    }
    return { level, lower, upper };
  });
  const levelShifts = shifts.map((s) => ({ atMs: timeAtStep(series.startMs, series.stepSeconds, s.index), size: s.size }));
  return { startMs: timeAtStep(series.startMs, series.stepSeconds, n), stepSeconds: series.stepSeconds, mean, intervals, method: fitted.name, levelShifts };
}
