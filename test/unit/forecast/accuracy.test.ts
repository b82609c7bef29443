import { describe, expect, it } from 'vitest';
import { averageScores, computeSeasonalScale, scoreForecast } from '../../../src/models/forecast/index.js';

describe('forecast scores (forecast-dev README definitions)', () => {
  it('scales by the mean absolute 24-step seasonal difference of the training data', () => {
    const train = Array.from({ length: 48 }, (_, t) => (t < 24 ? 10 : 13));
    expect(computeSeasonalScale(train)).toBe(3);
  });

  it('computes MASE, sMAPE, coverage, MSIS and peak error by hand', () => {
    const actual = [10, 20, 30, 40];
    const mean = [12, 18, 30, 36];
    const interval = { level: 80, lower: [11, 15, 25, 30], upper: [13, 25, 35, 38] };
    const s = scoreForecast(actual, mean, [interval], 2);
    // |e| = 2, 2, 0, 4 → mean 2 → MASE 1
    expect(s.mase).toBeCloseTo(1, 12);
    // sMAPE = 200/4 · (2/22 + 2/38 + 0 + 4/76)
    expect(s.smape).toBeCloseTo(50 * (2 / 22 + 2 / 38 + 4 / 76), 10);
    // inside: 20, 30 → 0.5
    expect(s.coverage[80]).toBe(0.5);
    // widths 2+10+10+8 = 30; misses: 10 below 11 by 1, 40 above 38 by 2; penalty 2/0.2 = 10 per unit
    expect(s.msis[80]).toBeCloseTo((30 + 10 * 1 + 10 * 2) / 4 / 2, 12);
    expect(s.peakError).toBeCloseTo(Math.abs(36 - 40) / 40, 12);
  });

  it('skips held-out gaps and averages series with equal weight', () => {
    const a = scoreForecast([1, NaN, 3], [1, 100, 4], [], 1);
    expect(a.mase).toBeCloseTo(0.5, 12);
    const b = scoreForecast([2], [4], [], 1);
    expect(averageScores([a, b]).mase).toBeCloseTo(1.25, 12);
  });
});
