/**
 * Cost allocation: its inputs per usage snapshot (migration 040: container-on-node hours, node
 * hours, labels) and its results per run (migration 041). Container series are read in batches of
 * whole namespaces so that 10,000 containers × 30 days never sit in memory at once.
 */
import type { AllocationEntry, AllocationInputs, AllocationLabels, ContainerNodeHours, NodeHours } from '../domain/allocation.js';
import type { WorkloadKind } from '../domain/workload.js';
import { decodeFloat32Blob, decodeFloat64Blob, encodeFloat32Blob, encodeFloat64Blob } from './float-blob.js';
import type { SqlParam, StoreQueries } from './store.js';

const cnhColumns = ['snapshot_id', 'cluster', 'namespace', 'workload_kind', 'workload', 'container', 'node', 'start_time', 'step_seconds',
  'cpu_request_cores', 'memory_request_bytes', 'cpu_usage_cores', 'memory_usage_bytes', 'gpu_request'];
const nodeColumns = ['snapshot_id', 'cluster', 'node', 'provider_id', 'instance_type', 'region', 'capacity_type', 'node_pool', 'cpu_cores', 'memory_bytes', 'gpus', 'capacity_from', 'start_time', 'step_seconds', 'up'];

/** Replaces the snapshot's allocation inputs. Call inside store.transaction(). */
export async function saveAllocationInputs(tx: StoreQueries, snapshotId: string, inputs: AllocationInputs): Promise<{ containerNodeHours: number; nodeHours: number; labels: number }> {
  for (const table of ['container_node_hours', 'node_hours', 'allocation_labels']) await tx.run(`DELETE FROM ${table} WHERE snapshot_id = $1`, [snapshotId]);
  await tx.insertRows('container_node_hours', cnhColumns, inputs.containerNodeHours.map((c): SqlParam[] => [
    snapshotId, c.ref.cluster, c.ref.namespace, c.ref.workloadKind, c.ref.workload, c.ref.container, c.node, new Date(c.startMs), c.stepSeconds,
    encodeFloat32Blob(c.cpuRequestCores), encodeFloat32Blob(c.memoryRequestBytes), encodeFloat32Blob(c.cpuUsageCores), encodeFloat32Blob(c.memoryUsageBytes),
    c.gpuRequest ? encodeFloat32Blob(c.gpuRequest) : null,
  ]));
  await tx.insertRows('node_hours', nodeColumns, inputs.nodeHours.map((n): SqlParam[] => [
    snapshotId, n.cluster, n.node, n.providerId, n.instanceType, n.region, n.capacityType, n.nodePool, n.cpuCores, n.memoryBytes, n.gpus, n.capacityFrom,
    new Date(n.startMs), n.stepSeconds, encodeFloat64Blob(n.up),
  ]));
  await tx.insertRows('allocation_labels', ['snapshot_id', 'cluster', 'namespace', 'workload_kind', 'workload', 'labels'], inputs.labels.map((l): SqlParam[] => [
    snapshotId, l.cluster, l.namespace, l.workloadKind ?? '', l.workload ?? '', JSON.stringify(l.labels),
  ]));
  return { containerNodeHours: inputs.containerNodeHours.length, nodeHours: inputs.nodeHours.length, labels: inputs.labels.length };
}

export interface AllocationSnapshot {
  snapshotId: string;
  cluster: string;
  windowStartMs: number;
  windowEndMs: number;
}

/**
 * Snapshots with allocation inputs that overlap [fromMs, toMs): per cluster the newest collection
 * first, then older ones only where they do not overlap one already taken (re-collecting a window
 * must not count its hours twice).
 */
export async function chooseAllocationSnapshots(q: StoreQueries, window: { fromMs: number; toMs: number }): Promise<AllocationSnapshot[]> {
  const rows = await q.all<{ snapshot_id: string; cluster: string; ws: number; we: number }>(
    `SELECT s.snapshot_id, s.cluster, epoch_ms(s.window_start) AS ws, epoch_ms(s.window_end) AS we FROM snapshots s
     WHERE EXISTS (SELECT 1 FROM node_hours n WHERE n.snapshot_id = s.snapshot_id) AND s.window_end > $1 AND s.window_start < $2
     ORDER BY s.collected_at DESC, s.window_end DESC, s.snapshot_id`, [new Date(window.fromMs), new Date(window.toMs)]);
  const chosen: AllocationSnapshot[] = [];
  for (const r of rows) {
    const s = { snapshotId: r.snapshot_id, cluster: r.cluster, windowStartMs: Number(r.ws), windowEndMs: Number(r.we) };
    if (chosen.some((c) => c.cluster === s.cluster && c.windowStartMs < s.windowEndMs && s.windowStartMs < c.windowEndMs)) continue;
    chosen.push(s);
  }
  return chosen.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.windowStartMs - b.windowStartMs);
}

