import { describe, expect, it } from 'vitest';
import { burnTiers, computeBurnFactor, formatWindowPair, listSliWindows } from '../../../src/generators/slo/burn-rates.js';

describe('multi-window multi-burn-rate tiers', () => {
  it('give the SRE workbook factors for a 30-day period', () => {
    expect(burnTiers.map((t) => computeBurnFactor(t, 30 * 86400))).toEqual([14.4, 6, 3, 1]);
    expect(burnTiers.map(formatWindowPair)).toEqual(['1h/5m', '6h/30m', '1d/2h', '3d/6h']);
  });

  it('derive factors that spend the same budget shares for any other period', () => {
    expect(burnTiers.map((t) => computeBurnFactor(t, 28 * 86400))).toEqual([13.44, 5.6, 2.8, 0.933333333333]);
    expect(burnTiers.map((t) => computeBurnFactor(t, 7 * 86400))).toEqual([3.36, 1.4, 0.7, 0.233333333333]);
  });

  it('record the SLI over every short and long window', () => {
    expect(listSliWindows()).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  });
});
