import { describe, expect, it } from 'vitest';
import { createCostAllocator, groupAllocation, roundToTotalCents, type AllocationInput } from '../../../src/models/allocation/index.js';
import type { ContainerNodeHours, NodeHours } from '../../../src/domain/allocation.js';
import type { CostLineItem } from '../../../src/domain/cost.js';
import { GIB_BYTES } from '../../../src/domain/units.js';
import { defaultCpuToMemoryPriceRatio } from '../../../src/models/rightsizing/resource-pricing.js';

const start = Date.UTC(2026, 10, 2);
const hours = 24;
const end = start + hours * 3_600_000;

function node(name: string, instanceId: string, capacityType: 'on-demand' | 'spot'): NodeHours {
  return {
    cluster: 'c1', node: name, providerId: instanceId ? `aws:///us-east-1a/${instanceId}` : '', instanceType: 'm5.xlarge', region: 'us-east-1', capacityType, nodePool: capacityType === 'spot' ? 'spot' : 'general',
    cpuCores: 4, memoryBytes: 16 * GIB_BYTES, gpus: 0, capacityFrom: 'capacity', startMs: start, stepSeconds: 3600, up: new Float64Array(hours).fill(1),
  };
}

function line(partial: Partial<CostLineItem> & Pick<CostLineItem, 'effectiveCostUsd'>): CostLineItem {
  return {
    periodStartMs: start, periodEndMs: end, provider: 'AWS', service: 'AmazonEC2', region: 'us-east-1', instanceType: 'm5.xlarge', namespace: '', resourceId: '',
    billedCostUsd: partial.effectiveCostUsd, listCostUsd: 0.192 * 24, usageQuantity: 24, usageUnit: 'Hrs', pricingCategory: 'Standard', commitmentDiscountId: '', source: 'cur', ...partial,
  };
}

function container(namespace: string, workload: string, nodeName: string, cpu: { req: number; use: number }, memGib: { req: number; use: number }): ContainerNodeHours {
  const f = (v: number) => new Float64Array(hours).fill(v);
  return {
    ref: { cluster: 'c1', namespace, workloadKind: 'Deployment', workload, container: 'app' }, node: nodeName, startMs: start, stepSeconds: 3600,
    cpuRequestCores: f(cpu.req), cpuUsageCores: f(cpu.use), memoryRequestBytes: f(memGib.req * GIB_BYTES), memoryUsageBytes: f(memGib.use * GIB_BYTES), gpuRequest: null,
  };
}

// One cluster with an on-demand node, a node covered by a Reserved Instance (amortised at 62 % of
// on-demand) and a spot node billed without a resource ID; plus instances of the same type that
// ran outside the cluster, and S3.
const onDemandDay = 0.192 * 24;
const reservedDay = 0.11904 * 24;
const spotDay = 0.074 * 24;
const bill: CostLineItem[] = [
  line({ resourceId: 'i-0aaa', effectiveCostUsd: onDemandDay }),
  line({ resourceId: 'i-0bbb', effectiveCostUsd: reservedDay, billedCostUsd: 0, pricingCategory: 'Committed', commitmentDiscountId: 'arn:aws:ec2:us-east-1:1:reserved-instances/ri-1' }),
  line({ effectiveCostUsd: spotDay, pricingCategory: 'Dynamic' }),
  line({ effectiveCostUsd: 2 * onDemandDay, usageQuantity: 48 }),
  line({ service: 'AmazonS3', instanceType: '', usageUnit: 'GB-Mo', usageQuantity: 100, effectiveCostUsd: 5 }),
];

function input(extra: Partial<AllocationInput> = {}): AllocationInput {
  return {
    currency: 'USD', windowStartMs: start, windowEndMs: end, bill, prices: null, volumes: [],
    nodes: [node('od-1', 'i-0aaa', 'on-demand'), node('ri-1', 'i-0bbb', 'on-demand'), node('spot-1', 'i-0ccc', 'spot')],
    ...extra,
  };
}

