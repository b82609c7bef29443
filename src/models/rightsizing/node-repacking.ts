/**
 * Node repacking: how many nodes today's requests need versus the recommended ones, by
 * first-fit decreasing on two dimensions (CPU and memory). DaemonSet pods run on every node, so
 * their requests come off every node's allocatable before anything is placed. Both packings use
 * the same algorithm and instance types, so the difference is the rightsizing's effect, not the
 * packer's.
 */
import type { ContainerRecommendation, NodePoolRepacking, NodeRepackingResult } from '../../domain/recommendation.js';
import type { NodeInfo } from '../../domain/workload.js';
import { HOURS_PER_MONTH } from '../../domain/units.js';
import type { InstanceTypePrice } from './resource-pricing.js';

export interface PackPod {
  name: string;
  cpuCores: number;
  memoryBytes: number;
}

export interface InstanceShape {
  instanceType: string;
  allocatableCpuCores: number;
  allocatableMemoryBytes: number;
}

interface OpenNode {
  shape: InstanceShape;
  freeCpuCores: number;
  freeMemoryBytes: number;
}

export interface PackResult {
  nodesByType: Map<string, number>;
  unplaceable: string[];
}

/**
 * Places `pods` first-fit decreasing (by their larger share of a node) onto nodes opened from
 * `shapes`: new nodes are of `preferred` when the pod fits there, else the smallest shape it fits.
 */
export function packFirstFitDecreasing(pods: readonly PackPod[], shapes: readonly InstanceShape[], preferred: InstanceShape, daemonSet: { cpuCores: number; memoryBytes: number }): PackResult {
  const usable = (s: InstanceShape) => ({ cpu: s.allocatableCpuCores - daemonSet.cpuCores, memory: s.allocatableMemoryBytes - daemonSet.memoryBytes });
  const bySize = [...shapes].sort((a, b) => a.allocatableCpuCores - b.allocatableCpuCores || a.allocatableMemoryBytes - b.allocatableMemoryBytes);
  const share = (p: PackPod) => Math.max(p.cpuCores / preferred.allocatableCpuCores, p.memoryBytes / preferred.allocatableMemoryBytes);
  const sorted = [...pods].sort((a, b) => share(b) - share(a) || a.name.localeCompare(b.name));
  const open: OpenNode[] = [];
  const unplaceable: string[] = [];
  const eps = 1e-9;
  for (const pod of sorted) {
    let placed = false;
    for (const node of open) {
      if (node.freeCpuCores + eps >= pod.cpuCores && node.freeMemoryBytes + eps >= pod.memoryBytes) {
        node.freeCpuCores -= pod.cpuCores;
        node.freeMemoryBytes -= pod.memoryBytes;
        placed = true;
        break;
      }
    }
    if (placed) continue;
    const fits = (s: InstanceShape) => usable(s).cpu + eps >= pod.cpuCores && usable(s).memory + eps >= pod.memoryBytes;
    const shape = fits(preferred) ? preferred : bySize.find(fits);
    if (!shape) {
      unplaceable.push(pod.name);
      continue;
    }
    const u = usable(shape);
    open.push({ shape, freeCpuCores: u.cpu - pod.cpuCores, freeMemoryBytes: u.memory - pod.memoryBytes });
  }
  const nodesByType = new Map<string, number>();
  for (const n of open) nodesByType.set(n.shape.instanceType, (nodesByType.get(n.shape.instanceType) ?? 0) + 1);
  return { nodesByType, unplaceable };
}

function requestsOf(rec: ContainerRecommendation, which: 'current' | 'recommended'): { cpuCores: number; memoryBytes: number } {
  // Containers without a recommendation keep today's requests in the "after" packing.
  const s = which === 'recommended' && rec.status === 'recommended' ? rec.recommended : rec.current;
  return { cpuCores: s.cpuRequestCores ?? s.cpuLimitCores ?? 0, memoryBytes: s.memoryRequestBytes ?? s.memoryLimitBytes ?? 0 };
}

