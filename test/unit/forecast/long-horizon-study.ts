/**
 * A synthetic study of long-horizon intervals: month-long daily series (weekly season, noise)
 * forecast a year ahead, in four futures — growth continues, growth stops where the history ends,
 * flat, declining continues. Per case, the share of trials whose true (noise-free level plus noise)
 * value at the checked steps lies inside the 80 % interval, the mean ratio of the lower bound
 * at the last step to the level where the history ends, and the mean ratio of the upper bound
 * there to the true (noise-free) level (how far above the truth the interval reaches).
 */
import type { ForecastRequest } from '../../../src/domain/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import { createGaussian, createRandom } from './synthetic.js';

export type FutureCase = 'continues' | 'stops' | 'flat' | 'declining';

export interface CaseResult { coverage80: number; below: number; above: number; p10RatioAtEnd: number; p90OverTruthAtEnd: number; trials: number }

/** `only`: keep the trials it accepts (given the series), e.g. those whose drift the backtest corrects. */
export function studyLongHorizon(request: ForecastRequest, future: FutureCase, options: { trials?: number; historyDays?: number; seed?: number; checkDays?: number[]; only?: (values: Float64Array) => boolean } = {}): CaseResult {
  const trials = options.trials ?? 40;
  const n = options.historyDays ?? 30;
  const checks = options.checkDays ?? [180, 270, 364];
  const random = createRandom(options.seed ?? 4242);
  const gaussian = createGaussian(random);
  let inside = 0, below = 0, above = 0, total = 0, ratio = 0, upperRatio = 0, kept = 0;
  for (let k = 0; k < trials; k++) {
    const base = 100;
    const slope = future === 'flat' ? 0 : future === 'declining' ? -(0.1 + 0.1 * random()) : 0.4 + 1.1 * random();
    const noise = 1 + 3 * random();
    const level = (t: number): number => {
      const trendT = future === 'stops' ? Math.min(t, n - 1) : t;
      return base + slope * trendT + 3 * Math.sin((2 * Math.PI * t) / 7);
    };
    const values = new Float64Array(n);
    for (let t = 0; t < n; t++) values[t] = level(t) + noise * gaussian();
    const futureNoise = checks.map(() => noise * gaussian());
    if (options.only && !options.only(values)) continue;
    kept++;
    const f = forecast({ startMs: Date.UTC(2026, 0, 5), stepSeconds: 86_400, values }, request);
    const band = f.intervals.find((i) => i.level === 80)!;
    for (const [i, d] of checks.entries()) {
      const truth = level(n + d) + futureNoise[i];
      total++;
      if (truth < band.lower[d]) below++;
      else if (truth > band.upper[d]) above++;
      else inside++;
    }
    const last = checks[checks.length - 1];
    ratio += band.lower[last] / (base + slope * (n - 1));
    upperRatio += band.upper[last] / level(n + last);
  }
  return { coverage80: inside / total, below: below / total, above: above / total, p10RatioAtEnd: ratio / kept, p90OverTruthAtEnd: upperRatio / kept, trials: kept };
}
