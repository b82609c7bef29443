/**
 * Level shifts (a new node pool, a migration, a price change, an RI purchase): a step in the level
 * that a trend model would read as growth — one pool added in the middle of a month of spend
 * doubles the fitted slope. Found on the seasonally adjusted series, then taken out of the history
 * (the part before the step is lifted by its size) so the models see the trend without it; the
 * forecast then continues from the new level.
 *
 * A step at τ (the first step at, or on its way to, the new level: τ may be a partial day) is the
 * difference of the medians of the `w` steps after τ and the `w` steps before it, less the
 * series' median drift over the distance between them. It is kept when both
 * - it exceeds `stepThreshold` robust standard deviations of the one-step changes (a random walk
 *   moves that far between two windows well under 1 % of the time), and
 * - it is abrupt: placed where two flat levels fit the local window best, the change over the
 *   two steps into it carries at least half of it and itself exceeds `abruptThreshold` such
 *   deviations (a trend or a random walk gets there gradually, a new pool in a day; 40 seeded
 *   random walks with drift give no step, test/unit/forecast/low-frequency.test.ts).
 * Up to `maxShifts` steps are found, largest first.
 */
import { decompose } from './decompose.js';
import { median } from '../stats/index.js';

export interface DetectedShift {
  /** Index of the first step at, or on its way to, the new level. */
  index: number;
  /** Share of the step already present at `index` (0..1; below 1 for a partial day). */
  partial: number;
  /** New level minus old level, in the series' unit. */
  size: number;
}

const windowSteps = 7;
const stepThreshold = 6;
const abruptThreshold = 5;
const maxShifts = 3;

function medianOfRange(values: Float64Array, from: number, to: number): number {
  return median(values.subarray(from, to));
}

/** Steps in the level of a gap-free series (see the file comment); none for series shorter than five windows. */
export function detectLevelShifts(values: Float64Array, periods: readonly number[]): DetectedShift[] {
  const n = values.length;
  const w = windowSteps;
  if (n < 5 * w) return [];
  const usable = periods.filter((m) => n >= 2 * m);
  const adjusted = Float64Array.from(usable.length > 0 ? decompose(values, usable).adjusted : values);
  const shifts: DetectedShift[] = [];
  for (let round = 0; round < maxShifts; round++) {
    const diffs = new Float64Array(n - 1);
    for (let t = 1; t < n; t++) diffs[t - 1] = adjusted[t] - adjusted[t - 1];
    const drift = median(diffs);
    const deviations = diffs.map((d) => Math.abs(d - drift));
    const sigma = 1.4826 * median(deviations);
    if (!(sigma > 0)) break;
    let best = -1;
    let bestSize = 0;
    for (let tau = w; tau + 1 + w <= n; tau++) {
      if (shifts.some((s) => Math.abs(s.index - tau) <= w)) continue;
      const after = medianOfRange(adjusted, tau + 1, tau + 1 + w);
      const size = after - medianOfRange(adjusted, tau - w, tau) - drift * (w + 1);
      if (Math.abs(size) > Math.abs(bestSize)) { best = tau; bestSize = size; }
    }
    if (best < 0 || Math.abs(bestSize) < stepThreshold * sigma) break;
    // Medians are robust to a step inside a window, so neighbouring τ tie: the step is placed at
    // the split of the local window that two flat levels fit best.
    const k = locateStep(adjusted, best, w);
    const before = medianOfRange(adjusted, Math.max(0, k - w), k - 1);
    const after = medianOfRange(adjusted, k, Math.min(n, k + w));
    const size = after - before - drift * (w + 1);
    const abrupt = adjusted[k] - adjusted[Math.max(0, k - 2)] - 2 * drift;
    if (Math.sign(abrupt) !== Math.sign(size) || Math.abs(abrupt) < Math.max(0.5 * Math.abs(size), abruptThreshold * sigma)) break;
    // A partial day just before k (a pool that joined at noon) starts the step there.
    const share = (adjusted[k - 1] - before) / (after - before);
    const index = share > 0.25 && share < 1 ? k - 1 : k;
    const partial = index === k ? 1 : share;
    shifts.push({ index, size, partial });
    liftBefore(adjusted, shifts[shifts.length - 1]);
  }
  return shifts.sort((a, b) => a.index - b.index);
}

/** The first index of the new level near `around`: the split of the fixed window [around − w, around + w + 1] into two flat parts with the least absolute deviation. */
function locateStep(values: Float64Array, around: number, w: number): number {
  const n = values.length;
  const from = Math.max(0, around - w);
  const to = Math.min(n, around + w + 2);
  let bestK = around + 1;
  let bestCost = Infinity;
  for (let k = Math.max(from + 2, 2); k <= to - 2; k++) {
    const left = medianOfRange(values, from, k);
    const right = medianOfRange(values, k, to);
    let cost = 0;
    for (let t = from; t < k; t++) cost += Math.abs(values[t] - left);
    for (let t = k; t < to; t++) cost += Math.abs(values[t] - right);
    if (cost < bestCost) { bestCost = cost; bestK = k; }
  }
  return bestK;
}

function liftBefore(values: Float64Array, shift: DetectedShift): void {
  for (let t = 0; t < shift.index && t < values.length; t++) values[t] += shift.size;
  if (shift.index < values.length) values[shift.index] += (1 - shift.partial) * shift.size;
}

/** The history as if every step had always been there: values before a step are lifted by its size (NaN stays NaN). */
export function removeLevelShifts(values: Float64Array, shifts: readonly DetectedShift[]): Float64Array {
  const out = Float64Array.from(values);
  for (const s of shifts) liftBefore(out, s);
  return out;
}
