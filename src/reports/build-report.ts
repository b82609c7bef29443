/**
 * Assembles the weekly report from what the store knows (pure: rows in, WeeklyReport out).
 *
 *   cost rows ─► spend summary, movers ─┐
 *   forecasts ─► 13-week / 12-month, accountability ─┤
 *   capacity / rightsizing / commitments payloads ─► sections ─► summary highlights
 *
 * Payloads are read defensively: they come from other stages' runs, possibly older versions, and a
 * field that is missing makes a cell empty, not the report fail.
 */
import type { StoredForecastRow, StoredPayloadRow, CostWeekRow } from '../store/report-repo.js';
import type { IsoWeek } from './iso-week.js';
import { getIsoWeekOf } from './iso-week.js';
import { assessErrorBudget, type SliObservation } from '../models/slo/index.js';
import { computePageBurnRate } from '../generators/slo/index.js';
import type {
  AlertsSection, FiredAlertRow, SloBudgetRow, CapacityRow, CapacitySection, CommitmentRow, CommitmentSection,
  CostForecast, CostSection, DailyCost, ExhaustionItem, ForecastPoint, RightsizingRow, RightsizingSection, SpendMover, TeamCostSection, WeeklyReport,
} from './report-types.js';
import { reportMessages as msg } from './messages.js';
import { DAY_SECONDS } from '../domain/units.js';
import { buildAccountability } from './build-accountability.js';
import { cents, forecastForWeek, latestRunOf, sum, sumPoints } from './forecast-rows.js';

export interface ReportInputs {
  week: IsoWeek;
  previousWeek: IsoWeek;
  generatedAtMs: number;
  costWeeks: CostWeekRow[];
  daily: DailyCost[];
  /** Complete weeks' actual spend by week start. */
  weeklyActuals: Map<number, number>;
  /** Daily total-cost forecast rows of every run as of the report (for 13 weeks and accountability). */
  dailyCostForecasts: StoredForecastRow[];
  capacity: StoredPayloadRow[];
  recommendations: StoredPayloadRow[];
  commitments: StoredPayloadRow[];
  alerts: AlertsInputs | null;
  /**
   * Per-namespace and per-service daily cost forecasts (`cost/namespace=shop:daily_usd`,
   * `cost/service=AmazonEC2:daily_usd`) of every run as of the report, by series name.
   */
  breakdownForecasts?: Map<string, StoredForecastRow[]>;
  /** Complete weeks' actual spend per breakdown series, by week start. */
  breakdownActuals?: Map<string, Map<number, number>>;
  /** Requests forecasts of every run as of the report (`cluster=sample/cpu_requests_cores:daily_max`), by series name. */
  capacityForecasts?: Map<string, StoredForecastRow[]>;
  /** Actual daily peak of each requests series (keyed without `:daily_max`), by UTC day start. */
  capacityActuals?: Map<string, Map<number, number>>;
  /** The latest allocation run's daily cost per team (label grouping); null or absent when there is none. */
  teamAllocation?: TeamAllocationInput | null;
  /** Currency of the bill-derived amounts above (default USD) and the rates a mixed bill was converted at. */
  currency?: string;
  exchangeRates?: Record<string, number>;
  /** Why there is no team allocation when there is a run (it is in another currency). */
  teamAllocationNote?: string;
  /** Sentences for the cost section: forecasts left out for their currency. */
  costNotes?: string[];
}

export interface TeamAllocationInput {
  runId: string;
  label: string;
  reconciliation: string | null;
  /** Per team: [dayStartMs, costUsd]. */
  daily: Map<string, { dayStartMs: number; costUsd: number }[]>;
}

/** An SLO spec as listed in the report. */
export interface SloCatalogEntry {
  id: string;
  service: string;
  name: string;
  objectivePercent: number | null;
  /** The spec's own SLO period (OpenSLO `timeWindow`); absent: `alerting.slo.period`. */
  periodSeconds?: number;
}

/** One SLO's SLI over the SLO window, the week, and the last hour at the week's end. */
export interface LiveSli {
  /** The SLO's own window `window` covers: its spec's period (OpenSLO `timeWindow`) or `alerting.slo.period`. */
  windowSeconds: number;
  window: SliObservation;
  week: SliObservation;
  recent: SliObservation | null;
}

