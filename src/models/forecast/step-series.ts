/**
 * Step series: a history that is constant but for one or a few steps — the allocatable CPU of a
 * node pool that gained a node, requests that a deploy raised. Its level moves only when someone
 * adds or removes capacity, so the forecast holds its latest level; read as trend, the sample's
 * m5.2xlarge allocatable CPU (23.7 cores for 21 days, then 31.6 after a fourth node) was forecast
 * at 110 cores 13 weeks out.
 *
 * Such a series is too short or too clean for detectLevelShifts (level-shift.ts: five windows of
 * history, and a noise scale its one-step changes do not have when all but the steps are zero),
 * so it is recognised here by its one-step changes: all zero (to rounding) but at most `maxSteps`
 * runs of one or two changes of the same sign (two: a node joined mid-day, or a gap filled across
 * the step), with at least twice as many zero changes as nonzero ones.
 *
 * Its backtest, once the steps are taken out, shows no error at all, so the intervals come from
 * the steps themselves: more steps like the history's can come. Each future step (at most one a
 * step of the series) comes with the history's rate of steps, is up or down with equal chance (a
 * pool grown once can be scaled back) and is as large as one of the history's steps, drawn with
 * equal chance. stepIntervals gives that sum's quantiles exactly (on a fine grid of its sizes).
 */
import type { DetectedShift } from './level-shift.js';

const maxSteps = 3;
/** One-step changes below this share of the series' largest magnitude count as none (float rounding of sums). */
const relativeTolerance = 1e-9;

/** The steps of a piecewise-constant series (see the file comment), or null when it is not one or has no step. */
export function detectSteps(values: Float64Array): DetectedShift[] | null {
  const n = values.length;
  if (n < 3) return null;
  let scale = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) return null;
    scale = Math.max(scale, Math.abs(v));
  }
  const tolerance = relativeTolerance * scale;
  const shifts: DetectedShift[] = [];
  let nonzero = 0;
  for (let t = 1; t < n; t++) {
    const d = values[t] - values[t - 1];
    if (Math.abs(d) <= tolerance) continue;
    nonzero++;
    const next = t + 1 < n ? values[t + 1] - values[t] : 0;
    if (Math.abs(next) > tolerance && Math.sign(next) === Math.sign(d)) {
      // Two changes the same way: the first is a partial step on its way to the new level.
      const after = t + 2 < n ? values[t + 2] - values[t + 1] : 0;
      if (Math.abs(after) > tolerance && Math.sign(after) === Math.sign(d)) return null; // a ramp, not a step
      shifts.push({ index: t, size: d + next, partial: d / (d + next) });
      nonzero++;
      t++;
    } else {
      shifts.push({ index: t, size: d, partial: 1 });
    }
    if (shifts.length > maxSteps) return null;
  }
  if (shifts.length === 0 || n - 1 - nonzero < 2 * nonzero) return null;
  return shifts;
}

/** Grid points per largest step: sizes are rounded to a grid this fine (finer for short horizons). */
function gridPerStep(horizon: number): number {
  return Math.max(8, Math.floor(4000 / horizon));
}

/**
 * Quantiles of the sum of future steps after h + 1 steps, for h below `horizon`, from the steps
 * of a history of `historySteps` steps (see the file comment): one array per probability of
 * `probabilities` (e.g. every interval's lower and upper tail, 0.1, 0.9, 0.025, 0.975), all read
 * from one pass over the distribution.
 */
export function stepIntervals(shifts: readonly DetectedShift[], historySteps: number, horizon: number, probabilities: readonly number[]): Float64Array[] {
  const quantiles = probabilities.map(() => new Float64Array(horizon));
  const sizes = shifts.map((s) => Math.abs(s.size)).filter((s) => s > 0);
  if (sizes.length === 0 || historySteps < 2) return quantiles;
  const rate = Math.min(1, shifts.length / (historySteps - 1));
  const largest = Math.max(...sizes);
  const perStep = gridPerStep(horizon);
  const unit = largest / perStep;
  const offsets = sizes.map((s) => Math.max(1, Math.round(s / unit)));
  const span = horizon * perStep;
  // p[span + k]: probability that the steps so far sum to k grid units.
  let p = new Float64Array(2 * span + 1);
  let next = new Float64Array(2 * span + 1);
  p[span] = 1;
  const each = rate / (2 * offsets.length);
  for (let h = 0; h < horizon; h++) {
    const reach = h * perStep;
    next.fill(0, span - reach - perStep, span + reach + perStep + 1);
    for (let k = -reach; k <= reach; k++) {
      const q = p[span + k];
      if (q === 0) continue;
      next[span + k] += (1 - rate) * q;
      for (const o of offsets) {
        next[span + k + o] += each * q;
        next[span + k - o] += each * q;
      }
    }
    [p, next] = [next, p];
    probabilities.forEach((probability, i) => {
      quantiles[i]![h] = unit * quantileOfGrid(p, span, h + 1, perStep, probability);
    });
  }
  return quantiles;
}

/** The smallest k (grid units) whose cumulative probability reaches `probability`. */
function quantileOfGrid(p: Float64Array, span: number, steps: number, perStep: number, probability: number): number {
  const reach = steps * perStep;
  let cumulative = 0;
  // A hair below the probability so that a tail exactly at it (no step: 1 − rate) takes the level.
  const target = probability - 1e-12;
  for (let k = -reach; k <= reach; k++) {
    cumulative += p[span + k];
    if (cumulative >= target) return k;
  }
  return reach;
}
