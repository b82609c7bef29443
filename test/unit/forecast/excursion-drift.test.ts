/**
 * A drop near the end of a history that as a whole shows no trend is an excursion, not a trend
 * (forecast.ts boundTrendByHistory). Shaped like the sample's m5.xlarge CPU usage, whose 13-week
 * forecast fell to zero within a month: 30 daily peaks rising from 3 to about 5.5 cores over the
 * first two weeks, back to about 3.7 in the last ten days, with a weekly cycle and noise.
 */
import { describe, expect, it } from 'vitest';
import { planForecastRequest } from '../../../src/domain/index.js';
import { exhaustionForecastRequest } from '../../../src/models/capacity/index.js';
import { estimateHistoryTrend, trendAllowedByHistory } from '../../../src/models/forecast/conformal.js';
import { forecast } from '../../../src/models/forecast/index.js';
import { createGaussian, createRandom } from './synthetic.js';

const day = 86_400;
const startMs = Date.UTC(2026, 9, 17);

/** Up over days 0–12, about 5.5 for a week, down to about 3.7 over days 19–24, then flat. */
function surgeAndDrop(seed: number): Float64Array {
  const gaussian = createGaussian(createRandom(seed));
  const level = (t: number): number => (t < 12 ? 3 + (2.5 * t) / 12 : t < 19 ? 5.5 : t < 24 ? 5.5 - (1.8 * (t - 19)) / 5 : 3.7);
  return Float64Array.from({ length: 30 }, (_, t) => level(t) + 0.4 * Math.sin((2 * Math.PI * t) / 7) + 0.5 * gaussian());
}

const lastWeekMean = (values: Float64Array): number => values.subarray(values.length - 7).reduce((a, b) => a + b, 0) / 7;

describe('a drop at the end of a history without a trend', () => {
  it('is not extrapolated to zero by capacity forecasts (20 seeds; all reached 0 by day 31 before)', () => {
    const ratios: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const values = surgeAndDrop(seed);
      const f = forecast({ startMs, stepSeconds: day, values }, exhaustionForecastRequest(91, 80));
      const last = lastWeekMean(values);
      // Never faster than the history's own slope (a few seeds' 30 days slope down by chance).
      const history = estimateHistoryTrend(values, [7]);
      for (const h of [30, 60, 90]) expect(f.mean[h], `seed ${seed}, day ${h + 1}`).toBeGreaterThan(f.mean[0] + Math.min(0, history.slope) * h - 0.2);
      ratios.push(f.mean[90] / last);
      // The interval still reaches far below: a drop that does go on is not ruled out.
      expect(f.intervals.find((i) => i.level === 80)!.lower[90], `seed ${seed}`).toBeLessThan(0.5 * f.mean[90]);
    }
    ratios.sort((a, b) => a - b);
    expect(ratios[0]).toBeGreaterThan(0.25);
    expect(ratios[10]).toBeGreaterThan(0.9);
  });

  it('is not extrapolated to zero by spend and commitment forecasts either', () => {
    const ratios: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const values = surgeAndDrop(seed);
      ratios.push(forecast({ startMs, stepSeconds: day, values }, planForecastRequest(91, [80])).mean[90] / lastWeekMean(values));
    }
    ratios.sort((a, b) => a - b);
    expect(ratios[0]).toBeGreaterThan(0.25);
    expect(ratios[10]).toBeGreaterThan(0.9);
  });

  it('leaves a decline the whole history shows as it was: the forecast keeps going down', () => {
    const gaussian = createGaussian(createRandom(3));
    const values = Float64Array.from({ length: 30 }, (_, t) => 10 - 0.1 * t + 0.4 * Math.sin((2 * Math.PI * t) / 7) + 0.3 * gaussian());
    const f = forecast({ startMs, stepSeconds: day, values }, exhaustionForecastRequest(91, 80));
    const history = estimateHistoryTrend(values, [7]);
    expect(history.slope / history.slopeSe).toBeLessThan(-2);
    // As before the bound (7.17 → 4.22 at day 61: the method's diluted slope, 0.05 a day).
    expect(f.mean[0] - f.mean[60]).toBeGreaterThan(2.5);
  });
});

describe('trendAllowedByHistory', () => {
  const flat = { slope: 0.01, slopeSe: 0.02 };
  it('keeps a trend whose direction the history shows at |t| ≥ 2, up to twice the history\'s slope', () => {
    expect(trendAllowedByHistory(-0.09, { slope: -0.05, slopeSe: 0.02 })).toBe(-0.09);
    // Steeper than twice the history's: bounded by its upper confidence bound (issue 17 item 3; steeper-recent-trend.test.ts).
    expect(trendAllowedByHistory(-0.2, { slope: -0.05, slopeSe: 0.02 })).toBeCloseTo(-0.09, 12);
    expect(trendAllowedByHistory(0.9, { slope: 0.5, slopeSe: 0.1 })).toBe(0.9);
  });
  it('allows a trend the history does not show no further than the history slopes that way, or flat', () => {
    expect(trendAllowedByHistory(0.2, flat)).toBe(0.01);
    expect(trendAllowedByHistory(0.005, flat)).toBe(0.005);
    expect(trendAllowedByHistory(-0.2, flat)).toBe(-0);
    expect(trendAllowedByHistory(-0.2, { slope: -0.03, slopeSe: 0.02 })).toBeCloseTo(-0.03, 12);
  });
});
