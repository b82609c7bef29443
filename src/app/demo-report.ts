/**
 * Demo stage "report" (the last one, and the demo's main output): the weekly report for the
 * sample's last full week, from the store the earlier stages filled, into <outDir>/reports/<week>/.
 *
 * Accountability needs forecasts made before the weeks they forecast. A fresh demo store has only
 * today's, so the stage replays the daily cost forecast at the previous Mondays, using the cost
 * history known then (as a weekly scheduled run would have done), and stores them as dated runs.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegularSeries } from '../domain/forecast.js';
import { forecast } from '../models/forecast/index.js';
import { aggregateDailyMax, nameForecast, type NamedForecast } from '../models/capacity/index.js';
import { loadLatestCapacityInputs } from '../store/capacity-repo.js';
import { replaceCostLineItems } from '../store/cost-repo.js';
import { saveForecasts } from '../store/forecast-repo.js';
import { readDailyCost, readForecasts } from '../store/report-repo.js';
import { insertRun } from '../store/run-repo.js';
import { getLastFullIsoWeek, formatAmount, parseRequestsSeries, type IsoWeek, type LiveAlertData } from '../reports/index.js';
import { parseDurationSeconds } from '../domain/units.js';
import { resolveSloPeriodSeconds, type SloDefinition } from '../generators/slo/index.js';
import { summariseFiredAlerts } from '../models/slo/index.js';
import { countSloEvents, generateSampleSlisFor, listAlertSamples } from '../sample/slis/index.js';
import type { SampleCluster } from '../sample/index.js';
import { costSeriesName, dailyTotalCostSeries, financeForecastFile, generateWeeklyReport, readDailyCostBy } from './report.js';
import { createRunId } from './runs.js';
import { exampleAlertsDir, exampleSlosDir } from './demo-generate.js';
import type { DemoContext, DemoOutput, DemoStage } from './demo-stage.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** The capacity model's minimum history for a cost forecast. */
const minHistoryDays = 14;

/** Finds `<outDir>/*\/<name>` directories written by earlier stages (the generate stage's alerts and SLOs). */
async function findStageDir(outDir: string, name: string): Promise<string | null> {
  const entries = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory() || e.name === 'reports') continue;
    if (e.name === name) return join(outDir, e.name);
    const inner = await readdir(join(outDir, e.name), { withFileTypes: true }).catch(() => []);
    if (inner.some((i) => i.isDirectory() && i.name === name)) return join(outDir, e.name, name);
  }
  return null;
}

/** Replays the daily total cost forecast at `originMs` from the cost history before it; false when too short. */
async function replayCostForecast(ctx: DemoContext, originMs: number, horizonDays: number): Promise<boolean> {
  const daily = await readDailyCost(ctx.store, originMs - 120 * DAY_MS, originMs);
  if (daily.length < minHistoryDays) return false;
  const startMs = daily[0]!.dayMs;
  const values = new Float64Array(Math.round((originMs - startMs) / DAY_MS)).fill(Number.NaN);
  for (const d of daily) values[Math.round((d.dayMs - startMs) / DAY_MS)] = d.costUsd;
  const history: RegularSeries = { startMs, stepSeconds: DAY_MS / 1000, values };
  const named = nameForecast(dailyTotalCostSeries, forecast(history, { horizon: horizonDays, levels: [80, 95], seasonalPeriods: [7] }));
  // Per namespace and per service too, as the capacity run forecasts them, for their accountability
  // (four weeks ahead is all the weeks judged need).
  const breakdown = [...await replayBreakdownForecasts(ctx, originMs, Math.min(horizonDays, 28)), ...await replayCapacityForecasts(ctx, originMs, Math.min(horizonDays, 28))];
  const runId = createRunId('forecast', originMs);
  await ctx.store.transaction(async (tx) => {
    await insertRun(tx, { runId, kind: 'forecast', startedAtMs: originMs, finishedAtMs: originMs, status: 'succeeded', trigger: 'manual', detail: { series: dailyTotalCostSeries, replay: true, method: named.method, historyDays: daily.length, breakdownSeries: breakdown.length } });
    await saveForecasts(tx, runId, [named, ...breakdown]);
  });
  return true;
}