/** SLI and alert data from Prometheus (or the embedded sample, in the demo) for the week. */
export interface LiveAlertData {
  source: { kind: 'prometheus' | 'sample'; origin: string };
  /** The configured SLO window (`alerting.slo.period`); an SLO whose spec has its own period says so in its LiveSli. */
  windowSeconds: number;
  weekSeconds: number;
  recentSeconds: number;
  /** By SLO id; an entry with `error` could not be read, a missing entry had no data. */
  slis: Record<string, LiveSli | { error: string }>;
  /** null when the alert history could not be read. */
  firedAlerts: FiredAlertRow[] | null;
  /** One line per thing that failed; the section is then `partial`. */
  problems: string[];
}

export interface AlertsInputs {
  alertRules: AlertsSection['alertRules'];
  slos: SloCatalogEntry[];
  /** Problems reading the SLO specs (a spec that does not parse is listed here, not in `slos`). */
  specProblems: string[];
  live: LiveAlertData | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const centsOrNull = (x: number | null) => (x === null ? null : cents(x));

function buildSpend(inputs: ReportInputs, costForecast13: CostForecast | null) {
  const hasCost = inputs.costWeeks.length > 0;
  const last = hasCost ? cents(sum(inputs.costWeeks.map((r) => r.lastWeekUsd))) : null;
  const prev = hasCost ? cents(sum(inputs.costWeeks.map((r) => r.previousWeekUsd))) : null;
  const forecastUsd = forecastForWeek(inputs.dailyCostForecasts, inputs.week)?.meanUsd ?? null;
  void costForecast13;
  return {
    lastWeekUsd: last,
    previousWeekUsd: prev,
    changeUsd: last !== null && prev !== null ? cents(last - prev) : null,
    changeRatio: last !== null && prev ? (last - prev) / prev : null,
    forecastUsd: centsOrNull(forecastUsd),
    vsForecastRatio: last !== null && forecastUsd ? (last - forecastUsd) / forecastUsd : null,
  };
}

function buildMovers(rows: CostWeekRow[]): SpendMover[] {
  const allocated = rows.some((r) => r.namespace !== '');
  const dimension: SpendMover['dimension'] = allocated ? 'namespace' : 'service';
  const by = new Map<string, { last: number; prev: number }>();
  for (const r of rows) {
    const key = allocated ? r.namespace || '(unallocated)' : r.service;
    const e = by.get(key) ?? { last: 0, prev: 0 };
    e.last += r.lastWeekUsd;
    e.prev += r.previousWeekUsd;
    by.set(key, e);
  }
  return [...by.entries()]
    .map(([name, e]) => ({ dimension, name, lastWeekUsd: cents(e.last), previousWeekUsd: cents(e.prev), changeUsd: cents(e.last - e.prev) }))
    .filter((m) => m.changeUsd !== 0)
    .sort((a, b) => Math.abs(b.changeUsd) - Math.abs(a.changeUsd) || a.name.localeCompare(b.name))
    .slice(0, 5);
}

/** The requests estimate against `threshold` (requests are what the scheduler packs), else the soonest of any metric. */
function pickExhaustion(resource: Obj, threshold: 'allocatable' | 'target'): { dateMs: number | null; days: number | null; earliestMs: number | null; daysLower: number | null } {
  const list = (Array.isArray(resource.exhaustion) ? resource.exhaustion.filter(isObj) : []).filter((e) => e.thresholdKind === threshold);
  const e = list.find((x) => x.metric === 'requests' && x.status !== 'unknown') ?? list.find((x) => x.status !== 'unknown');
  if (!e) return { dateMs: null, days: null, earliestMs: null, daysLower: null };
  return { dateMs: numOrNull(e.expectedMs), days: numOrNull(e.daysUntil), earliestMs: numOrNull(e.earliestMs), daysLower: numOrNull(e.daysUntilLower) };
}

function buildCapacity(rows: StoredPayloadRow[], week: IsoWeek): CapacitySection {
  const out: CapacityRow[] = [];
  for (const row of rows) {
    const p = row.payload;
    const resourceName = str(row.columns.resource, str(p.resource));
    if (resourceName !== 'cpu' && resourceName !== 'memory') continue;
    const scope = str(row.columns.scope, str(p.scope));
    if (scope !== 'cluster' && scope !== 'node-pool') continue;
    const allocatable = numOrNull(p.allocatable);
    const requested = numOrNull(p.requestsNow);
    const alloc = pickExhaustion(p, 'allocatable');
    const target = pickExhaustion(p, 'target');
    out.push({
      cluster: str(p.cluster, str(row.columns.cluster, scope === 'cluster' ? str(row.columns.name) : '')),
      scope,
      name: str(row.columns.name, str(p.name)),
      resource: resourceName,
      capacity: allocatable,
      requested,
      used: numOrNull(p.usagePeakNow),
      unit: str(p.unit, resourceName === 'cpu' ? 'cores' : 'bytes'),
      headroomRatio: allocatable && requested !== null ? (allocatable - requested) / allocatable : null,
      exhaustionDateMs: alloc.dateMs,
      daysToExhaustion: alloc.days,
      earliestExhaustionDateMs: alloc.earliestMs,
      daysToExhaustionLower: alloc.daysLower,
      targetEarliestDateMs: target.earliestMs,
      daysToTargetLower: target.daysLower,
    });
  }
  // Node-pool rows do not name their cluster; a run covers one cluster, named by its cluster row.
  const clusters = new Set(out.filter((r) => r.scope === 'cluster').map((r) => r.name));
  if (clusters.size === 1) for (const r of out) if (!r.cluster) r.cluster = [...clusters][0]!;
  out.sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'cluster' ? -1 : 1) || a.name.localeCompare(b.name) || a.resource.localeCompare(b.resource));
  if (out.length === 0) return { status: 'missing', note: msg.noCapacity, rows: [] };
  return { status: 'ok', note: afterDueNote('capacity', rows, week) ?? msg.capacityFrom(rows[0]!.runId), rows: out };
}

