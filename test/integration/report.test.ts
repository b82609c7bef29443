import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { Store } from '../../src/store/index.js';
import { validateConfig } from '../../src/config/index.js';
import { generateWeeklyReport } from '../../src/app/report.js';
import { parseIsoWeek, reportMessages, type WeeklyReport } from '../../src/reports/index.js';
import { listRuns } from '../../src/store/run-repo.js';
import { listReportHistory } from '../../src/store/report-repo.js';
import { silentLogger } from '../../src/util/logger.js';
import { runCli } from '../helpers/cli.js';
import { commitments, forecastRuns, lastWeekUsd, previousWeekUsd, recommendations, rightsizingTotalUsd, seedReportStore, weekEndMs, weekStartMs } from './report-fixture.js';

let dir: string;
let store: Store;
const config = validateConfig({});
const week = parseIsoWeek('2026-W46');
const nowMs = () => weekEndMs + 6 * 3600_000;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-report-'));
  store = await Store.open(':memory:');
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function writeReport(options: { alertsDir?: string; slosDir?: string } = {}) {
  return generateWeeklyReport({ store, config, week, outDir: join(dir, 'out'), nowMs, logger: silentLogger(), pdf: 'never', publishers: [], alertsDir: options.alertsDir ?? join(dir, 'none'), slosDir: options.slosDir ?? join(dir, 'none') });
}

