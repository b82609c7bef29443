/**
 * The weekly report's SLO budgets and fired alerts from a REAL Prometheus and a real
 * VictoriaMetrics: the sample's SLI counters (http_requests_total, the latency histogram,
 * search_queries_*) and ALERTS history are backfilled with promtool (imported into VM), the report
 * reads them through the example specs in slos/, and every figure must equal what the
 * error-budget model computes from the generated counts, on both backends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { Store } from '../../src/store/index.js';
import { validateConfig } from '../../src/config/index.js';
import { generateWeeklyReport } from '../../src/app/report.js';
import { parseIsoWeek, type WeeklyReport } from '../../src/reports/index.js';
import { assessErrorBudget } from '../../src/models/slo/index.js';
import { countSloEvents, formatSliOpenMetrics, generateSampleSlis, type SampleSlis } from '../../src/sample/slis/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { startFakePrometheus, promBody } from '../helpers/fake-prometheus-faults.js';
import { metricsBackends, type RunningBackend } from '../helpers/metrics-backends.js';
import { seedReportStore, weekEndMs } from './report-fixture.js';

const week = parseIsoWeek('2026-W46');
const DAY_MS = 86_400_000;
const config = validateConfig({});
const slosDir = join(repoRoot, 'slos');
const alertsDir = join(repoRoot, 'alerts');
let slis: SampleSlis;
let dir: string;

/** Relative closeness: rate × window seconds reproduces a count to ~1e-12 of its size. */
function expectClose(actual: number | null, expected: number | null, what: string) {
  expect(actual, what).not.toBeNull();
  expect(expected, what).not.toBeNull();
  expect(Math.abs(actual! - expected!), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected!)));
}

async function writeReport(store: Store, prometheusUrl: string, out: string, prometheusTimeoutMs?: number) {
  return generateWeeklyReport({ store, config, week, outDir: out, nowMs: () => weekEndMs + 3_600_000, logger: silentLogger(), pdf: 'never', publishers: [], alertsDir, slosDir, prometheusUrl, prometheusTimeoutMs });
}

