/**
 * `headroom report` and the scheduled weekly report:
 *
 *   store ─► report inputs ─► WeeklyReport ─► charts (SVG), tables ─► HTML, MD, CSV, JSON (+ PDF)
 *     (+ cost-forecast.csv: finance's monthly forecast per service, namespace and team)
 *     ─► dated directory, published atomically ─► report_history ─► Slack, e-mail (retried)
 *
 * The directory is written before any publisher runs, so a publisher that is down never costs the
 * report; its failure is retried, recorded on the run (status 'partial') and returned.
 */
import { runFinanceForecast } from './finance-forecast.js';
import { loadLatestAllocationWith } from '../store/allocation-repo.js';
import { allocationMessages } from '../models/allocation/index.js';
import type { TeamAllocationInput } from '../reports/build-report.js';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { HeadroomConfig } from '../config/index.js';
import { parseDurationSeconds } from '../domain/units.js';
import { findDuplicateSlos, parseSloSpec, type SloDefinition } from '../generators/slo/index.js';
import { readSecret } from '../config/index.js';
import type { Store } from '../store/index.js';
import { convertedAmountSql } from '../store/cost-repo.js';
import {
  readCostWeeks, readDailyCost, readForecasts, readLatestPayloads, readWeeklyCost, saveReportHistory, type StoredForecastRow,
} from '../store/report-repo.js';
import type { RunTrigger } from '../store/run-repo.js';
import { publishDirAtomic } from '../util/atomic-write.js';
import type { Logger } from '../util/logger.js';
import {
  buildReportCharts, buildReportTables, buildWeeklyReport, isChromiumInstalled, renderChartSvg, renderCsv, renderPdf,
  getIsoWeekOf, renderReportHtml, reportMessages, renderReportMarkdown, shiftIsoWeek, type AlertsInputs, type AlertsSection, type IsoWeek, type LiveAlertData, type WeeklyReport,
} from '../reports/index.js';
import {
  createEmailPublisher, createSlackPublisher, runPublishers, type Publisher, type PublishResult, type RetryOptions,
} from '../publishers/index.js';
import { trackRun } from './runs.js';
import { planReportCurrency } from './report-currency.js';
import { readCostRunCurrencies } from '../store/capacity-repo.js';

const DAY_MS = 86_400_000;
/** The weekly report's file with finance's monthly forecast per service, namespace and team. */
export const financeForecastFile = 'cost-forecast.csv';

/** The daily total-cost forecast series the capacity stage stores (src/models/capacity cost-forecast). */
export const dailyTotalCostSeries = 'cost/total:daily_usd';

export interface WeeklyReportOptions {
  store: Store;
  config: HeadroomConfig;
  week: IsoWeek;
  /** Parent directory; the report goes to `<outDir>/<week>/`. */
  outDir: string;
  nowMs: () => number;
  logger: Logger;
  trigger?: RunTrigger;
  /** Directories with generated alert rule files and SLO specs. Default `alerts` and config.slosDir. */
  alertsDir?: string;
  slosDir?: string;
  /** 'auto' (default): write report.pdf when Chromium is installed. */
  pdf?: 'auto' | 'always' | 'never';
  /** Publishers; default: those configured in `report` (Slack, e-mail). */
  publishers?: Publisher[];
  /** Retry settings for the configured publishers. */
  retry?: RetryOptions;
  /** Set when the caller (the scheduler) already records the run; the report then records none of its own. */
  runId?: string;
  /** Prometheus to read SLIs and fired alerts from; default `prometheus.url` in the config. */
  prometheusUrl?: string;
  /** Per-query timeout for `prometheusUrl` (each of two attempts). Default 30 s; with `prometheus.url`, its `timeout`. */
  prometheusTimeoutMs?: number;
  /**
   * Supplies the live SLI and alert data instead of Prometheus (the demo: the embedded sample);
   * null means none.
   */
  liveAlertData?: (slos: SloDefinition[], week: IsoWeek) => Promise<LiveAlertData | null>;
  /** Exchange rates into USD (`{ EUR: 1.08 }`), needed when the bill mixes currencies (`--fx`). */
  fx?: Record<string, number>;
}

