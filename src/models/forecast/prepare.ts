/**
 * Turns a raw regular series (NaN gaps, outliers) into what the methods fit on: gaps filled by
 * linear interpolation, and isolated outliers (Hampel filter on the seasonally adjusted series:
 * more than 5 robust standard deviations from a running median) replaced by that running median
 * plus the seasonal profile. Level shifts survive, because a running median follows a step.
 */
import { MONTH_STEP_SECONDS } from '../../domain/index.js';
import { decompose } from './decompose.js';
import { centredMovingAverage, fillGaps, runningMedian } from './series-math.js';

const secondsPerDay = 86_400;

const secondsPerWeek = 7 * secondsPerDay;

/**
 * Default seasonal periods for a step: hourly → [24, 168], other sub-daily → [day, week], daily →
 * [7, 365] (day of week; the year once two years are there), weekly → [52] (the year: 52.18 weeks,
 * rounded — classical-decompose.ts keeps only recent cycles so the drift does not smear it), none
 * monthly → [12], none otherwise.
 */
export function defaultSeasonalPeriods(stepSeconds: number): number[] {
  if (stepSeconds === secondsPerWeek) return [52];
  if (stepSeconds === MONTH_STEP_SECONDS) return [12];
  if (stepSeconds >= secondsPerDay) return stepSeconds === secondsPerDay ? [7, 365] : [];
  if (secondsPerDay % stepSeconds !== 0) return [];
  const perDay = secondsPerDay / stepSeconds;
  return [perDay, perDay * 7];
}

/** Periods with at least two full cycles of history (MSTL's rule), ascending and distinct. */
export function selectUsablePeriods(length: number, periods: readonly number[]): number[] {
  return [...new Set(periods.filter((m) => Number.isInteger(m) && m >= 2 && length >= 2 * m))].sort((a, b) => a - b);
}

/** Lag-k autocorrelation of a centred series with (population) variance `variance`. */
function autocorrelation(centred: Float64Array, k: number, variance: number): number {
  const n = centred.length;
  let c = 0;
  for (let t = k; t < n; t++) c += centred[t] * centred[t - k];
  return c / n / variance;
}

/** Subtracts from `target` its own per-phase mean at period m (a fixed seasonal profile). */
function removePhaseMeans(target: Float64Array, m: number, sums: Float64Array, counts: Float64Array): void {
  sums.fill(0, 0, m);
  counts.fill(0, 0, m);
  for (let t = 0, p = 0; t < target.length; t++) {
    sums[p] += target[t];
    counts[p]++;
    if (++p === m) p = 0;
  }
  for (let p = 0; p < m; p++) sums[p] = counts[p] > 0 ? sums[p] / counts[p] : 0;
  for (let t = 0, p = 0; t < target.length; t++) {
    target[t] -= sums[p];
    if (++p === m) p = 0;
  }
}

/**
 * Keeps the periods whose seasonality is significant, shortest first: on the series minus its
 * centred moving average of that period (a trend is not a season) and minus the profiles of the
 * shorter periods already kept (a daily cycle is not a weekly one), the autocorrelation at lag m
 * must exceed the 90 % bound 1.645·√((1 + 2·Σ_{k<m} r_k²)/n) — the test R's thetaf applies, with
 * each lag's covariance averaged over its n − k pairs so that long lags on short series are not
 * shrunk towards zero. Spurious profiles (random bursts that a profile would pin to fixed hours)
 * are left out.
 */
export function selectSignificantPeriods(values: Float64Array, periods: readonly number[]): number[] {
  const n = values.length;
  const detrended = new Float64Array(n);
  const longest = Math.max(1, ...periods);
  const sums = new Float64Array(longest);
  const counts = new Float64Array(longest);
  const kept: number[] = [];
  for (const m of periods) {
    centredMovingAverage(values, m, detrended);
    for (let t = 0; t < n; t++) detrended[t] = values[t] - detrended[t];
    for (const shorter of kept) removePhaseMeans(detrended, shorter, sums, counts);
    let mean = 0;
    for (let t = 0; t < n; t++) mean += detrended[t];
    mean /= n;
    let variance = 0;
    for (let t = 0; t < n; t++) {
      detrended[t] -= mean;
      variance += detrended[t] * detrended[t];
    }
    variance /= n;
    if (!(variance > 1e-20 * (1 + mean * mean))) continue;
    // Σ_{k<m} r_k² from every `stride`-th lag (times stride) for long periods: the sum of a
    // smooth autocorrelation function, at a third of the cost for weekly hourly data.
    const stride = Math.max(1, Math.floor(m / 48));
    let sumSquares = 0;
    for (let k = stride; k < m; k += stride) {
      const r = autocorrelation(detrended, k, variance);
      sumSquares += stride * r * r;
    }
    const r = autocorrelation(detrended, m, variance);
    if (r > 1.645 * Math.sqrt((1 + 2 * sumSquares) / n)) kept.push(m);
  }
  return kept;
}