beforeAll(async () => {
  // Checkout's bad rollout on Tuesday of the report week, as in the demo sample.
  slis = generateSampleSlis({ seed: 42, endMs: week.endMs, incidentStartMs: Date.UTC(2026, 10, 10, 9, 36) });
  dir = await mkdtemp(join(tmpdir(), 'headroom-report-slo-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(metricsBackends)('SLO error budgets in the weekly report, from a real $name', (backend) => {
  let prom: RunningBackend;
  let report: WeeklyReport;
  let reportDir: string;

  beforeAll(async () => {
    prom = await backend.start({ openMetricsText: formatSliOpenMetrics(slis) });
    const store = await Store.open(':memory:');
    try {
      await seedReportStore(store);
      const result = await writeReport(store, prom.url, join(dir, backend.kind, 'out'));
      report = result.report;
      reportDir = result.dir;
    } finally {
      await store.close();
    }
  }, 180_000);

  afterAll(async () => {
    await prom?.stop();
  });

  it('reads every example SLO over the 30-day window, the week and the last hour, and says the figures come from Prometheus', () => {
    expect(report.alerts.status).toBe('ok');
    expect(report.alerts.problems).toEqual([]);
    expect(report.alerts.dataSource).toEqual({ kind: 'prometheus', origin: prom.url });
    expect(report.alerts.sloWindowDays).toBe(30);
    expect(report.alerts.note).toContain(`from Prometheus at ${prom.url}`);
    expect(report.alerts.slos.map((s) => s.id).sort()).toEqual(['checkout-requests-availability', 'checkout-requests-latency', 'search-query-errors']);
  });

  it('computes budgets equal to the error-budget model on the generated counts', () => {
    for (const slo of report.alerts.slos) {
      const window = countSloEvents(slis, slo.id, week.endMs - 30 * DAY_MS, week.endMs)!;
      const wk = countSloEvents(slis, slo.id, week.startMs, week.endMs)!;
      const recent = countSloEvents(slis, slo.id, week.endMs - 3_600_000, week.endMs)!;
      const expected = assessErrorBudget({ objectivePercent: slo.objectivePercent!, windowSeconds: 30 * 86_400, window, week: wk, recent: { observation: recent, windowSeconds: 3600 } });
      expectClose(slo.windowTotalEvents, window.totalEvents, `${slo.id} window events`);
      expectClose(slo.windowErrorEvents, window.errorEvents, `${slo.id} window errors`);
      expectClose(slo.weekTotalEvents, wk.totalEvents, `${slo.id} week events`);
      expectClose(slo.weekErrorEvents, wk.errorEvents, `${slo.id} week errors`);
      expectClose(slo.budgetRemainingRatio, expected.budgetRemainingRatio, `${slo.id} budget remaining`);
      expectClose(slo.weekBudgetConsumedRatio, expected.weekBudgetConsumedRatio, `${slo.id} week consumed`);
      expectClose(slo.weekBurnRate, expected.weekBurnRate, `${slo.id} week burn rate`);
      expectClose(slo.currentBurnRate, expected.currentBurnRate, `${slo.id} current burn rate`);
      expect(slo.budgetStatus, slo.id).toBe(expected.status);
    }
  });

  it('shows checkout\'s incident: its availability budget is at risk after burning most of it in the week, search stays healthy', () => {
    const byId = Object.fromEntries(report.alerts.slos.map((s) => [s.id, s]));
    const availability = byId['checkout-requests-availability']!;
    expect(availability.budgetStatus).toBe('at-risk');
    expect(availability.budgetRemainingRatio!).toBeGreaterThan(0);
    expect(availability.budgetRemainingRatio!).toBeLessThan(0.25);
    expect(availability.weekBudgetConsumedRatio!).toBeGreaterThan(0.5);
    expect(availability.weekBurnRate!).toBeGreaterThan(1);
    expect(byId['search-query-errors']!.budgetStatus).toBe('healthy');
    expect(report.summary.highlights.some((h) => h.startsWith('SLO checkout/requests-availability is at risk'))).toBe(true);
  });

  it('lists the alerts that fired in the week with their firing time, ignoring pending ones', () => {
    // Evaluated every minute: page 2.5 h + 6 min − 4 min = 152 min, ticket 2.5 h + 180 min − 20 min = 310 min;
    // latency ticket 2.5 h + 45 min − 25 min = 170 min.
    const incident = Date.UTC(2026, 10, 10, 9, 36);
    expect(report.alerts.firedAlerts).toEqual([
      { alertname: 'CheckoutAvailabilityBudgetBurn', severity: 'critical', firings: 2, series: 2, firingSeconds: (152 + 310) * 60, firstFiringMs: incident + 4 * 60_000, lastFiringMs: incident + (150 + 180 - 1) * 60_000 },
      { alertname: 'CheckoutLatencyBudgetBurn', severity: 'warning', firings: 1, series: 1, firingSeconds: 170 * 60, firstFiringMs: incident + 25 * 60_000, lastFiringMs: incident + (150 + 45 - 1) * 60_000 },
    ]);
  });

  it('writes the budgets and fired alerts into the CSV, the Markdown and the HTML with its chart', async () => {
    const rows = parseCsv(await readFile(join(reportDir, 'slos.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const availability = rows.find((r) => r.slo === 'requests-availability')!;
    expect(Number(availability.budget_remaining_ratio)).toBe(report.alerts.slos.find((s) => s.id === 'checkout-requests-availability')!.budgetRemainingRatio);
    expect(availability.budget_status).toBe('at-risk');
    expect(availability.window_days).toBe('30');
    const fired = parseCsv(await readFile(join(reportDir, 'fired-alerts.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(fired.map((r) => [r.alert, r.firing_seconds])).toEqual([['CheckoutAvailabilityBudgetBurn', '27720'], ['CheckoutLatencyBudgetBurn', '10200']]);
    const md = await readFile(join(reportDir, 'report.md'), 'utf8');
    expect(md).toContain('| checkout/requests-availability | 99.9% | 30 d | at risk |');
    expect(md).toContain('| CheckoutAvailabilityBudgetBurn | critical | 2 | 2 | 7 h 42 min |');
    const html = await readFile(join(reportDir, 'report.html'), 'utf8');
    expect(html).toContain('<figure id="chart-slo-budgets"');
    expect(html).toContain('data-headline="alerts.slos.');
  });

  describe('headroom report --prometheus-url on the command line', () => {
    it('writes the report with live budgets and names a partial section in one line, or rejects a malformed URL as a usage error', async () => {
      const storePath = join(dir, backend.kind, 'cli.duckdb');
      const store = await Store.open(storePath);
      try {
        await seedReportStore(store);
      } finally {
        await store.close();
      }
      const out = join(dir, backend.kind, 'cli-out');
      const base = ['report', '--week', '2026-W46', '--store', storePath, '--out', out, '--slos-dir', slosDir, '--alerts-dir', alertsDir, '--no-pdf', '--no-publish'];
      const ok = await runCli([...base, '--prometheus-url', prom.url]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toBe(`report 2026-W46: ${join(out, '2026-W46')}/report.html (${ok.stdout.match(/\((\d+) files\)/)![1]} files)\n`);
      const written = JSON.parse(await readFile(join(out, '2026-W46', 'report.json'), 'utf8')) as WeeklyReport;
      expect(written.alerts.slos.find((x) => x.id === 'checkout-requests-availability')!.budgetRemainingRatio).toBe(report.alerts.slos.find((x) => x.id === 'checkout-requests-availability')!.budgetRemainingRatio);

      const fake = await startFakePrometheus(() => ({ body: {} }));
      const downUrl = fake.url;
      await fake.stop();
      const down = await runCli([...base, '--prometheus-url', downUrl]);
      expect(down.code, down.stderr).toBe(0);
      expect(down.stdout.split('\n')[1]).toMatch(new RegExp(`^  alerts and SLO budgets partial: Prometheus at ${downUrl} .*ECONNREFUSED.*; SLO budgets and fired alerts are unknown this week$`));

      const bad = await runCli([...base, '--prometheus-url', 'ftp://prometheus:9090']);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toContain('Prometheus URL "ftp://prometheus:9090" is not an http(s) URL');
    }, 60_000);
  });
});

describe('SLO budgets when Prometheus cannot answer', () => {
  it('says so in one line and marks the section partial when Prometheus is down; every other section is still written', async () => {
    const down = await startFakePrometheus(() => ({ body: {} }));
    const url = down.url;
    await down.stop();
    const store = await Store.open(':memory:');
    try {
      await seedReportStore(store);
      const { report: r, files } = await writeReport(store, url, join(dir, 'down'));
      expect(r.alerts.status).toBe('partial');
      expect(r.alerts.problems).toHaveLength(1);
      expect(r.alerts.problems[0]).toMatch(new RegExp(`^Prometheus at ${url} .*ECONNREFUSED.*; SLO budgets and fired alerts are unknown this week$`));
      expect(r.alerts.slos.every((s) => s.budgetStatus === 'no-data')).toBe(true);
      expect(r.alerts.firedAlerts).toBeNull();
      expect(r.cost.status).toBe('ok');
      expect(r.capacity.status).toBe('ok');
      expect(files).toContain('report.html');
    } finally {
      await store.close();
    }
  });

  it('says so in one line when Prometheus is slower than the timeout, and still writes the report', async () => {
    const slow = await startFakePrometheus(() => ({ body: promBody.vector([]), delayMs: 5_000 }));
    const store = await Store.open(':memory:');
    try {
      const { report: r, files } = await writeReport(store, slow.url, join(dir, 'slow'), 300);
      // The first query (the alert history) timed out twice: nothing else was asked of a backend that slow.
      expect(slow.requests.map((q) => q.params.get('query'))).toEqual(['ALERTS{alertstate="firing"}[1w]', 'ALERTS{alertstate="firing"}[1w]']);
      expect(r.alerts.status).toBe('partial');
      expect(r.alerts.problems).toHaveLength(1);
      expect(r.alerts.problems[0]).toBe(`Prometheus at ${slow.url} did not answer the fired alerts query within 300ms (2 attempts); SLO budgets and fired alerts are unknown this week`);
      expect(files).toContain('report.html');
    } finally {
      await store.close();
      await slow.stop();
    }
  });

  it('reports each failed query when Prometheus answers 5xx to the SLI queries but serves the alert history', async () => {
    const fake = await startFakePrometheus((req) => (req.params.get('query')?.startsWith('ALERTS') ? { body: promBody.matrix([]) } : { status: 503, body: promBody.error('unavailable', 'overloaded') }));
    const store = await Store.open(':memory:');
    try {
      const { report: r } = await writeReport(store, fake.url, join(dir, 'five'));
      expect(r.alerts.status).toBe('partial');
      expect(r.alerts.problems.map((p) => p.split(':')[0])).toEqual(['SLO checkout-requests-availability', 'SLO checkout-requests-latency', 'SLO search-query-errors']);
      expect(r.alerts.firedAlerts).toEqual([]);
      expect(r.alerts.note).toMatch(/Partial: SLO checkout-requests-availability: .*503.* \(and 2 more problems\)\./);
    } finally {
      await store.close();
      await fake.stop();
    }
  });
});