/** Latest run's daily forecast, summed into ISO weeks (bounds summed: conservative, as the capacity model does for months). */
function buildWeeklyForecast(rows: StoredForecastRow[], afterMs: number, weeks: number): CostForecast | null {
  const latestRun = latestRunOf(rows);
  if (!latestRun) return null;
  const runRows = rows.filter((r) => r.runId === latestRun && r.tsMs >= afterMs);
  const byWeek = new Map<number, StoredForecastRow[]>();
  for (const r of runRows) {
    const w = getIsoWeekOf(r.tsMs).startMs;
    byWeek.set(w, [...(byWeek.get(w) ?? []), r]);
  }
  const points: ForecastPoint[] = [...byWeek.entries()]
    .filter(([, rs]) => rs.length === 7)
    .sort(([a], [b]) => a - b)
    .slice(0, weeks)
    .map(([startMs, rs]) => sumPoints(startMs, rs));
  if (points.length === 0) return null;
  const first = runRows[0]!;
  return { series: first.series, runId: latestRun, runAtMs: first.runAtMs ?? 0, model: first.model, points, totalMeanUsd: cents(sum(points.map((p) => p.meanUsd))) };
}

function buildMonthlyForecast(capacityRows: StoredPayloadRow[]): CostForecast | null {
  for (const row of capacityRows) {
    const p = row.payload;
    const series = Array.isArray(p.series) ? p.series.filter(isObj) : isObj(p) && Array.isArray(p.months) ? [p] : [];
    const total = series.find((s) => s.key === '(total)') ?? null;
    if (!total || !Array.isArray(total.months)) continue;
    const months = total.months.filter(isObj).filter((m) => numOrNull(m.forecastDays) !== 0);
    const points: ForecastPoint[] = months.slice(0, 13).map((m) => ({
      periodStartMs: Date.parse(`${str(m.month)}-01T00:00:00Z`),
      meanUsd: cents(Number(m.meanUsd)),
      lo80Usd: centsOrNull(numOrNull(m.lo80Usd)), hi80Usd: centsOrNull(numOrNull(m.hi80Usd)),
      lo95Usd: centsOrNull(numOrNull(m.lo95Usd)), hi95Usd: centsOrNull(numOrNull(m.hi95Usd)),
    }));
    // Twelve full months after the current (partly actual) one, as finance plans them.
    const full = points.length > 12 ? points.slice(1) : points;
    if (full.length === 0) continue;
    const levelShifts = (Array.isArray(total.levelShifts) ? total.levelShifts.filter(isObj) : [])
      .map((x) => ({ date: str(x.date), sizeUsdPerDay: cents(Number(x.sizeUsdPerDay)) }))
      .filter((x) => x.date !== '' && Number.isFinite(x.sizeUsdPerDay));
    const indicative = typeof total.indicative === 'string' ? total.indicative : null;
    return { series: `cost:${str(total.breakdown, 'service')}=(total)`, runId: row.runId, runAtMs: row.runAtMs ?? 0, model: str(total.method), points: full, totalMeanUsd: cents(sum(full.map((x) => x.meanUsd))), levelShifts, indicative };
  }
  return null;
}