describe('Cost allocation, OpenCost\'s method', () => {
  it('prices on-demand, RI-covered and spot nodes of one cluster at their effective rates', () => {
    const a = createCostAllocator(input());
    // A quarter of each node (1 of 4 cores, 4 of 16 GiB) requested all day, half of it used.
    a.add([container('shop', 'web', 'od-1', { req: 1, use: 0.5 }, { req: 4, use: 2 }), container('shop', 'api', 'ri-1', { req: 1, use: 0.5 }, { req: 4, use: 2 }), container('batch', 'jobs', 'spot-1', { req: 1, use: 0.5 }, { req: 4, use: 2 })]);
    const r = a.finish();
    const cost = (w: string) => { const c = r.containers.find((x) => x.ref.workload === w)!; return c.cpuUsd + c.memoryUsd; };
    expect(cost('web')).toBeCloseTo(onDemandDay / 4, 9);
    expect(cost('api')).toBeCloseTo(reservedDay / 4, 9);
    expect(cost('jobs')).toBeCloseTo(spotDay / 4, 9);
    expect(r.nodes.map((n) => n.pricedBy)).toEqual(['provider-id', 'provider-id', 'instance-type']);
    expect(r.nodes.find((n) => n.node === 'ri-1')!.idleUsd).toBeCloseTo(reservedDay * 0.75, 9);
    // The per-resource split keeps rightsizing's CPU:RAM price ratio.
    const web = r.containers.find((x) => x.ref.workload === 'web')!;
    expect((web.cpuUsd / web.cpuCoreHours) / (web.memoryUsd / web.memoryGibHours)).toBeCloseTo(defaultCpuToMemoryPriceRatio, 9);
    // Efficiency: usage priced at the same rates over what was paid.
    expect(web.usedUsd / (web.cpuUsd + web.memoryUsd)).toBeCloseTo(0.5, 9);
    // The outside instances and S3 stay unallocated, by service and reason.
    expect(r.unallocated).toEqual([
      { service: 'AmazonS3', reason: 'not-kubernetes', costUsd: 5 },
      { service: 'AmazonEC2', reason: 'instances-outside-cluster', costUsd: expect.closeTo(2 * onDemandDay, 9) },
    ]);
    const total = onDemandDay + reservedDay + spotDay + 2 * onDemandDay + 5;
    expect(r.totalUsd).toBeCloseTo(total, 9);
    expect(r.containers.reduce((s, c) => s + c.cpuUsd + c.memoryUsd, 0) + r.idleUsd + r.unallocatedUsd).toBeCloseTo(total, 9);
  });

  it('charges usage above the request, and requests above usage', () => {
    const a = createCostAllocator(input());
    a.add([container('shop', 'hot', 'od-1', { req: 1, use: 2 }, { req: 2, use: 4 })]);
    const c = a.finish().containers[0]!;
    expect(c.cpuCoreHours).toBeCloseTo(2 * 24, 9);
    expect(c.memoryGibHours).toBeCloseTo(4 * 24, 9);
    const ratio = defaultCpuToMemoryPriceRatio;
    expect(c.cpuUsd + c.memoryUsd).toBeCloseTo((onDemandDay * (2 * ratio + 4)) / (4 * ratio + 16), 9);
  });

  it('groups by namespace and reconciles allocations, idle and unallocated to the bill to the cent', () => {
    const a = createCostAllocator(input());
    a.add([container('shop', 'web', 'od-1', { req: 1, use: 0.5 }, { req: 4, use: 2 }), container('shop', 'api', 'ri-1', { req: 1, use: 0.5 }, { req: 4, use: 2 }), container('batch', 'jobs', 'spot-1', { req: 1, use: 0.5 }, { req: 4, use: 2 })]);
    const { report } = groupAllocation(a.finish(), { by: 'namespace' });
    expect(report.allocations.map((x) => x.key)).toEqual(['shop', 'batch']);
    const cents = (x: number) => Math.round(x * 100);
    const sum = report.allocations.reduce((s, x) => s + cents(x.totalUsd), 0) + cents(report.idleUsd) + cents(report.unallocatedUsd);
    expect(sum).toBe(cents(report.totalUsd));
    expect(cents(report.totalUsd)).toBe(Math.round((onDemandDay + reservedDay + spotDay + 2 * onDemandDay + 5) * 100));
    for (const x of report.allocations) expect(cents(x.totalUsd)).toBe(cents(x.cpuUsd) + cents(x.memoryUsd) + cents(x.storageUsd) + cents(x.gpuUsd) + cents(x.sharedUsd));
    expect(report.allocations[0]!.efficiency).toBe(0.5);
  });

  it('spreads shared namespaces over the others in proportion to their cost', () => {
    const a = createCostAllocator(input());
    a.add([container('shop', 'web', 'od-1', { req: 1, use: 1 }, { req: 4, use: 4 }), container('batch', 'jobs', 'od-1', { req: 0.5, use: 0.5 }, { req: 2, use: 2 }), container('kube-system', 'dns', 'od-1', { req: 0.5, use: 0.5 }, { req: 2, use: 2 })]);
    const { report } = groupAllocation(a.finish(), { by: 'namespace', sharedNamespaces: ['kube-system'] });
    expect(report.allocations.map((x) => x.key)).toEqual(['shop', 'batch']);
    const dns = onDemandDay / 8;
    expect(report.allocations[0]!.sharedUsd).toBeCloseTo((dns * 2) / 3, 2);
    expect(report.allocations[1]!.sharedUsd).toBeCloseTo(dns / 3, 2);
  });

  it('groups by a pod label, falling back to the namespace\'s label', () => {
    const a = createCostAllocator(input());
    a.add([container('shop', 'web', 'od-1', { req: 1, use: 1 }, { req: 4, use: 4 }), container('shop', 'api', 'od-1', { req: 1, use: 1 }, { req: 4, use: 4 }), container('batch', 'jobs', 'od-1', { req: 1, use: 1 }, { req: 4, use: 4 })]);
    const labels = [
      { cluster: 'c1', namespace: 'shop', workloadKind: null, workload: null, labels: { team: 'storefront' } },
      { cluster: 'c1', namespace: 'shop', workloadKind: 'Deployment' as const, workload: 'api', labels: { team: 'platform' } },
    ];
    const { report } = groupAllocation(a.finish(), { by: 'label:team', labels });
    expect(report.allocations.map((x) => [x.key, x.totalUsd])).toEqual([['(no team label)', 1.15], ['platform', 1.15], ['storefront', 1.15]]);
  });

  it('prices nodes from the price list when no bill is imported', () => {
    const prices = { currency: 'USD', date: '2026-11-01', label: 'test', instances: [{ region: 'us-east-1', instanceType: 'm5.xlarge', onDemandHourlyUsd: 0.2, reserved: [], savingsPlans: [], vcpu: 4, memoryGiB: 16 }] };
    const a = createCostAllocator(input({ bill: null, prices }));
    a.add([container('shop', 'web', 'od-1', { req: 2, use: 1 }, { req: 8, use: 4 })]);
    const r = a.finish();
    expect(r.priceSource).toBe('price-list');
    expect(r.totalUsd).toBeCloseTo(3 * 0.2 * 24, 9);
    expect(r.containers[0]!.cpuUsd + r.containers[0]!.memoryUsd).toBeCloseTo(0.1 * 24, 9);
    expect(r.unallocatedUsd).toBe(0);
    expect(r.notes.some((n) => n.includes('spot nodes are priced at the on-demand list price'))).toBe(true);
  });
});

