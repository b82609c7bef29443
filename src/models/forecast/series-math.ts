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
 * decomposition). Where the full window does not fit (the first and last half window) the nearest
 * full-window value is carried out: a shrunken window would let the seasonal cycle leak into the trend.
 */
export function centredMovingAverage(values: Float64Array, window: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  const half = Math.floor(window / 2);
  const even = window % 2 === 0;
  const first = half;
  const last = n - 1 - half;
  if (last < first) {
    out.fill(meanOf(values), 0, n);
    return out;
  }
  let sum = 0;
  for (let j = first - half; j <= first + half; j++) sum += values[j];
  for (let i = first; i <= last; i++) {
    if (i > first) sum += values[i + half] - values[i - half - 1];
    out[i] = even ? (sum - 0.5 * (values[i - half] + values[i + half])) / window : sum / window;
  }
  for (let i = 0; i < first; i++) out[i] = out[first];
  for (let i = last + 1; i < n; i++) out[i] = out[last];
  return out;
}

/**
 * Running median of odd width `window`, shrinking at the edges (so the ends follow a level shift
 * instead of carrying the pre-shift level). A sorted sliding window: O(n·w) moves, no allocation
 * per step.
 */
export function runningMedian(values: Float64Array, window: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  const half = Math.floor(window / 2);
  const buf = new Float64Array(2 * half + 1);
  let m = 0;
  const insert = (v: number): void => {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (buf[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    buf.copyWithin(lo + 1, lo, m);
    buf[lo] = v;
    m++;
  };
  const remove = (v: number): void => {
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (buf[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    buf.copyWithin(lo, lo + 1, m);
    m--;
  };
  let left = 0; // window is [left, right)
  let right = 0;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(n, i + half + 1);
    while (left < lo) remove(values[left++]);
    while (right < hi) insert(values[right++]);
    out[i] = m % 2 === 1 ? buf[(m - 1) >> 1] : 0.5 * (buf[m / 2 - 1] + buf[m / 2]);
  }
  return out;
}
