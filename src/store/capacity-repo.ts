/**
 * Capacity model inputs and results:
 * - inputs (migration 025): a collection's hourly capacity series and PVC histories, per snapshot;
 * - results: `capacity_results` rows (payload = the domain types of src/domain/capacity.ts), with
 *   the report's metadata in the run's `detail`; loadCapacityReport() puts a CapacityReport back together.
 */
import type { CapacityReport, CostForecastReport, CostForecastSeries, DailyCost, NodePoolSizing, PvcFill, ResourceCapacity, ScopeCapacity } from '../domain/capacity.js';
import type { NamedSeries, VolumeUsage } from '../domain/usage.js';
import type { NodeInfo } from '../domain/workload.js';
import type { SqlParam, StoreQueries } from './store.js';

export interface CapacityInputsMeta {
  snapshotId: string;
  cluster: string;
  windowStartMs: number;
  windowEndMs: number;
  collectedAtMs: number;
}

export interface StoredCapacityInputs extends CapacityInputsMeta {
  clusterSeries: NamedSeries[];
  volumes: VolumeUsage[];
  nodes: NodeInfo[];
}

/** Replaces the capacity inputs of a snapshot. Call inside a transaction. */
export async function saveCapacityInputs(q: StoreQueries, meta: CapacityInputsMeta, data: { clusterSeries: NamedSeries[]; volumes: VolumeUsage[] }): Promise<{ seriesPoints: number; volumes: number }> {
  for (const table of ['capacity_inputs', 'capacity_series', 'volume_usage']) await q.run(`DELETE FROM ${table} WHERE snapshot_id = $1`, [meta.snapshotId]);
  await q.run('INSERT INTO capacity_inputs (snapshot_id, cluster, window_start, window_end, collected_at) VALUES ($1, $2, $3, $4, $5)', [
    meta.snapshotId, meta.cluster, new Date(meta.windowStartMs), new Date(meta.windowEndMs), new Date(meta.collectedAtMs),
  ]);
  let seriesPoints = 0;
  for (const s of data.clusterSeries) {
    const points = s.points.filter((p) => Number.isFinite(p.value));
    if (points.length === 0) continue;
    // One statement per series, the points as two number lists: ~50× faster than row parameters.
    await q.run(`INSERT INTO capacity_series (snapshot_id, series, ts, value)
      SELECT $1, $2, make_timestamp(x.ms * 1000), x.v FROM (SELECT unnest(string_split($3, ',')::BIGINT[]) AS ms, unnest(string_split($4, ',')::DOUBLE[]) AS v) x`,
    [meta.snapshotId, s.series, points.map((p) => Math.round(p.timestampMs)).join(','), points.map((p) => String(p.value)).join(',')]);
    seriesPoints += points.length;
  }
  await q.insertRows('volume_usage', ['snapshot_id', 'cluster', 'namespace', 'persistent_volume_claim', 'capacity_bytes', 'used_bytes', 'history'],
    data.volumes.map((v): SqlParam[] => [meta.snapshotId, v.cluster, v.namespace, v.persistentVolumeClaim, v.capacityBytes, v.usedBytes,
      JSON.stringify(v.history.filter((p) => Number.isFinite(p.value)).map((p) => [p.timestampMs, p.value]))]));
  return { seriesPoints, volumes: data.volumes.length };
}

/**
 * The newest capacity inputs (by window end, then collection time), optionally of one cluster and
 * ending at or before `atMs` (`--at`); null when none were stored.
 */