function buildCost(inputs: ReportInputs): CostSection {
  const by = <K extends 'service' | 'namespace'>(key: K) => {
    const m = new Map<string, { last: number; prev: number }>();
    for (const r of inputs.costWeeks) {
      const k = r[key] || '(unallocated)';
      const e = m.get(k) ?? { last: 0, prev: 0 };
      e.last += r.lastWeekUsd;
      e.prev += r.previousWeekUsd;
      m.set(k, e);
    }
    return [...m.entries()].sort((a, b) => b[1].last - a[1].last || a[0].localeCompare(b[0]));
  };
  const forecast13Weeks = buildWeeklyForecast(inputs.dailyCostForecasts, inputs.week.endMs, 13);
  const forecast12Months = buildMonthlyForecast(inputs.capacity.filter((r) => r.columns.resource === 'cost'));
  const hasCost = inputs.daily.length > 0;
  return {
    status: hasCost ? 'ok' : 'missing',
    note: [hasCost ? (forecast13Weeks || forecast12Months ? null : msg.noCostForecast) : msg.noCost, ...(inputs.costNotes ?? [])].filter((x) => x !== null).join(' ') || null,
    daily: inputs.daily.map((d) => ({ dayMs: d.dayMs, costUsd: cents(d.costUsd) })),
    byService: by('service').map(([service, e]) => ({ service, lastWeekUsd: cents(e.last), previousWeekUsd: cents(e.prev) })),
    byNamespace: by('namespace').map(([namespace, e]) => ({ namespace, lastWeekUsd: cents(e.last), previousWeekUsd: cents(e.prev) })),
    forecast13Weeks,
    forecast12Months,
  };
}

function buildRightsizing(rows: StoredPayloadRow[], week: IsoWeek): RightsizingSection {
  if (rows.length === 0) return { status: 'missing', note: msg.noRightsizing, currency: 'USD', runId: null, runAtMs: null, containers: 0, totalMonthlySavingsUsd: 0, top: [] };
  const all: RightsizingRow[] = rows.map((row) => {
    const p = row.payload;
    const cur = isObj(p.current) ? p.current : {};
    const rec = isObj(p.recommended) ? p.recommended : {};
    const ref = isObj(p.ref) ? p.ref : {};
    const col = (k: string, pk: string) => str(row.columns[k], str(p[pk], str(ref[pk])));
    return {
      cluster: col('cluster', 'cluster'),
      namespace: col('namespace', 'namespace'),
      workloadKind: col('workload_kind', 'workloadKind'),
      workload: col('workload', 'workload'),
      container: col('container', 'container'),
      confidence: str(p.confidence, str(row.columns.confidence)),
      cpuRequestCoresNow: numOrNull(cur.cpuRequestCores),
      cpuRequestCoresRecommended: numOrNull(rec.cpuRequestCores),
      memoryRequestBytesNow: numOrNull(cur.memoryRequestBytes),
      memoryRequestBytesRecommended: numOrNull(rec.memoryRequestBytes),
      monthlySavingsUsd: centsOrNull(numOrNull(p.monthlySavingsUsd) ?? numOrNull(row.columns.monthly_savings_usd)),
      reason: Array.isArray(p.reasons) && typeof p.reasons[0] === 'string' ? p.reasons[0] : '',
    };
  });
  const total = cents(sum(all.map((r) => r.monthlySavingsUsd ?? 0)));
  const top = all
    .filter((r) => (r.monthlySavingsUsd ?? 0) > 0)
    .sort((a, b) => b.monthlySavingsUsd! - a.monthlySavingsUsd! || `${a.namespace}/${a.workload}`.localeCompare(`${b.namespace}/${b.workload}`))
    .slice(0, 15);
  return { status: 'ok', note: afterDueNote('rightsizing', rows, week), currency: 'USD', runId: rows[0]!.runId, runAtMs: rows[0]!.runAtMs, containers: all.length, totalMonthlySavingsUsd: total, top };
}

