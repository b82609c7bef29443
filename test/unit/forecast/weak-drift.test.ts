/**
 * `extrapolateWeakDrift` (opt-in, used by capacity's exhaustion dates): a drift the backtest finds
 * the forecast missing moves the forecast even below the significance gate.
 */
import { describe, expect, it } from 'vitest';
import { forecast } from '../../../src/models/forecast/index.js';
import { createGaussian, createRandom } from './synthetic.js';

const day = 86_400;
const startMs = Date.UTC(2026, 9, 1);

/** 42 daily peaks of a random-walk level drifting by `drift` a day (step sd 0.6), a weekly cycle and noise. */
function drifting(seed: number, drift: number): { values: Float64Array; level: number } {
  const gaussian = createGaussian(createRandom(seed));
  let level = 50;
  const values = Float64Array.from({ length: 42 }, (_, d) => { level += drift + 0.6 * gaussian(); return level + 2 * Math.sin((2 * Math.PI * d) / 7) + gaussian(); });
  return { values, level };
}

describe('forecast with extrapolateWeakDrift', () => {
  const request = { horizon: 91, levels: [80, 95], seasonalPeriods: [7], effectiveSampleBounds: true };

  it('leaves the forecast unchanged when not asked for', () => {
    const { values } = drifting(3, 0.3);
    const a = forecast({ startMs, stepSeconds: day, values }, request);
    const b = forecast({ startMs, stepSeconds: day, values }, { ...request, extrapolateWeakDrift: false });
    expect(Array.from(b.mean)).toEqual(Array.from(a.mean));
    expect(Array.from(b.intervals[0].upper)).toEqual(Array.from(a.intervals[0].upper));
  });

  it('grows slowly drifting series closer to their drift 60 days out', () => {
    const drift = 0.3;
    let byDefault = 0, weak = 0, moved = 0;
    const count = 60;
    for (let k = 0; k < count; k++) {
      const { values, level } = drifting(100 + k, drift);
      const a = forecast({ startMs, stepSeconds: day, values }, request);
      const b = forecast({ startMs, stepSeconds: day, values }, { ...request, extrapolateWeakDrift: true });
      byDefault += (a.mean[60] - level) / (61 * drift) / count;
      weak += (b.mean[60] - level) / (61 * drift) / count;
      if (b.mean[60] !== a.mean[60]) moved++;
    }
    // Only the gated drifts move; the significant ones are corrected either way.
    expect(moved).toBeGreaterThan(5);
    expect(moved).toBeLessThan(count);
    expect(weak - byDefault).toBeGreaterThan(0.05);
    expect(Math.abs(1 - weak)).toBeLessThan(Math.abs(1 - byDefault));
  });
});