export async function loadLatestCapacityInputs(q: StoreQueries, cluster?: string, atMs = Number.MAX_SAFE_INTEGER): Promise<StoredCapacityInputs | null> {
  const metas = await q.all<{ snapshot_id: string; cluster: string; ws: number; we: number; ca: number }>(
    `SELECT snapshot_id, cluster, epoch_ms(window_start) AS ws, epoch_ms(window_end) AS we, epoch_ms(collected_at) AS ca FROM capacity_inputs
     WHERE ($1 = '' OR cluster = $1) AND epoch_ms(window_end) <= $2 ORDER BY window_end DESC, collected_at DESC LIMIT 1`, [cluster ?? '', atMs]);
  const m = metas[0];
  if (!m) return null;
  const points = await q.all<{ series: string; ms: number; value: number }>(
    'SELECT series, epoch_ms(ts) AS ms, value FROM capacity_series WHERE snapshot_id = $1 ORDER BY series, ts', [m.snapshot_id]);
  const clusterSeries: NamedSeries[] = [];
  for (const p of points) {
    let last = clusterSeries[clusterSeries.length - 1];
    if (!last || last.series !== p.series) clusterSeries.push((last = { series: p.series, points: [] }));
    last.points.push({ timestampMs: Number(p.ms), value: Number(p.value) });
  }
  const vols = await q.all<{ cluster: string; namespace: string; persistent_volume_claim: string; capacity_bytes: number; used_bytes: number; history: unknown }>(
    'SELECT cluster, namespace, persistent_volume_claim, capacity_bytes, used_bytes, history FROM volume_usage WHERE snapshot_id = $1 ORDER BY namespace, persistent_volume_claim', [m.snapshot_id]);
  const volumes: VolumeUsage[] = vols.map((v) => {
    const history = (typeof v.history === 'string' ? JSON.parse(v.history) : v.history) as [number, number][];
    return { cluster: v.cluster, namespace: v.namespace, persistentVolumeClaim: v.persistent_volume_claim, capacityBytes: Number(v.capacity_bytes), usedBytes: Number(v.used_bytes), history: history.map(([t, value]) => ({ timestampMs: t, value })) };
  });
  return {
    snapshotId: m.snapshot_id, cluster: m.cluster, windowStartMs: Number(m.ws), windowEndMs: Number(m.we), collectedAtMs: Number(m.ca),
    clusterSeries, volumes, nodes: await loadNodesFor(q, m.snapshot_id, m.cluster, atMs),
  };
}

/** The first and last window end of the stored capacity inputs (of one cluster); null when there are none. */
export async function capacityInputsSpan(q: StoreQueries, cluster?: string): Promise<{ firstEndMs: number; lastEndMs: number } | null> {
  const rows = await q.all<{ first: number | null; last: number | null }>(
    `SELECT epoch_ms(min(window_end)) AS first, epoch_ms(max(window_end)) AS last FROM capacity_inputs WHERE $1 = '' OR cluster = $1`, [cluster ?? '']);
  const r = rows[0];
  return r?.first == null || r.last == null ? null : { firstEndMs: Number(r.first), lastEndMs: Number(r.last) };
}

/** Nodes of the same snapshot, or else of the cluster's latest snapshot that has nodes (ending at or before `atMs`). */
async function loadNodesFor(q: StoreQueries, snapshotId: string, cluster: string, atMs: number): Promise<NodeInfo[]> {
  const pick = await q.all<{ snapshot_id: string }>(
    `SELECT n.snapshot_id FROM nodes n LEFT JOIN snapshots s USING (snapshot_id)
     WHERE n.cluster = $2 AND (n.snapshot_id = $1 OR COALESCE(epoch_ms(s.window_end), 0) <= $3)
     GROUP BY n.snapshot_id ORDER BY (n.snapshot_id = $1) DESC, max(s.collected_at) DESC NULLS LAST LIMIT 1`, [snapshotId, cluster, atMs]);
  if (!pick[0]) return [];
  const rows = await q.all<Record<string, unknown>>('SELECT * FROM nodes WHERE snapshot_id = $1 ORDER BY node', [pick[0].snapshot_id]);
  return rows.map((r) => ({
    cluster: String(r.cluster), node: String(r.node), instanceType: String(r.instance_type), region: String(r.region), zone: String(r.zone),
    capacityType: r.capacity_type === 'spot' ? 'spot' : 'on-demand', nodePool: String(r.node_pool),
    allocatableCpuCores: Number(r.allocatable_cpu_cores), allocatableMemoryBytes: Number(r.allocatable_memory_bytes),
  }));
}

/** A day's cost of one service and namespace in the currency it was billed in (`costUsd` is in `currency`). */
export type DailyCostInCurrency = DailyCost & { currency: string };

