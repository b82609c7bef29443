/**
 * `effectiveSampleBounds` (opt-in, used by the capacity model): Student-t bounds on the backtest's
 * effective sample, and what the backtest cannot show added in quadrature, bounded by the
 * history's span.
 */
import { describe, expect, it } from 'vitest';
import { forecast } from '../../../src/models/forecast/index.js';
import { estimateScaleDegreesOfFreedom } from '../../../src/models/forecast/conformal.js';
import { createGaussian, createRandom } from './synthetic.js';

const day = 86_400;
const startMs = Date.UTC(2026, 9, 1);

/** Errors laid out as the backtest lays them out: origin by origin, step by step. */
function backtestErrors(origins: number, horizon: number, next: (origin: number, step: number) => number) {
  const count = origins * horizon;
  const z = new Float64Array(count);
  const steps = new Int32Array(count);
  const originOf = new Int32Array(count);
  for (let o = 0, i = 0; o < origins; o++) for (let h = 0; h < horizon; h++, i++) { z[i] = next(o, h); steps[i] = h; originOf[i] = o; }
  return { z, steps, originOf, count };
}

describe('estimateScaleDegreesOfFreedom', () => {
  it('counts independent errors of non-overlapping windows nearly in full', () => {
    const gaussian = createGaussian(createRandom(11));
    const e = backtestErrors(8, 12, () => gaussian());
    // 96 distinct points (stride = horizon: no overlap), uncorrelated: close to 95.
    expect(estimateScaleDegreesOfFreedom(e.z, e.steps, e.originOf, e.count, 8, 12, 12)).toBeGreaterThan(60);
  });

  it('counts a window whose errors move together (a level error) as about one observation, floored at 3', () => {
    const gaussian = createGaussian(createRandom(12));
    const levels = Array.from({ length: 8 }, () => gaussian());
    const e = backtestErrors(8, 12, (o) => levels[o] + 0.01 * gaussian());
    const dof = estimateScaleDegreesOfFreedom(e.z, e.steps, e.originOf, e.count, 8, 12, 12);
    expect(dof).toBeGreaterThanOrEqual(3);
    expect(dof).toBeLessThan(12);
  });
});

describe('forecast with effectiveSampleBounds', () => {
  it('leaves the default bounds unchanged when not asked for', () => {
    const gaussian = createGaussian(createRandom(5));
    const values = Float64Array.from({ length: 42 }, (_, t) => 50 + 0.4 * t + 2 * Math.sin((2 * Math.PI * t) / 7) + gaussian());
    const request = { horizon: 91, levels: [80, 95], seasonalPeriods: [7] };
    const a = forecast({ startMs, stepSeconds: day, values }, request);
    const b = forecast({ startMs, stepSeconds: day, values }, { ...request, effectiveSampleBounds: false });
    expect(Array.from(b.intervals[1].upper)).toEqual(Array.from(a.intervals[1].upper));
    expect(Array.from(b.mean)).toEqual(Array.from(a.mean));
  });

  it('keeps a flat series with rollout surges within twice its highest value 13 weeks out', () => {
    // 30 days at 2.0 with a surge to 2.6 every 10 days (rollouts), as a namespace's CPU requests:
    // nothing in it says the level triples. The default bounds scale the drift uncertainty by the
    // surges' heavy-tailed quantile (3.6× the mean at 91 days on the sample's namespace).
    const values = Float64Array.from({ length: 30 }, (_, t) => (t % 10 === 3 ? 2.6 : 2.0));
    const f = forecast({ startMs, stepSeconds: day, values }, { horizon: 91, levels: [80, 95], seasonalPeriods: [7], effectiveSampleBounds: true });
    const i95 = f.intervals.find((i) => i.level === 95)!;
    expect(i95.upper[90]).toBeLessThanOrEqual(2 * 2.6);
    expect(i95.upper[90]).toBeGreaterThan(2.6);
  });

  it('widens the far bounds of a short drifting random walk (what its few backtest windows cannot show)', () => {
    const gaussian = createGaussian(createRandom(7));
    let level = 50;
    const values = Float64Array.from({ length: 42 }, () => (level += 0.5 + 0.6 * gaussian()) + gaussian());
    const request = { horizon: 91, levels: [80, 95], seasonalPeriods: [7] };
    const plain = forecast({ startMs, stepSeconds: day, values }, request);
    const opted = forecast({ startMs, stepSeconds: day, values }, { ...request, effectiveSampleBounds: true });
    const width = (f: typeof plain) => f.intervals[1].upper[90] - f.mean[90];
    expect(width(opted)).toBeGreaterThan(width(plain));
  });
});
