import { beforeAll, describe, expect, it } from 'vitest';
import { generateSampleCluster, type SampleCluster } from '../../../src/sample/index.js';
import { sampleModelOf } from '../../../src/sample/generate.js';
import { generateContainerSeries } from '../../../src/sample/usage-model.js';
import { InputError } from '../../../src/domain/errors.js';
import { DAY_SECONDS } from '../../../src/domain/units.js';

let sample: SampleCluster;
beforeAll(() => {
  sample = generateSampleCluster();
});

const truthOf = (workload: string, container?: string) => {
  const t = sample.truth.find((x) => x.ref.workload === workload && (container === undefined || x.ref.container === container));
  if (!t) throw new Error(`no truth for ${workload}`);
  return t;
};
const historyOf = (workload: string) => sample.usage.histories.find((h) => h.ref.workload === workload)!;
const seriesOf = (name: string) => sample.usage.clusterSeries.find((s) => s.series === name)!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the default sample', () => {
  it('spans 30 days at 1-minute steps ending 2026-11-16T00:00:00Z, cluster "sample", seed 42', () => {
    expect(sample.endMs).toBe(Date.UTC(2026, 10, 16));
    expect(sample.endMs - sample.startMs).toBe(30 * DAY_SECONDS * 1000);
    expect(sample.stepSeconds).toBe(60);
    expect(sample.cluster).toBe('sample');
    expect(sample.seed).toBe(42);
  });

  it('has at least 40 workloads in at least 5 namespaces, of every kind', () => {
    expect(sample.inventory.length).toBeGreaterThanOrEqual(40);
    expect(new Set(sample.inventory.map((w) => w.namespace)).size).toBeGreaterThanOrEqual(5);
    const kinds = new Set(sample.inventory.map((w) => w.workloadKind));
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Pod']) expect(kinds).toContain(kind);
  });

  it('has at least 8 nodes of several instance types in us-east-1 zones, one of them spot', () => {
    expect(sample.nodes.length).toBeGreaterThanOrEqual(8);
    expect(new Set(sample.nodes.map((n) => n.instanceType)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(sample.nodes.map((n) => n.zone)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(sample.nodes.map((n) => n.region))).toEqual(new Set(['us-east-1']));
    expect(sample.nodes.some((n) => n.capacityType === 'spot')).toBe(true);
  });

  it('has sidecars (pods with two containers) and an HPA with a CPU target in the inventory', () => {
    expect(sample.inventory.some((w) => w.containers.length >= 2)).toBe(true);
    const hpa = sample.inventory.find((w) => w.hpa !== null)!;
    expect(hpa.hpa!.cpuTargetUtilizationPercent).toBeGreaterThan(0);
  });

  it('OOM-kills the leaking container at its memory limit and restarts it', () => {
    const t = truthOf('analytics-api');
    expect(t.oomKills).toBeGreaterThan(3);
    expect(t.restarts).toBe(t.oomKills);
    expect(t.oomKilledAtMemoryLimitBytes).toBe(t.current.memoryLimitBytes);
    expect(t.memoryPeakBytes).toBe(t.current.memoryLimitBytes);
    expect(sample.truth.filter((x) => x.oomKills > 0).map((x) => x.ref.workload)).toEqual(['analytics-api']);
  });

  it('throttles the under-provisioned CPU workload: usage presses its limit and far exceeds its request', () => {
    const t = truthOf('warehouse-loader');
    expect(t.cpuThrottlingRatio).toBeGreaterThan(0.3);
    expect(t.cpuP95Cores).toBeCloseTo(t.current.cpuLimitCores!, 6);
    expect(t.cpuP50Cores).toBeGreaterThan(1.5 * t.current.cpuRequestCores!);
    expect(truthOf('payments', 'payments').cpuThrottlingRatio).toBeLessThan(0.01);
    expect(truthOf('catalog').cpuThrottlingRatio).toBeNull();
  });

  it('scales the HPA workload’s replicas with load', () => {
    const s = sample.usage.summaries.find((x) => x.ref.workload === 'checkout')!;
    expect(s.replicasMax).toBeGreaterThan(s.replicasAvg + 1);
    const pods = Array.from(historyOf('checkout').pods);
    expect(Math.max(...pods)).toBeGreaterThan(Math.min(...pods) + 2);
  });

  it('rolls Deployments out with new ReplicaSet hashes and new pod names', () => {
    const pods = sample.pods.filter((p) => p.workload === 'frontend');
    const replicaSets = new Set(pods.map((p) => p.intermediateOwner));
    expect(replicaSets.size).toBeGreaterThanOrEqual(4);
    for (const rs of replicaSets) expect(rs).toMatch(/^frontend-[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    expect(new Set(pods.map((p) => p.pod)).size).toBe(pods.length);
    expect(pods.every((p) => p.pod.startsWith(`${p.intermediateOwner}-`))).toBe(true);
  });

  it('has a workload only two days old', () => {
    const t = truthOf('embeddings-api');
    expect(t.historySeconds).toBeGreaterThan(2 * DAY_SECONDS - 600);
    expect(t.historySeconds).toBeLessThanOrEqual(2 * DAY_SECONDS);
  });

  it('has idle, over-provisioned workloads', () => {
    for (const w of ['admin-portal', 'feature-store', 'model-server']) {
      const t = truthOf(w);
      expect(t.cpuP95Cores).toBeLessThan(0.1 * t.current.cpuRequestCores!);
    }
  });

  it('has spiky batch jobs that run as short-lived Job pods of CronJobs', () => {
    const pods = sample.pods.filter((p) => p.workload === 'etl-nightly');
    expect(pods.length).toBeGreaterThanOrEqual(29);
    expect(pods.every((p) => p.endMs - p.startMs < 2 * 3600_000)).toBe(true);
    expect(pods.every((p) => /^etl-nightly-\d{8}$/.test(p.intermediateOwner!))).toBe(true);
  });

  it('follows diurnal and weekly cycles and grows', () => {
    const usage = seriesOf('namespace=shop/cpu_usage_cores').points;
    const byHour = (h: number) => mean(usage.filter((p) => new Date(p.timestampMs).getUTCHours() === h).map((p) => p.value));
    expect(byHour(15)).toBeGreaterThan(1.5 * byHour(3));
    const weekday = usage.filter((p) => ![0, 6].includes(new Date(p.timestampMs).getUTCDay())).map((p) => p.value);
    const weekend = usage.filter((p) => [0, 6].includes(new Date(p.timestampMs).getUTCDay())).map((p) => p.value);
    expect(mean(weekday)).toBeGreaterThan(1.15 * mean(weekend));
    const catalog = Array.from(historyOf('catalog').cpuMeanCores);
    expect(mean(catalog.slice(-168))).toBeGreaterThan(1.15 * mean(catalog.slice(0, 168)));
  });

  it('has a memory sawtooth and a leak reset by rollouts', () => {
    const m = sampleModelOf(sample);
    const pod = m.timeline.pods.find((p) => m.workloads[p.workloadIndex]!.name === 'cart')!;
    const w = m.workloads[pod.workloadIndex]!;
    const mem = generateContainerSeries(m.grid, w, w.containers[0]!, pod, null).memoryBytes.subarray(0, 1440);
    // Fills over 4 hours, then drops: six teeth a day.
    const teeth = mem.filter((v, i) => i > 0 && v < mem[i - 1]! - 100 * 2 ** 20).length;
    expect(teeth).toBeGreaterThanOrEqual(5);
    expect(teeth).toBeLessThanOrEqual(7);
    const recs = Array.from(historyOf('recommendations').memoryPeakBytes);
    // A leak climbs for days, then a rollout starts fresh pods.
    const drops = recs.filter((v, i) => i > 0 && v < 0.7 * recs[i - 1]!).length;
    expect(drops).toBeGreaterThanOrEqual(5);
  });

  it('reports the in-process collection with the same figures as the truth', () => {
    expect(sample.usage.summaries).toHaveLength(sample.truth.length);
    for (const [i, s] of sample.usage.summaries.entries()) {
      const t = sample.truth[i]!;
      expect(s.ref).toEqual(t.ref);
      expect([s.cpuP95Cores, s.memoryPeakBytes, s.oomKills, s.historySeconds]).toEqual([t.cpuP95Cores, t.memoryPeakBytes, t.oomKills, t.historySeconds]);
    }
  });

  it('names the hourly capacity series as src/domain/usage.ts documents, requests within allocatable', () => {
    const names = new Set(sample.usage.clusterSeries.map((s) => s.series));
    for (const m of ['cpu_usage_cores', 'cpu_requests_cores', 'cpu_allocatable_cores', 'memory_usage_bytes', 'memory_requests_bytes', 'memory_allocatable_bytes', 'nodes']) {
      expect(names).toContain(`cluster=sample/${m}`);
      expect(names).toContain(`node_pool=m5.xlarge/${m}`);
    }
    expect(names).toContain('namespace=shop/memory_requests_bytes');
    expect(names).not.toContain('namespace=shop/nodes');
    for (const s of sample.usage.clusterSeries) expect(s.points).toHaveLength(30 * 24);
    const req = seriesOf('cluster=sample/cpu_requests_cores').points;
    const alloc = seriesOf('cluster=sample/cpu_allocatable_cores').points;
    req.forEach((p, i) => expect(p.value).toBeLessThan(alloc[i]!.value));
    const nodes = seriesOf('cluster=sample/nodes').points;
    expect(nodes.at(-1)!.value).toBeGreaterThan(nodes[0]!.value);
  });

  it('has PVCs that fill up', () => {
    expect(sample.usage.volumes.length).toBeGreaterThanOrEqual(3);
    for (const v of sample.usage.volumes) {
      expect(v.history.at(-1)!.value).toBeGreaterThan(v.history[0]!.value);
      expect(v.usedBytes).toBeLessThan(v.capacityBytes);
    }
  });

  it('bills EC2 per node by instance ID with no namespace tag, as a real bill does, plus EBS, data transfer, EKS and S3, every day', () => {
    const lines = sample.billing.costLineItems;
    expect(new Set(lines.map((l) => l.service))).toEqual(new Set(['AmazonEC2', 'AmazonEBS', 'AWSDataTransfer', 'AmazonEKS', 'AmazonS3', 'AmazonCloudWatch']));
    expect(new Set(lines.map((l) => l.periodStartMs)).size).toBe(30);
    const ec2 = lines.filter((l) => l.service === 'AmazonEC2');
    expect(new Set(ec2.map((l) => l.instanceType)).size).toBeGreaterThanOrEqual(4);
    expect(ec2.every((l) => l.namespace === '')).toBe(true);
    // Each cluster node has its own line each day it ran, named by its instance ID (kube_node_info{provider_id} ends with it).
    const nodeIds = new Set(sample.usage.allocation!.nodeHours.map((n) => n.providerId.split('/').at(-1)));
    expect(new Set(ec2.filter((l) => l.resourceId !== '').map((l) => l.resourceId))).toEqual(nodeIds);
    expect(ec2.some((l) => l.pricingCategory === 'Dynamic')).toBe(true);
    // A day of m5.xlarge in us-east-1: 3 cluster nodes plus the fleet, all on demand at $0.192/h.
    const day = sample.startMs + 10 * DAY_SECONDS * 1000;
    const usageHours = sample.billing.instanceUsageHours.filter((h) => h.timestampMs >= day && h.timestampMs < day + DAY_SECONDS * 1000 && h.region === 'us-east-1' && h.instanceType === 'm5.xlarge');
    const cost = ec2.filter((l) => l.periodStartMs === day && l.region === 'us-east-1' && l.instanceType === 'm5.xlarge').reduce((s, l) => s + l.billedCostUsd, 0);
    expect(cost).toBeCloseTo(usageHours.reduce((s, h) => s + h.instances, 0) * 0.192, 2);
  });

  it('has hourly on-demand instance usage with a base, bursts and growth', () => {
    const m5 = sample.billing.instanceUsageHours.filter((h) => h.region === 'us-east-1' && h.instanceType === 'm5.xlarge').map((h) => h.instances);
    expect(m5).toHaveLength(30 * 24);
    expect(Math.max(...m5)).toBeGreaterThan(Math.min(...m5));
    expect(mean(m5.slice(-168))).toBeGreaterThan(mean(m5.slice(0, 168)));
    expect(new Set(sample.billing.instanceUsageHours.map((h) => h.region))).toEqual(new Set(['us-east-1', 'us-west-2']));
  });
});

describe('determinism', () => {
  it('the same seed and options give an identical sample; another seed a different one', () => {
    const a = generateSampleCluster({ days: 2, seed: 7 });
    const b = generateSampleCluster({ days: 2, seed: 7 });
    const c = generateSampleCluster({ days: 2, seed: 8 });
    const fingerprint = (s: SampleCluster) => JSON.stringify([s.truth, s.pods, s.billing, s.usage.clusterSeries, s.usage.volumes]);
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(c)).not.toBe(fingerprint(a));
  });

  it('regenerates any one series alone, identically', () => {
    const s = generateSampleCluster({ days: 1 });
    const m = sampleModelOf(s);
    const pod = m.timeline.pods[7]!;
    const w = m.workloads[pod.workloadIndex]!;
    const one = generateContainerSeries(m.grid, w, w.containers[0]!, pod, m.timeline.hpaReplicas.get(pod.workloadIndex) ?? null);
    const again = generateContainerSeries(m.grid, w, w.containers[0]!, pod, m.timeline.hpaReplicas.get(pod.workloadIndex) ?? null);
    expect(Array.from(again.cpuCounter)).toEqual(Array.from(one.cpuCounter));
    expect(Array.from(again.memoryBytes)).toEqual(Array.from(one.memoryBytes));
  });

  it('keeps recent history the same whatever the window length (rollouts and growth anchored at the end)', () => {
    const short = generateSampleCluster({ days: 3 });
    expect(short.pods.filter((p) => p.workload === 'frontend' && p.endMs > short.endMs - DAY_SECONDS * 1000).map((p) => p.intermediateOwner).length).toBeGreaterThan(0);
    expect(truthOfIn(short, 'embeddings-api').historySeconds).toBe(truthOf('embeddings-api').historySeconds);
  });
});

function truthOfIn(s: SampleCluster, workload: string) {
  return s.truth.find((x) => x.ref.workload === workload)!;
}

describe('scaling for benchmarks', () => {
  it('scales the workload containers to the requested count with nodes to hold them', () => {
    const s = generateSampleCluster({ containers: 1000, days: 1, stepSeconds: 300 });
    const containers = s.inventory.reduce((n, w) => n + w.containers.length, 0);
    expect(containers).toBeGreaterThanOrEqual(1000);
    expect(containers).toBeLessThan(1010);
    expect(s.nodes.length).toBeGreaterThan(20);
    const req = s.usage.clusterSeries.find((x) => x.series === 'cluster=sample/cpu_requests_cores')!.points;
    const alloc = s.usage.clusterSeries.find((x) => x.series === 'cluster=sample/cpu_allocatable_cores')!.points;
    expect(req.at(-1)!.value).toBeLessThan(alloc.at(-1)!.value);
  });

  it('rejects options out of range with the option and the fix', () => {
    expect(() => generateSampleCluster({ days: 0 })).toThrow(InputError);
    expect(() => generateSampleCluster({ days: 0 })).toThrow(/days 0/);
    expect(() => generateSampleCluster({ stepSeconds: 7 })).toThrow(/step 7s/);
    expect(() => generateSampleCluster({ containers: -1 })).toThrow(/containers -1/);
  });
});