/** The span of all stored allocation inputs, or null when none were collected. */
export async function allocationInputsSpan(q: StoreQueries): Promise<{ fromMs: number; toMs: number } | null> {
  const rows = await q.all<{ lo: number | null; hi: number | null }>(
    'SELECT epoch_ms(min(s.window_start)) AS lo, epoch_ms(max(s.window_end)) AS hi FROM snapshots s WHERE EXISTS (SELECT 1 FROM node_hours n WHERE n.snapshot_id = s.snapshot_id)');
  const r = rows[0];
  return r && r.lo !== null && r.hi !== null ? { fromMs: Number(r.lo), toMs: Number(r.hi) } : null;
}

const inList = (ids: readonly string[], offset = 0) => ids.map((_, i) => `$${i + 1 + offset}`).join(', ');

export async function loadNodeHours(q: StoreQueries, snapshotIds: readonly string[]): Promise<NodeHours[]> {
  if (snapshotIds.length === 0) return [];
  const rows = await q.all(`SELECT *, epoch_ms(start_time) AS start_ms FROM node_hours WHERE snapshot_id IN (${inList(snapshotIds)}) ORDER BY cluster, node, start_time`, [...snapshotIds]);
  return rows.map((r) => ({
    cluster: String(r.cluster), node: String(r.node), providerId: String(r.provider_id), instanceType: String(r.instance_type), region: String(r.region),
    capacityType: r.capacity_type === 'spot' ? 'spot' : 'on-demand', nodePool: String(r.node_pool), cpuCores: Number(r.cpu_cores), memoryBytes: Number(r.memory_bytes),
    gpus: Number(r.gpus), capacityFrom: r.capacity_from === 'allocatable' ? 'allocatable' : 'capacity', startMs: Number(r.start_ms), stepSeconds: Number(r.step_seconds),
    up: decodeFloat64Blob(r.up as Uint8Array),
  }));
}

export async function loadAllocationLabels(q: StoreQueries, snapshotIds: readonly string[]): Promise<AllocationLabels[]> {
  if (snapshotIds.length === 0) return [];
  const rows = await q.all<{ cluster: string; namespace: string; workload_kind: string; workload: string; labels: unknown }>(
    `SELECT cluster, namespace, workload_kind, workload, any_value(labels) AS labels FROM allocation_labels WHERE snapshot_id IN (${inList(snapshotIds)})
     GROUP BY ALL ORDER BY cluster, namespace, workload_kind, workload`, [...snapshotIds]);
  return rows.map((r) => ({
    cluster: r.cluster, namespace: r.namespace, workloadKind: r.workload_kind === '' ? null : (r.workload_kind as WorkloadKind), workload: r.workload === '' ? null : r.workload,
    labels: (typeof r.labels === 'string' ? JSON.parse(r.labels) : r.labels) as Record<string, string>,
  }));
}

/** Container-on-node series of the snapshots, in batches of whole namespaces of about `batchRows` rows. */
export async function* loadContainerNodeHours(q: StoreQueries, snapshotIds: readonly string[], batchRows = 2000): AsyncGenerator<ContainerNodeHours[]> {
  if (snapshotIds.length === 0) return;
  const counts = await q.all<{ namespace: string; n: number }>(
    `SELECT namespace, count(*) AS n FROM container_node_hours WHERE snapshot_id IN (${inList(snapshotIds)}) GROUP BY namespace ORDER BY namespace`, [...snapshotIds]);
  let batch: string[] = [];
  let rowsInBatch = 0;
  const read = async (namespaces: string[]) => {
    const rows = await q.all(
      `SELECT cluster, namespace, workload_kind, workload, container, node, epoch_ms(start_time) AS start_ms, step_seconds,
              cpu_request_cores, memory_request_bytes, cpu_usage_cores, memory_usage_bytes, gpu_request
       FROM container_node_hours WHERE snapshot_id IN (${inList(snapshotIds)}) AND namespace IN (${inList(namespaces, snapshotIds.length)})`,
      [...snapshotIds, ...namespaces]);
    return rows.map((r): ContainerNodeHours => ({
      ref: { cluster: String(r.cluster), namespace: String(r.namespace), workloadKind: String(r.workload_kind) as WorkloadKind, workload: String(r.workload), container: String(r.container) },
      node: String(r.node), startMs: Number(r.start_ms), stepSeconds: Number(r.step_seconds),
      cpuRequestCores: decodeFloat32Blob(r.cpu_request_cores as Uint8Array), memoryRequestBytes: decodeFloat32Blob(r.memory_request_bytes as Uint8Array),
      cpuUsageCores: decodeFloat32Blob(r.cpu_usage_cores as Uint8Array), memoryUsageBytes: decodeFloat32Blob(r.memory_usage_bytes as Uint8Array),
      gpuRequest: r.gpu_request ? decodeFloat32Blob(r.gpu_request as Uint8Array) : null,
    }));
  };
  for (const c of counts) {
    batch.push(c.namespace);
    rowsInBatch += Number(c.n);
    if (rowsInBatch >= batchRows) {
      yield await read(batch);
      batch = [];
      rowsInBatch = 0;
    }
  }
  if (batch.length) yield await read(batch);
}