/** Requests forecasts (daily peak) per cluster and node pool at `originMs`, from the collected series before it, as the capacity run makes them. */
async function replayCapacityForecasts(ctx: DemoContext, originMs: number, horizonDays: number): Promise<NamedForecast[]> {
  const inputs = await loadLatestCapacityInputs(ctx.store);
  const out: NamedForecast[] = [];
  for (const s of inputs?.clusterSeries ?? []) {
    const name = `${s.series}:daily_max`;
    if (!parseRequestsSeries(name)) continue;
    const daily = aggregateDailyMax(s.points.filter((p) => p.timestampMs < originMs));
    if (!daily || daily.values.filter(Number.isFinite).length < minHistoryDays) continue;
    out.push(nameForecast(name, forecast(daily, { horizon: horizonDays, levels: [80, 95], seasonalPeriods: [7] })));
  }
  return out;
}

/** Daily cost forecasts per namespace and service at `originMs`, from the history before it (keys with too little history are skipped). */
async function replayBreakdownForecasts(ctx: DemoContext, originMs: number, horizonDays: number): Promise<NamedForecast[]> {
  const out: NamedForecast[] = [];
  for (const dimension of ['namespace', 'service'] as const) {
    for (const [key, days] of await readDailyCostBy(ctx.store, dimension, originMs - 120 * DAY_MS, originMs)) {
      if (days.length < minHistoryDays) continue;
      const startMs = days[0]!.dayMs;
      const values = new Float64Array(Math.round((originMs - startMs) / DAY_MS));
      for (const d of days) values[Math.round((d.dayMs - startMs) / DAY_MS)] = d.costUsd;
      if (!values.some((v) => v > 0)) continue;
      out.push(nameForecast(costSeriesName(dimension, key), forecast({ startMs, stepSeconds: DAY_MS / 1000, values }, { horizon: horizonDays, levels: [80, 95], seasonalPeriods: [7] })));
    }
  }
  return out;
}

export async function prepareAccountability(ctx: DemoContext, week: IsoWeek): Promise<number> {
  const existing = new Set((await readForecasts(ctx.store, dailyTotalCostSeries, week.endMs)).map((r) => r.runAtMs));
  let replayed = 0;
  for (const originMs of [week.startMs - 3 * WEEK_MS, week.startMs - 2 * WEEK_MS, week.startMs - WEEK_MS, week.startMs]) {
    if (existing.has(originMs)) continue;
    if (await replayCostForecast(ctx, originMs, 14 * 7)) replayed++;
  }
  // Without a capacity run there is no forward forecast yet: make the 13-week one here.
  if (![...existing].some((t) => t !== null && t >= week.endMs)) await replayCostForecast(ctx, week.endMs, 14 * 7);
  return replayed;
}

/**
 * The demo has no Prometheus: SLI events and the alert history come from the embedded sample
 * (src/sample/slis), summed over the same periods the Prometheus reader queries, and go through
 * the same error-budget model. The report says where they came from.
 */
