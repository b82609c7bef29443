/** KRR-like "simple" strategy: CPU at a percentile of the whole history, memory at the peak plus a buffer. */
import { z } from 'zod';
import { reasons } from './messages.js';
import type { RightsizingStrategy } from './strategy.js';

export const percentileSettingsSchema = z.strictObject({
  cpuPercentile: z.union([z.literal(90), z.literal(95), z.literal(99)]).default(95)
    .describe('CPU request = this percentile of usage over the history (90, 95 or 99). Default 95.'),
  memoryBufferPercent: z.number().min(0).max(200).default(15)
    .describe('Memory request = peak working set + this percent. Default 15, range 0..200.'),
});

export type PercentileSettings = z.infer<typeof percentileSettingsSchema>;

export const percentileStrategy: RightsizingStrategy<typeof percentileSettingsSchema> = {
  name: 'percentile',
  version: 1,
  description: 'KRR-like: CPU at p95 of usage over the history, memory at the peak working set + 15 %.',
  settingsSchema: percentileSettingsSchema,
  needs: (settings) => ({ cpuPercentiles: [settings.cpuPercentile], history: false }),
  recommend({ summary }, settings) {
    const cpuByPercentile = { 90: summary.cpuP90Cores, 95: summary.cpuP95Cores, 99: summary.cpuP99Cores };
    const cpuRequestCores = cpuByPercentile[settings.cpuPercentile];
    const bufferRatio = settings.memoryBufferPercent / 100;
    const memoryRequestBytes = summary.memoryPeakBytes * (1 + bufferRatio);
    return {
      kind: 'requests',
      cpuRequestCores,
      memoryRequestBytes,
      cpuReason: (requestCores) => reasons.percentileCpu(settings.cpuPercentile, cpuRequestCores, requestCores),
      memoryReason: (requestBytes) => reasons.percentileMemory(summary.memoryPeakBytes, bufferRatio, requestBytes),
      reasons: [],
    };
  },
};
