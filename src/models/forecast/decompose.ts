/**
 * MSTL-style multi-seasonal decomposition: y = adjusted + Σ seasonal_i, one profile per period,
 * estimated in turn (shortest period first) from the series with the other seasonals removed,
 * detrended by a centred moving average of the period's width, then averaged per phase with
 * recent cycles weighted more (so the profile follows slowly changing seasonality, as STL's
 * seasonal smoother does). Two passes refine each profile with the others removed.
 *
 * The profile of period m is indexed by phase `t mod m`, t counted from the series start, so a
 * forecast step t = n + h - 1 reads profile[t mod m].
 */
import { centredMovingAverage, runningMedian } from './series-math.js';

export interface Decomposition {
  periods: readonly number[];
  /** One profile per period (length = period), centred on zero. */
  profiles: Float64Array[];
  /** The series with all seasonal profiles removed (trend + remainder). */
  adjusted: Float64Array;
}

/** Weight of a cycle k cycles before the last, per period length (longer periods have fewer cycles). */
function cycleDecay(period: number): number {
  return period >= 100 ? 0.75 : 0.85;
}

/** Sum of the seasonal profiles at time index t. */
export function seasonalAt(decomposition: Decomposition, t: number): number {
  let s = 0;
  const { periods, profiles } = decomposition;
  for (let i = 0; i < periods.length; i++) s += profiles[i][t % periods[i]];
  return s;
}

/** target[t] −= profile[t mod m], phase by phase without a division per step. */
function subtractProfile(target: Float64Array, profile: Float64Array): void {
  const m = profile.length;
  for (let t = 0, p = 0; t < target.length; t++) {
    target[t] -= profile[p];
    if (++p === m) p = 0;
  }
}

/**
 * `ignore[t] = 1` leaves step t out of the profile averages (gaps and gross outliers while
 * cleaning: their stand-in values would otherwise bend the profile at their phase).
 */
export function decompose(values: Float64Array, periods: readonly number[], passes = 2, ignore?: Uint8Array): Decomposition {
  const n = values.length;
  const profiles = periods.map((m) => new Float64Array(m));
  const work = new Float64Array(n);
  const trend = new Float64Array(n);
  const weightSum = new Float64Array(Math.max(1, ...periods));
  const tailLength = Math.min(n, (Math.max(1, ...periods) >> 1) + 13);
  const deseasonalised = new Float64Array(tailLength);
  const edgeWindow = 13;
  const edgeScratch = new Float64Array(tailLength);
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < periods.length; i++) {
      const m = periods[i];
      const profile = profiles[i];
      work.set(values);
      for (let j = 0; j < periods.length; j++) if (j !== i) subtractProfile(work, profiles[j]);
      centredMovingAverage(work, m, trend);
      if (pass > 0) {
        // The moving average cannot see the last half cycle, and carrying its last value would
        // push a recent level shift into the most recent (most weighted) cycle of the profile.
        // There, with this period's first-pass profile removed, a short running median follows.
        const half = m >> 1;
        const from = Math.max(0, n - half - edgeWindow);
        for (let t = from; t < n; t++) deseasonalised[t - from] = work[t] - profile[t % m];
        const tail = runningMedian(deseasonalised.subarray(0, n - from), edgeWindow, edgeScratch.subarray(0, n - from));
        for (let t = Math.max(from, n - half); t < n; t++) trend[t] = tail[t - from];
      }
      profile.fill(0);
      weightSum.fill(0, 0, m);
      const decay = cycleDecay(m);
      // Walk back from the last step; every completed cycle lowers the weight by `decay`, and
      // cycles weighing under 0.5 % of the last are not worth the time.
      for (let t = n - 1, p = (n - 1) % m, left = m, w = 1; t >= 0 && w > 0.005; t--) {
        if (!ignore || ignore[t] === 0) {
          profile[p] += w * (work[t] - trend[t]);
          weightSum[p] += w;
        }
        p = p === 0 ? m - 1 : p - 1;
        if (--left === 0) {
          left = m;
          w *= decay;
        }
      }
      let mean = 0;
      for (let p = 0; p < m; p++) {
        profile[p] = weightSum[p] > 0 ? profile[p] / weightSum[p] : 0;
        mean += profile[p];
      }
      mean /= m;
      for (let p = 0; p < m; p++) profile[p] -= mean;
    }
  }
  const adjusted = Float64Array.from(values);
  for (const profile of profiles) subtractProfile(adjusted, profile);
  return { periods, profiles, adjusted };
}
