import { describe, expect, it } from 'vitest';
import {
  defaultResourcePolicy, percentileStrategy, rateConfidence, recommendRightsizing, reasons, roundCpuCores, roundMemoryBytes,
  splitNodeHourlyPrice, defaultCpuToMemoryPriceRatio, type InstanceTypePrice, type RightsizeModelInput,
} from '../../../src/models/rightsizing/index.js';
import { DAY_SECONDS, GIB_BYTES, HOURS_PER_MONTH, MIB_BYTES } from '../../../src/domain/units.js';
import type { ContainerUsageSummary } from '../../../src/domain/usage.js';
import type { NodeInfo, WorkloadInventoryItem } from '../../../src/domain/workload.js';
import { endMs, makeRef, makeSummary } from './fixtures.js';

const node: NodeInfo = { cluster: 'test', node: 'n1', instanceType: 'm5.xlarge', region: 'us-east-1', zone: 'a', capacityType: 'on-demand', allocatableCpuCores: 3.92, allocatableMemoryBytes: 15 * GIB_BYTES, nodePool: 'm5.xlarge' };
const prices = new Map<string, InstanceTypePrice>([['m5.xlarge', { instanceType: 'm5.xlarge', hourlyUsd: 0.192, source: 'price-list', vcpu: 4, memoryGiB: 16 }]]);

function run(summaries: ContainerUsageSummary[], extra: Partial<RightsizeModelInput> = {}) {
  return recommendRightsizing({
    cluster: 'test', windowStartMs: endMs - 14 * DAY_SECONDS * 1000, windowEndMs: endMs, summaries, histories: [], inventory: [], nodes: [node], prices,
    strategy: percentileStrategy, settings: { cpuPercentile: 95, memoryBufferPercent: 15 }, ...extra,
  });
}

