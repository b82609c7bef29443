import { describe, expect, it } from 'vitest';
import { forecast } from '../../../src/models/forecast/index.js';
import { detectLevelShifts } from '../../../src/models/forecast/level-shift.js';
import { decomposeClassical } from '../../../src/models/forecast/classical-decompose.js';
import { boundedTrendSteps } from '../../../src/models/forecast/conformal.js';
import { createGaussian, createRandom, generate } from './synthetic.js';

const DAY_S = 86_400;
const WEEK_S = 7 * DAY_S;

describe('level shifts', () => {
  it('finds a step of 20 on daily noise of σ 1 at the day it happens, with its size', () => {
    const g = createGaussian(createRandom(1));
    const values = generate(90, (t) => 100 + 0.2 * t + (t >= 50 ? 20 : 0) + g());
    const shifts = detectLevelShifts(values, []);
    expect(shifts).toHaveLength(1);
    expect(shifts[0]!.index).toBe(50);
    expect(shifts[0]!.size).toBeGreaterThan(18);
    expect(shifts[0]!.size).toBeLessThan(22);
  });

  it('finds none in a steep linear trend, nor in 40 random walks', () => {
    const g = createGaussian(createRandom(2));
    expect(detectLevelShifts(generate(90, (t) => 100 + 3 * t + g()), [])).toHaveLength(0);
    let found = 0;
    for (let k = 0; k < 40; k++) {
      let level = 100;
      found += detectLevelShifts(generate(60, () => (level += 0.5 + g())), []).length;
    }
    expect(found).toBeLessThanOrEqual(1);
  });

  it('reports the step from the forecast of a daily series and forecasts from the new level without its slope', () => {
    const g = createGaussian(createRandom(3));
    const values = generate(60, (t) => 50 + (t >= 30 ? 30 : 0) + 0.5 * g());
    const f = forecast({ startMs: Date.UTC(2026, 0, 1), stepSeconds: DAY_S, values }, { horizon: 90, levels: [80] });
    expect(f.levelShifts).toHaveLength(1);
    expect(new Date(f.levelShifts![0]!.atMs).toISOString().slice(0, 10)).toBe('2026-01-31');
    // Read as trend, the step would be a slope of 1/day: 90 days on, 80 + 90.
    expect(f.mean[89]).toBeGreaterThan(76);
    expect(f.mean[89]).toBeLessThan(84);
  });
});

describe('weekly series', () => {
  it('adjusts a yearly multiplicative season and forecasts it 13 weeks ahead within 3 %', () => {
    const g = createGaussian(createRandom(4));
    const season = (t: number) => 1 + 0.3 * Math.sin((2 * Math.PI * t) / 52);
    const values = generate(260, (t) => (1000 + 2 * t) * season(t) * (1 + 0.01 * g()));
    const f = forecast({ startMs: Date.UTC(2020, 0, 1), stepSeconds: WEEK_S, values }, { horizon: 13, levels: [80, 95] });
    expect(f.method).toMatch(/^comb\[52\]/);
    for (let h = 0; h < 13; h++) {
      const t = 260 + h;
      expect(Math.abs(f.mean[h]! / ((1000 + 2 * t) * season(t)) - 1)).toBeLessThan(0.03);
    }
  });

  it('builds classical indices that average 1 from the last cycles only', () => {
    const values = generate(52 * 6, (t) => (t < 52 * 2 ? 100 : 100 * (1 + 0.5 * (t % 52 === 10 ? 1 : 0))));
    const d = decomposeClassical(values, 52);
    expect(d.multiplicative).toBe(true);
    expect(d.indices.reduce((a, b) => a + b, 0) / 52).toBeCloseTo(1, 9);
    expect(d.indices[10]).toBeGreaterThan(1.45);
  });
});

describe('long horizons', () => {
  it('extrapolates a trend in full to twice the history, then at most one history more', () => {
    expect(boundedTrendSteps(60, 30)).toBe(60);
    expect(boundedTrendSteps(365, 30)).toBeGreaterThan(60);
    expect(boundedTrendSteps(365, 30)).toBeLessThan(90);
  });
});

describe('bounded widening beyond the backtest', () => {
  it('adds the spread of a wandering level, but never more than the history itself moves', async () => {
    const { estimateWanderSd } = await import('../../../src/models/forecast/conformal.js');
    const g = createGaussian(createRandom(7));
    let level = 50;
    const walk = generate(42, () => (level += g()));
    const wander = estimateWanderSd(walk, [], 13, 91);
    expect(wander[12]).toBe(0);
    expect(wander[90]).toBeGreaterThan(3); // a random walk of σ 1 adds about √78 ≈ 8.8 by step 91
    expect(wander[90]).toBeLessThan(20);
    const flat = generate(42, () => 50 + g());
    expect(estimateWanderSd(flat, [], 13, 91)[90]).toBeLessThan(2);
    // Spikes that return (a noisy CPU series) do not make the level wander without bound.
    const spiky = generate(42, (t) => 10 + (t % 5 === 0 ? 200 : 0) + g());
    const moves = estimateWanderSd(spiky, [], 13, 91)[90];
    expect(moves).toBeLessThan(3 * 200);
  });
});
