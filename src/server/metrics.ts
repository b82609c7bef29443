/**
 * prom-client metrics on a private registry. Run counters and durations are updated in-process as
 * jobs finish; the capacity, rightsizing and cost gauges are read from the store's latest runs
 * when Prometheus scrapes (names from conventions.headroomMetrics, which the alert rules use).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { headroomLabels, headroomMetrics, headroomMonitoringMetrics } from '../domain/conventions.js';
import type { Store } from '../store/index.js';
import { readForecasts, readLatestPayloads } from '../store/report-repo.js';
import { summariseRuns, type RunRecord } from '../store/run-repo.js';
import { loadLatestAllocationRun } from '../store/allocation-repo.js';
import { readCostRunCurrencies } from '../store/capacity-repo.js';
import type { AllocationEntry } from '../domain/allocation.js';
import { dailyTotalCostSeries } from '../app/report.js';
import type { Logger } from '../util/logger.js';
import { summariseDailyCost } from './daily-cost.js';

const DAY_MS = 86_400_000;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** `read`, with calls made while one is running getting its result instead of starting another. */
const sharedWhileRunning = <T>(read: () => Promise<T>): (() => Promise<T>) => {
  let running: Promise<T> | null = null;
  return () => (running ??= read().finally(() => {
    running = null;
  }));
};
const dayOf = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(' ', 'T')}Z`));

/**
 * Commitment coverage and utilisation of one UTC day from the billing in the store (one source).
 * The store keeps line items per day with FOCUS PricingCategory and the commitment id, not the
 * commitment status, so:
 * - covered usage: 'Committed' lines with consumed quantity (FOCUS leaves ConsumedQuantity null on
 *   unused-commitment lines);
 * - coverage: covered instance usage / all instance usage ('Standard' + covered), both at list
 *   (on-demand) cost so that a discount does not look like less usage; instance usage is lines
 *   with an instance type, what Reserved Instances and the commitment planner cover;
 * - utilisation: effective cost of covered usage / effective cost of everything tied to a
 *   commitment (covered usage, FOCUS unused-commitment lines, CUR RIFee / SavingsPlanRecurringFee
 *   whose effective cost is the unused part; purchases carry effective cost 0).
 * A ratio is null when its denominator is 0 (no instance usage, no commitments), and when the day
 * mixes currencies without a rate into USD for each (`fxToUsd`, billing.fx): amounts in unlike money
 * make no ratio.
 */
export async function readCommitmentRatios(store: Store, dayMs: number, fxToUsd: Readonly<Record<string, number>> = {}): Promise<{ coverageRatio: number | null; utilizationRatio: number | null }> {
  const rows = await store.all<{ currency: string; covered_list: number | null; eligible_list: number | null; used: number | null; committed: number | null }>(
    `SELECT coalesce(currency, 'USD') AS currency,
       sum(list_cost_usd) FILTER (WHERE pricing_category = 'Committed' AND usage_quantity > 0 AND instance_type <> '') AS covered_list,
       sum(list_cost_usd) FILTER (WHERE (pricing_category = 'Standard' OR (pricing_category = 'Committed' AND usage_quantity > 0)) AND instance_type <> '') AS eligible_list,
       sum(effective_cost_usd) FILTER (WHERE pricing_category = 'Committed' AND usage_quantity > 0) AS used,
       sum(effective_cost_usd) FILTER (WHERE pricing_category = 'Committed' OR commitment_discount_id <> '') AS committed
     FROM cost_line_items_one_source WHERE period_start >= $1 AND period_start < $2 GROUP BY 1`, [new Date(dayMs), new Date(dayMs + DAY_MS)]);
  // A ratio of sums over several currencies needs them in one: in USD at the given rates, else unknown.
  const rate = (currency: string) => (rows.length === 1 || currency === 'USD' ? 1 : fxToUsd[currency]);
  if (rows.some((r) => rate(r.currency) === undefined)) return { coverageRatio: null, utilizationRatio: null };
  const sum = (field: 'covered_list' | 'eligible_list' | 'used' | 'committed') => {
    let total: number | null = null;
    for (const r of rows) if (r[field] !== null && r[field] !== undefined) total = (total ?? 0) + Number(r[field]) * rate(r.currency)!;
    return total;
  };
  const ratio = (a: number | null, b: number | null) => (b !== null && b > 0 ? (a ?? 0) / b : null);
  return { coverageRatio: ratio(sum('covered_list'), sum('eligible_list')), utilizationRatio: ratio(sum('used'), sum('committed')) };
}

export interface HeadroomMetricsOptions {
  /**
   * Exchange rates into USD (`billing.fx`: one EUR is `fx.EUR` USD): lines billed in these
   * currencies count in the `…_usd` cost gauges. Default none: only USD lines can.
   */
  fx?: Readonly<Record<string, number>>;
  /** Told once per day and set of currencies when a USD gauge is left out for want of a rate. */
  logger?: Logger;
}

export class HeadroomMetrics {
  readonly registry = new Registry();
  private readonly runsTotal: Counter<'kind' | 'status'>;
  private readonly runFailures: Counter<'stage'>;
  private readonly runDuration: Histogram<'kind'>;

  constructor(private readonly store: Store, private readonly nowMs: () => number, private readonly options: HeadroomMetricsOptions = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: headroomMetrics.prefix });
    this.runsTotal = new Counter({ name: `${headroomMetrics.prefix}runs_total`, help: 'Runs finished by this process, by kind and status.', labelNames: ['kind', 'status'], registers });
    // Label `stage`: the generated HeadroomRunsFailing alert describes failures by stage.
    this.runFailures = new Counter({ name: headroomMetrics.runFailuresTotal, help: 'Failed runs by stage (run kind), this process.', labelNames: ['stage'], registers });
    this.runDuration = new Histogram({ name: `${headroomMetrics.prefix}run_duration_seconds`, help: 'Run duration by kind.', labelNames: ['kind'], buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900], registers });
    // prom-client calls collect() with the metric as `this`; the store is reached through this alias.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    // Gauges reading the same rows share one read per scrape (prom-client collects them together).
    const runSummary = sharedWhileRunning(() => summariseRuns(self.store));
    const capacityRows = sharedWhileRunning(() => readLatestPayloads(self.store, 'capacity_results', self.nowMs()));
    const recommendationRows = sharedWhileRunning(() => readLatestPayloads(self.store, 'recommendations', self.nowMs()));
    // Unlabelled: HeadroomForecastsStale fires when no run of any kind succeeded for a day.
    new Gauge({
      name: headroomMetrics.lastRunTimestampSeconds, help: 'Start time of the latest successful (or partial) run of any kind (from the store, survives restarts).', registers,
      async collect() {
        this.reset();
        const ok = (await runSummary()).filter((r) => (r.status === 'succeeded' || r.status === 'partial') && r.lastStartedAtMs !== null);
        if (ok.length) this.set(Math.max(...ok.map((r) => r.lastStartedAtMs!)) / 1000);
      },
    });
    new Gauge({
      name: `${headroomMetrics.prefix}last_run_by_kind_timestamp_seconds`, help: 'Start time of the latest run by kind and status.', labelNames: ['kind', 'status'], registers,
      async collect() {
        this.reset();
        for (const r of await runSummary()) if (r.lastStartedAtMs !== null) this.set({ kind: r.kind, status: r.status }, r.lastStartedAtMs / 1000);
      },
    });
    new Gauge({
      name: `${headroomMetrics.prefix}runs_recorded`, help: 'Runs recorded in the store, by kind and status.', labelNames: ['kind', 'status'], registers,
      async collect() {
        this.reset();
        for (const r of await runSummary()) this.set({ kind: r.kind, status: r.status }, r.runs);
      },
    });
    // Labels match the generated capacity alerts (cluster, node_pool, resource); only estimates against
    // allocatable count as running out (the utilisation target is a planning line, not exhaustion).
    const capacityGauge = (name: string, field: 'daysUntil' | 'daysUntilLower', help: string) => new Gauge({
      name, help, labelNames: ['cluster', 'node_pool', 'scope', 'resource', 'metric'], registers,
      async collect() {
        this.reset();
        const rows = await capacityRows();
        const clusterName = rows.find((r) => r.columns.scope === 'cluster')?.columns.name;
        for (const row of rows) {
          const scope = str(row.columns.scope);
          if (scope !== 'cluster' && scope !== 'node-pool') continue;
          const p = row.payload;
          for (const e of Array.isArray(p.exhaustion) ? p.exhaustion.filter(isObj) : []) {
            const v = num(e[field]);
            if (v === null || e.thresholdKind !== 'allocatable') continue;
            this.set({ cluster: scope === 'cluster' ? str(row.columns.name) : str(clusterName), node_pool: scope === 'node-pool' ? str(row.columns.name) : '', scope, resource: str(row.columns.resource), metric: str(e.metric) }, v);
          }
        }
      },
    });
    capacityGauge(headroomMetrics.exhaustionDays, 'daysUntil', 'Days until the forecast mean reaches the threshold (absent: not within the horizon).');
    capacityGauge(headroomMetrics.exhaustionDaysLower, 'daysUntilLower', 'Days until the upper forecast bound reaches the threshold (pessimistic).');
    const recLabels = ['cluster', 'namespace', 'workload_kind', 'workload', 'container', 'resource'] as const;
    const requestGauge = (name: string, side: 'current' | 'recommended', help: string) => new Gauge({
      name, help, labelNames: [...recLabels], registers,
      async collect() {
        this.reset();
        for (const row of await recommendationRows()) {
          const s = row.payload[side];
          if (!isObj(s)) continue;
          const base = { cluster: str(row.columns.cluster), namespace: str(row.columns.namespace), workload_kind: str(row.columns.workload_kind), workload: str(row.columns.workload), container: str(row.columns.container) };
          const cpu = num(s.cpuRequestCores);
          const mem = num(s.memoryRequestBytes);
          if (cpu !== null) this.set({ ...base, resource: 'cpu' }, cpu);
          if (mem !== null) this.set({ ...base, resource: 'memory' }, mem);
        }
      },
    });
    requestGauge(headroomMetrics.recommendedRequest, 'recommended', 'Recommended request per container (cores or bytes).');
    requestGauge(headroomMetrics.currentRequest, 'current', 'Current request per container (cores or bytes).');
    new Gauge({
      name: headroomMetrics.monthlySavingsUsd, help: 'Monthly savings of each rightsizing recommendation, USD.', labelNames: ['cluster', 'namespace', 'workload_kind', 'workload', 'container'], registers,
      async collect() {
        this.reset();
        for (const row of await recommendationRows()) {
          const v = num(row.payload.monthlySavingsUsd) ?? num(row.columns.monthly_savings_usd);
          if (v !== null) this.set({ cluster: str(row.columns.cluster), namespace: str(row.columns.namespace), workload_kind: str(row.columns.workload_kind), workload: str(row.columns.workload), container: str(row.columns.container) }, v);
        }
      },
    });
    // Cost and its forecast bound for the same day (the last complete day with billing data), in
    // total (no labels), per service and per namespace (billing allocated to one), so panels pick one
    // family without double counting and `headroom_daily_cost_usd > headroom_daily_cost_forecast_upper_usd`
    // matches one to one. Labels as the generated cost dashboard and alert read them.
    // prom-client collects every gauge of a scrape at once: the gauges reading this day share one query.
    // Currencies (daily-cost.ts): headroom_daily_cost{currency} has each currency's own amount;
    // the `…_usd` gauges add other currencies at billing.fx and leave out a series a rate is missing for.
    const fxToUsd = this.options.fx ?? {};
    const toldUnconverted = new Set<string>();
    const costDay = sharedWhileRunning(async () => {
      const now = self.nowMs();
      const rows = await self.store.all<{ day: unknown; service: string; namespace: string; currency: string; cost: number }>(
        `SELECT date_trunc('day', period_start) AS day, service, namespace, coalesce(currency, 'USD') AS currency, sum(effective_cost_usd) AS cost FROM cost_line_items_one_source
         WHERE period_start >= $1 AND period_start < $2 GROUP BY 1, 2, 3, 4`, [new Date(now - 8 * DAY_MS), new Date(Math.floor(now / DAY_MS) * DAY_MS)]);
      if (rows.length === 0) return null;
      const lastDay = Math.max(...rows.map((r) => dayOf(r.day)));
      const summary = summariseDailyCost(rows.filter((r) => dayOf(r.day) === lastDay).map((r) => ({ service: r.service, namespace: r.namespace, currency: r.currency, cost: Number(r.cost) })), fxToUsd);
      const told = `${lastDay} ${summary.unconverted.join(',')}`;
      if (summary.unconverted.length && !toldUnconverted.has(told)) {
        toldUnconverted.add(told);
        self.options.logger?.warn(`/metrics: the bill of ${new Date(lastDay).toISOString().slice(0, 10)} has lines in ${summary.unconverted.join(', ')} and no rate into USD: ${headroomMetrics.dailyCostUsd} leaves out the total and the services and namespaces with such lines (${headroomMetrics.dailyCost}{currency} has them); set ${summary.unconverted.map((c) => `billing.fx.${c}`).join(', ')} in the config to convert them`);
      }
      return { dayMs: lastDay, ...summary };
    });
    new Gauge({
      name: headroomMetrics.dailyCostUsd, help: 'Effective cost of the last complete day with billing data, USD (total, per service, per namespace); lines in other currencies at the billing.fx rates, and a series with a line in a currency without a rate is left out rather than partial.', labelNames: [headroomLabels.service, headroomLabels.namespace], registers,
      async collect() {
        this.reset();
        const day = await costDay();
        if (!day) return;
        if (day.usd.total !== null) this.set(day.usd.total);
        for (const [service, v] of day.usd.byService) this.set({ service }, v);
        for (const [namespace, v] of day.usd.byNamespace) this.set({ namespace }, v);
      },
    });
    new Gauge({
      name: headroomMetrics.dailyCost, help: 'Effective cost of the last complete day with billing data in each currency it was billed in, never converted nor summed across currencies (label currency: ISO 4217 code; total, per service, per namespace).', labelNames: [headroomLabels.currency, headroomLabels.service, headroomLabels.namespace], registers,
      async collect() {
        this.reset();
        const day = await costDay();
        for (const [currency, b] of day?.byCurrency ?? []) {
          this.set({ currency }, b.total);
          for (const [service, v] of b.byService) this.set({ currency, service }, v);
          for (const [namespace, v] of b.byNamespace) this.set({ currency, namespace }, v);
        }
      },
    });
    // The forecast bound of the same day for the total and each service and namespace billed that
    // day: from the latest capacity run that forecast it, in that run's currency (the bill's own, or
    // USD for a bill converted from several; runs from before the currency was recorded were USD).
    const forecastUpper = sharedWhileRunning(async () => {
      const day = await costDay();
      if (!day) return [];
      const runCurrencies = await readCostRunCurrencies(self.store);
      const bounds: { labels: Partial<Record<'service' | 'namespace', string>>; hi95: number; currency: string }[] = [];
      const add = async (series: string, labels: Partial<Record<'service' | 'namespace', string>>) => {
        let best: { hi95: number; runAtMs: number; runId: string } | null = null;
        for (const r of await readForecasts(self.store, series, day.dayMs)) {
          if (r.tsMs === day.dayMs && r.hi95 !== null && (!best || (r.runAtMs ?? 0) >= best.runAtMs)) best = { hi95: r.hi95, runAtMs: r.runAtMs ?? 0, runId: r.runId };
        }
        if (best) bounds.push({ labels, hi95: best.hi95, currency: runCurrencies.get(best.runId) ?? 'USD' });
      };
      await add(dailyTotalCostSeries, {});
      for (const service of new Set([...day.byCurrency.values()].flatMap((b) => [...b.byService.keys()]))) await add(`cost/service=${service}:daily_usd`, { service });
      for (const namespace of new Set([...day.byCurrency.values()].flatMap((b) => [...b.byNamespace.keys()]))) await add(`cost/namespace=${namespace}:daily_usd`, { namespace });
      return bounds;
    });
    new Gauge({
      name: headroomMetrics.dailyCostForecastUpperUsd, help: 'Upper 95% bound of the cost forecast for the same day, from the latest forecast made before it, USD (total, per service, per namespace); a forecast in another currency at its billing.fx rate, left out without one.', labelNames: [headroomLabels.service, headroomLabels.namespace], registers,
      async collect() {
        this.reset();
        for (const b of await forecastUpper()) {
          const rate = b.currency === 'USD' ? 1 : fxToUsd[b.currency];
          if (rate !== undefined) this.set(b.labels, b.hi95 * rate);
        }
      },
    });
    new Gauge({
      name: headroomMetrics.dailyCostForecastUpper, help: 'Upper 95% bound of the cost forecast for the same day, from the latest forecast made before it, in the currency it was made in (label currency: the bill\'s own, or USD for a bill in several converted at billing.fx), never converted (total, per service, per namespace).', labelNames: [headroomLabels.currency, headroomLabels.service, headroomLabels.namespace], registers,
      async collect() {
        this.reset();
        for (const b of await forecastUpper()) this.set({ currency: b.currency, ...b.labels }, b.hi95);
      },
    });
    // Commitment coverage and utilisation of the same day, from the billing (unlabelled: the cost
    // dashboard reads `avg()` of each). Absent without commitment-eligible usage or commitments.
    const commitmentRatios = sharedWhileRunning(async () => {
      const day = await costDay();
      return day ? readCommitmentRatios(self.store, day.dayMs, fxToUsd) : null;
    });
    const commitmentGauge = (name: string, field: 'coverageRatio' | 'utilizationRatio', help: string) => new Gauge({
      name, help, registers,
      async collect() {
        this.reset();
        // Unlabelled gauges report 0 after reset(); absent is the honest value when nothing is known.
        this.remove({});
        const v = (await commitmentRatios())?.[field] ?? null;
        if (v !== null) this.set(v);
      },
    });
    commitmentGauge(headroomMonitoringMetrics.commitmentCoverageRatio, 'coverageRatio', "Share of the last complete day's instance usage (at on-demand prices) covered by Reserved Instances and Savings Plans, 0..1.");
    commitmentGauge(headroomMonitoringMetrics.commitmentUtilizationRatio, 'utilizationRatio', "Share of the last complete day's commitment cost (amortised) spent on covered usage rather than left unused, 0..1.");
    this.registerAllocationGauges(registers);
  }

  /**
   * Gauges of the latest allocation run (per grouping and key, and the window's idle and
   * unallocated parts), read once per scrape. Workload and container groupings are left out: their
   * cardinality belongs in the API, not in Prometheus.
   */
  private registerAllocationGauges(registers: Registry[]): void {
    const store = this.store;
    const latest = sharedWhileRunning(async () => {
      const run = await loadLatestAllocationRun(store);
      // The gauges are in USD: an allocation of a bill in another currency is left out rather than labelled USD.
      if (!run || (run.detail.currency || 'USD') !== 'USD') return null;
      const groupings = run.detail.groupings.filter((g) => g !== 'workload' && g !== 'container');
      const rows = await store.all<{ grouping: string; key: string; payload: unknown }>(
        `SELECT grouping, key, payload FROM allocation_results WHERE run_id = $1 AND grouping IN (${groupings.map((_, i) => `$${i + 2}`).join(', ')})`, [run.runId, ...groupings]);
      const lastDay = await store.all<{ grouping: string; key: string; cost_usd: number }>(
        `SELECT grouping, key, cost_usd FROM allocation_daily WHERE run_id = $1 AND day = (SELECT max(day) FROM allocation_daily WHERE run_id = $1) AND grouping IN (${groupings.map((_, i) => `$${i + 2}`).join(', ')})`, [run.runId, ...groupings]);
      return { detail: run.detail, entries: rows.map((r) => ({ by: r.grouping, ...((typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as AllocationEntry) })), lastDay };
    });
    const L = headroomLabels;
    new Gauge({
      name: headroomMonitoringMetrics.allocationCostUsd, help: 'Cost allocated to each key over the latest allocation run\'s window, USD (OpenCost\'s method, shared namespaces spread).', labelNames: [L.allocationBy, L.allocationKey], registers,
      async collect() {
        this.reset();
        for (const e of (await latest())?.entries ?? []) this.set({ [L.allocationBy]: e.by, [L.allocationKey]: e.key }, e.totalUsd);
      },
    });
    new Gauge({
      name: headroomMonitoringMetrics.allocationDailyCostUsd, help: 'Cost allocated to each key on the last day of the latest allocation run\'s window, USD.', labelNames: [L.allocationBy, L.allocationKey], registers,
      async collect() {
        this.reset();
        for (const d of (await latest())?.lastDay ?? []) this.set({ [L.allocationBy]: d.grouping, [L.allocationKey]: d.key }, Math.round(Number(d.cost_usd) * 100) / 100);
      },
    });
    new Gauge({
      name: headroomMonitoringMetrics.allocationEfficiencyRatio, help: 'Used ÷ paid CPU, memory and GPU cost of each key in the latest allocation run, 0..1 (above 1: usage above requests).', labelNames: [L.allocationBy, L.allocationKey], registers,
      async collect() {
        this.reset();
        for (const e of (await latest())?.entries ?? []) if (e.efficiency !== null) this.set({ [L.allocationBy]: e.by, [L.allocationKey]: e.key }, e.efficiency);
      },
    });
    new Gauge({
      name: headroomMonitoringMetrics.allocationWindowCostUsd, help: 'The latest allocation run\'s window: total (the bill\'s), allocated, idle and unallocated cost, USD.', labelNames: [L.allocationPart], registers,
      async collect() {
        this.reset();
        const d = (await latest())?.detail;
        if (!d) return;
        this.set({ [L.allocationPart]: 'total' }, d.totalUsd);
        this.set({ [L.allocationPart]: 'idle' }, d.idleUsd);
        this.set({ [L.allocationPart]: 'unallocated' }, d.unallocatedUsd);
        this.set({ [L.allocationPart]: 'allocated' }, Math.round((d.totalUsd - d.idleUsd - d.unallocatedUsd) * 100) / 100);
      },
    });
  }

  /** Called by the scheduler when a job finishes. */
  recordRun(run: RunRecord, durationSeconds: number): void {
    this.runsTotal.inc({ kind: run.kind, status: run.status });
    if (run.status === 'failed') this.runFailures.inc({ stage: run.kind });
    this.runDuration.observe({ kind: run.kind }, durationSeconds);
  }
}
