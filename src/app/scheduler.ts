/**
 * Scheduled and on-demand jobs for `headroom serve`.
 *
 *   job registry (kind → function) ─► runJob: in-process mutex + lock file ─► trackRun (runs table)
 *   croner schedules ─► runJob('schedule');  start() ─► catch-up of missed fires ─► runJob('catch-up')
 *
 * The registry keeps the scheduler free of hard dependencies: collection is registered only when
 * the collectors' app function exists. One job runs at a time across processes sharing a store
 * directory: the lock file holds the owner's pid, and a lock whose pid is gone is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { Cron } from 'croner';
import { HeadroomError } from '../domain/errors.js';
import type { HeadroomConfig } from '../config/index.js';
import type { Store } from '../store/index.js';
import { getLastSuccessfulRun, type RunRecord, type RunTrigger } from '../store/run-repo.js';
import type { Logger } from '../util/logger.js';
import { createRunId, trackRun, type RunOutcome } from './runs.js';
import { isProcessAlive } from '../util/process-alive.js';

export interface JobContext {
  runId: string;
  trigger: RunTrigger;
  nowMs: number;
  /** Job-specific parameters (e.g. `{ week: '2026-W46' }` for a report). */
  params: Record<string, unknown>;
}

export type JobFunction = (ctx: JobContext) => Promise<RunOutcome<unknown>>;

export interface JobObserver {
  onFinished(run: RunRecord, durationSeconds: number): void;
}

export class JobRegistry {
  private readonly jobs = new Map<string, JobFunction>();
  register(kind: string, fn: JobFunction): this {
    this.jobs.set(kind, fn);
    return this;
  }
  get(kind: string): JobFunction | undefined {
    return this.jobs.get(kind);
  }
  kinds(): string[] {
    return [...this.jobs.keys()].sort();
  }
}

export interface SchedulerOptions {
  store: Store;
  registry: JobRegistry;
  /** kind → cron pattern (e.g. `{ collect: '5 * * * *', report: '0 6 * * 1' }`); kinds without a job are skipped with a warning. */
  schedules: Record<string, string>;
  timezone: string;
  /** Lock file shared by every process on this store. */
  lockFile: string;
  nowMs: () => number;
  logger: Logger;
  observer?: JobObserver;
}

export type StartedJob = { accepted: true; runId: string; done: Promise<RunRecord | null> } | { accepted: false; reason: string; runningKind: string | null };

/** A lock file holding our pid; taken over when its owner is dead. */
async function acquireLockFile(path: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) return false;
      await rm(path, { force: true });
    }
  }
  return false;
}

