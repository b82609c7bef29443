import { describe, expect, it } from 'vitest';
import { forecast } from '../../../src/models/forecast/index.js';
import { createGaussian, createRandom } from './synthetic.js';

const dayMs = 86_400_000;

/**
 * A persistent linear trend (0.5 a day) with a weekly cycle and i.i.d. noise, six weeks of daily
 * history, forecast 13 weeks ahead (the capacity model's use): over 200 seeded series, how often
 * the 80 % interval holds the true continuation at 30, 60 and 91 days, and how far the mean falls
 * short of the true trend on average. The engine before the drift correction damped this trend
 * (Theta's half slope, seasonal naive's none): coverage 0.43 / 0.16 / 0.05 and a mean 57 % of the
 * trend's rise too low at 91 days.
 */
function measureTrend(): { coverage80: number[]; shortfall: number[] } {
  const gaussian = createGaussian(createRandom(4242));
  const trials = 200;
  const n = 42;
  const horizon = 91;
  const slope = 0.5;
  const steps = [29, 59, 90];
  const inside = steps.map(() => 0);
  const bias = steps.map(() => 0);
  const truth = (t: number) => 50 + slope * t + 2 * Math.sin((2 * Math.PI * t) / 7);
  for (let k = 0; k < trials; k++) {
    const values = new Float64Array(n + horizon);
    for (let t = 0; t < n + horizon; t++) values[t] = truth(t) + 1.5 * gaussian();
    const f = forecast({ startMs: Date.UTC(2026, 0, 5), stepSeconds: dayMs / 1000, values: values.slice(0, n) }, { horizon, levels: [80], seasonalPeriods: [7] });
    steps.forEach((h, i) => {
      const y = values[n + h];
      if (y >= f.intervals[0].lower[h] && y <= f.intervals[0].upper[h]) inside[i]++;
      bias[i] += f.mean[h] - truth(n + h);
    });
  }
  return {
    coverage80: inside.map((c) => c / trials),
    shortfall: steps.map((h, i) => -bias[i] / trials / (slope * (h + 1))),
  };
}

describe('forecasts of a persistent linear trend', () => {
  const { coverage80, shortfall } = measureTrend();

  it('holds the true continuation in about 80 % of 80 % intervals at 30, 60 and 91 days (0.68–0.92 each)', () => {
    for (const c of coverage80) {
      expect(c).toBeGreaterThanOrEqual(0.68);
      expect(c).toBeLessThanOrEqual(0.92);
    }
  });

  it('keeps the mean within 25 % of the trend’s rise at every checked step (57 % low before)', () => {
    for (const s of shortfall) expect(Math.abs(s)).toBeLessThanOrEqual(0.25);
  });
});