/** The note for a run made after the week's report was due (the store reader falls back to it), else null. */
function afterDueNote(what: string, rows: StoredPayloadRow[], week: IsoWeek): string | null {
  const runAtMs = rows[0]?.runAtMs;
  return runAtMs != null && runAtMs > week.endMs + DAY_SECONDS * 1000 ? msg.runAfterDue(what, rows[0]!.runId, runAtMs, week.week) : null;
}

function buildCommitments(rows: StoredPayloadRow[], costWeeks: CostWeekRow[], week: IsoWeek): CommitmentSection {
  const compute = sum(costWeeks.map((r) => r.lastWeekComputeUsd));
  const committed = sum(costWeeks.map((r) => r.lastWeekCommittedUsd));
  const currentCoverageRatio = compute > 0 ? committed / compute : null;
  if (rows.length === 0) return { status: 'missing', note: msg.noCommitments, currency: 'USD', runId: null, runAtMs: null, recommendations: [], currentCoverageRatio, totalMonthlySavingsUsd: 0 };
  const recs: CommitmentRow[] = rows
    .sort((a, b) => Number(a.columns.seq ?? 0) - Number(b.columns.seq ?? 0))
    .map(({ payload: p, columns }) => ({
      kind: str(p.kind, str(columns.kind)),
      region: str(p.region, str(columns.region)),
      instanceFamily: str(p.instanceFamily) || null,
      instanceType: str(p.instanceType) || null,
      count: numOrNull(p.count),
      hourlyCommitmentUsd: numOrNull(p.hourlyCommitmentUsd),
      upfrontUsd: centsOrNull(numOrNull(p.upfrontUsd)),
      estimatedMonthlySavingsUsd: centsOrNull(numOrNull(p.estimatedMonthlySavingsUsd)),
      breakEvenMonths: numOrNull(p.breakEvenMonths),
      expectedUtilization: numOrNull(p.expectedUtilization),
      expectedCoverage: numOrNull(p.expectedCoverage),
    }));
  const total = cents(sum(recs.map((r) => r.estimatedMonthlySavingsUsd ?? 0)));
  return { status: 'ok', note: afterDueNote('commitment', rows, week), currency: 'USD', runId: rows[0]!.runId, runAtMs: rows[0]!.runAtMs, recommendations: recs, currentCoverageRatio, totalMonthlySavingsUsd: total };
}

const emptySlo = { budgetRemainingRatio: null, weekBudgetConsumedRatio: null, windowErrorRatio: null, weekErrorRatio: null, weekBurnRate: null, currentBurnRate: null, daysToExhaustion: null, windowTotalEvents: null, windowErrorEvents: null, weekTotalEvents: null, weekErrorEvents: null };
const eventsOf = (o: SliObservation) => ('errorEvents' in o ? { total: o.totalEvents, errors: o.errorEvents } : { total: null, errors: null });

