import { describe, expect, it } from 'vitest';
import { forecast } from '../../../src/models/forecast/index.js';
import { createGaussian, createRandom } from './synthetic.js';

const daySeconds = 86_400;
const startMs = Date.UTC(2026, 9, 17);

/**
 * Six weeks of daily history forecast 13 weeks ahead (the capacity model's use), pooled over 200
 * seeded series: the share of 80 % intervals holding the true value at 15, 31, 61 and 91 days, and
 * the mean interval width there. The backtest's windows are 13 days long; everything past them is
 * extrapolated. Before the level-wander term the random walk's far intervals held 0.58–0.64.
 */
function measureFarCoverage(kind: 'random-walk' | 'iid', seed: number): { coverage80: number[]; width80: number[] } {
  const random = createRandom(seed);
  const gaussian = createGaussian(random);
  const trials = 200;
  const n = 42;
  const horizon = 91;
  const steps = [14, 30, 60, 90];
  const inside = steps.map(() => 0);
  const width = steps.map(() => 0);
  for (let k = 0; k < trials; k++) {
    let level = 100;
    const values = new Float64Array(n + horizon);
    for (let t = 0; t < values.length; t++) {
      if (kind === 'random-walk') level += gaussian();
      values[t] = level + (kind === 'iid' ? 2 * gaussian() : 0);
    }
    const f = forecast({ startMs, stepSeconds: daySeconds, values: values.slice(0, n) }, { horizon, levels: [80], seasonalPeriods: [7] });
    steps.forEach((h, i) => {
      const y = values[n + h];
      if (y >= f.intervals[0].lower[h] && y <= f.intervals[0].upper[h]) inside[i]++;
      width[i] += f.intervals[0].upper[h] - f.intervals[0].lower[h];
    });
  }
  return { coverage80: inside.map((c) => c / trials), width80: width.map((w) => w / trials) };
}

/**
 * Requests-like series: flat for days, then a rollout moves the level (3 % steps on a fifth of the
 * days), 8 % lower at weekends, almost no noise; two or three weeks of history, the next week
 * forecast. Before, such a series had no backtest (origins needed 16 days) and the random-walk
 * fallback took its scale from the median daily change — zero — so the 80 % intervals were about
 * 3 % wide and held 0.25 (16 days) and 0.46 (23 days) of the next week's values.
 */
function measureStepSeries(historyDays: number, seed: number): { coverage80: number; relativeWidth80: number } {
  const random = createRandom(seed);
  const gaussian = createGaussian(random);
  const trials = 300;
  let inside = 0, total = 0, relativeWidth = 0;
  for (let k = 0; k < trials; k++) {
    let level = 30;
    const values = new Float64Array(historyDays + 7);
    for (let t = 0; t < values.length; t++) {
      if (random() < 0.2) level *= 1 + 0.03 * gaussian();
      const weekend = t % 7 === 0 || t % 7 === 1 ? 0.92 : 1;
      values[t] = level * weekend * (1 + 0.002 * gaussian());
    }
    const f = forecast({ startMs, stepSeconds: daySeconds, values: values.slice(0, historyDays) }, { horizon: 7, levels: [80], seasonalPeriods: [7] });
    for (let h = 0; h < 7; h++) {
      const y = values[historyDays + h];
      total++;
      if (y >= f.intervals[0].lower[h] && y <= f.intervals[0].upper[h]) inside++;
      relativeWidth += (f.intervals[0].upper[h] - f.intervals[0].lower[h]) / f.mean[h];
    }
  }
  return { coverage80: inside / total, relativeWidth80: relativeWidth / total };
}

describe('intervals beyond the backtest horizon', () => {
  it('hold a random walk 15 to 91 days ahead in about 80 % of 80 % intervals (0.70–0.95 each)', () => {
    const { coverage80 } = measureFarCoverage('random-walk', 7);
    for (const c of coverage80) {
      expect(c).toBeGreaterThanOrEqual(0.7);
      expect(c).toBeLessThanOrEqual(0.95);
    }
  });

  it('do not fan out on a stationary series: 91 days ahead at most 2.5 times as wide as 15 days ahead, still covering', () => {
    const { coverage80, width80 } = measureFarCoverage('iid', 8);
    expect(width80[3] / width80[0]).toBeLessThanOrEqual(2.5);
    for (const c of coverage80) expect(c).toBeGreaterThanOrEqual(0.75);
  });
});

describe('intervals of short step-like histories', () => {
  it('hold most of the next week after 16 days of history without becoming absurdly wide', () => {
    const { coverage80, relativeWidth80 } = measureStepSeries(16, 11);
    expect(coverage80).toBeGreaterThanOrEqual(0.7);
    expect(relativeWidth80).toBeLessThanOrEqual(0.5);
  });

  it('hold more of the next week after 23 days than the 0.46 of the median-change fallback', () => {
    const { coverage80, relativeWidth80 } = measureStepSeries(23, 12);
    expect(coverage80).toBeGreaterThanOrEqual(0.56);
    expect(relativeWidth80).toBeLessThanOrEqual(0.2);
  });
});
