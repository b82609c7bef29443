/** Hand-made usage summaries and histories for rightsizing unit tests: every number chosen, none random. */
import type { ContainerRecommendation } from '../../../src/domain/recommendation.js';
import type { ContainerUsageHistory, ContainerUsageSummary } from '../../../src/domain/usage.js';
import type { ContainerRef, ResourceSettings, WorkloadKind } from '../../../src/domain/workload.js';
import { DAY_SECONDS, GIB_BYTES, MIB_BYTES } from '../../../src/domain/units.js';

export const endMs = Date.UTC(2026, 10, 16);

export function makeRef(workload: string, container = workload, namespace = 'shop', workloadKind: WorkloadKind = 'Deployment'): ContainerRef {
  return { cluster: 'test', namespace, workloadKind, workload, container };
}

export function makeSummary(overrides: Partial<ContainerUsageSummary> & { ref?: ContainerRef } = {}): ContainerUsageSummary {
  const historySeconds = overrides.historySeconds ?? 14 * DAY_SECONDS;
  return {
    ref: makeRef('web'),
    windowStartMs: endMs - historySeconds * 1000,
    windowEndMs: endMs,
    historySeconds,
    sampleCount: 20_160,
    cpuP50Cores: 0.2,
    cpuP90Cores: 0.3,
    cpuP95Cores: 0.35,
    cpuP99Cores: 0.45,
    cpuMaxCores: 0.5,
    memoryP95Bytes: 400 * MIB_BYTES,
    memoryPeakBytes: 450 * MIB_BYTES,
    cpuThrottlingRatio: null,
    oomKills: 0,
    restarts: 0,
    oomKilledAtMemoryLimitBytes: null,
    current: { cpuRequestCores: 1, cpuLimitCores: null, memoryRequestBytes: GIB_BYTES, memoryLimitBytes: GIB_BYTES },
    replicasAvg: 2,
    replicasMax: 2,
    ...overrides,
  };
}

/** A flat hourly history: `cpu(i)` and `memory(i)` give step i's mean CPU and memory peak. */
export function makeHistory(ref: ContainerRef, days: number, cpu: (i: number) => { mean: number; max: number }, memory: (i: number) => number, pods: (i: number) => number = () => 1): ContainerUsageHistory {
  const steps = days * 24;
  const h: ContainerUsageHistory = {
    ref,
    startMs: endMs - steps * 3_600_000,
    stepSeconds: 3600,
    cpuMeanCores: new Float64Array(steps),
    cpuMaxCores: new Float64Array(steps),
    memoryPeakBytes: new Float64Array(steps),
    pods: new Float64Array(steps),
  };
  for (let i = 0; i < steps; i++) {
    const c = cpu(i);
    h.cpuMeanCores[i] = c.mean;
    h.cpuMaxCores[i] = c.max;
    h.memoryPeakBytes[i] = memory(i);
    h.pods[i] = pods(i);
  }
  return h;
}

export function makeRecommendation(ref: ContainerRef, current: ResourceSettings, recommended: ResourceSettings, monthlySavingsUsd = 10): ContainerRecommendation {
  return {
    ref, status: 'recommended', strategy: 'percentile@1', current, recommended, confidence: 'high', severity: 'ok',
    reasons: ['test'], replicas: 1, monthlySavingsUsd, savings: null, price: null,
  };
}