export interface WeeklyReportResult {
  runId: string;
  dir: string;
  report: WeeklyReport;
  files: string[];
  publishResults: PublishResult[];
  status: 'succeeded' | 'partial';
  /** What the run record keeps (the same for a manual and a scheduled run). */
  detail: ReportRunDetail;
}

/**
 * A report run's record: where it went, each publisher's outcome, and the alerts section's
 * problems (Prometheus down, an SLO spec that does not parse), which leave the run succeeded.
 */
// A type, not an interface: the run record takes it as a plain Record<string, unknown>.
export type ReportRunDetail = {
  week: string;
  dir: string;
  files: string[];
  publishers: PublishResult[];
  alertProblems?: string[];
};

export interface AlertsCatalog extends Omit<AlertsInputs, 'live'> {
  /** The parsed SLO specs, for reading their SLIs. */
  definitions: SloDefinition[];
}

/** Reads the generated alert rules (Prometheus rule files) and SLO specs (sloth, parsed as `headroom generate` does). */
export async function readAlertsCatalog(alertsDir: string, slosDir: string): Promise<AlertsCatalog> {
  const yamlFiles = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((f) => /\.ya?ml$/.test(f)).sort();
  const alertRules: AlertsSection['alertRules'] = [];
  for (const file of await yamlFiles(alertsDir)) {
    const doc = parseYaml(await readFile(join(alertsDir, file), 'utf8')) as { groups?: { rules?: { alert?: string; labels?: { severity?: string } }[] }[] } | null;
    for (const g of doc?.groups ?? []) for (const rule of g.rules ?? []) if (rule.alert) alertRules.push({ name: rule.alert, severity: rule.labels?.severity ?? '', file });
  }
  const definitions: SloDefinition[] = [];
  const specProblems: string[] = [];
  for (const file of await yamlFiles(slosDir)) {
    const parsed = parseSloSpec(file, await readFile(join(slosDir, file), 'utf8'), basename(file, extname(file)));
    definitions.push(...parsed.slos);
    specProblems.push(...parsed.problems);
  }
  specProblems.push(...findDuplicateSlos(definitions));
  const slos = definitions.map((d) => ({ id: d.id, service: d.service, name: d.name, objectivePercent: d.objectivePercent, ...(d.periodSeconds === undefined ? {} : { periodSeconds: d.periodSeconds }) }));
  return { alertRules, slos, specProblems, definitions };
}

/** Live SLI and alert data from Prometheus, when the report has one; never throws (failures become problems). */
export async function readPrometheusAlertData(config: HeadroomConfig, url: string | undefined, definitions: SloDefinition[], week: IsoWeek, timeoutMs = 30_000): Promise<LiveAlertData | null> {
  const target = url ?? config.prometheus?.url;
  if (!target) return null;
  const [{ PrometheusClient, prometheusSourceFromConfig, prometheusSourceFromUrl }, { readLiveSloStatus, liveSloMessages }] = await Promise.all([
    import('../collectors/prometheus/index.js'), import('./report-slo-status.js'),
  ]);
  const windowSeconds = parseDurationSeconds(config.alerting.slo.period);
  let client: InstanceType<typeof PrometheusClient>;
  try {
    // One retry: a report waits for a slow backend, but not for minutes of backoff.
    const source = url || !config.prometheus ? prometheusSourceFromUrl(target, { retries: 1, timeoutMs }) : { ...(await prometheusSourceFromConfig(config.prometheus)), retries: 1 };
    client = new PrometheusClient(source);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { source: { kind: 'prometheus', origin: target }, windowSeconds, weekSeconds: (week.endMs - week.startMs) / 1000, recentSeconds: 3600, slis: {}, firedAlerts: null, problems: [liveSloMessages.unreadable(target, reason)] };
  }
  try {
    return await readLiveSloStatus({ client, slos: definitions, week, windowSeconds });
  } finally {
    await client.close();
  }
}

