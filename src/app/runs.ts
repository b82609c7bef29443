/**
 * Runs with history: every scheduled, API-triggered or manual job is a row in `runs` that starts
 * as 'running' and ends 'succeeded', 'partial' or 'failed' with its detail, so /metrics, catch-up
 * and the API can tell what happened.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/index.js';
import { finishRun, insertRun, type RunRecord, type RunStatus, type RunTrigger } from '../store/run-repo.js';

/** Run kind of a Cost Explorer import; its detail keeps AWS's purchase recommendations for the side-by-side. */
export const costExplorerRunKind = 'collect-billing';

/** Import id of the cost lines a Cost Explorer import of [startMs, endMs) stores (re-importing the window replaces them). */
export function costExplorerImportId(startMs: number, endMs: number): string {
  return `cost-explorer:${new Date(startMs).toISOString()}/${new Date(endMs).toISOString()}`;
}

export interface RunOutcome<T> {
  status: Exclude<RunStatus, 'running'>;
  detail: Record<string, unknown>;
  value: T;
}

/** A run id that sorts by time: `<kind>-<UTC yyyymmddThhmmss>-<random>`. */
export function createRunId(kind: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${kind}-${stamp}-${randomBytes(3).toString('hex')}`;
}

export interface TrackedRunOptions {
  store: Store;
  kind: string;
  trigger: RunTrigger;
  nowMs: () => number;
  runId?: string;
}

/**
 * Records a run around `fn`. A thrown error marks the run failed (with its message and code) and
 * is rethrown; `fn` reports partial success through its outcome's status.
 */
export async function trackRun<T>(options: TrackedRunOptions, fn: (runId: string) => Promise<RunOutcome<T>>): Promise<{ run: RunRecord; value: T }> {
  const { store, kind, trigger, nowMs } = options;
  const runId = options.runId ?? createRunId(kind, nowMs());
  const run: RunRecord = { runId, kind, startedAtMs: nowMs(), finishedAtMs: null, status: 'running', trigger, detail: null };
  await store.transaction((tx) => insertRun(tx, run));
  try {
    const outcome = await fn(runId);
    const finishedAtMs = nowMs();
    await store.transaction((tx) => finishRun(tx, runId, outcome.status, finishedAtMs, outcome.detail));
    return { run: { ...run, finishedAtMs, status: outcome.status, detail: outcome.detail }, value: outcome.value };
  } catch (err) {
    const finishedAtMs = nowMs();
    const detail = { error: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code ?? 'INTERNAL' };
    await store.transaction((tx) => finishRun(tx, runId, 'failed', finishedAtMs, detail)).catch(() => undefined);
    throw err;
  }
}
