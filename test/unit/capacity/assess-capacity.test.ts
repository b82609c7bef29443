import { describe, expect, it } from 'vitest';
import { assessCapacity, type CapacityInput, type Forecaster } from '../../../src/models/capacity/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import type { NamedSeries, NodeInfo } from '../../../src/domain/index.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const GIB = 1024 ** 3;
const days = 42;
const nowMs = Date.UTC(2026, 10, 16);
const startMs = nowMs - days * DAY_MS;

function hourly(name: string, value: (dayFloat: number, hourOfDay: number, i: number) => number): NamedSeries {
  const points = [];
  for (let i = 0; i < days * 24; i++) points.push({ timestampMs: startMs + i * HOUR_MS, value: value(i / 24, i % 24, i) });
  return { series: name, points };
}

/** Deterministic small noise in [-0.5, 0.5). */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

// CPU requests grow 0.5 core/day from 50 with a ±5 daily cycle (peak at 06:00): the daily peak on
// day d is 55.125 + 0.5·d, which reaches the 100-core allocatable on day 90 — 48 days after the
// last observed day 41, i.e. on 2027-01-03. Usage is flat; memory is flat at half of allocatable.
const requests = (d: number, h: number) => 50 + 0.5 * d + 5 * Math.sin((2 * Math.PI * h) / 24);
const series: NamedSeries[] = [];
for (const scope of ['cluster=synthetic', 'node_pool=m5.xlarge']) {
  series.push(hourly(`${scope}/cpu_allocatable_cores`, () => 100));
  series.push(hourly(`${scope}/cpu_requests_cores`, requests));
  series.push(hourly(`${scope}/cpu_usage_cores`, (_d, h, i) => 30 + 4 * Math.sin((2 * Math.PI * h) / 24) + noise(i)));
  series.push(hourly(`${scope}/memory_allocatable_bytes`, () => 400 * GIB));
  series.push(hourly(`${scope}/memory_requests_bytes`, () => 200 * GIB));
  series.push(hourly(`${scope}/memory_usage_bytes`, (_d, _h, i) => (150 + 2 * noise(i)) * GIB));
}
series.push(hourly('node_pool=m5.xlarge/nodes', () => 25));
series.push(hourly('namespace=shop/cpu_requests_cores', requests));
series.push(hourly('namespace=shop/cpu_usage_cores', () => 30));

const nodes: NodeInfo[] = Array.from({ length: 25 }, (_, i) => ({
  cluster: 'synthetic', node: `node-${i}`, instanceType: 'm5.xlarge', region: 'us-east-1', zone: 'us-east-1a', capacityType: 'on-demand',
  allocatableCpuCores: 4, allocatableMemoryBytes: 16 * GIB, nodePool: 'm5.xlarge',
}));

const input: CapacityInput = {
  cluster: 'synthetic', nowMs, clusterSeries: series, nodes,
  volumes: [{ cluster: 'synthetic', namespace: 'data', persistentVolumeClaim: 'pg-0', capacityBytes: 100 * GIB, usedBytes: 44 * GIB,
    history: Array.from({ length: 14 * 24 + 1 }, (_, i) => ({ timestampMs: nowMs - (14 * 24 - i) * HOUR_MS, value: 30 * GIB + (i / 24) * GIB })) }],
  dailyCosts: Array.from({ length: days }, (_, d) => ({ dayStartMs: startMs + d * DAY_MS, service: 'AmazonEC2', namespace: 'shop', costUsd: 100 })),
};

const ets: Forecaster = (s, r) => forecast(s, { ...r, method: 'ets' });