export type CostDimension = 'namespace' | 'service';

/** The daily forecast series the capacity run stores per namespace or service (src/models/capacity cost-forecast). */
export function costSeriesName(dimension: CostDimension, key: string): string {
  return `cost/${dimension}=${key}:daily_usd`;
}

/** Daily effective cost per namespace (unallocated as `(unallocated)`, as the cost forecast keys it) or service in [fromMs, toMs). */
export async function readDailyCostBy(store: Store, dimension: CostDimension, fromMs: number, toMs: number, rates?: ReadonlyMap<string, number>): Promise<Map<string, { dayMs: number; costUsd: number }[]>> {
  const column = dimension === 'namespace' ? "CASE WHEN namespace = '' THEN '(unallocated)' ELSE namespace END" : 'service';
  const rows = await store.all<{ key: string; day_ms: number | bigint; cost: number }>(
    `SELECT ${column} AS key, epoch_ms(date_trunc('day', period_start)) AS day_ms, sum(${convertedAmountSql('effective_cost_usd', rates)}) AS cost
     FROM cost_line_items_one_source WHERE period_start >= $1 AND period_start < $2 GROUP BY 1, 2 ORDER BY 1, 2`,
    [new Date(fromMs), new Date(toMs)],
  );
  const out = new Map<string, { dayMs: number; costUsd: number }[]>();
  for (const r of rows) {
    const list = out.get(String(r.key)) ?? [];
    list.push({ dayMs: Number(r.day_ms), costUsd: Number(r.cost) });
    out.set(String(r.key), list);
  }
  return out;
}

/** Stored forecasts (as of `asOfMs`) of every series the `where` condition on `forecasts.series` selects, by series; series without rows left out. */
async function readForecastsWhere(store: Store, where: string, asOfMs: number): Promise<Map<string, StoredForecastRow[]>> {
  const seriesRows = await store.all<{ series: string }>(`SELECT DISTINCT series FROM forecasts WHERE ${where} ORDER BY series`);
  const out = new Map<string, StoredForecastRow[]>();
  for (const { series } of seriesRows) {
    const rows = await readForecasts(store, series, asOfMs);
    if (rows.length) out.set(series, rows);
  }
  return out;
}

/** Per-namespace and per-service forecasts (as of `asOfMs`) and the complete weeks' actual spend they are judged by. */
async function readBreakdownAccountability(store: Store, asOfMs: number, historyStartMs: number, endMs: number, completeWeeks: Iterable<number>, money: MoneyFilter) {
  const breakdownForecasts = new Map<string, StoredForecastRow[]>();
  for (const [series, rows] of await readForecastsWhere(store, "starts_with(series, 'cost/namespace=') OR starts_with(series, 'cost/service=')", asOfMs)) {
    const kept = money.keep(rows);
    if (kept.length) breakdownForecasts.set(series, kept);
  }
  const weeks = new Set(completeWeeks);
  const breakdownActuals = new Map<string, Map<number, number>>();
  for (const dimension of ['namespace', 'service'] as const) {
    for (const [key, days] of await readDailyCostBy(store, dimension, historyStartMs, endMs, money.rates)) {
      const byWeek = new Map<number, number>();
      for (const d of days) {
        const weekStartMs = getIsoWeekOf(d.dayMs).startMs;
        if (weeks.has(weekStartMs)) byWeek.set(weekStartMs, (byWeek.get(weekStartMs) ?? 0) + d.costUsd);
      }
      // A key without cost in a complete week spent nothing that week.
      for (const w of weeks) if (!byWeek.has(w)) byWeek.set(w, 0);
      breakdownActuals.set(costSeriesName(dimension, key), byWeek);
    }
  }
  return { breakdownForecasts, breakdownActuals };
}

