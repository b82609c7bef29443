/**
 * Time-to-exhaustion: the first day the forecast's upper bound, mean and lower bound reach a
 * threshold. The upper bound gives the earliest (pessimistic) date, the lower bound the latest.
 *
 * A date interval is about the first crossing of a path, not the value on one day: a path that
 * ends below a bound on day t may have been above it before. By the reflection principle,
 * P(crossed by t) ≤ 2·P(above at t), so for an L % date interval the earliest date comes from the
 * upper bound of the (100 − (100 − L)/2) % interval — for 80 %, the 90 % interval's upper bound:
 * 5 % above it on a day → at most 10 % crossed earlier. The latest date needs no correction: not
 * crossed by t implies below at t.
 */
import type { CapacityMetric, CapacityResource, ExhaustionEstimate, ThresholdKind } from '../../domain/capacity.js';
import type { Forecast, ForecastRequest } from '../../domain/forecast.js';
import { DAY_SECONDS } from '../../domain/units.js';
import { formatIsoDate } from './daily-series.js';
import { intervalAt } from './forecaster.js';
import { capacityMessages, describeExhaustionEvent } from './messages.js';

const DAY_MS = DAY_SECONDS * 1000;

export interface ExhaustionQuery {
  /** e.g. "cluster sample" (see describeScope). */
  subject: string;
  metric: CapacityMetric;
  resource: CapacityResource;
  thresholdKind: ThresholdKind;
  threshold: number;
  /** Last observed value; at or over the threshold means exhausted now. */
  currentValue: number;
  nowMs: number;
  levelPercent: number;
  horizonWeeks: number;
  targetUtilization: number;
}

/** Pointwise level for first-passage dates at `levelPercent` (see above); the nearest higher level the forecast has. */
export function firstPassageLevel(levelPercent: number): number {
  return 100 - (100 - levelPercent) / 2;
}

/**
 * The request behind a daily capacity forecast whose dates are read at `levelPercent`: 80 and 95 %
 * for the report, the level and its first-passage level for the dates, the weekly cycle, and
 * `effectiveSampleBounds` (Student-t bounds on the backtest's effective sample, the components
 * beyond the backtest added in quadrature and bounded by the history's span; conformal.ts). With
 * Gaussian bounds on the handful of independent windows in six weeks of daily peaks, 80 % date
 * intervals held the first crossing 0.74 of the time on 400 drifting series (bench/capacity.ts).
 * And `extrapolateWeakDrift`: a growth the backtest sees but cannot call significant still moves
 * the forecast (zeroed, the truth came before the date interval 0.12–0.15 of the time and after it
 * 0.06–0.10, on six seeds of that bench).
 */
export function exhaustionForecastRequest(horizonDays: number, levelPercent: number, method?: string): ForecastRequest {
  const levels = [...new Set([80, 95, levelPercent, firstPassageLevel(levelPercent)])].sort((a, b) => a - b);
  return { horizon: horizonDays, levels, seasonalPeriods: [7], effectiveSampleBounds: true, extrapolateWeakDrift: true, ...(method ? { method } : {}) };
}

function pickEarliestLevel(forecast: Forecast, levelPercent: number): number {
  const wanted = firstPassageLevel(levelPercent);
  const higher = forecast.intervals.map((i) => i.level).filter((l) => l >= wanted - 1e-9).sort((a, b) => a - b);
  return higher[0] ?? Math.max(levelPercent, ...forecast.intervals.map((i) => i.level));
}

/** Index of the first step where `values[i] >= threshold`, or -1. */
export function findFirstCrossing(values: Float64Array, threshold: number): number {
  for (let i = 0; i < values.length; i++) if (values[i] >= threshold) return i;
  return -1;
}

function daysBetween(fromMs: number, toMs: number): number {
  return Math.max(0, (toMs - fromMs) / DAY_MS);
}

