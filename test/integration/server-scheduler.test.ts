import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Store } from '../../src/store/index.js';
import { configuredSchedules, createDefaultJobs, JobRegistry, Scheduler, type JobFunction } from '../../src/app/scheduler.js';
import { validateConfig } from '../../src/config/index.js';
import { insertRun, listRuns } from '../../src/store/run-repo.js';
import { silentLogger } from '../../src/util/logger.js';
import { HeadroomError } from '../../src/domain/errors.js';

// Wednesday 2026-11-18 10:00 UTC: the weekly report's last fire was Monday 2026-11-16 06:00.
const wednesdayMs = Date.UTC(2026, 10, 18, 10);
const mondayFireMs = Date.UTC(2026, 10, 16, 6);
let dir: string;
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-sched-'));
  store = await Store.open(':memory:');
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function countingJob(calls: string[], gate?: Promise<void>): JobFunction {
  return async (job) => {
    calls.push(job.trigger);
    if (gate) await gate;
    return { status: 'succeeded', detail: { params: job.params }, value: null };
  };
}

function makeScheduler(registry: JobRegistry, lockFile = join(dir, 'headroom.lock'), schedules: Record<string, string> = { report: '0 6 * * 1' }) {
  return new Scheduler({ store, registry, schedules, timezone: 'UTC', lockFile, nowMs: () => wednesdayMs, logger: silentLogger() });
}

describe('catching up missed runs', () => {
  it('finds a weekly report missed while Headroom was down: its last success is older than the schedule\'s previous fire time', async () => {
    const calls: string[] = [];
    const scheduler = makeScheduler(new JobRegistry().register('report', countingJob(calls)));
    await store.transaction((tx) => insertRun(tx, { runId: 'r-old', kind: 'report', startedAtMs: mondayFireMs - 7 * 86_400_000, finishedAtMs: null, status: 'succeeded', trigger: 'schedule', detail: null }));
    expect(await scheduler.findMissedRuns()).toEqual([{ kind: 'report', missedFireMs: mondayFireMs, lastSuccessMs: mondayFireMs - 7 * 86_400_000 }]);
  });

  it('runs a missed job once on start, with trigger catch-up, and records it', async () => {
    const calls: string[] = [];
    const scheduler = makeScheduler(new JobRegistry().register('report', countingJob(calls)));
    await scheduler.start();
    scheduler.stop();
    expect(calls).toEqual(['catch-up']);
    const runs = await listRuns(store, { kind: 'report' });
    expect(runs.map((r) => [r.status, r.trigger, r.startedAtMs])).toEqual([['succeeded', 'catch-up', wednesdayMs]]);
    // Once caught up, a restart finds nothing missed.
    expect(await scheduler.findMissedRuns()).toEqual([]);
  });

  it('does not count a failed run as done: it is caught up again', async () => {
    const registry = new JobRegistry().register('report', async () => { throw new HeadroomError('SOURCE_UNAVAILABLE', 'store unreachable'); });
    const scheduler = makeScheduler(registry);
    await scheduler.start();
    scheduler.stop();
    const runs = await listRuns(store, { kind: 'report' });
    expect(runs.map((r) => [r.status, (r.detail as { code: string }).code])).toEqual([['failed', 'SOURCE_UNAVAILABLE']]);
    expect((await scheduler.findMissedRuns()).map((m) => m.kind)).toEqual(['report']);
  });

  it('ignores schedules of jobs that are not available (collection without collectors)', async () => {
    const scheduler = makeScheduler(new JobRegistry(), undefined, { collect: '5 * * * *' });
    await scheduler.start();
    scheduler.stop();
    expect(await listRuns(store)).toEqual([]);
  });

  it('rejects an invalid cron pattern with a config error naming the schedule', async () => {
    const scheduler = makeScheduler(new JobRegistry().register('report', countingJob([])), undefined, { report: '61 * * *' });
    await expect(scheduler.start()).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('schedule.report "61 * * *"') });
  });
});

describe('one run at a time', () => {
  it('refuses a second job in the same process while one runs', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls: string[] = [];
    const scheduler = makeScheduler(new JobRegistry().register('report', countingJob(calls, gate)).register('collect', countingJob(calls)));
    const first = await scheduler.startJob('report', 'api');
    expect(first.accepted).toBe(true);
    expect(await scheduler.startJob('collect', 'schedule')).toEqual({ accepted: false, reason: 'a report run is in progress', runningKind: 'report' });
    release();
    if (first.accepted) expect((await first.done)?.status).toBe('succeeded');
    expect((await scheduler.startJob('collect', 'schedule')).accepted).toBe(true);
    await scheduler.drain();
    expect(calls).toEqual(['api', 'schedule']);
  });

  it('refuses a job while another process holds the lock file, and removes its own lock when done', async () => {
    const lockFile = join(dir, 'headroom.lock');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = makeScheduler(new JobRegistry().register('report', countingJob([], gate)), lockFile);
    const b = makeScheduler(new JobRegistry().register('report', countingJob([])), lockFile);
    const started = await a.startJob('report', 'schedule');
    expect(started.accepted).toBe(true);
    expect(await readFile(lockFile, 'utf8')).toBe(String(process.pid));
    expect(await b.startJob('report', 'schedule')).toMatchObject({ accepted: false, reason: expect.stringContaining('another headroom process holds') });
    release();
    await a.drain();
    await expect(access(lockFile)).rejects.toThrow();
  });

  it('takes over a lock file left by a process that died', async () => {
    const lockFile = join(dir, 'headroom.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(lockFile, dead);
    const calls: string[] = [];
    const s = makeScheduler(new JobRegistry().register('report', countingJob(calls)), lockFile);
    const started = await s.startJob('report', 'schedule');
    expect(started.accepted).toBe(true);
    await s.drain();
    expect(calls).toEqual(['schedule']);
  });

  it('names the known jobs when asked for an unknown one', async () => {
    const s = makeScheduler(new JobRegistry().register('report', countingJob([])));
    await expect(s.startJob('deploy', 'api')).rejects.toMatchObject({ code: 'INPUT_INVALID', hint: 'known jobs: report' });
  });
});

