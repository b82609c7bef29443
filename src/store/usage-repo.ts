/**
 * Usage snapshots: one `snapshots` row per collection plus its per-container summaries, nodes and
 * (optionally) the workload inventory. Saving is idempotent per snapshot id (delete, then insert,
 * inside the caller's transaction), so re-collecting the same window replaces it.
 */
import type { ContainerUsageSummary, WorkloadUsageCollection } from '../domain/usage.js';
import type { WorkloadInventoryItem, WorkloadKind } from '../domain/workload.js';
import type { SqlParam, StoreQueries } from './store.js';
import { saveInventory, saveNodes } from './inventory-repo.js';
import { saveNodeUsage } from './node-usage-repo.js';
import { saveUsageHistories } from './usage-history-repo.js';
import { saveWorkloadHpas } from './hpa-repo.js';
import { saveAllocationInputs } from './allocation-repo.js';

export interface UsageSnapshotMeta {
  /** Deterministic id (source + cluster + window), e.g. `sample/sample/2026-10-17/2026-11-16`. */
  snapshotId: string;
  /** 'prometheus', 'kubernetes', 'sample', … */
  source: string;
  collectedAtMs: number;
}

const summaryColumns = [
  'snapshot_id', 'cluster', 'namespace', 'workload_kind', 'workload', 'container', 'window_start', 'window_end', 'history_seconds', 'sample_count',
  'cpu_p50_cores', 'cpu_p90_cores', 'cpu_p95_cores', 'cpu_p99_cores', 'cpu_max_cores', 'memory_p95_bytes', 'memory_peak_bytes', 'cpu_throttling_ratio',
  'oom_kills', 'restarts', 'oom_killed_at_memory_limit_bytes', 'cpu_request_cores', 'cpu_limit_cores', 'memory_request_bytes', 'memory_limit_bytes',
  'replicas_avg', 'replicas_max',
];

/** A deterministic snapshot id for a collection: source, cluster and window (ISO dates to the second). */
export function usageSnapshotId(source: string, cluster: string, windowStartMs: number, windowEndMs: number): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  return `${source}/${cluster}/${iso(windowStartMs)}/${iso(windowEndMs)}`;
}

/** NaN and ±Infinity (figures not computed or undefined) are stored as NULL. */
export const finiteOrNull = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : v);

/** Replaces the snapshot's rows with this collection (and inventory). Call inside store.transaction(). */
export async function saveUsageCollection(tx: StoreQueries, meta: UsageSnapshotMeta, collection: WorkloadUsageCollection, inventory?: WorkloadInventoryItem[]): Promise<{ summaries: number; nodes: number; workloads: number; nodeUsage: number; histories: number; hpas: number }> {
  for (const table of ['usage_snapshots', 'nodes', 'workload_inventory', 'snapshots']) await tx.run(`DELETE FROM ${table} WHERE snapshot_id = $1`, [meta.snapshotId]);
  await tx.run(
    'INSERT INTO snapshots (snapshot_id, source, cluster, window_start, window_end, collected_at, status, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [meta.snapshotId, meta.source, collection.cluster, new Date(collection.windowStartMs), new Date(collection.windowEndMs), new Date(meta.collectedAtMs),
      collection.warnings.length > 0 ? 'partial' : 'complete', JSON.stringify({ warnings: collection.warnings, stats: collection.stats })],
  );
  const rows = collection.summaries.map((s): SqlParam[] => [
    meta.snapshotId, s.ref.cluster, s.ref.namespace, s.ref.workloadKind, s.ref.workload, s.ref.container, new Date(s.windowStartMs), new Date(s.windowEndMs),
    s.historySeconds, s.sampleCount,
    finiteOrNull(s.cpuP50Cores), finiteOrNull(s.cpuP90Cores), finiteOrNull(s.cpuP95Cores), finiteOrNull(s.cpuP99Cores), finiteOrNull(s.cpuMaxCores),
    finiteOrNull(s.memoryP95Bytes), finiteOrNull(s.memoryPeakBytes), finiteOrNull(s.cpuThrottlingRatio),
    s.oomKills, s.restarts, finiteOrNull(s.oomKilledAtMemoryLimitBytes),
    s.current.cpuRequestCores, s.current.cpuLimitCores, s.current.memoryRequestBytes, s.current.memoryLimitBytes,
    finiteOrNull(s.replicasAvg), finiteOrNull(s.replicasMax),
  ]);
  await tx.insertRows('usage_snapshots', summaryColumns, rows);
  await saveNodes(tx, meta.snapshotId, collection.nodes);
  if (inventory) await saveInventory(tx, meta.snapshotId, inventory);
  const nodeUsage = await saveNodeUsage(tx, meta.snapshotId, collection.nodeUsage ?? []);
  const histories = await saveUsageHistories(tx, meta.snapshotId, collection.histories);
  const hpas = await saveWorkloadHpas(tx, meta.snapshotId, collection.hpas ?? []);
  if (collection.allocation) await saveAllocationInputs(tx, meta.snapshotId, collection.allocation);
  return { summaries: rows.length, nodes: collection.nodes.length, workloads: inventory?.length ?? 0, nodeUsage, histories, hpas };
}

