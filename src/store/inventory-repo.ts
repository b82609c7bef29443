/**
 * Nodes and workload inventory of a snapshot (from Kubernetes, Prometheus or the sample). Rows hang
 * off `snapshots`; writers replace a snapshot's rows inside the caller's transaction.
 */
import type { HpaSpec, NodeInfo, ResourceSettings, WorkloadInventoryItem, WorkloadKind } from '../domain/workload.js';
import type { SqlParam, StoreQueries } from './store.js';
import { latestSnapshotWith } from './usage-repo.js';

/** Replaces the snapshot's node rows. Call inside store.transaction(). */
export async function saveNodes(tx: StoreQueries, snapshotId: string, nodes: NodeInfo[]): Promise<void> {
  await tx.run('DELETE FROM nodes WHERE snapshot_id = $1', [snapshotId]);
  await tx.insertRows('nodes', ['snapshot_id', 'cluster', 'node', 'instance_type', 'region', 'zone', 'capacity_type', 'node_pool', 'allocatable_cpu_cores', 'allocatable_memory_bytes'],
    nodes.map((n): SqlParam[] => [snapshotId, n.cluster, n.node, n.instanceType, n.region, n.zone, n.capacityType, n.nodePool, n.allocatableCpuCores, n.allocatableMemoryBytes]));
}

/** Replaces the snapshot's workload inventory rows. Call inside store.transaction(). */
export async function saveInventory(tx: StoreQueries, snapshotId: string, inventory: WorkloadInventoryItem[]): Promise<void> {
  await tx.run('DELETE FROM workload_inventory WHERE snapshot_id = $1', [snapshotId]);
  await tx.insertRows('workload_inventory', ['snapshot_id', 'cluster', 'namespace', 'workload_kind', 'workload', 'replicas', 'containers', 'hpa', 'has_vpa', 'labels'],
    inventory.map((w): SqlParam[] => [snapshotId, w.cluster, w.namespace, w.workloadKind, w.workload, w.replicas, JSON.stringify(w.containers), w.hpa ? JSON.stringify(w.hpa) : null, w.hasVpa, JSON.stringify(w.labels)]));
}

const parsed = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** Nodes of the newest snapshot that has nodes (optionally of one cluster); [] when none. */
export async function loadLatestNodes(q: StoreQueries, cluster?: string, atMs?: number): Promise<NodeInfo[]> {
  const snapshotId = await latestSnapshotWith(q, 'nodes', cluster, atMs);
  if (snapshotId === null) return [];
  const rows = await q.all('SELECT * FROM nodes WHERE snapshot_id = $1 ORDER BY node', [snapshotId]);
  return rows.map((r) => ({
    cluster: String(r.cluster), node: String(r.node), instanceType: String(r.instance_type), region: String(r.region), zone: String(r.zone),
    capacityType: r.capacity_type === 'spot' ? 'spot' : 'on-demand', nodePool: String(r.node_pool),
    allocatableCpuCores: Number(r.allocatable_cpu_cores), allocatableMemoryBytes: Number(r.allocatable_memory_bytes),
  }));
}

/** Workload inventory of the newest snapshot that has one (optionally of one cluster); [] when none. */
export async function loadLatestInventory(q: StoreQueries, cluster?: string, atMs?: number): Promise<WorkloadInventoryItem[]> {
  const snapshotId = await latestSnapshotWith(q, 'workload_inventory', cluster, atMs);
  if (snapshotId === null) return [];
  const rows = await q.all('SELECT * FROM workload_inventory WHERE snapshot_id = $1 ORDER BY namespace, workload_kind, workload', [snapshotId]);
  return rows.map((r) => ({
    cluster: String(r.cluster), namespace: String(r.namespace), workloadKind: String(r.workload_kind) as WorkloadKind, workload: String(r.workload),
    replicas: Number(r.replicas),
    containers: parsed<{ name: string; resources: ResourceSettings }[]>(r.containers),
    hpa: r.hpa === null || r.hpa === undefined ? null : parsed<HpaSpec>(r.hpa),
    hasVpa: Boolean(r.has_vpa),
    labels: r.labels === null || r.labels === undefined ? {} : parsed<Record<string, string>>(r.labels),
  }));
}