export function sampleAlertData(sample: Pick<SampleCluster, 'seed' | 'endMs' | 'pods'>, windowSeconds: number, slos: SloDefinition[], week: IsoWeek): LiveAlertData {
  const slis = generateSampleSlisFor(sample);
  const recentSeconds = 3600;
  const out: LiveAlertData['slis'] = {};
  for (const slo of slos) {
    const sloWindowSeconds = resolveSloPeriodSeconds(slo, windowSeconds);
    const window = countSloEvents(slis, slo.id, week.endMs - sloWindowSeconds * 1000, week.endMs);
    const wk = countSloEvents(slis, slo.id, week.startMs, week.endMs);
    const recent = countSloEvents(slis, slo.id, week.endMs - recentSeconds * 1000, week.endMs);
    if (window && wk) out[slo.id] = { windowSeconds: sloWindowSeconds, window, week: wk, recent };
    else if (slis.slos.some((s) => s.sloId === slo.id)) out[slo.id] = { error: `the embedded sample covers ${Math.round((slis.endMs - slis.startMs) / DAY_MS)} days, not the whole SLO window ending ${new Date(week.endMs).toISOString().slice(0, 10)}` };
  }
  return {
    source: { kind: 'sample', origin: `seed ${slis.seed}; incident: ${slis.incident.description}` },
    windowSeconds, weekSeconds: (week.endMs - week.startMs) / 1000, recentSeconds,
    slis: out,
    firedAlerts: summariseFiredAlerts(listAlertSamples(slis, week.startMs, week.endMs), slis.alerts.evalIntervalSeconds),
    problems: [],
  };
}

export const reportStage: DemoStage = {
  name: 'report',
  async run(ctx: DemoContext) {
    const week = getLastFullIsoWeek(ctx.nowMs);
    // The report reads billing from the store; if no billing stage ran, the sample's own bill stands in.
    const costRows = await ctx.store.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM cost_line_items');
    if ((costRows[0]?.n ?? 0) === 0) await ctx.store.transaction((tx) => replaceCostLineItems(tx, 'demo-report-sample-billing', ctx.sample.billing.costLineItems));
    await prepareAccountability(ctx, week);
    // The monitoring stage's output when it wrote one, else the embedded examples — never the
    // current directory, so the demo gives the same report wherever it runs.
    const hasYaml = async (d: string | null) => d !== null && (await readdir(d).catch(() => [] as string[])).some((f) => /\.ya?ml$/.test(f));
    const stageAlerts = await findStageDir(ctx.outDir, 'alerts');
    const alertsDir = stageAlerts && (await hasYaml(stageAlerts)) ? stageAlerts : exampleAlertsDir;
    const stageSlos = await findStageDir(ctx.outDir, 'slos');
    const slosDir = stageSlos && (await hasYaml(stageSlos)) ? stageSlos : exampleSlosDir;
    const result = await generateWeeklyReport({
      store: ctx.store, config: ctx.config, week, outDir: join(ctx.outDir, 'reports'), nowMs: () => ctx.nowMs, logger: ctx.logger,
      alertsDir, slosDir, publishers: [],
      liveAlertData: async (slos, w) => sampleAlertData(ctx.sample, parseDurationSeconds(ctx.config.alerting.slo.period), slos, w),
    });
    const outputs: DemoOutput[] = [
      { label: 'weekly report (HTML)', path: join(result.dir, 'report.html') },
      { label: 'weekly report (Markdown)', path: join(result.dir, 'report.md') },
      { label: 'weekly report (JSON)', path: join(result.dir, 'report.json') },
    ];
    if (result.files.includes('report.pdf')) outputs.push({ label: 'weekly report (PDF)', path: join(result.dir, 'report.pdf') });
    if (result.files.includes(financeForecastFile)) outputs.push({ label: 'cost forecast per service, namespace and team (CSV)', path: join(result.dir, financeForecastFile) });
    outputs.push({ label: `tables (${result.files.filter((f) => f.endsWith('.csv')).length} CSV files)`, path: result.dir });
    const missing = (['capacity', 'cost', 'rightsizing', 'commitments', 'alerts', 'accountability'] as const).filter((s) => result.report[s].status === 'missing');
    const spend = result.report.summary.spend;
    return {
      outputs,
      summary: `${week.week} report: ${join(result.dir, 'report.html')} — spend ${formatAmount(spend.lastWeekUsd, result.report.currency)}${missing.length ? `; no data for ${missing.join(', ')}` : ''}`,
    };
  },
};
