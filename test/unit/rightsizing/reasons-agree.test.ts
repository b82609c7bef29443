import { describe, expect, it } from 'vitest';
import { percentileStrategy, recommendRightsizing, type InstanceTypePrice } from '../../../src/models/rightsizing/index.js';
import { formatMemoryCell } from '../../../src/reports/rightsize/cells.js';
import { DAY_SECONDS, GIB_BYTES, MIB_BYTES } from '../../../src/domain/units.js';
import type { NodeInfo } from '../../../src/domain/workload.js';
import { endMs, makeSummary } from './fixtures.js';

const node: NodeInfo = { cluster: 'test', node: 'n1', instanceType: 'm5.xlarge', region: 'us-east-1', zone: 'a', capacityType: 'on-demand', allocatableCpuCores: 3.92, allocatableMemoryBytes: 15 * GIB_BYTES, nodePool: 'm5.xlarge' };
const prices = new Map<string, InstanceTypePrice>([['m5.xlarge', { instanceType: 'm5.xlarge', hourlyUsd: 0.192, source: 'price-list', vcpu: 4, memoryGiB: 16 }]]);

describe('rightsizing reasons', () => {
  it('give one reason per decision, quoting the number the table shows (an OOM raise replaces the strategy\'s memory reason)', () => {
    // Killed at 512 MiB: max(512 + 100, 512 × 1.2 = 614.4) MiB, rounded up to whole MiB: 615 MiB.
    const summary = makeSummary({ oomKills: 2, oomKilledAtMemoryLimitBytes: 512 * MIB_BYTES, memoryPeakBytes: 512 * MIB_BYTES });
    const [rec] = recommendRightsizing({
      cluster: 'test', windowStartMs: endMs - 14 * DAY_SECONDS * 1000, windowEndMs: endMs, summaries: [summary], histories: [], inventory: [], nodes: [node], prices,
      strategy: percentileStrategy, settings: { cpuPercentile: 95, memoryBufferPercent: 15 },
    }).recommendations;
    expect(rec!.recommended.memoryRequestBytes).toBe(615 * MIB_BYTES);
    const memoryReasons = rec!.reasons.filter((r) => /memory/.test(r) && !/^(confidence|history)/.test(r));
    expect(memoryReasons).toEqual(['OOM-killed 2 times at a 512 MiB limit: memory raised to 615 MiB (max(+100 MiB, ×1.2))']);
    expect(memoryReasons[0]).toContain(formatMemoryCell(rec!.recommended.memoryRequestBytes));
    expect(rec!.reasons.some((r) => r.includes('peak working set 512 MiB + 15 %'))).toBe(false);
    const cpuReasons = rec!.reasons.filter((r) => r.startsWith('CPU request'));
    expect(cpuReasons).toEqual([`CPU request ${Math.round(rec!.recommended.cpuRequestCores! * 1000)}m from p95 usage over the history (350m), rounded up`]);
  });
});