const hampelThreshold = 5;

function runningMedianWindow(periods: readonly number[]): number {
  const window = Math.max(5, Math.min(25, (periods[0] ?? 12) | 1));
  return window % 2 === 1 ? window : window + 1;
}

/**
 * Stage 1 of cleaning, also the input of the seasonality test: only gross outliers — farther from
 * a plain running median than three times the series' 1–99 % range — are replaced (by that
 * median). Regular spikes (a nightly job) stay: they are inside that range and belong to a
 * profile; and nothing seasonal is injected, which would bias the seasonality test.
 */
export function removeGrossOutliers(filled: Float64Array, periods: readonly number[], marks?: Uint8Array): Float64Array {
  const n = filled.length;
  const out = Float64Array.from(filled);
  if (n < 8) return out;
  const rough = runningMedian(filled, runningMedianWindow(periods));
  const sorted = Float64Array.from(filled).sort();
  const grossLimit = 3 * (sorted[Math.floor(0.99 * (n - 1))] - sorted[Math.floor(0.01 * (n - 1))]);
  for (let t = 0; t < n; t++) {
    if (Math.abs(filled[t] - rough[t]) > grossLimit) {
      out[t] = rough[t];
      if (marks) marks[t] = 1;
    }
  }
  return out;
}

/** A series after stage 1: gaps filled, gross outliers replaced, both marked. */
export interface PreparedSeries {
  filled: Float64Array;
  /** `filled` with gross outliers replaced. */
  pre: Float64Array;
  /** 1 where the value is a gap or a gross outlier. */
  marks: Uint8Array;
}

export function prepareSeries(values: Float64Array, periods: readonly number[]): PreparedSeries {
  const filled = fillGaps(values);
  const marks = new Uint8Array(filled.length);
  for (let t = 0; t < filled.length; t++) if (!Number.isFinite(values[t])) marks[t] = 1;
  return { filled, pre: removeGrossOutliers(filled, periods, marks), marks };
}

export function cleanSeries(values: Float64Array, periods: readonly number[], prepared: PreparedSeries = prepareSeries(values, periods)): Float64Array {
  const { filled, pre, marks } = prepared;
  const n = filled.length;
  if (n < 8) return Float64Array.from(filled);
  // Stage 2: the seasonally adjusted series against its running median (Hampel filter). Gaps and
  // gross outliers have stand-in values but are left out of the profile averages.
  const d = decompose(pre, periods, 1, marks);
  const seasonal = new Float64Array(n);
  for (let t = 0; t < n; t++) seasonal[t] = pre[t] - d.adjusted[t];
  const smooth = runningMedian(d.adjusted, runningMedianWindow(periods));
  const out = Float64Array.from(filled);
  const adjustedFilled = new Float64Array(n);
  for (let t = 0; t < n; t++) adjustedFilled[t] = filled[t] - seasonal[t];
  replaceOutliers(adjustedFilled, smooth, out, hampelThreshold, seasonal);
  // Gaps take the robust level plus the seasonal profile: a gap in a daily cycle is better filled
  // by the cycle than by a straight line.
  for (let t = 0; t < n; t++) if (!Number.isFinite(values[t])) out[t] = smooth[t] + seasonal[t];
  return out;
}

/**
 * Where |series − reference| exceeds `threshold` robust standard deviations (1.4826·MAD), and a
 * floor of a tenth of the series' 10–90 % spread (so near-noiseless series keep their wiggles),
 * sets out[t] = reference[t] + add[t].
 */
function replaceOutliers(series: Float64Array, reference: Float64Array, out: Float64Array, threshold: number, add: Float64Array): void {
  const n = series.length;
  const deviations = new Float64Array(n);
  for (let t = 0; t < n; t++) deviations[t] = Math.abs(series[t] - reference[t]);
  const sortedDeviations = Float64Array.from(deviations).sort();
  const mad = sortedDeviations[n >> 1];
  const spread = Float64Array.from(series).sort();
  const floor = 0.1 * (spread[Math.floor(0.9 * (n - 1))] - spread[Math.floor(0.1 * (n - 1))]);
  const limit = Math.max(threshold * 1.4826 * mad, floor);
  for (let t = 0; t < n; t++) if (deviations[t] > limit) out[t] = reference[t] + add[t];
}
