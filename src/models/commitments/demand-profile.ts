/**
 * The shape of hourly demand, separated from its level: hourly values divided by their mean,
 * sorted, with prefix sums. A forecast moves the level day by day; the profile says how the
 * hours of a day spread around it. E[min(level × v, k)] is then one binary search.
 */
export interface DemandProfile {
  /** Hourly demand / mean demand, ascending. */
  ratios: Float64Array;
  /** prefix[i] = sum of the i smallest ratios. */
  prefix: Float64Array;
  meanUnits: number;
}

export function buildDemandProfile(hourlyUnits: ArrayLike<number>): DemandProfile {
  const n = hourlyUnits.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += hourlyUnits[i]!;
  const meanUnits = n ? sum / n : 0;
  const ratios = new Float64Array(n);
  for (let i = 0; i < n; i++) ratios[i] = meanUnits > 0 ? hourlyUnits[i]! / meanUnits : 0;
  ratios.sort();
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + ratios[i]!;
  return { ratios, prefix, meanUnits };
}

/** Expected min(level × v, cap) over the profile's hours: the covered part of a cap of `cap` units. */
export function expectedCoveredUnits(profile: DemandProfile, levelUnits: number, capUnits: number): number {
  const n = profile.ratios.length;
  if (n === 0 || levelUnits <= 0 || capUnits <= 0) return 0;
  const threshold = capUnits / levelUnits;
  // idx = number of ratios ≤ threshold (upper bound).
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (profile.ratios[mid]! <= threshold) lo = mid + 1;
    else hi = mid;
  }
  return (levelUnits * profile.prefix[lo]! + capUnits * (n - lo)) / n;
}

/** The q-quantile (0..1) of the profile's hourly demand at a level, linear interpolation. */
export function profileQuantileUnits(profile: DemandProfile, levelUnits: number, q: number): number {
  const n = profile.ratios.length;
  if (n === 0) return 0;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return levelUnits * (profile.ratios[lo]! + (pos - lo) * (profile.ratios[hi]! - profile.ratios[lo]!));
}

/**
 * The within-day profile: each hour divided by its own day's mean, over the whole days that
 * start at `firstHour`. Daily levels (and so weekly cycles and trends) come from the forecast;
 * the profile adds only how hours spread within a day, so weekly swings are not counted twice.
 */
export function buildWithinDayProfile(hourlyUnits: ArrayLike<number>, firstHour: number): DemandProfile {
  const ratios: number[] = [];
  let sum = 0;
  let n = 0;
  for (let start = firstHour; start + 24 <= hourlyUnits.length; start += 24) {
    let daySum = 0;
    for (let h = 0; h < 24; h++) daySum += hourlyUnits[start + h]!;
    sum += daySum;
    n += 24;
    if (daySum <= 0) continue;
    const dayMean = daySum / 24;
    for (let h = 0; h < 24; h++) ratios.push(hourlyUnits[start + h]! / dayMean);
  }
  const sorted = Float64Array.from(ratios).sort();
  const prefix = new Float64Array(sorted.length + 1);
  for (let i = 0; i < sorted.length; i++) prefix[i + 1] = prefix[i]! + sorted[i]!;
  return { ratios: sorted, prefix, meanUnits: n ? sum / n : 0 };
}

/** The q-quantile (0..1) of hourly values, linear interpolation. */
export function quantileOf(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const pos = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}
