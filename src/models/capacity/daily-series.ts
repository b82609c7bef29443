/**
 * Hourly points → one value per UTC day. Capacity is decided by peaks, so usage and requests are
 * summarised by their daily maximum; costs by their daily sum.
 */
import type { RegularSeries } from '../../domain/forecast.js';
import type { SeriesPoint } from '../../domain/usage.js';
import { DAY_SECONDS } from '../../domain/units.js';

const DAY_MS = DAY_SECONDS * 1000;

export function startOfUtcDayMs(timestampMs: number): number {
  return Math.floor(timestampMs / DAY_MS) * DAY_MS;
}

/**
 * Daily maxima of `points` (any step). Days without points are NaN (a gap). A trailing day with
 * less than `minLastDayCoverage` of the expected points is dropped, because the maximum of part
 * of a day understates the day's peak.
 */
export function aggregateDailyMax(points: SeriesPoint[], stepSeconds = 3600, minLastDayCoverage = 0.75): RegularSeries | null {
  const finite = points.filter((p) => Number.isFinite(p.value));
  if (finite.length === 0) return null;
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (const p of finite) {
    const d = startOfUtcDayMs(p.timestampMs);
    if (d < firstDay) firstDay = d;
    if (d > lastDay) lastDay = d;
  }
  const days = Math.round((lastDay - firstDay) / DAY_MS) + 1;
  const values = new Float64Array(days).fill(Number.NaN);
  const counts = new Uint32Array(days);
  for (const p of finite) {
    const i = Math.round((startOfUtcDayMs(p.timestampMs) - firstDay) / DAY_MS);
    counts[i]++;
    if (!(values[i] >= p.value)) values[i] = p.value;
  }
  const expected = DAY_SECONDS / stepSeconds;
  const keep = days > 1 && counts[days - 1] < expected * minLastDayCoverage ? days - 1 : days;
  return { startMs: firstDay, stepSeconds: DAY_SECONDS, values: values.slice(0, keep) };
}

/** Daily sums of dated amounts between `firstDayMs` and `lastDayMs` inclusive; days without entries are 0 (nothing was billed). */
export function aggregateDailySum(entries: { dayStartMs: number; amount: number }[], firstDayMs: number, lastDayMs: number): RegularSeries {
  const days = Math.round((lastDayMs - firstDayMs) / DAY_MS) + 1;
  const values = new Float64Array(Math.max(0, days));
  for (const e of entries) {
    const i = Math.round((startOfUtcDayMs(e.dayStartMs) - firstDayMs) / DAY_MS);
    if (i >= 0 && i < days) values[i] += e.amount;
  }
  return { startMs: firstDayMs, stepSeconds: DAY_SECONDS, values };
}

/** Last finite value of a series, or NaN. */
export function lastFinite(values: Float64Array): number {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i];
  return Number.NaN;
}

/** Number of finite values. */
export function countFinite(values: Float64Array): number {
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) n++;
  return n;
}

/** `YYYY-MM-DD` of a UTC timestamp. */
export function formatIsoDate(timestampMs: number): string {
  return new Date(timestampMs).toISOString().slice(0, 10);
}