function buildSloRow(slo: SloCatalogEntry, live: LiveAlertData | null): SloBudgetRow {
  const sli = live?.slis[slo.id];
  const windowSeconds = sli && !('error' in sli) ? sli.windowSeconds : slo.periodSeconds ?? live?.windowSeconds ?? null;
  const base = { id: slo.id, service: slo.service, name: slo.name, objectivePercent: slo.objectivePercent, windowDays: windowSeconds === null ? null : windowSeconds / 86_400 };
  if (!live) return { ...base, budgetStatus: 'unknown', reasons: [msg.noLiveSli], ...emptySlo };
  if (!sli) return { ...base, budgetStatus: 'no-data', reasons: [msg.noSliData(live.source.kind)], ...emptySlo };
  if ('error' in sli) return { ...base, budgetStatus: 'no-data', reasons: [sli.error], ...emptySlo };
  if (slo.objectivePercent === null) return { ...base, budgetStatus: 'no-data', reasons: [msg.noObjective], ...emptySlo };
  const a = assessErrorBudget({
    objectivePercent: slo.objectivePercent, windowSeconds: sli.windowSeconds, weekSeconds: live.weekSeconds,
    window: sli.window, week: sli.week, recent: sli.recent ? { observation: sli.recent, windowSeconds: live.recentSeconds } : undefined,
    // The page threshold of this SLO's own period, as its generated burn-rate alert has it (not 30 days' 14.4 for every SLO).
    settings: { pageBurnRate: computePageBurnRate(sli.windowSeconds) },
  });
  const w = eventsOf(sli.window);
  const k = eventsOf(sli.week);
  return {
    ...base, budgetStatus: a.status, reasons: a.reasons,
    budgetRemainingRatio: a.budgetRemainingRatio, weekBudgetConsumedRatio: a.weekBudgetConsumedRatio,
    windowErrorRatio: a.windowErrorRatio, weekErrorRatio: a.weekErrorRatio, weekBurnRate: a.weekBurnRate, currentBurnRate: a.currentBurnRate,
    daysToExhaustion: a.daysToExhaustion, windowTotalEvents: w.total, windowErrorEvents: w.errors, weekTotalEvents: k.total, weekErrorEvents: k.errors,
  };
}

function buildAlerts(alerts: ReportInputs['alerts']): AlertsSection {
  const empty = { alertRules: [], slos: [], liveData: false, dataSource: null, sloWindowDays: null, firedAlerts: null };
  if (!alerts || (alerts.alertRules.length === 0 && alerts.slos.length === 0)) {
    return { status: 'missing', note: alerts?.specProblems.length ? msg.sloSpecProblems(alerts.specProblems) : msg.noAlerts, ...empty, problems: alerts?.specProblems ?? [] };
  }
  const live = alerts.live;
  const slos = alerts.slos.map((s) => buildSloRow(s, live));
  const problems = [...alerts.specProblems, ...(live?.problems ?? [])];
  const ownWindowDays = [...new Set(slos.filter((s) => s.windowDays !== null && s.windowDays * 86_400 !== live?.windowSeconds).map((s) => s.windowDays!))];
  const notes = [live ? msg.liveAlertDataFrom(live.source.kind, live.source.origin, live.windowSeconds, ownWindowDays.length > 0) : msg.noLiveAlertData];
  if (live?.problems.length) notes.push(msg.liveDataProblems(live.problems));
  if (alerts.specProblems.length) notes.push(msg.sloSpecProblems(alerts.specProblems));
  return {
    status: problems.length ? 'partial' : 'ok',
    note: notes.join(' '),
    alertRules: alerts.alertRules,
    slos,
    liveData: live !== null,
    dataSource: live ? live.source : null,
    sloWindowDays: live ? live.windowSeconds / 86_400 : null,
    firedAlerts: live?.firedAlerts ?? null,
    problems,
  };
}

/** Every crossing within the horizon (running out, or passing the target), soonest first by its expected or else earliest date. */
function buildNearestExhaustion(capacity: CapacitySection): ExhaustionItem[] {
  const items: ExhaustionItem[] = [];
  for (const r of capacity.rows) {
    const base = { cluster: r.cluster, scope: r.scope, name: r.name, resource: r.resource, headroomRatio: r.headroomRatio };
    if (r.daysToExhaustion !== null || r.daysToExhaustionLower !== null) {
      items.push({ ...base, threshold: 'allocatable', exhaustionDateMs: r.exhaustionDateMs, daysToExhaustion: r.daysToExhaustion, earliestDateMs: r.earliestExhaustionDateMs, daysToExhaustionLower: r.daysToExhaustionLower });
    }
    if (r.daysToTargetLower !== null) {
      items.push({ ...base, threshold: 'target', exhaustionDateMs: null, daysToExhaustion: null, earliestDateMs: r.targetEarliestDateMs, daysToExhaustionLower: r.daysToTargetLower });
    }
  }
  const key = (e: ExhaustionItem) => e.daysToExhaustion ?? e.daysToExhaustionLower ?? Infinity;
  return items
    .sort((a, b) => key(a) - key(b) || (a.threshold === b.threshold ? 0 : a.threshold === 'allocatable' ? -1 : 1) || a.name.localeCompare(b.name) || a.resource.localeCompare(b.resource))
    .slice(0, 6);
}