/** The newest snapshot id of `table` (by window end, then collection time), optionally of one cluster and ending at or before `atMs`. */
export async function latestSnapshotWith(q: StoreQueries, table: SnapshotTable, cluster?: string, atMs = Number.MAX_SAFE_INTEGER): Promise<string | null> {
  const rows = await q.all<{ snapshot_id: string }>(
    `SELECT s.snapshot_id FROM snapshots s WHERE ($1 = '' OR s.cluster = $1) AND epoch_ms(s.window_end) <= $2 AND EXISTS (SELECT 1 FROM ${table} t WHERE t.snapshot_id = s.snapshot_id)
     ORDER BY s.window_end DESC, s.collected_at DESC, s.snapshot_id LIMIT 1`, [cluster ?? '', atMs]);
  return rows[0]?.snapshot_id ?? null;
}

/** The earliest window end of the snapshots with rows in `table` (of one cluster); null when there are none. */
export async function earliestSnapshotEndMs(q: StoreQueries, table: SnapshotTable, cluster?: string): Promise<number | null> {
  const rows = await q.all<{ ms: number | null }>(
    `SELECT epoch_ms(min(s.window_end)) AS ms FROM snapshots s WHERE ($1 = '' OR s.cluster = $1) AND EXISTS (SELECT 1 FROM ${table} t WHERE t.snapshot_id = s.snapshot_id)`, [cluster ?? '']);
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? null : Number(ms);
}

type SnapshotTable = 'usage_snapshots' | 'nodes' | 'workload_inventory' | 'node_usage' | 'container_usage_history' | 'workload_hpas';

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Summaries of the newest usage snapshot (optionally of one cluster); [] when none was stored. */
export async function loadLatestUsageSummaries(q: StoreQueries, cluster?: string): Promise<ContainerUsageSummary[]> {
  const snapshotId = await latestSnapshotWith(q, 'usage_snapshots', cluster);
  return snapshotId === null ? [] : loadUsageSummaries(q, snapshotId);
}

/** Summaries of one snapshot, ordered by namespace, kind, workload, container. */
export async function loadUsageSummaries(q: StoreQueries, snapshotId: string): Promise<ContainerUsageSummary[]> {
  const rows = await q.all(
    `SELECT *, epoch_ms(window_start) AS ws_ms, epoch_ms(window_end) AS we_ms FROM usage_snapshots WHERE snapshot_id = $1
     ORDER BY namespace, workload_kind, workload, container`, [snapshotId]);
  return rows.map((r) => ({
    ref: { cluster: String(r.cluster), namespace: String(r.namespace), workloadKind: String(r.workload_kind) as WorkloadKind, workload: String(r.workload), container: String(r.container) },
    windowStartMs: num(r.ws_ms), windowEndMs: num(r.we_ms), historySeconds: num(r.history_seconds), sampleCount: num(r.sample_count),
    cpuP50Cores: num(r.cpu_p50_cores ?? Number.NaN), cpuP90Cores: num(r.cpu_p90_cores ?? Number.NaN), cpuP95Cores: num(r.cpu_p95_cores ?? Number.NaN),
    cpuP99Cores: num(r.cpu_p99_cores ?? Number.NaN), cpuMaxCores: num(r.cpu_max_cores ?? Number.NaN),
    memoryP95Bytes: num(r.memory_p95_bytes ?? Number.NaN), memoryPeakBytes: num(r.memory_peak_bytes ?? Number.NaN),
    cpuThrottlingRatio: numOrNull(r.cpu_throttling_ratio), oomKills: num(r.oom_kills), restarts: num(r.restarts),
    oomKilledAtMemoryLimitBytes: numOrNull(r.oom_killed_at_memory_limit_bytes),
    current: { cpuRequestCores: numOrNull(r.cpu_request_cores), cpuLimitCores: numOrNull(r.cpu_limit_cores), memoryRequestBytes: numOrNull(r.memory_request_bytes), memoryLimitBytes: numOrNull(r.memory_limit_bytes) },
    replicasAvg: num(r.replicas_avg ?? Number.NaN), replicasMax: num(r.replicas_max ?? Number.NaN),
  }));
}