/**
 * Daily effective cost by service, namespace and currency (summing currencies is the caller's
 * decision: src/app/cost-currency.ts). Billing may be imported from several sources
 * covering the same days (sample, FOCUS, CUR, Cost Explorer); adding them up would double the
 * bill, so one source is used: the one covering the most days (ties: cur, focus, cost-explorer,
 * sample). Within it, each day of each provider's billing account comes from the newest import id
 * that has it (two accounts' exports are both the bill; two exports of one account are not).
 */
export async function loadDailyCosts(q: StoreQueries): Promise<{ source: string | null; daily: DailyCostInCurrency[] }> {
  const sources = await q.all<{ source: string; days: number }>(
    `SELECT source, count(DISTINCT CAST(period_start AS DATE)) AS days FROM cost_line_items GROUP BY source
     ORDER BY days DESC, CASE source WHEN 'cur' THEN 0 WHEN 'focus' THEN 1 WHEN 'cost-explorer' THEN 2 ELSE 3 END`);
  const source = sources[0]?.source;
  if (!source) return { source: null, daily: [] };
  const rows = await q.all<{ ms: number; service: string; namespace: string; currency: string; cost: number }>(
    `WITH items AS (SELECT *, CAST(period_start AS DATE) AS day, coalesce(billing_account, '') AS account FROM cost_line_items WHERE source = $1),
          chosen AS (SELECT day, provider, account, max(import_id) AS import_id FROM items GROUP BY day, provider, account)
     SELECT epoch_ms(CAST(i.day AS TIMESTAMP)) AS ms, i.service, i.namespace, coalesce(i.currency, 'USD') AS currency,
            CAST(sum(CAST(i.effective_cost_usd AS DECIMAL(38,10))) AS DOUBLE) AS cost
     FROM items i JOIN chosen c ON i.day = c.day AND i.provider = c.provider AND i.account = c.account AND i.import_id = c.import_id
     GROUP BY ALL ORDER BY ms, service, namespace, currency`, [source]);
  return { source, daily: rows.map((r) => ({ dayStartMs: Number(r.ms), service: r.service, namespace: r.namespace, costUsd: Number(r.cost), currency: r.currency })) };
}

type ReportMeta = Omit<CapacityReport, 'scopes' | 'pvcs' | 'cost'> & { cost: Omit<CostForecastReport, 'series'> | null };

/** Facts about a capacity run kept next to the report's metadata in the run's `detail`. */
export interface CapacityRunFacts {
  snapshotId: string;
  costSource: string | null;
  modelSeconds: number;
  forecasts: number;
}

/** The report's metadata, for the run's `detail` (the rows hold the rest). */
export function capacityReportMeta(report: CapacityReport): ReportMeta {
  const { scopes: _s, pvcs: _p, cost, ...meta } = report;
  if (!cost) return { ...meta, cost: null };
  const { series: _c, ...costMeta } = cost;
  return { ...meta, cost: costMeta };
}

/** Replaces the capacity_results rows of the report's run. Call inside a transaction. */
export async function saveCapacityResults(q: StoreQueries, report: CapacityReport): Promise<number> {
  await q.run('DELETE FROM capacity_results WHERE run_id = $1', [report.runId]);
  const rows: SqlParam[][] = [];
  for (const s of report.scopes) {
    rows.push([report.runId, s.scope, s.name, 'cpu', JSON.stringify(s.cpu)]);
    rows.push([report.runId, s.scope, s.name, 'memory', JSON.stringify(s.memory)]);
    if (s.sizing) rows.push([report.runId, s.scope, s.name, 'nodes', JSON.stringify(s.sizing)]);
  }
  for (const p of report.pvcs) rows.push([report.runId, 'pvc', `${p.namespace}/${p.persistentVolumeClaim}`, 'storage', JSON.stringify(p)]);
  for (const c of report.cost?.series ?? []) rows.push([report.runId, `cost-${c.breakdown}`, c.key, 'cost', JSON.stringify(c)]);
  await q.insertRows('capacity_results', ['run_id', 'scope', 'name', 'resource', 'payload'], rows);
  return rows.length;
}

