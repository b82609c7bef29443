/**
 * Forecast scores exactly as the forecast-dev README defines them. For one series, with y the
 * held-out values, ŷ the forecast mean and scale = mean |train[t] − train[t−m]| (the in-sample
 * seasonal-naive error with M4's lag m for the step: 24 hourly as the README, 7 daily, 1 weekly,
 * 12 monthly — m4SeasonalLag):
 *   MASE = mean |y − ŷ| / scale;  sMAPE = 200 · mean |y − ŷ| / (|y| + |ŷ|);
 *   coverage = share of y inside [lo, hi];
 *   MSIS = mean[(hi − lo) + (2/a)·(lo − y)·[y<lo] + (2/a)·(y − hi)·[y>hi]] / scale, a = 1 − level;
 *   peak error = |max ŷ − max y| / max y.
 * Held-out points that are gaps (NaN) are skipped; so are gaps in the scale's differences.
 */
export interface ForecastScore {
  mase: number;
  smape: number;
  /** Coverage per level, by level (e.g. { 80: 0.81, 95: 0.94 }). */
  coverage: Record<number, number>;
  /** MSIS per level. */
  msis: Record<number, number>;
  peakError: number;
}

export interface ScoredInterval {
  level: number;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
}

const secondsPerDay = 86_400;

/**
 * M4's seasonal lag of the MASE/MSIS scale for a series' step (M4 Competitor's Guide: m = 24
 * hourly, 7 daily, 1 weekly, 12 monthly, 4 quarterly, 1 yearly). Steps shorter than an hour use
 * a day's steps (the hourly convention: one day back); other steps 1. Steps are matched with a
 * tolerance, so a calendar month (MONTH_STEP_SECONDS) or a quarter of calendar months counts.
 */
export function m4SeasonalLag(stepSeconds: number): number {
  const days = stepSeconds / secondsPerDay;
  const near = (d: number) => Math.abs(days - d) <= 0.1 * d;
  if (stepSeconds < secondsPerDay) return secondsPerDay % stepSeconds === 0 ? secondsPerDay / stepSeconds : 1;
  if (near(1)) return 7;
  if (near(7)) return 1;
  if (near(365.2425 / 12)) return 12;
  if (near(365.2425 / 4)) return 4;
  return 1;
}

/** The README's MASE/MSIS scale: mean absolute seasonal difference (period 24 by default; M4's lag per step: m4SeasonalLag) of the training values. */
export function computeSeasonalScale(train: ArrayLike<number>, period = 24): number {
  let sum = 0;
  let count = 0;
  const lag = train.length > period ? period : 1;
  for (let t = lag; t < train.length; t++) {
    const d = train[t] - train[t - lag];
    if (Number.isFinite(d)) { sum += Math.abs(d); count++; }
  }
  return count > 0 ? sum / count : NaN;
}

export function scoreForecast(actual: ArrayLike<number>, mean: ArrayLike<number>, intervals: readonly ScoredInterval[], scale: number): ForecastScore {
  let absSum = 0;
  let smapeSum = 0;
  let smapeCount = 0;
  let count = 0;
  let maxActual = -Infinity;
  let maxMean = -Infinity;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    if (!Number.isFinite(y)) continue;
    const f = mean[i];
    absSum += Math.abs(y - f);
    const denom = Math.abs(y) + Math.abs(f);
    if (denom > 0) smapeSum += (200 * Math.abs(y - f)) / denom;
    smapeCount++;
    count++;
    if (y > maxActual) maxActual = y;
    if (f > maxMean) maxMean = f;
  }
  const coverage: Record<number, number> = {};
  const msis: Record<number, number> = {};
  for (const { level, lower, upper } of intervals) {
    const a = 1 - level / 100;
    let inside = 0;
    let penalty = 0;
    for (let i = 0; i < actual.length; i++) {
      const y = actual[i];
      if (!Number.isFinite(y)) continue;
      const lo = lower[i];
      const hi = upper[i];
      if (y >= lo && y <= hi) inside++;
      penalty += hi - lo + (y < lo ? (2 / a) * (lo - y) : 0) + (y > hi ? (2 / a) * (y - hi) : 0);
    }
    coverage[level] = count > 0 ? inside / count : NaN;
    msis[level] = count > 0 ? penalty / count / scale : NaN;
  }
  return {
    mase: count > 0 ? absSum / count / scale : NaN,
    smape: smapeCount > 0 ? smapeSum / smapeCount : NaN,
    coverage,
    msis,
    peakError: count > 0 && maxActual !== 0 ? Math.abs(maxMean - maxActual) / Math.abs(maxActual) : NaN,
  };
}

/** Averages scores over series (each series weighs the same, as in the README's table). */
export function averageScores(scores: readonly ForecastScore[]): ForecastScore {
  const avg = (get: (s: ForecastScore) => number): number => {
    const values = scores.map(get).filter((v) => Number.isFinite(v));
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  };
  const levels = [...new Set(scores.flatMap((s) => Object.keys(s.coverage).map(Number)))];
  return {
    mase: avg((s) => s.mase),
    smape: avg((s) => s.smape),
    coverage: Object.fromEntries(levels.map((l) => [l, avg((s) => s.coverage[l])])),
    msis: Object.fromEntries(levels.map((l) => [l, avg((s) => s.msis[l])])),
    peakError: avg((s) => s.peakError),
  };
}

/**
 * M4's overall weighted average: (sMAPE / sMAPE of Naive2 + MASE / MASE of Naive2) / 2, on scores
 * already averaged over the same series (M4 divides the averages, not per series).
 */
export function computeOwa(score: ForecastScore, naive2: ForecastScore): number {
  return (score.smape / naive2.smape + score.mase / naive2.mase) / 2;
}