/** Estimates when `forecast` reaches the threshold; `forecast` null gives an `unknown` estimate with `reason`. */
export function estimateExhaustion(q: ExhaustionQuery, forecast: Forecast | null, unknownReason = 'no forecast'): ExhaustionEstimate {
  const event = describeExhaustionEvent(q.metric, q.resource, q.thresholdKind, q.targetUtilization);
  const horizonDays = q.horizonWeeks * 7;
  const base = {
    metric: q.metric, resource: q.resource, thresholdKind: q.thresholdKind, threshold: q.threshold,
    levelPercent: q.levelPercent, horizonDays,
    earliestMs: null, earliestDate: null, expectedMs: null, expectedDate: null, latestMs: null, latestDate: null,
    daysUntil: null, daysUntilLower: null, daysUntilUpper: null, reason: null,
  } satisfies Partial<ExhaustionEstimate>;
  if (!(q.threshold > 0)) {
    const reason = 'no allocatable capacity recorded';
    return { ...base, status: 'unknown', sentence: capacityMessages.unknown(q.subject, event, reason), reason };
  }
  if (Number.isFinite(q.currentValue) && q.currentValue >= q.threshold) {
    const date = formatIsoDate(q.nowMs);
    return {
      ...base, status: 'exhausted',
      earliestMs: q.nowMs, earliestDate: date, expectedMs: q.nowMs, expectedDate: date, latestMs: q.nowMs, latestDate: date,
      daysUntil: 0, daysUntilLower: 0, daysUntilUpper: 0,
      sentence: capacityMessages.exhaustedNow(q.subject, event),
    };
  }
  if (!forecast) return { ...base, status: 'unknown', sentence: capacityMessages.unknown(q.subject, event, unknownReason), reason: unknownReason };

  const { lower } = intervalAt(forecast, q.levelPercent);
  const { upper } = intervalAt(forecast, pickEarliestLevel(forecast, q.levelPercent));
  // Only the horizon counts: a longer forecast is cut so dates never come from beyond it.
  const steps = Math.min(forecast.mean.length, Math.round((horizonDays * DAY_SECONDS) / forecast.stepSeconds));
  const stepMs = forecast.stepSeconds * 1000;
  const at = (i: number) => (i < 0 || i >= steps ? null : forecast.startMs + i * stepMs);
  const earliestMs = at(findFirstCrossing(upper.subarray(0, steps), q.threshold));
  const expectedMs = at(findFirstCrossing(forecast.mean.subarray(0, steps), q.threshold));
  const latestMs = at(findFirstCrossing(lower.subarray(0, steps), q.threshold));
  if (earliestMs === null) {
    return { ...base, status: 'not-within-horizon', sentence: capacityMessages.notWithinHorizon(q.subject, event, q.horizonWeeks, q.levelPercent) };
  }
  // The bounds of a sane forecast are ordered; if an engine's are not, keep the dates ordered anyway.
  const expected = expectedMs === null ? null : Math.max(expectedMs, earliestMs);
  const latest = latestMs === null ? null : Math.max(latestMs, expected ?? earliestMs);
  const earliestDate = formatIsoDate(earliestMs);
  const expectedDate = expected === null ? null : formatIsoDate(expected);
  const latestDate = latest === null ? null : formatIsoDate(latest);
  return {
    ...base,
    status: 'within-horizon',
    earliestMs, earliestDate, expectedMs: expected, expectedDate, latestMs: latest, latestDate,
    daysUntil: expected === null ? null : daysBetween(q.nowMs, expected),
    daysUntilLower: daysBetween(q.nowMs, earliestMs),
    daysUntilUpper: latest === null ? null : daysBetween(q.nowMs, latest),
    sentence: latestDate === null
      ? capacityMessages.fromOnwards(q.subject, event, earliestDate, q.levelPercent, expectedDate, q.horizonWeeks)
      : capacityMessages.between(q.subject, event, earliestDate, latestDate, q.levelPercent, expectedDate),
  };
}