describe('capacity assessment of a synthetic cluster', () => {
  const { report, forecasts } = assessCapacity(input, ets, { runId: 'test', horizonWeeks: 13, targetUtilization: 0.75 });
  const cluster = report.scopes.find((s) => s.scope === 'cluster')!;
  const exhaustion = (metric: 'requests' | 'usage', kind: 'allocatable' | 'target') => cluster.cpu.exhaustion.find((e) => e.metric === metric && e.thresholdKind === kind)!;

  it('dates the growing requests crossing allocatable at the known day, inside the 80 % interval', () => {
    const e = exhaustion('requests', 'allocatable');
    const truthMs = Date.UTC(2027, 0, 3);
    expect(e.status).toBe('within-horizon');
    expect(Math.abs(e.expectedMs! - truthMs)).toBeLessThanOrEqual(2 * DAY_MS);
    expect(e.earliestMs!).toBeLessThanOrEqual(truthMs);
    expect(e.latestMs ?? Infinity).toBeGreaterThanOrEqual(truthMs);
    expect(e.daysUntil!).toBeGreaterThanOrEqual(46);
    expect(e.daysUntil!).toBeLessThanOrEqual(50);
    expect(e.sentence).toMatch(/^cluster synthetic runs out of CPU requests between \d{4}-\d\d-\d\d and /);
  });

  it('dates the crossing of the 75 % target earlier than the crossing of allocatable', () => {
    // 0.75 × 100 = 75 cores is reached on day 40 (55.125 + 0.5·40 = 75.125), i.e. before now: exhausted
    expect(exhaustion('requests', 'target').status).toBe('exhausted');
  });

  it('finds no exhaustion for flat usage and flat memory', () => {
    expect(exhaustion('usage', 'allocatable').status).toBe('not-within-horizon');
    for (const e of cluster.memory.exhaustion) expect(e.status).toBe('not-within-horizon');
  });

  it('reports requests and usage against allocatable now', () => {
    expect(cluster.cpu.allocatable).toBe(100);
    expect(cluster.cpu.requestsPeakNow).toBeCloseTo(55.125 + 0.5 * 41, 6);
    expect(cluster.memory.requestsRatio).toBeCloseTo(0.5, 12);
    expect(cluster.cpu.requestsForecast!.series).toBe('cluster=synthetic/cpu_requests_cores:daily_max');
  });

  it('sizes the node pool by bin arithmetic now and at the horizon', () => {
    const pool = report.scopes.find((s) => s.scope === 'node-pool')!;
    // now: ceil(75.625 / (4 × 0.75)) = 26 by CPU; memory needs ceil(200 / 12) = 17
    expect(pool.sizing).toMatchObject({ currentNodes: 25, nodesNeededNow: 26, bindingResource: 'cpu', nodeDeltaNow: 1 });
    // horizon (day 132): 55.125 + 66 = 121.125 cores → 41 nodes, within a node of the forecast
    expect(Math.abs(pool.sizing!.nodesNeededAtHorizon! - 41)).toBeLessThanOrEqual(1);
    expect(pool.sizing!.nodesNeededAtHorizonHi80!).toBeGreaterThanOrEqual(pool.sizing!.nodesNeededAtHorizon!);
  });

  it('keeps namespaces without allocatable and without exhaustion dates', () => {
    const ns = report.scopes.find((s) => s.scope === 'namespace')!;
    expect(ns.name).toBe('shop');
    expect(ns.cpu.allocatable).toBeNull();
    expect(ns.cpu.exhaustion).toEqual([]);
    expect(ns.memory.requestsForecast).toBeNull();
  });

  it('returns every forecast it made, named, with the horizon in days', () => {
    const names = forecasts.map((f) => f.series);
    expect(names).toContain('node_pool=m5.xlarge/memory_usage_bytes:daily_max');
    expect(names).toContain('cost/total:daily_usd');
    for (const f of forecasts.filter((x) => x.series.endsWith(':daily_max'))) expect(f.mean.length).toBe(91);
    expect(report.pvcs[0].expectedDate).toBe('2027-01-11');
    expect(report.warnings).toEqual([]);
  });

  it('never finds a crossing for flat usage with the default forecast method either', () => {
    const auto = assessCapacity(input, forecast, { runId: 'auto', horizonWeeks: 13, targetUtilization: 0.75 });
    const c = auto.report.scopes.find((s) => s.scope === 'cluster')!;
    expect(c.cpu.exhaustion.find((e) => e.metric === 'usage' && e.thresholdKind === 'allocatable')!.status).toBe('not-within-horizon');
    expect(c.memory.exhaustion.every((e) => e.status === 'not-within-horizon')).toBe(true);
  });
});
