/**
 * Nodes a pool needs so that its pods' requests fit at the target utilisation. Bin arithmetic per
 * resource — ceil(requests / (node allocatable × target)) — and the larger of CPU and memory
 * decides. It ignores fragmentation (a pod larger than the free space of any node), so it is a
 * lower bound for real packing; DaemonSet requests scale with the count and are counted as is.
 */
import type { CapacityResource, NodePoolSizing } from '../../domain/capacity.js';

export interface NodePoolDemand {
  nodePool: string;
  instanceType: string;
  currentNodes: number;
  nodeCpuCores: number;
  nodeMemoryBytes: number;
  cpuRequestsCores: number;
  memoryRequestsBytes: number;
  /** Forecast requests at the horizon (mean and upper 80 %), when there is a forecast. */
  horizon: { cpuCores: number; memoryBytes: number; cpuCoresHi80: number; memoryBytesHi80: number } | null;
}

// 1e-9 of a node absorbs float noise (4 × 0.75 × … landing at 4.000000000001 must stay 4).
const EPSILON = 1e-9;

/** Nodes needed for `cpuCores` and `memoryBytes` of requests, and which resource decides. */
export function countNodesNeeded(cpuCores: number, memoryBytes: number, nodeCpuCores: number, nodeMemoryBytes: number, targetUtilization: number): { nodes: number; binding: CapacityResource } {
  const byCpu = nodeCpuCores > 0 ? Math.ceil(Math.max(0, cpuCores) / (nodeCpuCores * targetUtilization) - EPSILON) : 0;
  const byMemory = nodeMemoryBytes > 0 ? Math.ceil(Math.max(0, memoryBytes) / (nodeMemoryBytes * targetUtilization) - EPSILON) : 0;
  return byMemory > byCpu ? { nodes: byMemory, binding: 'memory' } : { nodes: byCpu, binding: 'cpu' };
}

export function sizeNodePool(d: NodePoolDemand, targetUtilization: number): NodePoolSizing {
  const now = countNodesNeeded(d.cpuRequestsCores, d.memoryRequestsBytes, d.nodeCpuCores, d.nodeMemoryBytes, targetUtilization);
  const atHorizon = d.horizon ? countNodesNeeded(d.horizon.cpuCores, d.horizon.memoryBytes, d.nodeCpuCores, d.nodeMemoryBytes, targetUtilization).nodes : null;
  const atHorizonHi = d.horizon ? countNodesNeeded(d.horizon.cpuCoresHi80, d.horizon.memoryBytesHi80, d.nodeCpuCores, d.nodeMemoryBytes, targetUtilization).nodes : null;
  return {
    nodePool: d.nodePool,
    instanceType: d.instanceType,
    currentNodes: d.currentNodes,
    nodeCpuCores: d.nodeCpuCores,
    nodeMemoryBytes: d.nodeMemoryBytes,
    targetUtilization,
    nodesNeededNow: now.nodes,
    nodesNeededAtHorizon: atHorizon,
    nodesNeededAtHorizonHi80: atHorizonHi,
    bindingResource: now.binding,
    nodeDeltaNow: now.nodes - d.currentNodes,
  };
}