function buildTeamCost(inputs: ReportInputs): TeamCostSection {
  const a = inputs.teamAllocation;
  if (!a) return { status: 'missing', note: inputs.teamAllocationNote ?? msg.noTeamAllocation, label: 'team', runId: null, reconciliation: null, teams: [], movers: [] };
  const inWeek = (w: IsoWeek) => (d: { dayStartMs: number }) => d.dayStartMs >= w.startMs && d.dayStartMs < w.endMs;
  const teams = [...a.daily].map(([team, days]) => {
    const lastWeekUsd = cents(sum(days.filter(inWeek(inputs.week)).map((d) => d.costUsd)));
    const previousWeekUsd = cents(sum(days.filter(inWeek(inputs.previousWeek)).map((d) => d.costUsd)));
    return { team, lastWeekUsd, previousWeekUsd, changeUsd: cents(lastWeekUsd - previousWeekUsd), changeRatio: previousWeekUsd > 0 ? Math.round(((lastWeekUsd - previousWeekUsd) / previousWeekUsd) * 10_000) / 10_000 : null };
  }).filter((t) => t.lastWeekUsd !== 0 || t.previousWeekUsd !== 0)
    .sort((x, y) => y.lastWeekUsd - x.lastWeekUsd || x.team.localeCompare(y.team));
  if (teams.length === 0) return { status: 'missing', note: msg.teamAllocationOutsideWeek(a.runId), label: a.label, runId: a.runId, reconciliation: a.reconciliation, teams: [], movers: [] };
  const movers = [...teams].filter((t) => t.changeUsd !== 0).sort((x, y) => Math.abs(y.changeUsd) - Math.abs(x.changeUsd) || x.team.localeCompare(y.team)).slice(0, 3);
  return { status: 'ok', note: msg.teamAllocationNote(a.label, a.runId), label: a.label, runId: a.runId, reconciliation: a.reconciliation, teams, movers };
}

export function buildWeeklyReport(inputs: ReportInputs): WeeklyReport {
  const capacity = buildCapacity(inputs.capacity, inputs.week);
  const cost = buildCost(inputs);
  const rightsizing = buildRightsizing(inputs.recommendations, inputs.week);
  const commitments = buildCommitments(inputs.commitments, inputs.costWeeks, inputs.week);
  const accountability = buildAccountability(inputs);
  const spend = buildSpend(inputs, cost.forecast13Weeks);
  const topMovers = buildMovers(inputs.costWeeks);
  const nearestExhaustion = buildNearestExhaustion(capacity);
  const summary = {
    spend,
    topMovers,
    nearestExhaustion,
    rightsizingMonthlySavingsUsd: rightsizing.status === 'ok' ? rightsizing.totalMonthlySavingsUsd : null,
    commitmentMonthlySavingsUsd: commitments.status === 'ok' ? commitments.totalMonthlySavingsUsd : null,
    highlights: [] as string[],
  };
  const alerts = buildAlerts(inputs.alerts);
  const currency = inputs.currency ?? 'USD';
  summary.highlights = msg.highlights(summary, capacity, accountability, alerts, currency);
  return {
    schemaVersion: 1,
    week: { week: inputs.week.week, startMs: inputs.week.startMs, endMs: inputs.week.endMs },
    previousWeek: { week: inputs.previousWeek.week, startMs: inputs.previousWeek.startMs, endMs: inputs.previousWeek.endMs },
    generatedAtMs: inputs.generatedAtMs,
    currency,
    exchangeRates: { ...(inputs.exchangeRates ?? {}) },
    summary,
    capacity,
    cost,
    costByTeam: buildTeamCost(inputs),
    rightsizing,
    commitments,
    alerts,
    accountability,
  };
}