describe('recommendRightsizing', () => {
  it('prices an idle over-provisioned workload\'s freed requests at the node price split OpenCost\'s way, times replicas', () => {
    const [rec] = run([makeSummary()]).recommendations;
    const split = splitNodeHourlyPrice(0.192, 4, 16);
    const cpu = roundCpuCores(0.35);
    const memory = roundMemoryBytes(450 * MIB_BYTES * 1.15);
    const expected = ((1 - cpu) * split.cpuCoreHourUsd + ((GIB_BYTES - memory) / GIB_BYTES) * split.memoryGibHourUsd) * HOURS_PER_MONTH * 2;
    expect(rec!.recommended).toEqual({ cpuRequestCores: 0.35, cpuLimitCores: null, memoryRequestBytes: memory, memoryLimitBytes: memory });
    expect(rec!.monthlySavingsUsd).toBeCloseTo(expected, 1);
    expect(rec!.monthlySavingsUsd).toBeGreaterThan(0);
    expect(rec!.price!.source).toBe('price-list');
  });

  it('splits a node price so that cores and GiB add back up to it, CPU 7.46× a GiB', () => {
    const split = splitNodeHourlyPrice(0.192, 4, 16);
    expect(4 * split.cpuCoreHourUsd + 16 * split.memoryGibHourUsd).toBeCloseTo(0.192, 12);
    expect(split.cpuCoreHourUsd / split.memoryGibHourUsd).toBeCloseTo(defaultCpuToMemoryPriceRatio, 9);
  });

  it('raises an OOM-killed container above the limit it died at by max(+100 MiB, ×1.2)', () => {
    const summary = makeSummary({ oomKills: 3, oomKilledAtMemoryLimitBytes: 400 * MIB_BYTES, memoryPeakBytes: 399 * MIB_BYTES });
    const [rec] = run([summary]).recommendations;
    expect(rec!.recommended.memoryRequestBytes).toBe(500 * MIB_BYTES);
    expect(rec!.severity).toBe('critical');
    expect(rec!.reasons[0]).toBe(reasons.oomRaised(3, 400 * MIB_BYTES, 500 * MIB_BYTES));
  });

  it('never recommends memory below the observed peak, whatever the strategy says', () => {
    const [rec] = run([makeSummary()], { settings: { cpuPercentile: 95, memoryBufferPercent: 0 } }).recommendations;
    expect(rec!.recommended.memoryRequestBytes).toBeGreaterThanOrEqual(450 * MIB_BYTES);
  });

  it('raises CPU of a container throttled over 10 % above its current request and removes the limit under the default policy', () => {
    const summary = makeSummary({ cpuThrottlingRatio: 0.4, cpuP95Cores: 0.5, cpuP99Cores: 0.5, current: { cpuRequestCores: 0.25, cpuLimitCores: 0.5, memoryRequestBytes: GIB_BYTES, memoryLimitBytes: GIB_BYTES } });
    const [rec] = run([summary]).recommendations;
    expect(rec!.recommended.cpuRequestCores).toBe(0.5);
    expect(rec!.recommended.cpuLimitCores).toBeNull();
    expect(rec!.reasons.some((r) => r === reasons.throttlingLimitRemoved())).toBe(true);
  });

  it('keeps an HPA on CPU consistent: the request puts p95 load at the HPA target and says so', () => {
    const ref = makeRef('api');
    const inventory: WorkloadInventoryItem[] = [{ cluster: 'test', namespace: 'shop', workloadKind: 'Deployment', workload: 'api', replicas: 3, containers: [], hpa: { minReplicas: 2, maxReplicas: 10, cpuTargetUtilizationPercent: 70, memoryTargetUtilizationPercent: null }, hasVpa: false, labels: {} }];
    const [rec] = run([makeSummary({ ref, cpuP95Cores: 0.35 })], { inventory }).recommendations;
    expect(rec!.recommended.cpuRequestCores).toBe(0.5);
    expect(rec!.reasons[0]).toMatch(/HPA scales this workload on CPU at 70 %/);
  });

  it('gives no recommendation, with its reason, when there is too little data', () => {
    const [rec] = run([makeSummary({ historySeconds: 600, sampleCount: 3 })]).recommendations;
    expect(rec!.status).toBe('no-recommendation');
    expect(rec!.recommended).toEqual({ cpuRequestCores: null, cpuLimitCores: null, memoryRequestBytes: null, memoryLimitBytes: null });
    expect(rec!.monthlySavingsUsd).toBeNull();
    expect(rec!.reasons[0]).toMatch(/^no recommendation: insufficient data/);
  });

  it('applies floors of 10m and 32 MiB and rounds up to 1m and 1 MiB', () => {
    const [rec] = run([makeSummary({ cpuP95Cores: 0.001, memoryPeakBytes: 5 * MIB_BYTES })]).recommendations;
    expect(rec!.recommended.cpuRequestCores).toBe(0.01);
    expect(rec!.recommended.memoryRequestBytes).toBe(32 * MIB_BYTES);
    expect(roundCpuCores(0.1)).toBe(0.1);
    expect(roundCpuCores(0.1001)).toBe(0.101);
    expect(roundMemoryBytes(MIB_BYTES + 1)).toBe(2 * MIB_BYTES);
  });

  it('follows the limit policies: ratio and guaranteed', () => {
    const [rec] = run([makeSummary()], { policy: { ...defaultResourcePolicy, cpuLimitPolicy: 'ratio', cpuLimitRatio: 2, memoryLimitPolicy: 'none' } }).recommendations;
    expect(rec!.recommended.cpuLimitCores).toBe(0.7);
    expect(rec!.recommended.memoryLimitBytes).toBeNull();
    const [g] = run([makeSummary()], { policy: { ...defaultResourcePolicy, cpuLimitPolicy: 'guaranteed' } }).recommendations;
    expect(g!.recommended.cpuLimitCores).toBe(g!.recommended.cpuRequestCores);
  });

  it('keeps going when one container fails and reports it', () => {
    const bad = { ...percentileStrategy, recommend: (input: Parameters<typeof percentileStrategy.recommend>[0], s: never) => {
      if (input.summary.ref.workload === 'boom') throw new Error('bad data');
      return percentileStrategy.recommend(input, s);
    } };
    const result = run([makeSummary({ ref: makeRef('boom') }), makeSummary()], { strategy: bad as never });
    expect(result.recommendations.map((r) => r.status)).toEqual(['no-recommendation', 'recommended']);
    expect(result.warnings[0]).toMatch(/boom.*bad data/);
  });
});

describe('confidence', () => {
  it('is never high under 3 days of history, however many samples', () => {
    expect(rateConfidence(2.9 * DAY_SECONDS, 1_000_000)).not.toBe('high');
    expect(rateConfidence(2 * DAY_SECONDS, 1_000)).toBe('medium');
    expect(rateConfidence(14 * DAY_SECONDS, 10_000)).toBe('high');
    expect(rateConfidence(12 * 3600, 500)).toBe('low');
  });
});
