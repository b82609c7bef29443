/**
 * Turns a raw regular series (NaN gaps, outliers) into what the methods fit on: gaps filled by
 * linear interpolation, and isolated outliers (Hampel filter on the seasonally adjusted series:
 * more than 5 robust standard deviations from a running median) replaced by that running median
 * plus the seasonal profile. Level shifts survive, because a running median follows a step.
 */
import { decompose, seasonalAt } from './decompose.js';
import { centredMovingAverage, fillGaps, runningMedian } from './series-math.js';

const secondsPerDay = 86_400;

/** Default seasonal periods for a step: hourly → [24, 168], daily → [7], other sub-daily → [day, week]; none otherwise. */
export function defaultSeasonalPeriods(stepSeconds: number): number[] {
  if (stepSeconds >= secondsPerDay) return stepSeconds === secondsPerDay ? [7] : [];
  if (secondsPerDay % stepSeconds !== 0) return [];
  const perDay = secondsPerDay / stepSeconds;
  return [perDay, perDay * 7];
}

/** Periods with at least two full cycles of history (MSTL's rule), ascending and distinct. */
export function selectUsablePeriods(length: number, periods: readonly number[]): number[] {
  return [...new Set(periods.filter((m) => Number.isInteger(m) && m >= 2 && length >= 2 * m))].sort((a, b) => a - b);
}

/**
 * Keeps the periods whose seasonality is significant: on the series minus its centred moving
 * average of that period (so a trend does not pass for seasonality), the autocorrelation at lag m
 * exceeds the 90 % bound 1.645·√((1 + 2·Σ_{k<m} r_k²)/n) — the test R's thetaf applies.
 * Spurious profiles (random bursts that a profile would pin to fixed hours) are left out.
 */
export function selectSignificantPeriods(values: Float64Array, periods: readonly number[]): number[] {
  const n = values.length;
  const detrended = new Float64Array(n);
  const kept: number[] = [];
  for (const m of periods) {
    centredMovingAverage(values, m, detrended);
    let mean = 0;
    for (let t = 0; t < n; t++) {
      detrended[t] = values[t] - detrended[t];
      mean += detrended[t];
    }
    mean /= n;
    let variance = 0;
    for (let t = 0; t < n; t++) {
      detrended[t] -= mean;
      variance += detrended[t] * detrended[t];
    }
    if (!(variance > 1e-12 * n * (1 + Math.abs(mean)))) continue;
    let sumSquares = 0;
    let r = 0;
    for (let k = 1; k <= m; k++) {
      let c = 0;
      for (let t = k; t < n; t++) c += detrended[t] * detrended[t - k];
      r = c / variance;
      if (k < m) sumSquares += r * r;
    }
    if (r > 1.645 * Math.sqrt((1 + 2 * sumSquares) / n)) kept.push(m);
  }
  return kept;
}

const hampelThreshold = 5;

export function cleanSeries(values: Float64Array, periods: readonly number[]): Float64Array {
  const filled = fillGaps(values);
  const n = filled.length;
  if (n < 8) return filled;
  const d = decompose(filled, periods, 1);
  const window = Math.max(5, Math.min(25, (periods[0] ?? 12) | 1));
  const smooth = runningMedian(d.adjusted, window % 2 === 1 ? window : window + 1);
  const deviations = new Float64Array(n);
  for (let t = 0; t < n; t++) deviations[t] = Math.abs(d.adjusted[t] - smooth[t]);
  const sorted = Float64Array.from(deviations).sort();
  const mad = sorted[n >> 1];
  // A floor relative to the series' spread keeps near-noiseless series (MAD ≈ 0) from having
  // every tiny wiggle "cleaned".
  const spread = Float64Array.from(filled).sort();
  const floor = 0.1 * (spread[Math.floor(0.9 * (n - 1))] - spread[Math.floor(0.1 * (n - 1))]);
  const limit = Math.max(hampelThreshold * 1.4826 * mad, floor);
  const out = Float64Array.from(filled);
  // Outliers and gaps both take the robust level plus the seasonal profile: a gap in a daily
  // cycle is better filled by the cycle than by a straight line.
  for (let t = 0; t < n; t++) if (deviations[t] > limit || !Number.isFinite(values[t])) out[t] = smooth[t] + seasonalAt(d, t);
  return out;
}
