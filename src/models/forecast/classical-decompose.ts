/**
 * Classical decomposition for low-frequency series (weekly, monthly), as the M4 benchmarks
 * seasonally adjust: seasonal indices are the per-phase means of y / (2×m centred moving average),
 * normalised to average 1 (multiplicative), or of y − average when the series is not strictly
 * positive (additive). Only the most recent `recentCycles` whole cycles are used: weekly data has
 * 52.18 weeks a year, so with period 52 the phase of a holiday drifts by a week every five or six
 * years, and old cycles would smear the profile (on forecast-weekly-dev: OWA 0.82 with every
 * cycle, 0.71 with the last three).
 */
import { centredMovingAverage } from './series-math.js';

export interface ClassicalDecomposition {
  period: number;
  multiplicative: boolean;
  /** Index per phase `t mod period` (t counted from the series start): a factor, or an offset. */
  indices: Float64Array;
}

export const recentCycles = 3;

export function decomposeClassical(values: Float64Array, period: number): ClassicalDecomposition {
  const n = values.length;
  let multiplicative = true;
  for (let t = 0; t < n; t++) if (!(values[t] > 0)) { multiplicative = false; break; }
  const keep = Math.min(n - (n % period), recentCycles * period + period); // the moving average loses half a cycle at each end
  const from = n - keep;
  const window = values.subarray(from);
  const trend = centredMovingAverage(window, period);
  const half = Math.floor(period / 2);
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let i = half; i < window.length - half; i++) {
    const phase = (from + i) % period;
    sums[phase] += multiplicative ? window[i] / trend[i] : window[i] - trend[i];
    counts[phase]++;
  }
  const indices = new Float64Array(period);
  let total = 0;
  for (let p = 0; p < period; p++) {
    indices[p] = counts[p] > 0 ? sums[p] / counts[p] : multiplicative ? 1 : 0;
    total += indices[p];
  }
  const centre = total / period;
  for (let p = 0; p < period; p++) indices[p] = multiplicative ? indices[p] / centre : indices[p] - centre;
  return { period, multiplicative, indices };
}

/** The series with the seasonal indices taken out. */
export function adjustClassical(values: Float64Array, d: ClassicalDecomposition): Float64Array {
  const out = new Float64Array(values.length);
  for (let t = 0; t < values.length; t++) {
    const s = d.indices[t % d.period];
    out[t] = d.multiplicative ? values[t] / s : values[t] - s;
  }
  return out;
}

/** Puts the seasonal index of time index t back onto an adjusted value. */
export function reseasonalise(value: number, t: number, d: ClassicalDecomposition): number {
  const s = d.indices[t % d.period];
  return d.multiplicative ? value * s : value + s;
}
