/**
 * The one median of the models. Non-finite values (NaN for a missing sample, ±Infinity) are
 * left out — a gap in a series or a node without a known size says nothing about the middle —
 * and with no finite value at all the median is NaN, which callers test for to fall back.
 */

/** Median of the finite values of `values` (not modified); NaN when there are none. */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).filter((v) => Number.isFinite(v)).sort();
  const n = sorted.length;
  if (n === 0) return NaN;
  const lo = (n - 1) >> 1;
  const hi = n >> 1;
  // Written as interpolation (R type 7 at 0.5), as the forecasts computed it, so their figures stay bit for bit.
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * 0.5;
}