/** Requests forecasts per cluster and node pool (as of `asOfMs`) and the actual daily peaks of requests they are judged by. */
async function readCapacityAccountability(store: Store, asOfMs: number, historyStartMs: number, endMs: number) {
  const capacityForecasts = await readForecastsWhere(store, "regexp_matches(series, '^(cluster|node_pool)=.+/(cpu_requests_cores|memory_requests_bytes):daily_max$')", asOfMs);
  const capacityActuals = new Map<string, Map<number, number>>();
  if (capacityForecasts.size === 0) return { capacityForecasts, capacityActuals };
  // The daily peak, as the capacity model aggregates its hourly series (max over every stored snapshot).
  const peaks = await store.all<{ series: string; day_ms: number | bigint; peak: number }>(
    `SELECT series, epoch_ms(date_trunc('day', ts)) AS day_ms, max(value) AS peak FROM capacity_series
     WHERE list_contains(string_split($1, chr(10)), series) AND ts >= $2 AND ts < $3 GROUP BY 1, 2 ORDER BY 1, 2`,
    [[...capacityForecasts.keys()].map((k) => k.replace(/:daily_max$/, '')).join('\n'), new Date(historyStartMs), new Date(endMs)],
  );
  for (const p of peaks) {
    const byDay = capacityActuals.get(p.series) ?? new Map<number, number>();
    byDay.set(Number(p.day_ms), Number(p.peak));
    capacityActuals.set(p.series, byDay);
  }
  return { capacityForecasts, capacityActuals };
}

/** Everything the report shows, read from the store as of the Monday after the week. */
/**
 * The report's currency and what it lets in: bill amounts are converted at `rates` in SQL, and
 * stored cost forecasts count only when the capacity run that made them was in the same currency
 * (a EUR forecast next to a USD bill would be a mix under one label).
 */
interface MoneyFilter {
  currency: string;
  rates: ReadonlyMap<string, number>;
  keep: (rows: StoredForecastRow[]) => StoredForecastRow[];
  keepRun: (runId: string) => boolean;
  /** Runs left out for their currency, as sentences for the cost section. */
  excluded: Set<string>;
}

async function createMoneyFilter(store: Store, currency: string, rates: ReadonlyMap<string, number>): Promise<MoneyFilter> {
  const runCurrencies = await readCostRunCurrencies(store);
  const excluded = new Set<string>();
  const matches = (runId: string) => {
    const c = runCurrencies.get(runId);
    if (c === undefined || c === currency) return true;
    excluded.add(reportMessages.otherCurrency('Capacity (cost forecast)', runId, c, currency));
    return false;
  };
  return { currency, rates, excluded, keepRun: matches, keep: (rows) => rows.filter((r) => matches(r.runId)) };
}