describe('headroom report from the store', () => {
  it('writes HTML, Markdown, JSON and one CSV per table into <out>/<week>/', async () => {
    await seedReportStore(store);
    const result = await writeReport();
    expect(result.dir).toBe(join(dir, 'out', '2026-W46'));
    const files = (await readdir(result.dir)).sort();
    expect(files).toEqual(expect.arrayContaining(['report.html', 'report.md', 'report.json', 'capacity.csv', 'rightsizing.csv', 'commitments.csv', 'accountability.csv', 'forecast-13-weeks.csv', 'forecast-12-months.csv']));
    // Published atomically: no temp directory is left beside the report.
    expect((await readdir(join(dir, 'out'))).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('summarises spend last week against the week before and against the forecast made before the week began', async () => {
    await seedReportStore(store);
    const { report } = await writeReport();
    expect(report.summary.spend.lastWeekUsd).toBe(lastWeekUsd);
    expect(report.summary.spend.previousWeekUsd).toBe(previousWeekUsd);
    expect(report.summary.spend.changeUsd).toBe(lastWeekUsd - previousWeekUsd);
    const madeAtWeekStart = forecastRuns[1]!;
    expect(report.summary.spend.forecastUsd).toBe(7 * madeAtWeekStart.mean);
    expect(report.summary.spend.vsForecastRatio).toBeCloseTo((lastWeekUsd - 7 * madeAtWeekStart.mean) / (7 * madeAtWeekStart.mean), 10);
    expect(report.summary.topMovers[0]).toEqual({ dimension: 'namespace', name: 'shop', lastWeekUsd: 840, previousWeekUsd: 700, changeUsd: 140 });
    expect(report.summary.topMovers).toHaveLength(1);
  });

  it('lists the nearest exhaustion and planning dates first and fills the node pool rows with their cluster', async () => {
    await seedReportStore(store);
    const { report } = await writeReport();
    expect(report.summary.nearestExhaustion.map((e) => `${e.scope}/${e.name}/${e.resource}/${e.threshold}/${e.daysToExhaustion ?? `≥${e.daysToExhaustionLower}`}`)).toEqual([
      'cluster/sample/cpu/target/≥5', 'cluster/sample/memory/allocatable/12', 'node-pool/m5.xlarge/cpu/allocatable/25', 'cluster/sample/cpu/allocatable/40',
    ]);
    expect(report.summary.highlights).toContain('Nearest exhaustion: cluster sample memory requests reach allocatable on 2026-11-28 (12 days).');
    expect(report.summary.highlights).toContain('Planning: cluster sample cpu requests pass the utilisation target (mean forecast: not within the horizon); as early as 2026-11-21 (5 days) at 80% confidence.');
    const pool = report.capacity.rows.find((r) => r.scope === 'node-pool' && r.resource === 'cpu')!;
    expect(pool).toMatchObject({ cluster: 'sample', capacity: 32, requested: 28, headroomRatio: 0.125 });
  });

  it('holds accountability to account: each past week with its forecast, its error and whether the 80% interval held', async () => {
    await seedReportStore(store);
    const { report } = await writeReport();
    expect(report.accountability.rows.map((r) => [r.week, r.forecastUsd, r.actualUsd, r.heldInterval80])).toEqual([
      ['2026-W45', 7 * 150, previousWeekUsd, false], // 1120 is above the 80% interval's 7 × 155 = 1085
      ['2026-W46', 7 * 170, lastWeekUsd, true], // 1260 lies in [1120, 1295]
    ]);
    expect(report.accountability.rows[0]!.errorRatio).toBeCloseTo((1120 - 1050) / 1120, 12);
    expect(report.accountability.interval80HitRatio).toBe(0.5);
    const csv = parseCsv(await readFile(join(dir, 'out', '2026-W46', 'accountability.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.week, r.forecast_usd, r.actual_usd, r.held_80_interval])).toEqual([['2026-W45', '1050', '1120', 'false'], ['2026-W46', '1190', '1260', 'true']]);
  });

  it('holds per-namespace and per-service forecasts to account too, each against its own weekly spend', async () => {
    await seedReportStore(store);
    // Daily forecasts stored by the fixture's W45 and W46 runs for namespace shop (spent 100/day, then 120/day) and service AmazonEBS (10/day).
    const breakdown = [
      { runId: 'capacity-w45', series: 'cost/namespace=shop:daily_usd', mean: 110, lo80: 100, hi80: 115 },
      { runId: 'capacity-w46', series: 'cost/namespace=shop:daily_usd', mean: 118, lo80: 115, hi80: 125 },
      { runId: 'capacity-w46', series: 'cost/service=AmazonEBS:daily_usd', mean: 12, lo80: 11, hi80: 13 },
    ];
    await store.transaction(async (tx) => {
      for (const b of breakdown) {
        const originMs = forecastRuns.find((f) => f.runId === b.runId)!.originMs;
        const rows = Array.from({ length: 28 }, (_, i) => [b.runId, b.series, new Date(originMs + i * 86_400_000), 'fixture', b.mean, b.lo80, b.hi80, b.lo80 - 5, b.hi80 + 5]);
        await tx.insertRows('forecasts', ['run_id', 'series', 'ts', 'model', 'mean', 'lo80', 'hi80', 'lo95', 'hi95'], rows);
      }
    });
    const { report } = await writeReport();
    expect(report.accountability.breakdownRows.map((r) => [r.dimension, r.name, r.week, r.forecastUsd, r.actualUsd, r.heldInterval80])).toEqual([
      ['namespace', 'shop', '2026-W45', 770, 700, true], // 700 is the 80% interval's lower end, 7 × 100
      ['namespace', 'shop', '2026-W46', 826, 840, true], // 840 lies in [805, 875]
      ['service', 'AmazonEBS', '2026-W46', 84, 70, false], // 70 is below 7 × 11 = 77
    ]);
    expect(report.accountability.breakdown).toEqual([
      { dimension: 'namespace', name: 'shop', weeks: 2, meanAbsErrorRatio: expect.closeTo((70 / 700 + 14 / 840) / 2, 12), interval80HitRatio: 1, lastWeekForecastUsd: 826, lastWeekActualUsd: 840, lastWeekErrorRatio: expect.closeTo(14 / 840, 12) },
      { dimension: 'service', name: 'AmazonEBS', weeks: 1, meanAbsErrorRatio: expect.closeTo(0.2, 12), interval80HitRatio: 0, lastWeekForecastUsd: 84, lastWeekActualUsd: 70, lastWeekErrorRatio: expect.closeTo(-0.2, 12) },
    ]);
    // The total's rows are unchanged by the breakdown.
    expect(report.accountability.rows.map((r) => [r.dimension, r.name, r.week])).toEqual([['total', 'total', '2026-W45'], ['total', 'total', '2026-W46']]);
    const csv = parseCsv(await readFile(join(dir, 'out', '2026-W46', 'accountability-breakdown-weeks.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.name, r.week, r.forecast_usd, r.actual_usd, r.held_80_interval])).toEqual([['shop', '2026-W45', '770', '700', 'true'], ['shop', '2026-W46', '826', '840', 'true'], ['AmazonEBS', '2026-W46', '84', '70', 'false']]);
    const html = await readFile(join(dir, 'out', '2026-W46', 'report.html'), 'utf8');
    expect(html).toContain('<figure id="chart-accountability-breakdown"');
    expect(html).toContain('<table id="table-accountability-breakdown"');
  });

  it('holds capacity forecasts to account: the week\'s mean forecast daily peak of requests against the actual peaks', async () => {
    await seedReportStore(store);
    const HOUR_MS = 3_600_000;
    await store.transaction(async (tx) => {
      // Hourly CPU requests of cluster sample: peaks 40 cores a day in W45 and 45 in W46 (the rest of each day lower).
      const rows: (string | number | Date)[][] = [];
      for (let day = weekStartMs - 7 * 86_400_000; day < weekEndMs; day += 86_400_000) {
        const peak = day < weekStartMs ? 40 : 45;
        for (let h = 0; h < 24; h++) rows.push(['snap-1', 'cluster=sample/cpu_requests_cores', new Date(day + h * HOUR_MS), h === 15 ? peak : peak - 10 + h * 0.1]);
      }
      await tx.insertRows('capacity_series', ['snapshot_id', 'series', 'ts', 'value'], rows);
      for (const [runId, mean, lo80, hi80] of [['capacity-w45', 38, 36, 41], ['capacity-w46', 50, 47, 53]] as const) {
        const originMs = forecastRuns.find((f) => f.runId === runId)!.originMs;
        const f = Array.from({ length: 14 }, (_, i) => [runId, 'cluster=sample/cpu_requests_cores:daily_max', new Date(originMs + i * 86_400_000), 'fixture', mean, lo80, hi80, lo80 - 1, hi80 + 1]);
        await tx.insertRows('forecasts', ['run_id', 'series', 'ts', 'model', 'mean', 'lo80', 'hi80', 'lo95', 'hi95'], f);
      }
    });
    const { report, dir: out } = await writeReport();
    expect(report.accountability.capacityRows.map((c) => [c.week, c.scope, c.name, c.resource, c.forecast, c.lo80, c.hi80, c.actual, c.heldInterval80])).toEqual([
      ['2026-W45', 'cluster', 'sample', 'cpu', 38, 36, 41, 40, true],
      ['2026-W46', 'cluster', 'sample', 'cpu', 50, 47, 53, 45, false],
    ]);
    expect(report.accountability.capacityRows[1]!.errorRatio).toBeCloseTo((45 - 50) / 45, 12);
    // (5% + 11.1%) / 2 off on average; one of the two weeks inside the interval.
    expect(report.summary.highlights).toContain('Capacity forecasts of requests were off by 8.1% on average and their 80% interval held 50.0% of the time; furthest off: cluster sample cpu in 2026-W46 (−11.1%).');
    const csv = parseCsv(await readFile(join(out, 'accountability-capacity.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.week, r.unit, r.forecast, r.actual, r.held_80_interval])).toEqual([['2026-W45', 'cores', '38', '40', 'true'], ['2026-W46', 'cores', '50', '45', 'false']]);
  });

  it('shows the 13-week forecast of the latest run as weekly sums and the 12 full months after the current one', async () => {
    await seedReportStore(store);
    const { report } = await writeReport();
    const weekly = report.cost.forecast13Weeks!;
    expect(weekly.runId).toBe('capacity-w47');
    expect(weekly.points).toHaveLength(13);
    expect(weekly.points[0]).toEqual({ periodStartMs: weekEndMs, meanUsd: 7 * 185, lo80Usd: 7 * 175, hi80Usd: 7 * 195, lo95Usd: 7 * 165, hi95Usd: 7 * 205 });
    const monthly = report.cost.forecast12Months!;
    expect(monthly.points).toHaveLength(12);
    expect(new Date(monthly.points[0]!.periodStartMs).toISOString().slice(0, 7)).toBe('2026-12');
    expect(monthly.points[0]!.meanUsd).toBe(5100);
    // The step the forecast modelled (a pool added on 2 October) is named in both renderings.
    expect(monthly.levelShifts).toEqual([{ date: '2026-10-02', sizeUsdPerDay: 55.3 }]);
    const sentence = 'Step in the spend, forecast as a new level rather than growth: +$55.30 a day from 2026-10-02.';
    expect(await readFile(join(dir, 'out', '2026-W46', 'report.md'), 'utf8')).toContain(sentence);
    expect(await readFile(join(dir, 'out', '2026-W46', 'report.html'), 'utf8')).toContain(sentence);
  });

  it('ranks rightsizing savings and commitments and totals them in the summary', async () => {
    await seedReportStore(store);
    const { report } = await writeReport();
    expect(report.rightsizing.top.map((r) => r.workload)).toEqual(['search-api', 'checkout']);
    expect(report.rightsizing.totalMonthlySavingsUsd).toBe(rightsizingTotalUsd);
    expect(report.summary.rightsizingMonthlySavingsUsd).toBe(rightsizingTotalUsd);
    expect(report.commitments.recommendations.map((c) => c.kind)).toEqual(commitments.map((c) => c.kind));
    expect(report.summary.commitmentMonthlySavingsUsd).toBe(175.1);
    // 50 a day of the 170 a day of compute was committed.
    expect(report.commitments.currentCoverageRatio).toBeCloseTo(50 / 170, 12);
    const csv = parseCsv(await readFile(join(dir, 'out', '2026-W46', 'rightsizing.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => Number(r.monthly_savings_usd))).toEqual([recommendations[1]!.savings, recommendations[0]!.savings]);
  });

  it('renders every missing section with its reason instead of failing', async () => {
    await seedReportStore(store, { capacity: false, rightsizing: false, commitments: false, forecasts: false });
    const { report, dir: out } = await writeReport();
    expect(report.capacity).toMatchObject({ status: 'missing', note: reportMessages.noCapacity });
    expect(report.rightsizing).toMatchObject({ status: 'missing', note: reportMessages.noRightsizing });
    expect(report.commitments.status).toBe('missing');
    expect(report.accountability).toMatchObject({ status: 'missing', note: reportMessages.noAccountability });
    expect(report.alerts.status).toBe('missing');
    expect(report.summary.spend.lastWeekUsd).toBe(lastWeekUsd);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('No rightsizing run in the store: run `headroom rightsize --save`');
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('_No capacity run in the store');
  });

  it('shows runs made after the week was due (data for a past --at, analysed today), and says so', async () => {
    await seedReportStore(store);
    // The analyses ran eleven days after the week's data: before, the report said "No capacity run yet".
    const laterMs = weekEndMs + 11 * 86_400_000;
    await store.run('UPDATE runs SET started_at = $1 WHERE run_id IN (\'capacity-main\', \'rightsize-1\', \'commit-1\')', [new Date(laterMs)]);
    const { report } = await writeReport();
    const when = new Date(laterMs).toISOString().slice(0, 10);
    expect(report.capacity.status).toBe('ok');
    expect(report.capacity.note).toBe(`From capacity run capacity-main of ${when}, made after 2026-W46 was due: it shows what is known now, not what was known then.`);
    expect(report.rightsizing).toMatchObject({ status: 'ok', runId: 'rightsize-1' });
    expect(report.rightsizing.note).toMatch(/^From rightsizing run rightsize-1 of .*, made after 2026-W46 was due/);
    expect(report.commitments.note).toMatch(/^From commitment run commit-1 of /);
  });

  it('renders an empty store as a report that says so in every section', async () => {
    const { report } = await writeReport();
    const statuses = (['capacity', 'cost', 'rightsizing', 'commitments', 'alerts', 'accountability'] as const).map((s) => report[s].status);
    expect(statuses).toEqual(['missing', 'missing', 'missing', 'missing', 'missing', 'missing']);
    expect(report.summary.spend.lastWeekUsd).toBeNull();
  });

  it('lists generated alert rules and SLO objectives, and says that budgets need live data', async () => {
    await mkdir(join(dir, 'alerts'));
    await mkdir(join(dir, 'slos'));
    await writeFile(join(dir, 'alerts', 'capacity.yaml'), 'groups:\n  - name: headroom-capacity\n    rules:\n      - alert: HeadroomCapacityExhaustionSoon\n        expr: headroom_capacity_exhaustion_days < 30\n        labels: { severity: warning }\n      - record: headroom:x\n        expr: vector(1)\n');
    await writeFile(join(dir, 'slos', 'checkout.yaml'), 'version: prometheus/v1\nservice: checkout\nslos:\n  - name: availability\n    objective: 99.9\n    sli:\n      events:\n        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(http_requests_total[{{.window}}]))\n    alerting:\n      name: CheckoutBudgetBurn\n');
    await writeFile(join(dir, 'slos', 'broken.yaml'), 'version: prometheus/v1\nservice: broken\nslos:\n  - name: availability\n    objective: 99.9\n');
    const { report } = await writeReport({ alertsDir: join(dir, 'alerts'), slosDir: join(dir, 'slos') });
    expect(report.alerts).toMatchObject({
      liveData: false, dataSource: null, firedAlerts: null,
      alertRules: [{ name: 'HeadroomCapacityExhaustionSoon', severity: 'warning', file: 'capacity.yaml' }],
      slos: [{ id: 'checkout-availability', service: 'checkout', name: 'availability', objectivePercent: 99.9, budgetStatus: 'unknown', budgetRemainingRatio: null, reasons: [reportMessages.noLiveSli] }],
    });
    // The spec without an SLI is not listed, but its problem is reported (parsed as `headroom generate` parses it).
    expect(report.alerts.status).toBe('partial');
    expect(report.alerts.problems).toEqual(['broken.yaml: slos.0.sli: Invalid input: expected object, received undefined']);
    expect(report.alerts.note).toContain(reportMessages.noLiveAlertData);
  });

  it('records the run and the report in the store, and report.json holds exactly the returned report', async () => {
    await seedReportStore(store);
    const result = await writeReport();
    const runs = await listRuns(store, { kind: 'report' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runId: result.runId, status: 'succeeded', trigger: 'manual' });
    expect((await listReportHistory(store)).map((h) => [h.week, h.runId, h.path])).toEqual([['2026-W46', result.runId, result.dir]]);
    const json = JSON.parse(await readFile(join(result.dir, 'report.json'), 'utf8')) as WeeklyReport;
    expect(json).toEqual(JSON.parse(JSON.stringify(result.report)));
  });

  it('draws one inline SVG chart per section with data and loads nothing from outside', async () => {
    await seedReportStore(store);
    const { dir: out } = await writeReport();
    const html = await readFile(join(out, 'report.html'), 'utf8');
    const figures = [...html.matchAll(/<figure id="chart-([\w-]+)"/g)].map((m) => m[1]);
    expect(figures).toEqual(['capacity', 'daily-cost', 'forecast-13w', 'forecast-12m', 'rightsizing', 'commitments', 'accountability']);
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
    expect(html).toContain('@media print');
  });
});

describe('headroom report on the command line', () => {
  it('rejects a malformed --week or a missing store with one line naming the input and the fix, and writes nothing', async () => {
    const out = await mkdtemp(join(tmpdir(), 'headroom-report-cli-'));
    try {
      const r = await runCli(['report', '--week', '2026-47', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--week "2026-47": expected YYYY-Www .*2026-W47/);
      expect((await readdir(out)).filter((f) => f.startsWith('20'))).toEqual([]);
      const missing = await runCli(['report', '--week', '2026-W46', '--out', out, '--store', join(out, 'nope.duckdb')]);
      expect(missing.code).toBe(2);
      // The same message as capacity's (requireExistingStore): the path and the command that creates a store.
      expect(missing.stderr.trim()).toBe(`error: store ${join(out, 'nope.duckdb')} does not exist (run \`headroom collect\` first to create it, or pass --store with the path of an existing store (e.g. headroom-demo/headroom.duckdb after \`headroom demo\`))`);
      expect(await readdir(out)).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
