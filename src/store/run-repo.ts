/** Run history (`runs` table): one row per collection, model run, report or demo, with its outcome. */
import type { StoreQueries } from './store.js';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'partial';
export type RunTrigger = 'manual' | 'schedule' | 'api' | 'catch-up';

export interface RunRecord {
  runId: string;
  kind: string;
  startedAtMs: number;
  finishedAtMs: number | null;
  status: RunStatus;
  trigger: RunTrigger;
  detail: Record<string, unknown> | null;
}

function toMs(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  const s = String(v);
  const ms = Date.parse(s.includes('T') ? s : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function fromRow(r: Record<string, unknown>): RunRecord {
  return {
    runId: String(r.run_id),
    kind: String(r.kind),
    startedAtMs: toMs(r.started_at)!,
    finishedAtMs: toMs(r.finished_at),
    status: r.status as RunStatus,
    trigger: r.trigger as RunTrigger,
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail ?? null) as Record<string, unknown> | null,
  };
}

export async function insertRun(q: StoreQueries, run: RunRecord): Promise<void> {
  await q.run('INSERT INTO runs (run_id, kind, started_at, finished_at, status, trigger, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    run.runId, run.kind, new Date(run.startedAtMs), run.finishedAtMs === null ? null : new Date(run.finishedAtMs), run.status, run.trigger,
    run.detail === null ? null : JSON.stringify(run.detail),
  ]);
}

export async function finishRun(q: StoreQueries, runId: string, status: RunStatus, finishedAtMs: number, detail: Record<string, unknown> | null): Promise<void> {
  await q.run('UPDATE runs SET status = $2, finished_at = $3, detail = $4 WHERE run_id = $1', [
    runId, status, new Date(finishedAtMs), detail === null ? null : JSON.stringify(detail),
  ]);
}

export async function listRuns(q: StoreQueries, options: { kind?: string; limit?: number } = {}): Promise<RunRecord[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
  const rows = options.kind
    ? await q.all('SELECT * FROM runs WHERE kind = $1 ORDER BY started_at DESC, run_id DESC LIMIT ' + limit, [options.kind])
    : await q.all('SELECT * FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ' + limit);
  return rows.map(fromRow);
}

export async function getRun(q: StoreQueries, runId: string): Promise<RunRecord | null> {
  const rows = await q.all('SELECT * FROM runs WHERE run_id = $1', [runId]);
  return rows.length ? fromRow(rows[0]!) : null;
}

/** The latest successful (or partial) run of `kind`, the reference point for catching up missed runs. */
export async function getLastSuccessfulRun(q: StoreQueries, kind: string): Promise<RunRecord | null> {
  const rows = await q.all("SELECT * FROM runs WHERE kind = $1 AND status IN ('succeeded', 'partial') ORDER BY started_at DESC LIMIT 1", [kind]);
  return rows.length ? fromRow(rows[0]!) : null;
}

/** Counts and durations per kind and status, for /metrics. */
export async function summariseRuns(q: StoreQueries): Promise<{ kind: string; status: string; runs: number; lastStartedAtMs: number | null; lastFinishedAtMs: number | null }[]> {
  const rows = await q.all(`SELECT kind, status, count(*) AS runs, max(started_at) AS last_started, max(finished_at) AS last_finished FROM runs GROUP BY kind, status ORDER BY kind, status`);
  return rows.map((r) => ({ kind: String(r.kind), status: String(r.status), runs: Number(r.runs), lastStartedAtMs: toMs(r.last_started), lastFinishedAtMs: toMs(r.last_finished) }));
}
