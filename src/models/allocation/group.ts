/**
 * From a CostAllocation (per container and node) to the DESIGN.md "Allocation" contract grouped by
 * one key, the way OpenCost's `aggregate` and `shareNamespaces` work:
 *
 *   key each container-on-node and each PVC ─► spread shared namespaces' cost over the other keys
 *   in proportion to their own cost ─► sum per key ─► round every figure to the cent so that
 *   allocations + idle + unallocated = the total exactly (largest remainder).
 */
import type { AllocationBy, AllocationEntry, AllocationLabels, AllocationReport } from '../../domain/allocation.js';
import type { ContainerRef } from '../../domain/workload.js';
import type { CostAllocation } from './allocate.js';

export interface GroupOptions {
  by: AllocationBy;
  /** Pod (workload) and namespace labels, for `label:KEY`. */
  labels?: readonly AllocationLabels[];
  /** Namespaces whose cost is spread over the others (OpenCost's shared namespaces); default none. */
  sharedNamespaces?: readonly string[];
}

export interface GroupedAllocation {
  report: AllocationReport;
  /** Per key, cost per day of the window (own + shared), for trends and week-over-week movers. */
  dailyUsd: Map<string, Float64Array>;
}

/** Key of PVC costs when grouping by node or node pool: volumes are no node's. */
export const volumesKey = '(persistent volumes)';

interface Item {
  key: string;
  namespace: string;
  cpuUsd: number;
  memoryUsd: number;
  gpuUsd: number;
  storageUsd: number;
  usedUsd: number;
  dailyUsd: Float64Array;
}

/** `label:team` → `(no team label)` for costs whose pods and namespace carry no such label. */
export function missingLabelKey(label: string): string {
  return `(no ${label} label)`;
}

export function workloadKeyOf(ref: Pick<ContainerRef, 'namespace' | 'workloadKind' | 'workload'>): string {
  return `${ref.namespace}/${ref.workloadKind}/${ref.workload}`;
}