/** Pods per workload (containers summed), replicas rounded; DaemonSet requests summed separately. */
function buildPods(recommendations: readonly ContainerRecommendation[], which: 'current' | 'recommended'): { pods: PackPod[]; daemonSet: { cpuCores: number; memoryBytes: number } } {
  const workloads = new Map<string, { replicas: number; cpuCores: number; memoryBytes: number; kind: string }>();
  for (const rec of recommendations) {
    const key = `${rec.ref.namespace}/${rec.ref.workloadKind}/${rec.ref.workload}`;
    const r = requestsOf(rec, which);
    const w = workloads.get(key) ?? { replicas: rec.replicas, cpuCores: 0, memoryBytes: 0, kind: rec.ref.workloadKind };
    w.cpuCores += r.cpuCores;
    w.memoryBytes += r.memoryBytes;
    w.replicas = Math.max(w.replicas, rec.replicas);
    workloads.set(key, w);
  }
  const pods: PackPod[] = [];
  const daemonSet = { cpuCores: 0, memoryBytes: 0 };
  for (const [key, w] of workloads) {
    if (w.kind === 'DaemonSet') {
      daemonSet.cpuCores += w.cpuCores;
      daemonSet.memoryBytes += w.memoryBytes;
      continue;
    }
    const replicas = Math.round(w.replicas);
    for (let i = 0; i < replicas; i++) pods.push({ name: `${key}#${i}`, cpuCores: w.cpuCores, memoryBytes: w.memoryBytes });
  }
  return { pods, daemonSet };
}

export interface RepackInput {
  nodes: readonly NodeInfo[];
  recommendations: readonly ContainerRecommendation[];
  prices: ReadonlyMap<string, InstanceTypePrice>;
}

export function repackNodes(input: RepackInput): NodeRepackingResult {
  const counts = new Map<string, number>();
  const shapes = new Map<string, InstanceShape>();
  for (const n of input.nodes) {
    counts.set(n.instanceType, (counts.get(n.instanceType) ?? 0) + 1);
    const s = shapes.get(n.instanceType);
    // The smallest allocatable seen for a type: a pod must fit on any node of it.
    if (!s) shapes.set(n.instanceType, { instanceType: n.instanceType, allocatableCpuCores: n.allocatableCpuCores, allocatableMemoryBytes: n.allocatableMemoryBytes });
    else {
      s.allocatableCpuCores = Math.min(s.allocatableCpuCores, n.allocatableCpuCores);
      s.allocatableMemoryBytes = Math.min(s.allocatableMemoryBytes, n.allocatableMemoryBytes);
    }
  }
  const preferredType = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const preferred = shapes.get(preferredType)!;
  const shapeList = [...shapes.values()];
  const now = buildPods(input.recommendations, 'current');
  const after = buildPods(input.recommendations, 'recommended');
  const packedNow = packFirstFitDecreasing(now.pods, shapeList, preferred, now.daemonSet);
  const packedAfter = packFirstFitDecreasing(after.pods, shapeList, preferred, after.daemonSet);

  const types = [...new Set([...counts.keys(), ...packedNow.nodesByType.keys(), ...packedAfter.nodesByType.keys()])].sort();
  const pools: NodePoolRepacking[] = types.map((t) => ({
    instanceType: t,
    nodesNow: counts.get(t) ?? 0,
    nodesAfter: packedAfter.nodesByType.get(t) ?? 0,
    hourlyPriceUsd: input.prices.get(t)?.hourlyUsd ?? null,
  }));
  const cost = (byType: Map<string, number>): number | null => {
    let sum = 0;
    for (const [t, c] of byType) {
      const p = input.prices.get(t);
      if (!p) return null;
      sum += p.hourlyUsd * c * HOURS_PER_MONTH;
    }
    return Math.round(sum * 100) / 100;
  };
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const costNow = cost(packedNow.nodesByType);
  const costAfter = cost(packedAfter.nodesByType);
  const notes = [
    `first-fit decreasing on CPU and memory requests; new nodes are ${preferredType} (the largest pool) unless a pod only fits elsewhere`,
    `DaemonSet requests per node: ${now.daemonSet.cpuCores.toFixed(3)} cores / ${(now.daemonSet.memoryBytes / 2 ** 30).toFixed(2)} GiB now, ${after.daemonSet.cpuCores.toFixed(3)} cores / ${(after.daemonSet.memoryBytes / 2 ** 30).toFixed(2)} GiB after`,
    'savings compare the packing of today\'s requests with the packing of the recommended ones (both ideal), not the nodes running now',
  ];
  return {
    nodesNow: input.nodes.length,
    nodesNeededCurrent: sum(packedNow.nodesByType),
    nodesAfter: sum(packedAfter.nodesByType),
    pools,
    monthlyCostNowUsd: costNow,
    monthlyCostAfterUsd: costAfter,
    monthlySavingsUsd: costNow === null || costAfter === null ? null : Math.round((costNow - costAfter) * 100) / 100,
    unplaceable: [...new Set([...packedNow.unplaceable, ...packedAfter.unplaceable])],
    notes,
  };
}
