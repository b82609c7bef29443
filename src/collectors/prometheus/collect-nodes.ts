/** Nodes at the window end from kube-state-metrics: labels (instance type, zone, capacity type, pool) and allocatable. */
import type { NodeInfo } from '../../domain/workload.js';
import { kubeStateMetricsLabelName, nodeFactsFromLabels, sourceLabels as L } from '../../domain/conventions.js';
import type { PrometheusClient } from './client.js';
import * as Q from './queries.js';

export async function collectNodes(client: PrometheusClient, scope: Q.QueryScope, windowSeconds: number, endMs: number, cluster: string): Promise<NodeInfo[]> {
  const q = Q.nodeQueries(scope, windowSeconds);
  const [labels, cpu, mem] = await Promise.all([
    client.query('node labels', q.labels, endMs),
    client.query('node allocatable CPU', q.allocatableCpu, endMs),
    client.query('node allocatable memory', q.allocatableMemory, endMs),
  ]);
  const cpuBy = new Map(cpu.map((r) => [r.metric[L.node]!, r.value]));
  const memBy = new Map(mem.map((r) => [r.metric[L.node]!, r.value]));
  const nodes = new Map<string, NodeInfo>();
  for (const { metric: m } of labels) {
    const node = m[L.node];
    if (!node || nodes.has(node)) continue;
    nodes.set(node, {
      cluster,
      node,
      ...nodeFactsFromLabels((key) => m[kubeStateMetricsLabelName(key)]),
      allocatableCpuCores: cpuBy.get(node) ?? 0,
      allocatableMemoryBytes: memBy.get(node) ?? 0,
    });
  }
  for (const node of cpuBy.keys()) {
    if (!nodes.has(node)) nodes.set(node, { cluster, node, instanceType: 'unknown', region: '', zone: '', capacityType: 'on-demand', allocatableCpuCores: cpuBy.get(node) ?? 0, allocatableMemoryBytes: memBy.get(node) ?? 0, nodePool: 'unknown' });
  }
  return [...nodes.values()].sort((a, b) => a.node.localeCompare(b.node));
}