export function groupAllocation(a: CostAllocation, options: GroupOptions): GroupedAllocation {
  const by = options.by;
  const labelName = by.startsWith('label:') ? by.slice('label:'.length) : null;
  const podLabels = new Map<string, Record<string, string>>();
  const namespaceLabels = new Map<string, Record<string, string>>();
  for (const l of options.labels ?? []) {
    if (l.workload === null) namespaceLabels.set(`${l.cluster}\u0000${l.namespace}`, l.labels);
    else podLabels.set(`${l.cluster}\u0000${l.namespace}\u0000${l.workloadKind}\u0000${l.workload}`, l.labels);
  }
  const labelOf = (cluster: string, namespace: string, kind: string | null, workload: string | null): string => {
    const fromPod = kind && workload ? podLabels.get(`${cluster}\u0000${namespace}\u0000${kind}\u0000${workload}`)?.[labelName!] : undefined;
    return fromPod ?? namespaceLabels.get(`${cluster}\u0000${namespace}`)?.[labelName!] ?? missingLabelKey(labelName!);
  };
  const containerKeyOf = (c: CostAllocation['containers'][number]): string => {
    switch (by) {
      case 'namespace': return c.ref.namespace;
      case 'workload': return workloadKeyOf(c.ref);
      case 'container': return `${workloadKeyOf(c.ref)}/${c.ref.container}`;
      case 'node': return c.node;
      case 'node-pool': return c.nodePool;
      case 'cluster': return c.ref.cluster;
      default: return labelOf(c.ref.cluster, c.ref.namespace, c.ref.workloadKind, c.ref.workload);
    }
  };
  const volumeKeyOf = (v: CostAllocation['volumes'][number]): string => {
    const owner = v.workload ? `${v.namespace}/StatefulSet/${v.workload}` : `${v.namespace}/PersistentVolumeClaim/${v.persistentVolumeClaim}`;
    switch (by) {
      case 'namespace': return v.namespace;
      case 'workload': return owner;
      case 'container': return `${owner}/(volumes)`;
      case 'node': case 'node-pool': return volumesKey;
      case 'cluster': return v.cluster;
      default: return labelOf(v.cluster, v.namespace, v.workload ? 'StatefulSet' : null, v.workload);
    }
  };
  const days = a.containers[0]?.dailyUsd.length ?? a.volumes[0]?.dailyUsd.length ?? a.nodes[0]?.dailyIdleUsd.length ?? 1;
  const items: Item[] = [
    ...a.containers.map((c) => ({ key: containerKeyOf(c), namespace: c.ref.namespace, cpuUsd: c.cpuUsd, memoryUsd: c.memoryUsd, gpuUsd: c.gpuUsd, storageUsd: 0, usedUsd: c.usedUsd, dailyUsd: c.dailyUsd })),
    ...a.volumes.map((v) => ({ key: volumeKeyOf(v), namespace: v.namespace, cpuUsd: 0, memoryUsd: 0, gpuUsd: 0, storageUsd: v.storageUsd, usedUsd: 0, dailyUsd: v.dailyUsd })),
  ];

  const shared = new Set(options.sharedNamespaces ?? []);
  const own = items.filter((i) => !shared.has(i.namespace));
  const spread = own.length > 0 && own.length < items.length;
  const sharedItems = spread ? items.filter((i) => shared.has(i.namespace)) : [];
  const sharedTotal = sharedItems.reduce((s, i) => s + i.cpuUsd + i.memoryUsd + i.gpuUsd + i.storageUsd, 0);
  const sharedDaily = new Float64Array(days);
  for (const i of sharedItems) for (let d = 0; d < days; d++) sharedDaily[d]! += i.dailyUsd[d] ?? 0;

  interface Acc { cpu: number; memory: number; gpu: number; storage: number; used: number; own: number; daily: Float64Array }
  const groups = new Map<string, Acc>();
  for (const i of spread ? own : items) {
    const g = groups.get(i.key) ?? { cpu: 0, memory: 0, gpu: 0, storage: 0, used: 0, own: 0, daily: new Float64Array(days) };
    g.cpu += i.cpuUsd;
    g.memory += i.memoryUsd;
    g.gpu += i.gpuUsd;
    g.storage += i.storageUsd;
    g.used += i.usedUsd;
    g.own += i.cpuUsd + i.memoryUsd + i.gpuUsd + i.storageUsd;
    for (let d = 0; d < days; d++) g.daily[d]! += i.dailyUsd[d] ?? 0;
    groups.set(i.key, g);
  }
  const ownTotal = [...groups.values()].reduce((s, g) => s + g.own, 0);
  const keys = [...groups.keys()];
  const sharedOf = (g: Acc) => (spread && ownTotal > 0 ? (sharedTotal * g.own) / ownTotal : 0);

  // Every figure, then idle and unallocated, rounded together to the total's cents.
  const raw: number[] = [];
  for (const k of keys) {
    const g = groups.get(k)!;
    raw.push(g.cpu, g.memory, g.storage, g.gpu, sharedOf(g));
  }
  raw.push(a.idleUsd, a.unallocatedUsd);
  const cents = roundToTotalCents(raw, a.totalUsd);
  const money = (c: number) => c / 100;

  const allocations: AllocationEntry[] = keys.map((key, i) => {
    const g = groups.get(key)!;
    const [cpu, memory, storage, gpu, sharedC] = cents.slice(i * 5, i * 5 + 5) as [number, number, number, number, number];
    const paid = g.cpu + g.memory + g.gpu;
    return {
      key, cpuUsd: money(cpu), memoryUsd: money(memory), storageUsd: money(storage), gpuUsd: money(gpu), sharedUsd: money(sharedC),
      totalUsd: money(cpu + memory + storage + gpu + sharedC),
      efficiency: paid > 0 ? Math.round((g.used / paid) * 10_000) / 10_000 : null,
    };
  }).sort((x, y) => y.totalUsd - x.totalUsd || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));

  const dailyUsd = new Map<string, Float64Array>();
  for (const k of keys) {
    const g = groups.get(k)!;
    const share = spread && ownTotal > 0 ? g.own / ownTotal : 0;
    const daily = new Float64Array(days);
    for (let d = 0; d < days; d++) daily[d] = g.daily[d]! + sharedDaily[d]! * share;
    dailyUsd.set(k, daily);
  }
  const n = cents.length;
  return {
    report: {
      currency: a.currency,
      windowStart: new Date(a.windowStartMs).toISOString(),
      windowEnd: new Date(a.windowEndMs).toISOString(),
      totalUsd: money(cents.reduce((s, c) => s + c, 0)),
      idleUsd: money(cents[n - 2]!),
      unallocatedUsd: money(cents[n - 1]!),
      allocations,
    },
    dailyUsd,
  };
}

/**
 * Rounds `values` to whole cents so that they add up to `totalUsd` rounded to the cent: each is
 * floored, then the cents still missing go to the largest remainders (Hamilton's method). Float
 * noise beyond a cent per value lands on the largest value.
 */
export function roundToTotalCents(values: readonly number[], totalUsd: number): number[] {
  const target = Math.round(totalUsd * 100);
  const scaled = values.map((v) => v * 100);
  const floors = scaled.map((v) => Math.floor(v + 1e-9));
  let missing = target - floors.reduce((s, c) => s + c, 0);
  const order = scaled.map((v, i) => ({ i, rest: v - floors[i]! })).sort((x, y) => y.rest - x.rest || x.i - y.i);
  for (let k = 0; k < order.length && missing > 0 && missing <= order.length; k++, missing--) floors[order[k]!.i]! += 1;
  if (missing !== 0 && floors.length > 0) {
    let largest = 0;
    for (let i = 1; i < scaled.length; i++) if (Math.abs(scaled[i]!) > Math.abs(scaled[largest]!)) largest = i;
    floors[largest]! += missing;
  }
  return floors;
}