export async function loadReportInputs(store: Store, week: IsoWeek, generatedAtMs: number, alerts: AlertsInputs | null, teamLabel = 'team', fx: Record<string, number> = {}) {
  const previousWeek = shiftIsoWeek(week, -1);
  // What was known when the week's report was due (the day after it ended), so old weeks re-render as they were.
  const asOfMs = week.endMs + DAY_MS;
  const historyStartMs = week.endMs - 12 * 7 * DAY_MS;
  // Refuses a bill mixing currencies without rates before anything is read or written.
  const plan = await planReportCurrency(store, historyStartMs, week.endMs, fx, `report ${week.week}`);
  const money = await createMoneyFilter(store, plan.currency, plan.rates);
  const [costWeeks, daily, weeklyActuals, dailyCostForecasts, capacity, recommendations, commitments] = await Promise.all([
    readCostWeeks(store, week.startMs, week.endMs, plan.rates),
    readDailyCost(store, historyStartMs, week.endMs, plan.rates),
    readWeeklyCost(store, historyStartMs, week.endMs, plan.rates),
    readForecasts(store, dailyTotalCostSeries, asOfMs),
    readLatestPayloads(store, 'capacity_results', asOfMs),
    readLatestPayloads(store, 'recommendations', asOfMs),
    readLatestPayloads(store, 'commitment_recommendations', asOfMs),
  ]);
  const { breakdownForecasts, breakdownActuals } = await readBreakdownAccountability(store, asOfMs, historyStartMs, week.endMs, weeklyActuals.keys(), money);
  const { capacityForecasts, capacityActuals } = await readCapacityAccountability(store, asOfMs, historyStartMs, week.endMs);
  const team = await readTeamAllocation(store, teamLabel, asOfMs, plan.currency);
  return buildWeeklyReport({
    week, previousWeek, generatedAtMs, costWeeks, daily, weeklyActuals, dailyCostForecasts: money.keep(dailyCostForecasts),
    capacity: capacity.filter((r) => r.columns.resource !== 'cost' || money.keepRun(r.runId)),
    recommendations, commitments, alerts,
    breakdownForecasts, breakdownActuals, capacityForecasts, capacityActuals, teamAllocation: team.input, teamAllocationNote: team.note,
    currency: plan.currency, exchangeRates: plan.used, costNotes: [...money.excluded],
  });
}

/** The latest allocation run's daily cost per team, with its reconciliation line; left out (with why) when it is in another currency. */
async function readTeamAllocation(store: Store, label: string, asOfMs: number, currency: string): Promise<{ input: TeamAllocationInput | null; note?: string }> {
  const run = await loadLatestAllocationWith(store, `label:${label}`, asOfMs);
  if (!run) return { input: null };
  const d = run.detail;
  const runCurrency = d.currency || 'USD';
  if (runCurrency !== currency) return { input: null, note: reportMessages.otherCurrency('Allocation', run.runId, runCurrency, currency) };
  const allocatedUsd = Math.round((d.totalUsd - d.idleUsd - d.unallocatedUsd) * 100) / 100;
  return { input: { runId: run.runId, label, reconciliation: allocationMessages.reconciliation(allocatedUsd, d.idleUsd, d.unallocatedUsd, d.totalUsd, d.priceSource === 'bill', currency), daily: run.grouping.daily } };
}

/** The publishers the config asks for; a secret that cannot be read becomes a failed publisher, reported like any other. */
export async function createConfiguredPublishers(config: HeadroomConfig, retry: RetryOptions = {}): Promise<Publisher[]> {
  const out: Publisher[] = [];
  const failing = (name: string, err: unknown): Publisher => ({ name, publish: async () => ({ publisher: name, ok: false, attempts: 0, errors: [err instanceof Error ? err.message : String(err)] }) });
  if (config.report.slack) {
    try {
      out.push(createSlackPublisher(await readSecret(config.report.slack.webhookUrl, 'report.slack.webhookUrl'), retry));
    } catch (err) {
      out.push(failing('slack', err));
    }
  }
  const email = config.report.email;
  if (email) {
    try {
      const password = email.smtp.password ? await readSecret(email.smtp.password, 'report.email.smtp.password') : undefined;
      out.push(createEmailPublisher({ host: email.smtp.host, port: email.smtp.port, secure: email.smtp.secure, username: email.smtp.username, password, from: email.from, to: email.to }, retry));
    } catch (err) {
      out.push(failing('email', err));
    }
  }
  return out;
}

