/**
 * Node usage (node-exporter) of a usage snapshot: one `node_usage` row per node. Saving replaces
 * the snapshot's rows inside the caller's transaction, so re-collecting a window stores it once.
 */
import type { NodeFilesystemUsage, NodeInstanceMapping, NodeUsage } from '../domain/usage.js';
import { decodeFloat64Blob, encodeFloat64Blob } from './float-blob.js';
import type { SqlParam, StoreQueries } from './store.js';
import { finiteOrNull, latestSnapshotWith } from './usage-repo.js';

const columns = [
  'snapshot_id', 'cluster', 'node', 'instance', 'mapped_by', 'cpu_count', 'cpu_p95_cores', 'cpu_max_cores', 'cpu_mean_cores',
  'memory_total_bytes', 'memory_p95_bytes', 'memory_peak_bytes', 'filesystems', 'history_start', 'history_step_seconds', 'cpu_mean_history', 'memory_peak_history',
];

/** Replaces the snapshot's node usage rows. Call inside store.transaction(). */
export async function saveNodeUsage(tx: StoreQueries, snapshotId: string, nodes: readonly NodeUsage[]): Promise<number> {
  await tx.run('DELETE FROM node_usage WHERE snapshot_id = $1', [snapshotId]);
  await tx.insertRows('node_usage', columns, nodes.map((n): SqlParam[] => [
    snapshotId, n.cluster, n.node, n.instance, n.mappedBy, finiteOrNull(n.cpuCount), finiteOrNull(n.cpuP95Cores), finiteOrNull(n.cpuMaxCores), finiteOrNull(n.cpuMeanCores),
    finiteOrNull(n.memoryTotalBytes), finiteOrNull(n.memoryP95Bytes), finiteOrNull(n.memoryPeakBytes), JSON.stringify(n.filesystems),
    n.history ? new Date(n.history.startMs) : null, n.history?.stepSeconds ?? null,
    n.history ? encodeFloat64Blob(n.history.cpuMeanCores) : null, n.history ? encodeFloat64Blob(n.history.memoryPeakBytes) : null,
  ]));
  return nodes.length;
}

const num = (v: unknown): number => (v === null || v === undefined ? Number.NaN : Number(v));

/** Node usage of one snapshot, ordered by node. */
export async function loadNodeUsage(q: StoreQueries, snapshotId: string): Promise<NodeUsage[]> {
  const rows = await q.all(`SELECT *, epoch_ms(history_start) AS history_start_ms FROM node_usage WHERE snapshot_id = $1 ORDER BY node`, [snapshotId]);
  return rows.map((r) => ({
    cluster: String(r.cluster), node: String(r.node), instance: String(r.instance), mappedBy: String(r.mapped_by) as NodeInstanceMapping,
    cpuCount: num(r.cpu_count), cpuP95Cores: num(r.cpu_p95_cores), cpuMaxCores: num(r.cpu_max_cores), cpuMeanCores: num(r.cpu_mean_cores),
    memoryTotalBytes: num(r.memory_total_bytes), memoryP95Bytes: num(r.memory_p95_bytes), memoryPeakBytes: num(r.memory_peak_bytes),
    filesystems: (typeof r.filesystems === 'string' ? JSON.parse(r.filesystems) : r.filesystems) as NodeFilesystemUsage[],
    history: r.history_start_ms === null || r.history_start_ms === undefined ? null : {
      startMs: Number(r.history_start_ms), stepSeconds: Number(r.history_step_seconds),
      cpuMeanCores: decodeFloat64Blob(r.cpu_mean_history as Uint8Array), memoryPeakBytes: decodeFloat64Blob(r.memory_peak_history as Uint8Array),
    },
  }));
}

/** Node usage of the newest snapshot that has some (optionally of one cluster); [] when none. */
export async function loadLatestNodeUsage(q: StoreQueries, cluster?: string): Promise<NodeUsage[]> {
  const snapshotId = await latestSnapshotWith(q, 'node_usage', cluster);
  return snapshotId === null ? [] : loadNodeUsage(q, snapshotId);
}