describe('the default jobs of headroom serve', () => {
  it('registers the weekly report, the capacity run and, through the collectors\' collectSnapshot, collection', async () => {
    const registry = await createDefaultJobs({ store, config: validateConfig({}), logger: silentLogger(), nowMs: () => wednesdayMs });
    expect(registry.kinds()).toEqual(['capacity', 'collect', 'report']);
  });

  it('schedules the capacity run from schedule.capacity (daily 05:15 by default) and catches up a missed one', async () => {
    expect(configuredSchedules(validateConfig({}))).toEqual({ collect: '5 * * * *', capacity: '15 5 * * *', report: '0 6 * * 1' });
    const registry = await createDefaultJobs({ store, config: validateConfig({}), logger: silentLogger(), nowMs: () => wednesdayMs });
    const missed = await makeScheduler(registry, undefined, configuredSchedules(validateConfig({}))).findMissedRuns();
    expect(missed.find((m) => m.kind === 'capacity')).toEqual({ kind: 'capacity', missedFireMs: Date.UTC(2026, 10, 18, 5, 15), lastSuccessMs: null });
    // A configured pattern replaces the default; a capacity run after its last fire is not missed.
    const sixHourly = configuredSchedules(validateConfig({ schedule: { capacity: '0 */6 * * *' } }));
    expect(sixHourly.capacity).toBe('0 */6 * * *');
    await insertRun(store, { runId: 'capacity-1', kind: 'capacity', startedAtMs: Date.UTC(2026, 10, 18, 6, 30), finishedAtMs: Date.UTC(2026, 10, 18, 6, 31), status: 'succeeded', trigger: 'schedule', detail: null });
    expect((await makeScheduler(registry, undefined, sixHourly).findMissedRuns()).map((m) => m.kind)).not.toContain('capacity');
    expect((await makeScheduler(registry, undefined, { capacity: '0 9 * * *' }).findMissedRuns())).toEqual([{ kind: 'capacity', missedFireMs: Date.UTC(2026, 10, 18, 9), lastSuccessMs: Date.UTC(2026, 10, 18, 6, 30) }]);
  });

  it('records a collection with no configured source as a failed run that says what to configure', async () => {
    const registry = await createDefaultJobs({ store, config: validateConfig({}), logger: silentLogger(), nowMs: () => wednesdayMs });
    const s = makeScheduler(registry);
    const started = await s.startJob('collect', 'schedule');
    expect(started.accepted).toBe(true);
    await s.drain();
    const [run] = await listRuns(store, { kind: 'collect' });
    expect(run).toMatchObject({ status: 'failed', trigger: 'schedule', detail: { error: expect.stringMatching(/no prometheus or kubernetes/) } });
  });

  it('records the alerts section\'s problems in a scheduled report run: the report\'s own run detail, as a manual run has it', async () => {
    const slosDir = join(dir, 'slos');
    await mkdir(slosDir);
    // An SLO spec without an objective: the report is written, its alerts section (partial) says what is wrong.
    await writeFile(join(slosDir, 'shop.yaml'), 'version: prometheus/v1\nservice: shop\nslos:\n  - name: availability\n    sli:\n      events:\n        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(http_requests_total[{{.window}}]))\n    alerting:\n      page_alert:\n        disable: true\n      ticket_alert:\n        disable: true\n');
    const config = validateConfig({ slosDir, report: { outDir: join(dir, 'reports') } });
    const registry = await createDefaultJobs({ store, config, logger: silentLogger(), nowMs: () => wednesdayMs });
    const s = makeScheduler(registry);
    const started = await s.startJob('report', 'schedule');
    expect(started.accepted).toBe(true);
    await s.drain();
    const [run] = await listRuns(store, { kind: 'report' });
    const report = JSON.parse(await readFile(join(dir, 'reports', '2026-W46', 'report.json'), 'utf8')) as { alerts: { status: string; problems: string[] } };
    expect(report.alerts.status).toBe('partial');
    expect(report.alerts.problems).toHaveLength(1);
    expect(report.alerts.problems[0]).toMatch(/^shop\.yaml: .*objective/);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'schedule', detail: { week: '2026-W46', alertProblems: report.alerts.problems } });
  }, 120_000);
});
