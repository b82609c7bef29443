/**
 * Scoring a method the two ways `headroom backtest` offers:
 * - held-out: forecast from the training series and score against a separate test series
 *   (matched by timestamp), exactly as the forecast-dev README scores the R reference;
 * - rolling origin: cut the series' own history at a few origins a horizon apart, forecast each
 *   cut (intervals calibrated on the cut only) and score against what followed.
 */
import { timeAtStep, type RegularSeries } from '../../domain/index.js';
import { averageScores, computeSeasonalScale, m4SeasonalLag, scoreForecast, type ForecastScore } from './accuracy.js';
import { forecast } from './forecast.js';

export interface HeldOutOptions {
  /** Lag of the MASE/MSIS scale; default M4's for the step (m4SeasonalLag: 24 hourly, 7 daily, 1 weekly, 12 monthly). */
  scalePeriod?: number;
  /** Seasonal periods passed to the forecast (default: from the step). */
  seasonalPeriods?: number[];
  /** Score only forecast steps in [from, to) (0-based; default all), e.g. a horizon's second half. */
  steps?: { from: number; to: number };
}

/** Forecasts `horizon` steps from `train` with `method` and scores them against `test` (points matched by time). */
export function scoreHeldOut(train: RegularSeries, test: RegularSeries, horizon: number, method: string, levels: readonly number[], options: HeldOutOptions = {}): ForecastScore {
  const f = forecast(train, { horizon, levels: [...levels], method, seasonalPeriods: options.seasonalPeriods });
  const actual = new Float64Array(horizon).fill(NaN);
  // By time (calendar months for monthly steps), so a test series with gaps still lines up.
  const stepAt = new Map<number, number>();
  for (let h = 0; h < horizon; h++) stepAt.set(timeAtStep(f.startMs, f.stepSeconds, h), h);
  for (let i = 0; i < test.values.length; i++) {
    const step = stepAt.get(timeAtStep(test.startMs, test.stepSeconds, i));
    if (step !== undefined && (!options.steps || (step >= options.steps.from && step < options.steps.to))) actual[step] = test.values[i];
  }
  return scoreForecast(actual, f.mean, f.intervals, computeSeasonalScale(train.values, options.scalePeriod ?? m4SeasonalLag(train.stepSeconds)));
}

export interface RollingOriginOptions {
  /** Number of origins, each a horizon before the next (default 3). */
  origins?: number;
  /** Shortest history an origin may keep (default 2 × horizon, at least 48 steps). */
  minTrain?: number;
}

/**
 * Rolling-origin score of one series (average over origins), or undefined when the series is too
 * short for even one origin.
 */
export function scoreRollingOrigin(series: RegularSeries, horizon: number, method: string, levels: readonly number[], options: RollingOriginOptions = {}): ForecastScore | undefined {
  const n = series.values.length;
  const minTrain = options.minTrain ?? Math.max(48, 2 * horizon);
  const scores: ForecastScore[] = [];
  for (let k = 0; k < (options.origins ?? 3); k++) {
    const origin = n - horizon * (k + 1);
    if (origin < minTrain) break;
    const train: RegularSeries = { ...series, values: series.values.subarray(0, origin) };
    const test: RegularSeries = { startMs: series.startMs + origin * series.stepSeconds * 1000, stepSeconds: series.stepSeconds, values: series.values.subarray(origin, origin + horizon) };
    scores.push(scoreHeldOut(train, test, horizon, method, levels));
  }
  return scores.length > 0 ? averageScores(scores) : undefined;
}
