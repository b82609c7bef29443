/**
 * Small numeric helpers on typed arrays shared by the forecast methods. They allocate only where
 * they return a new array; callers in hot paths pass scratch buffers.
 */

/** Fills NaN gaps by linear interpolation (constant extension at the ends). All-NaN gives zeros. */
export function fillGaps(values: Float64Array): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (prev < 0) {
      for (let j = 0; j < i; j++) out[j] = v;
    } else {
      const a = values[prev];
      const span = i - prev;
      for (let j = prev + 1; j < i; j++) out[j] = a + ((v - a) * (j - prev)) / span;
    }
    out[i] = v;
    prev = i;
  }
  if (prev >= 0) for (let j = prev + 1; j < n; j++) out[j] = values[prev];
  return out;
}

/** Number of finite values. */
export function countFinite(values: Float64Array): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) c++;
  return c;
}

/** The q-quantile (0..1, linear interpolation, R type 7) of the first `n` values of `sorted`, which must be sorted. */
export function quantileSorted(sorted: Float64Array, q: number, n = sorted.length): number {
  if (n === 0) return NaN;
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median of a copy of `values` (NaN ignored). */
export function median(values: ArrayLike<number>): number {
  const tmp = Float64Array.from(values).filter((v) => Number.isFinite(v)).sort();
  return quantileSorted(tmp, 0.5);
}

/** Least-squares slope of `values` against their index. */
export function linearSlope(values: Float64Array, from = 0, to = values.length): number {
  const n = to - from;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  let meanY = 0;
  for (let i = from; i < to; i++) meanY += values[i];
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - meanX;
    sxy += dx * (values[from + i] - meanY);
    sxx += dx * dx;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

/** Mean of values[from..to). */
export function meanOf(values: Float64Array, from = 0, to = values.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i];
  return to > from ? s / (to - from) : 0;
}

/**
 * Centred moving average of width `window` (a 2×window average when even, as in classical
 * decomposition), shrinking the window at the edges so every point gets a value.
 */
export function centredMovingAverage(values: Float64Array, window: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + values[i];
  const half = Math.floor(window / 2);
  const even = window % 2 === 0;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(n - 1, i + half);
    if (even && i - half >= 0 && i + half <= n - 1) {
      // 2×m MA: the two end points get half weight.
      const inner = prefix[hi] - prefix[lo + 1];
      out[i] = (inner + 0.5 * (values[lo] + values[hi])) / window;
    } else {
      out[i] = (prefix[hi + 1] - prefix[lo]) / (hi - lo + 1);
    }
  }
  return out;
}

/** Running median of odd width `window` (shrinking at the edges). O(n·w) with a small sorted window. */
export function runningMedian(values: Float64Array, window: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const half = Math.floor(window / 2);
  const buf = new Float64Array(window + 1);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(n - 1, i + half);
    let m = 0;
    for (let j = lo; j <= hi; j++) {
      // insertion into the sorted buffer
      const v = values[j];
      let k = m++;
      while (k > 0 && buf[k - 1] > v) {
        buf[k] = buf[k - 1];
        k--;
      }
      buf[k] = v;
    }
    out[i] = m % 2 === 1 ? buf[(m - 1) >> 1] : 0.5 * (buf[m / 2 - 1] + buf[m / 2]);
  }
  return out;
}