/** Rebuilds the CapacityReport of `runId` (default: the latest succeeded or partial capacity run); null when there is none. */
export async function loadCapacityReport(q: StoreQueries, runId?: string): Promise<CapacityReport | null> {
  const runs = await q.all<{ run_id: string; detail: unknown }>(
    runId ? 'SELECT run_id, detail FROM runs WHERE run_id = $1'
      : "SELECT run_id, detail FROM runs WHERE kind = 'capacity' AND status IN ('succeeded', 'partial') ORDER BY started_at DESC, run_id DESC LIMIT 1",
    runId ? [runId] : []);
  const run = runs[0];
  if (!run?.detail) return null;
  // The run's detail also carries run facts (snapshot, cost source, timings) that are not part of the report.
  const detail = (typeof run.detail === 'string' ? JSON.parse(run.detail) : run.detail) as ReportMeta & CapacityRunFacts;
  const { snapshotId: _snap, costSource: _src, modelSeconds: _secs, forecasts: _n, ...meta } = detail;
  const rows = await q.all<{ scope: string; name: string; resource: string; payload: unknown }>(
    'SELECT scope, name, resource, payload FROM capacity_results WHERE run_id = $1', [run.run_id]);
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const scopes = new Map<string, ScopeCapacity>();
  const pvcs: PvcFill[] = [];
  const costSeries: CostForecastSeries[] = [];
  for (const r of rows) {
    if (r.scope === 'pvc') { pvcs.push(parse<PvcFill>(r.payload)); continue; }
    if (r.scope.startsWith('cost-')) { costSeries.push(parse<CostForecastSeries>(r.payload)); continue; }
    const key = `${r.scope}\u0000${r.name}`;
    let s = scopes.get(key);
    if (!s) scopes.set(key, (s = { scope: r.scope as ScopeCapacity['scope'], name: r.name, cluster: meta.cluster, cpu: null as unknown as ResourceCapacity, memory: null as unknown as ResourceCapacity, sizing: null }));
    if (r.resource === 'cpu') s.cpu = parse<ResourceCapacity>(r.payload);
    else if (r.resource === 'memory') s.memory = parse<ResourceCapacity>(r.payload);
    else if (r.resource === 'nodes') s.sizing = parse<NodePoolSizing>(r.payload);
  }
  const order = { cluster: 0, 'node-pool': 1, namespace: 2 } as const;
  // The model's order: services then namespaces, the total first, then keys by code unit.
  const breakdownOrder = { service: 0, namespace: 1, team: 2 } as const;
  const keyOrder = (c: CostForecastSeries) => (c.key.startsWith('(total)') ? 0 : 1);
  return {
    ...meta,
    scopes: [...scopes.values()].sort((a, b) => order[a.scope] - order[b.scope] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    pvcs: pvcs.sort((a, b) => (a.daysUntilLower ?? Infinity) - (b.daysUntilLower ?? Infinity) || `${a.namespace}/${a.persistentVolumeClaim}`.localeCompare(`${b.namespace}/${b.persistentVolumeClaim}`)),
    cost: meta.cost ? { ...meta.cost, series: costSeries.sort((a, b) => breakdownOrder[a.breakdown] - breakdownOrder[b.breakdown] || keyOrder(a) - keyOrder(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) } : null,
  };
}

/**
 * The currency of each capacity run's cost forecast (its detail's `cost.currency`), by run id.
 * Runs from before the currency was recorded forecast a USD-only bill and map to USD; runs without
 * a cost forecast are left out.
 */
export async function readCostRunCurrencies(q: StoreQueries): Promise<Map<string, string>> {
  const rows = await q.all<{ run_id: string; currency: string | null }>(
    `SELECT run_id, json_extract_string(CAST(detail AS JSON), '$.cost.currency') AS currency FROM runs
     WHERE kind = 'capacity' AND json_extract(CAST(detail AS JSON), '$.cost') IS NOT NULL AND json_type(CAST(detail AS JSON), '$.cost') = 'OBJECT'`);
  return new Map(rows.map((r) => [r.run_id, r.currency ?? 'USD']));
}
