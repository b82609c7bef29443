import { describe, expect, it } from 'vitest';
import { decayingHistogramStrategy, percentileStrategy, usagePartsFor } from '../../../src/models/rightsizing/index.js';

describe('usagePartsFor', () => {
  it('asks for the chosen CPU percentile plus the p95 and p99 the safety rules read, and nothing a snapshot adds', () => {
    expect(usagePartsFor(percentileStrategy, { cpuPercentile: 90, memoryBufferPercent: 15 })).toEqual({
      cpuPercentiles: [90, 95, 99], histories: false, replicaPeaksAndRestarts: false, capacitySeries: false, volumes: false, nodeUsage: false,
    });
    expect(usagePartsFor(percentileStrategy, { cpuPercentile: 95, memoryBufferPercent: 15 }).cpuPercentiles).toEqual([95, 99]);
  });

  it('asks for hourly histories when the strategy is the decaying histogram', () => {
    const parts = usagePartsFor(decayingHistogramStrategy, decayingHistogramStrategy.settingsSchema.parse({}));
    expect(parts.histories).toBe(true);
    expect(parts.cpuPercentiles).toEqual([95, 99]);
  });
});
