/**
 * Reads what the weekly report shows from the store (costs, forecasts, capacity, rightsizing,
 * commitments) and records published reports in `report_history`. Every query is bounded by the
 * report's "as of" time so that re-rendering an old week shows what was known then.
 */
import type { StoreQueries, SqlParam } from './store.js';
import { convertedAmountSql } from './cost-repo.js';

const DAY_MS = 86_400_000;

export interface CostWeekRow {
  namespace: string;
  service: string;
  lastWeekUsd: number;
  previousWeekUsd: number;
  lastWeekCommittedUsd: number;
  lastWeekComputeUsd: number;
}

export interface StoredForecastRow {
  runId: string;
  runAtMs: number | null;
  series: string;
  tsMs: number;
  model: string;
  mean: number;
  lo80: number | null;
  hi80: number | null;
  lo95: number | null;
  hi95: number | null;
}

export interface StoredPayloadRow {
  runId: string;
  runAtMs: number | null;
  payload: Record<string, unknown>;
  /** Table columns besides the payload (cluster, scope, name, resource, …). */
  columns: Record<string, unknown>;
}

export interface ReportHistoryEntry {
  week: string;
  runId: string;
  path: string;
  createdAtMs: number;
  summary: Record<string, unknown>;
}

function toEpochMs(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  const ms = Date.parse(String(v).replace(' ', 'T') + (String(v).endsWith('Z') ? '' : 'Z'));
  return Number.isNaN(ms) ? null : ms;
}

