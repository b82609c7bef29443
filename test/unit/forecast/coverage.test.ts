import { describe, expect, it } from 'vitest';
import { forecast } from '../../../src/models/forecast/index.js';
import { createGaussian, createRandom, generate, hourly } from './synthetic.js';

const daily = (t: number) => 100 + 20 * Math.sin((2 * Math.PI * t) / 24);

/**
 * Coverage on synthetic series with known noise: the share of future points inside the 80 % and
 * 95 % intervals, pooled over many seeded series so the estimate's own error (≈ ±1 point at
 * 4,800 points) is well inside the ±3-point tolerance.
 */
function measureCoverage(noise: 'iid' | 'ar1' | 'random-walk', seed: number): { coverage80: number; coverage95: number } {
  const random = createRandom(seed);
  const gaussian = createGaussian(random);
  const seriesCount = 200;
  const n = 21 * 24;
  const horizon = 24;
  let inside80 = 0;
  let inside95 = 0;
  let total = 0;
  for (let k = 0; k < seriesCount; k++) {
    let ar = 0;
    let level = 0;
    const sd = 1 + 4 * random();
    const values = generate(n + horizon, (t) => {
      ar = 0.7 * ar + gaussian();
      level += noise === 'random-walk' ? 0.3 * sd * gaussian() : 0;
      return daily(t) + level + sd * (noise === 'ar1' ? ar : gaussian());
    });
    const f = forecast(hourly(values.subarray(0, n)), { horizon, levels: [80, 95] });
    for (let h = 0; h < horizon; h++) {
      const y = values[n + h];
      total++;
      if (y >= f.intervals[0].lower[h] && y <= f.intervals[0].upper[h]) inside80++;
      if (y >= f.intervals[1].lower[h] && y <= f.intervals[1].upper[h]) inside95++;
    }
  }
  return { coverage80: inside80 / total, coverage95: inside95 / total };
}

describe('interval calibration', () => {
  it.each(['iid', 'ar1', 'random-walk'] as const)('covers about 80 % and 95 % of future points with %s noise (within ±3 points)', (noise) => {
    const { coverage80, coverage95 } = measureCoverage(noise, 2026);
    expect(Math.abs(coverage80 - 0.8)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(coverage95 - 0.95)).toBeLessThanOrEqual(0.03);
  });
});
