/**
 * Hourly per-container usage histories of a usage snapshot (`container_usage_history`). Saving
 * replaces the snapshot's rows inside the caller's transaction; series are float64 BLOBs.
 */
import type { ContainerUsageHistory } from '../domain/usage.js';
import type { WorkloadKind } from '../domain/workload.js';
import { decodeFloat64Blob, encodeFloat64Blob } from './float-blob.js';
import type { SqlParam, StoreQueries } from './store.js';

const columns = ['snapshot_id', 'cluster', 'namespace', 'workload_kind', 'workload', 'container', 'history_start', 'step_seconds', 'cpu_mean_cores', 'cpu_max_cores', 'memory_peak_bytes', 'pods'];

/** Replaces the snapshot's histories. Call inside store.transaction(). */
export async function saveUsageHistories(tx: StoreQueries, snapshotId: string, histories: readonly ContainerUsageHistory[]): Promise<number> {
  await tx.run('DELETE FROM container_usage_history WHERE snapshot_id = $1', [snapshotId]);
  await tx.insertRows('container_usage_history', columns, histories.map((h): SqlParam[] => [
    snapshotId, h.ref.cluster, h.ref.namespace, h.ref.workloadKind, h.ref.workload, h.ref.container, new Date(h.startMs), h.stepSeconds,
    encodeFloat64Blob(h.cpuMeanCores), encodeFloat64Blob(h.cpuMaxCores), encodeFloat64Blob(h.memoryPeakBytes), encodeFloat64Blob(h.pods),
  ]));
  return histories.length;
}

/** Histories of one snapshot, ordered by namespace, kind, workload, container. */
export async function loadUsageHistories(q: StoreQueries, snapshotId: string): Promise<ContainerUsageHistory[]> {
  const rows = await q.all(
    `SELECT *, epoch_ms(history_start) AS start_ms FROM container_usage_history WHERE snapshot_id = $1
     ORDER BY namespace, workload_kind, workload, container`, [snapshotId]);
  return rows.map((r) => ({
    ref: { cluster: String(r.cluster), namespace: String(r.namespace), workloadKind: String(r.workload_kind) as WorkloadKind, workload: String(r.workload), container: String(r.container) },
    startMs: Number(r.start_ms), stepSeconds: Number(r.step_seconds),
    cpuMeanCores: decodeFloat64Blob(r.cpu_mean_cores as Uint8Array), cpuMaxCores: decodeFloat64Blob(r.cpu_max_cores as Uint8Array),
    memoryPeakBytes: decodeFloat64Blob(r.memory_peak_bytes as Uint8Array), pods: decodeFloat64Blob(r.pods as Uint8Array),
  }));
}