function ts(ms: number): Date {
  return new Date(ms);
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Spend per namespace and service in the report week and the week before (effective cost). */
export async function readCostWeeks(q: StoreQueries, weekStartMs: number, weekEndMs: number, rates?: ReadonlyMap<string, number>): Promise<CostWeekRow[]> {
  const prevStart = weekStartMs - 7 * DAY_MS;
  const cost = convertedAmountSql('effective_cost_usd', rates);
  const rows = await q.all<Record<string, unknown>>(
    `SELECT namespace, service,
       sum(CASE WHEN period_start >= $2 THEN ${cost} ELSE 0 END) AS last_week,
       sum(CASE WHEN period_start < $2 THEN ${cost} ELSE 0 END) AS previous_week,
       sum(CASE WHEN period_start >= $2 AND pricing_category = 'Committed' THEN ${cost} ELSE 0 END) AS committed,
       sum(CASE WHEN period_start >= $2 AND instance_type <> '' THEN ${cost} ELSE 0 END) AS compute
     FROM cost_line_items_one_source WHERE period_start >= $1 AND period_start < $3
     GROUP BY namespace, service ORDER BY namespace, service`,
    [ts(prevStart), ts(weekStartMs), ts(weekEndMs)],
  );
  return rows.map((r) => ({
    namespace: String(r.namespace),
    service: String(r.service),
    lastWeekUsd: Number(r.last_week),
    previousWeekUsd: Number(r.previous_week),
    lastWeekCommittedUsd: Number(r.committed),
    lastWeekComputeUsd: Number(r.compute),
  }));
}

/** Daily effective cost in [fromMs, toMs). */
export async function readDailyCost(q: StoreQueries, fromMs: number, toMs: number, rates?: ReadonlyMap<string, number>): Promise<{ dayMs: number; costUsd: number }[]> {
  const rows = await q.all<Record<string, unknown>>(
    `SELECT date_trunc('day', period_start) AS day, sum(${convertedAmountSql('effective_cost_usd', rates)}) AS cost
     FROM cost_line_items_one_source WHERE period_start >= $1 AND period_start < $2 GROUP BY 1 ORDER BY 1`,
    [ts(fromMs), ts(toMs)],
  );
  return rows.map((r) => ({ dayMs: toEpochMs(r.day)!, costUsd: Number(r.cost) }));
}

/** Effective cost per ISO week (Monday start) in [fromMs, toMs): the actuals forecasts are judged by. */
export async function readWeeklyCost(q: StoreQueries, fromMs: number, toMs: number, rates?: ReadonlyMap<string, number>): Promise<Map<number, number>> {
  const rows = await q.all<Record<string, unknown>>(
    `SELECT date_trunc('week', period_start) AS week, sum(${convertedAmountSql('effective_cost_usd', rates)}) AS cost, count(DISTINCT date_trunc('day', period_start)) AS days
     FROM cost_line_items_one_source WHERE period_start >= $1 AND period_start < $2 GROUP BY 1 ORDER BY 1`,
    [ts(fromMs), ts(toMs)],
  );
  // Only complete weeks count as actuals; a partial week would make every forecast look wrong.
  return new Map(rows.filter((r) => Number(r.days) === 7).map((r) => [toEpochMs(r.week)!, Number(r.cost)]));
}

/** Forecast rows of `series` from runs that started at or before `asOfMs` (runs without a `runs` row count as undated). */
export async function readForecasts(q: StoreQueries, series: string, asOfMs: number): Promise<StoredForecastRow[]> {
  const rows = await q.all<Record<string, unknown>>(
    `SELECT f.run_id, r.started_at, f.series, f.ts, f.model, f.mean, f.lo80, f.hi80, f.lo95, f.hi95
     FROM forecasts f LEFT JOIN runs r ON r.run_id = f.run_id
     WHERE f.series = $1 AND (r.started_at IS NULL OR r.started_at <= $2)
     ORDER BY r.started_at NULLS FIRST, f.run_id, f.ts`,
    [series, ts(asOfMs)],
  );
  // A run without a `runs` row is dated by its forecast origin (its first forecast step).
  const originMs = new Map<string, number>();
  for (const r of rows) {
    const t = toEpochMs(r.ts)!;
    if (r.started_at === null || r.started_at === undefined) originMs.set(String(r.run_id), Math.min(originMs.get(String(r.run_id)) ?? Infinity, t));
  }
  return rows.filter((r) => r.started_at !== null || (originMs.get(String(r.run_id)) ?? Infinity) <= asOfMs).map((r) => ({
    runId: String(r.run_id),
    runAtMs: toEpochMs(r.started_at) ?? originMs.get(String(r.run_id)) ?? null,
    series: String(r.series),
    tsMs: toEpochMs(r.ts)!,
    model: String(r.model),
    mean: Number(r.mean),
    lo80: num(r.lo80),
    hi80: num(r.hi80),
    lo95: num(r.lo95),
    hi95: num(r.hi95),
  }));
}

type PayloadTable = 'recommendations' | 'commitment_recommendations' | 'capacity_results';

/**
 * Rows of the latest run in a payload table as of `asOfMs` (latest by run start, then run id).
 * When every run started later (data collected for a past `--at`, analysed today), the latest run
 * is returned instead: its `runAtMs` after `asOfMs` tells the caller to say so.
 */
export async function readLatestPayloads(q: StoreQueries, table: PayloadTable, asOfMs: number): Promise<StoredPayloadRow[]> {
  const latest = await q.all<Record<string, unknown>>(
    `SELECT run_id, started_at FROM (
       SELECT t.run_id, max(r.started_at) AS started_at FROM ${table} t LEFT JOIN runs r ON r.run_id = t.run_id GROUP BY t.run_id
     ) ORDER BY (started_at IS NULL OR started_at <= $1) DESC, started_at DESC NULLS LAST, run_id DESC LIMIT 1`,
    [ts(asOfMs)],
  );
  if (latest.length === 0) return [];
  const runId = String(latest[0]!.run_id);
  const runAtMs = toEpochMs(latest[0]!.started_at);
  const rows = await q.all<Record<string, unknown>>(`SELECT * FROM ${table} WHERE run_id = $1`, [runId as SqlParam]);
  return rows.map((r) => {
    const { payload, run_id: _runId, ...columns } = r;
    const parsed = typeof payload === 'string' ? JSON.parse(payload) : payload;
    return { runId, runAtMs, payload: (parsed ?? {}) as Record<string, unknown>, columns };
  });
}

export async function saveReportHistory(q: StoreQueries, entry: ReportHistoryEntry): Promise<void> {
  await q.run('DELETE FROM report_history WHERE week = $1', [entry.week]);
  await q.run('INSERT INTO report_history (week, run_id, path, created_at, summary) VALUES ($1, $2, $3, $4, $5)', [
    entry.week, entry.runId, entry.path, ts(entry.createdAtMs), JSON.stringify(entry.summary),
  ]);
}

export async function listReportHistory(q: StoreQueries): Promise<ReportHistoryEntry[]> {
  const rows = await q.all<Record<string, unknown>>('SELECT week, run_id, path, created_at, summary FROM report_history ORDER BY week DESC');
  return rows.map((r) => ({
    week: String(r.week),
    runId: String(r.run_id),
    path: String(r.path),
    createdAtMs: toEpochMs(r.created_at)!,
    summary: (typeof r.summary === 'string' ? JSON.parse(r.summary) : r.summary) as Record<string, unknown>,
  }));
}

export async function getReportHistory(q: StoreQueries, week: string): Promise<ReportHistoryEntry | null> {
  return (await listReportHistory(q)).find((e) => e.week === week) ?? null;
}