export async function generateWeeklyReport(options: WeeklyReportOptions): Promise<WeeklyReportResult> {
  const { store, config, week, logger } = options;
  const outDir = resolve(options.outDir);
  const dir = join(outDir, week.week);
  const produce = async (runId: string) => {
    const { definitions, ...catalog } = await readAlertsCatalog(resolve(options.alertsDir ?? 'alerts'), resolve(options.slosDir ?? config.slosDir));
    const live = options.liveAlertData ? await options.liveAlertData(definitions, week) : await readPrometheusAlertData(config, options.prometheusUrl, definitions, week, options.prometheusTimeoutMs);
    for (const p of live?.problems ?? []) logger.warn({ week: week.week }, p);
    const report = await loadReportInputs(store, week, options.nowMs(), { ...catalog, live }, config.allocation.teamLabel, options.fx);
    const tables = buildReportTables(report);
    const charts = await Promise.all(buildReportCharts(report).map(async (c) => ({ id: c.id, title: c.title, svg: await renderChartSvg(c.spec, c.title) })));
    const html = renderReportHtml(report, tables, charts);
    const markdown = renderReportMarkdown(report, tables);
    const files = ['report.html', 'report.md', 'report.json', ...tables.map((t) => `${t.id}.csv`)];
    // Finance's monthly forecast per service, namespace and team, as of the week's end (finance-forecast.ts).
    const finance = await runFinanceForecast(store, { teamLabel: config.allocation.teamLabel, asOfMs: week.endMs, method: config.capacity.forecastMethod });
    if (finance.report) files.push(financeForecastFile);
    const pdfMode = options.pdf ?? 'auto';
    const wantPdf = pdfMode === 'always' || (pdfMode === 'auto' && (await isChromiumInstalled()));
    await publishDirAtomic(dir, async (tmp) => {
      await writeFile(join(tmp, 'report.html'), html);
      await writeFile(join(tmp, 'report.md'), markdown);
      await writeFile(join(tmp, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
      for (const t of tables) await writeFile(join(tmp, `${t.id}.csv`), renderCsv(t));
      if (finance.report) await writeFile(join(tmp, financeForecastFile), finance.csv);
      if (wantPdf) {
        try {
          await renderPdf(join(tmp, 'report.html'), join(tmp, 'report.pdf'));
          files.push('report.pdf');
        } catch (err) {
          if (pdfMode === 'always') throw err;
          logger.warn({ err: (err as Error).message }, 'report.pdf skipped: headless Chromium failed');
        }
      }
    });
    await store.transaction((tx) => saveReportHistory(tx, { week: week.week, runId, path: dir, createdAtMs: options.nowMs(), summary: report.summary as unknown as Record<string, unknown> }));
    logger.info({ week: week.week, dir }, 'weekly report written');

    const base = config.report.publicBaseUrl;
    const link = base ? `${base.replace(/\/$/, '')}/${week.week}/report.html` : pathToFileURL(join(dir, 'report.html')).href;
    const publishers = options.publishers ?? (await createConfiguredPublishers(config, options.retry));
    const publishResults = await runPublishers(publishers, { report, dir, html, markdown, link });
    for (const r of publishResults) {
      if (r.ok) logger.info({ publisher: r.publisher, attempts: r.attempts }, 'report published');
      else logger.error({ publisher: r.publisher, attempts: r.attempts, errors: r.errors }, `publishing to ${r.publisher} failed after ${r.attempts} attempts`);
    }
    const status: 'succeeded' | 'partial' = publishResults.every((r) => r.ok) ? 'succeeded' : 'partial';
    // A partial alerts section (Prometheus down) is on the page and in the run's detail; it does not fail the run.
    const detail: ReportRunDetail = { week: week.week, dir, files, publishers: publishResults, ...(report.alerts.problems.length ? { alertProblems: report.alerts.problems } : {}) };
    return { status, detail, value: { report, files, publishResults, status, detail } };
  };
  if (options.runId) return { runId: options.runId, dir, ...(await produce(options.runId)).value };
  const { run, value } = await trackRun({ store, kind: 'report', trigger: options.trigger ?? 'manual', nowMs: options.nowMs }, produce);
  return { runId: run.runId, dir, ...value };
}