describe('GPU nodes', () => {
  it('take the GPU price out of the node\'s price first and charge it to the containers that request GPUs', () => {
    const gpuNode: NodeHours = { ...node('gpu-1', 'i-0ddd', 'on-demand'), instanceType: 'p3.2xlarge', cpuCores: 8, memoryBytes: 61 * GIB_BYTES, gpus: 1 };
    const gpuDay = 3.06 * 24;
    const a = createCostAllocator(input({ nodes: [gpuNode], bill: [line({ instanceType: 'p3.2xlarge', resourceId: 'i-0ddd', effectiveCostUsd: gpuDay })], settings: { gpuHourUsd: 0.95 } }));
    const train = { ...container('ml', 'train', 'gpu-1', { req: 4, use: 4 }, { req: 30.5, use: 30.5 }), gpuRequest: new Float64Array(hours).fill(1) };
    a.add([train]);
    const r = a.finish();
    const c = r.containers[0]!;
    expect(c.gpuUsd).toBeCloseTo(0.95 * 24, 9);
    // Half the cores and half the memory: half of what is left after the GPU.
    expect(c.cpuUsd + c.memoryUsd).toBeCloseTo((gpuDay - 0.95 * 24) / 2, 9);
    const { report } = groupAllocation(r, { by: 'namespace' });
    expect(report.allocations[0]!.gpuUsd).toBe(22.8);
  });
});

describe('Rounding to the cent', () => {
  it('makes the rounded parts add up to the rounded total', () => {
    const parts = [1 / 3, 1 / 3, 1 / 3, 0.005, 2.675];
    const cents = roundToTotalCents(parts, parts.reduce((a, b) => a + b, 0));
    expect(cents.reduce((a, b) => a + b, 0)).toBe(Math.round(parts.reduce((a, b) => a + b, 0) * 100));
    expect(cents).toEqual([33, 33, 33, 1, 268]);
  });
});
