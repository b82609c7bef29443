/** The version of the store's results that the read cache compares: a change in the runs table. */
import type { StoreQueries } from '../store/index.js';

/**
 * Every job that writes results records itself in `runs` (started, then finished), so a new or
 * finished run changes this string; results written without a run row are not seen here (the
 * scheduler and POST /api/v1/runs also invalidate the cache directly). Routes serve the latest
 * run as of `nowMs`, so a run dated after now counts apart: it changes the version when its time
 * comes. One aggregate over a small table: far below a millisecond of store time every few seconds.
 */
export async function readRunsVersion(q: StoreQueries, nowMs: number): Promise<string> {
  const rows = await q.all<Record<string, unknown>>(
    `SELECT count(*) AS runs, count(*) FILTER (WHERE status = 'running') AS running, count(*) FILTER (WHERE started_at > $1) AS future,
            max(started_at) AS last_started, max(finished_at) AS last_finished FROM runs`, [new Date(nowMs)]);
  const r = rows[0] ?? {};
  const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''));
  return [r.runs, r.running, r.future, r.last_started, r.last_finished].map(text).join('|');
}