export class Scheduler {
  private running: string | null = null;
  private readonly crons: Cron[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(readonly options: SchedulerOptions) {}

  /** Kind of the job running in this process, if any. */
  get runningKind(): string | null {
    return this.running;
  }

  /**
   * Starts `kind` unless another job holds the lock. Resolves as soon as the run is accepted;
   * `done` settles when it finishes (null if it failed before recording).
   */
  async startJob(kind: string, trigger: RunTrigger, params: Record<string, unknown> = {}): Promise<StartedJob> {
    const fn = this.options.registry.get(kind);
    if (!fn) throw new HeadroomError('INPUT_INVALID', `no job "${kind}"`, { hint: `known jobs: ${this.options.registry.kinds().join(', ') || 'none'}` });
    if (this.running) return { accepted: false, reason: `a ${this.running} run is in progress`, runningKind: this.running };
    this.running = kind;
    let locked: boolean;
    try {
      locked = await acquireLockFile(this.options.lockFile);
    } catch (err) {
      this.running = null;
      throw new HeadroomError('OUTPUT_UNWRITABLE', `lock file ${this.options.lockFile}: ${(err as Error).message}`, { cause: err, hint: 'check the store directory permissions' });
    }
    if (!locked) {
      this.running = null;
      return { accepted: false, reason: `another headroom process holds ${this.options.lockFile}`, runningKind: null };
    }
    const { store, nowMs, logger, observer } = this.options;
    const runId = createRunId(kind, nowMs());
    const t0 = performance.now();
    const done = trackRun({ store, kind, trigger, nowMs, runId }, (id) => fn({ runId: id, trigger, nowMs: nowMs(), params }))
      .then(({ run }) => {
        logger.info({ kind, runId, trigger, status: run.status }, `${kind} run finished`);
        observer?.onFinished(run, (performance.now() - t0) / 1000);
        return run;
      })
      .catch((err: unknown) => {
        logger.error({ kind, runId, trigger, err: err instanceof Error ? err.message : String(err) }, `${kind} run failed`);
        const failed: RunRecord = { runId, kind, startedAtMs: nowMs(), finishedAtMs: nowMs(), status: 'failed', trigger, detail: null };
        observer?.onFinished(failed, (performance.now() - t0) / 1000);
        return failed;
      })
      .finally(async () => {
        this.running = null;
        await rm(this.options.lockFile, { force: true });
      });
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    return { accepted: true, runId, done };
  }

  /**
   * Kinds whose latest scheduled fire time is after their last successful run: they were missed
   * while Headroom was down (or failed) and are run once now.
   */
  async findMissedRuns(): Promise<{ kind: string; missedFireMs: number; lastSuccessMs: number | null }[]> {
    const out: { kind: string; missedFireMs: number; lastSuccessMs: number | null }[] = [];
    const now = new Date(this.options.nowMs());
    for (const [kind, pattern] of Object.entries(this.options.schedules)) {
      if (!this.options.registry.get(kind)) continue;
      const prev = new Cron(pattern, { timezone: this.options.timezone, paused: true }).previousRuns(1, now)[0];
      if (!prev) continue;
      const last = await getLastSuccessfulRun(this.options.store, kind);
      if (!last || last.startedAtMs < prev.getTime()) out.push({ kind, missedFireMs: prev.getTime(), lastSuccessMs: last?.startedAtMs ?? null });
    }
    return out;
  }

  /** Validates every pattern, schedules them, then catches up missed runs one after another. */
  async start(): Promise<void> {
    const { schedules, timezone, logger, registry } = this.options;
    for (const [kind, pattern] of Object.entries(schedules)) {
      if (!registry.get(kind)) {
        logger.warn({ kind }, `no ${kind} job available; its schedule is ignored`);
        continue;
      }
      let cron: Cron;
      try {
        cron = new Cron(pattern, { timezone, protect: true }, () => {
          void this.startJob(kind, 'schedule').then((r) => {
            if (!r.accepted) logger.warn({ kind }, `scheduled ${kind} run skipped: ${r.reason}`);
          }, (err: unknown) => logger.error({ kind, err: (err as Error).message }, `scheduled ${kind} run could not start`));
        });
      } catch (err) {
        this.stop();
        throw new HeadroomError('CONFIG_INVALID', `schedule.${kind} "${pattern}": ${(err as Error).message}`, { hint: 'use a 5-field cron pattern such as "0 6 * * 1"', cause: err });
      }
      this.crons.push(cron);
      logger.info({ kind, pattern, next: cron.nextRun()?.toISOString() }, `${kind} scheduled`);
    }
    for (const missed of await this.findMissedRuns()) {
      logger.info({ kind: missed.kind, missedFire: new Date(missed.missedFireMs).toISOString() }, `catching up a missed ${missed.kind} run`);
      const started = await this.startJob(missed.kind, 'catch-up');
      if (started.accepted) await started.done;
    }
  }

  stop(): void {
    for (const c of this.crons) c.stop();
    this.crons.length = 0;
  }

  /** Waits for running jobs (graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

/** The `schedule` section as the scheduler's kind → cron map (one entry per job `headroom serve` runs). */
export function configuredSchedules(config: HeadroomConfig): Record<string, string> {
  return { collect: config.schedule.collect, capacity: config.schedule.capacity, report: config.schedule.report };
}

export interface DefaultJobsOptions {
  store: Store;
  config: HeadroomConfig;
  logger: Logger;
  nowMs: () => number;
  /** Loads the collectors' app function when it exists (src/app/collect.ts); null → no collect job. */
  loadCollect?: () => Promise<JobFunction | null>;
}

/**
 * The jobs `headroom serve` runs: the weekly report and the capacity run always; collection when the collectors' app
 * function is available. Report params: `{ week?: 'YYYY-Www' }` (default: the last full week).
 */
export async function createDefaultJobs(options: DefaultJobsOptions): Promise<JobRegistry> {
  const { generateWeeklyReport } = await import('./report.js');
  const { getLastFullIsoWeek, parseIsoWeek } = await import('../reports/index.js');
  const registry = new JobRegistry();
  registry.register('report', async (job) => {
    const week = typeof job.params.week === 'string' ? parseIsoWeek(job.params.week, 'week') : getLastFullIsoWeek(job.nowMs);
    const result = await generateWeeklyReport({ store: options.store, config: options.config, week, outDir: options.config.report.outDir, nowMs: options.nowMs, logger: options.logger, trigger: job.trigger, runId: job.runId, fx: options.config.billing.fx });
    // The report's own run detail, so a scheduled run records what a manual one does (the alerts section's problems too).
    return { status: result.status, detail: result.detail, value: null };
  });
  const { capacityJob } = await import('./capacity.js');
  registry.register('capacity', capacityJob({ store: options.store, config: options.config, logger: options.logger }));
  const collect = await (options.loadCollect ?? (() => loadCollectJob(options)))();
  if (collect) registry.register('collect', collect);
  return registry;
}

/**
 * The collect job, from the collectors' `collectSnapshot` (src/app/collect.ts) when that module
 * is present: the rightsizing history window ending at the current hour, every configured source.
 * All sources failing fails the run; some failing makes it partial.
 */
export async function loadCollectJob(options: Pick<DefaultJobsOptions, 'store' | 'config' | 'logger'>): Promise<JobFunction | null> {
  // Loaded by name at run time so the scheduler has no build-time dependency on the collectors.
  const modulePath = './collect.js';
  const mod = (await import(modulePath).catch(() => null)) as { collectSnapshot?: CollectSnapshotFn } | null;
  const collectSnapshot = mod?.collectSnapshot;
  if (typeof collectSnapshot !== 'function') return null;
  const { parseDurationSeconds } = await import('../domain/units.js');
  return async (job) => {
    const hourMs = 3_600_000;
    const atMs = Math.floor(job.nowMs / hourMs) * hourMs;
    const result = await collectSnapshot(options.config, options.store, { sinceSeconds: parseDurationSeconds(options.config.rightsizing.history), atMs, logger: options.logger, collectedAtMs: job.nowMs });
    const detail = { windowStartMs: result.windowStartMs, windowEndMs: result.windowEndMs, sources: result.results.map((r) => ({ source: r.source, cluster: r.cluster, ok: r.ok, summary: r.summary })) };
    if (result.results.length === 0) throw new HeadroomError('CONFIG_INVALID', 'collect: no source configured', { hint: 'configure prometheus and/or kubernetes in headroom.yaml' });
    if (result.failed === result.results.length) throw new HeadroomError('SOURCE_UNAVAILABLE', `collect: every source failed (${result.results.map((r) => `${r.source} ${r.cluster}: ${r.summary}`).join('; ')})`);
    return { status: result.failed ? 'partial' : 'succeeded', detail, value: null };
  };
}

type CollectSnapshotFn = (
  config: HeadroomConfig, store: Store, options: { sinceSeconds: number; atMs: number; logger: Logger; collectedAtMs?: number },
) => Promise<{ windowStartMs: number; windowEndMs: number; failed: number; results: { source: string; cluster: string; ok: boolean; summary: string }[] }>;