/** One grouping of an allocation run, as stored. */
export interface StoredAllocationGrouping {
  grouping: string;
  entries: AllocationEntry[];
  /** Per key: [dayStartMs, costUsd] pairs. */
  daily: Map<string, { dayStartMs: number; costUsd: number }[]>;
}

/** Replaces the groupings of `runId`. Call inside a transaction. */
export async function saveAllocationResults(tx: StoreQueries, runId: string, windowStartMs: number, groupings: readonly { grouping: string; entries: readonly AllocationEntry[]; dailyUsd: ReadonlyMap<string, Float64Array> }[]): Promise<number> {
  await tx.run('DELETE FROM allocation_results WHERE run_id = $1', [runId]);
  await tx.run('DELETE FROM allocation_daily WHERE run_id = $1', [runId]);
  let rows = 0;
  for (const g of groupings) {
    await tx.insertRows('allocation_results', ['run_id', 'grouping', 'key', 'total_usd', 'payload'], g.entries.map((e): SqlParam[] => [runId, g.grouping, e.key, e.totalUsd, JSON.stringify(e)]));
    const daily: SqlParam[][] = [];
    for (const [key, values] of g.dailyUsd) values.forEach((v, d) => daily.push([runId, g.grouping, key, new Date(windowStartMs + d * 86_400_000), Math.round(v * 1e6) / 1e6]));
    await tx.insertRows('allocation_daily', ['run_id', 'grouping', 'key', 'day', 'cost_usd'], daily);
    rows += g.entries.length;
  }
  return rows;
}

/** A stored grouping of a run; null when the run did not store it. */
export async function loadAllocationGrouping(q: StoreQueries, runId: string, grouping: string): Promise<StoredAllocationGrouping | null> {
  const rows = await q.all<{ key: string; payload: unknown }>('SELECT key, payload FROM allocation_results WHERE run_id = $1 AND grouping = $2 ORDER BY total_usd DESC, key', [runId, grouping]);
  if (rows.length === 0) return null;
  const days = await q.all<{ key: string; ms: number; cost_usd: number }>('SELECT key, epoch_ms(day) AS ms, cost_usd FROM allocation_daily WHERE run_id = $1 AND grouping = $2 ORDER BY key, day', [runId, grouping]);
  const daily = new Map<string, { dayStartMs: number; costUsd: number }[]>();
  for (const d of days) {
    const list = daily.get(d.key) ?? [];
    list.push({ dayStartMs: Number(d.ms), costUsd: Number(d.cost_usd) });
    daily.set(d.key, list);
  }
  return { grouping, entries: rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as AllocationEntry), daily };
}

/** The latest succeeded allocation run: id, when it ran and its detail (window, totals, idle by node, unallocated). */
export async function loadLatestAllocationRun(q: StoreQueries): Promise<{ runId: string; runAtMs: number; detail: AllocationRunDetail } | null> {
  const rows = await q.all<{ run_id: string; ms: number; detail: unknown }>(
    "SELECT run_id, epoch_ms(started_at) AS ms, detail FROM runs WHERE kind = 'allocation' AND status = 'succeeded' ORDER BY started_at DESC, run_id DESC LIMIT 1");
  const r = rows[0];
  if (!r?.detail) return null;
  return { runId: r.run_id, runAtMs: Number(r.ms), detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as AllocationRunDetail };
}

/** What an allocation run's detail holds (written by src/app/allocation.ts). */
export interface AllocationRunDetail {
  windowStartMs: number;
  windowEndMs: number;
  currency: string;
  priceSource: 'bill' | 'price-list';
  billSource: string | null;
  totalUsd: number;
  idleUsd: number;
  unallocatedUsd: number;
  sharedNamespaces: string[];
  unallocated: { service: string; reason: string; costUsd: number }[];
  idleByNode: { node: string; nodePool: string; pricedBy: string; costUsd: number; idleUsd: number }[];
  notes: string[];
  groupings: string[];
}

/** The newest succeeded allocation run started by `asOfMs` that stored `grouping`; null when none did. */
export async function loadLatestAllocationWith(q: StoreQueries, grouping: string, asOfMs: number): Promise<{ runId: string; detail: AllocationRunDetail; grouping: StoredAllocationGrouping } | null> {
  const rows = await q.all<{ run_id: string; detail: unknown }>(
    `SELECT r.run_id, r.detail FROM runs r WHERE r.kind = 'allocation' AND r.status = 'succeeded' AND r.started_at <= $1
       AND EXISTS (SELECT 1 FROM allocation_results a WHERE a.run_id = r.run_id AND a.grouping = $2)
     ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1`, [new Date(asOfMs), grouping]);
  const r = rows[0];
  if (!r?.detail) return null;
  const stored = await loadAllocationGrouping(q, r.run_id, grouping);
  return stored ? { runId: r.run_id, detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as AllocationRunDetail, grouping: stored } : null;
}
