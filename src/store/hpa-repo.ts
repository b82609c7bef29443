/** HPAs of a usage snapshot (`workload_hpas`); saving replaces the snapshot's rows inside the caller's transaction. */
import type { WorkloadHpa } from '../domain/usage.js';
import type { HpaSpec, WorkloadKind } from '../domain/workload.js';
import type { SqlParam, StoreQueries } from './store.js';

/** Replaces the snapshot's HPAs. Call inside store.transaction(). */
export async function saveWorkloadHpas(tx: StoreQueries, snapshotId: string, hpas: readonly WorkloadHpa[]): Promise<number> {
  await tx.run('DELETE FROM workload_hpas WHERE snapshot_id = $1', [snapshotId]);
  await tx.insertRows('workload_hpas', ['snapshot_id', 'cluster', 'namespace', 'workload_kind', 'workload', 'hpa_name', 'hpa'],
    hpas.map((h): SqlParam[] => [snapshotId, h.cluster, h.namespace, h.workloadKind, h.workload, h.hpaName, JSON.stringify(h.hpa)]));
  return hpas.length;
}

/** HPAs of one snapshot, ordered by namespace and HPA name. */
export async function loadWorkloadHpas(q: StoreQueries, snapshotId: string): Promise<WorkloadHpa[]> {
  const rows = await q.all('SELECT * FROM workload_hpas WHERE snapshot_id = $1 ORDER BY namespace, hpa_name', [snapshotId]);
  return rows.map((r) => ({
    cluster: String(r.cluster), namespace: String(r.namespace), workloadKind: String(r.workload_kind) as WorkloadKind, workload: String(r.workload), hpaName: String(r.hpa_name),
    hpa: (typeof r.hpa === 'string' ? JSON.parse(r.hpa) : r.hpa) as HpaSpec,
  }));
}
