import { describe, expect, it } from 'vitest';
import { estimateLevelVariancePerStep, studentQuantile } from '../../../src/models/forecast/index.js';
import { createGaussian, createRandom } from './synthetic.js';

describe('studentQuantile', () => {
  // R: qt(c(0.9, 0.975), df) for df = 3, 5, 10, 30.
  it.each([
    [3, 1.637744, 3.182446], [5, 1.475884, 2.570582], [10, 1.372184, 2.228139], [30, 1.310415, 2.042272],
  ])('matches R’s qt with %i degrees of freedom within 0.2 %%', (df, q90, q975) => {
    expect(Math.abs(studentQuantile(0.9, df) / q90 - 1)).toBeLessThan(0.002);
    expect(Math.abs(studentQuantile(0.975, df) / q975 - 1)).toBeLessThan(0.002);
  });

  it('tends to the normal quantile as the degrees of freedom grow', () => {
    expect(studentQuantile(0.9, 1e7)).toBeCloseTo(1.281552, 5);
    expect(studentQuantile(0.1, 1e4)).toBeCloseTo(-1.281552, 3);
  });
});

describe('estimateLevelVariancePerStep', () => {
  function meanEstimate(kind: 'random-walk' | 'iid', seed: number): number {
    const gaussian = createGaussian(createRandom(seed));
    let sum = 0;
    const trials = 200;
    for (let k = 0; k < trials; k++) {
      let level = 0;
      const values = new Float64Array(60);
      for (let t = 0; t < values.length; t++) {
        if (kind === 'random-walk') level += 1.5 * gaussian();
        values[t] = level + 2 * Math.sin((2 * Math.PI * t) / 7) + (kind === 'iid' ? 1.5 * gaussian() : 0);
      }
      sum += estimateLevelVariancePerStep(values, [7], 14);
    }
    return sum / trials;
  }

  it('measures the variance a random walk adds per step (2.25 here) within 35 %, seasonality removed', () => {
    expect(Math.abs(meanEstimate('random-walk', 21) / 2.25 - 1)).toBeLessThan(0.35);
  });

  it('finds almost nothing in stationary noise of the same size (under a tenth of it)', () => {
    expect(meanEstimate('iid', 22)).toBeLessThan(0.225);
  });
});
