/**
 * prom-client metrics on a private registry. Run counters and durations are updated in-process as
 * jobs finish; the capacity, rightsizing and cost gauges are read from the store's latest runs
 * when Prometheus scrapes (names from conventions.headroomMetrics, which the alert rules use).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { headroomMetrics } from '../domain/conventions.js';
import type { Store } from '../store/index.js';
import { readForecasts, readLatestPayloads } from '../store/report-repo.js';
import { summariseRuns, type RunRecord } from '../store/run-repo.js';
import { dailyTotalCostSeries } from '../app/report.js';

const DAY_MS = 86_400_000;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export class HeadroomMetrics {
  readonly registry = new Registry();
  private readonly runsTotal: Counter<'kind' | 'status'>;
  private readonly runFailures: Counter<'stage'>;
  private readonly runDuration: Histogram<'kind'>;

  constructor(private readonly store: Store, private readonly nowMs: () => number) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: headroomMetrics.prefix });
    this.runsTotal = new Counter({ name: `${headroomMetrics.prefix}runs_total`, help: 'Runs finished by this process, by kind and status.', labelNames: ['kind', 'status'], registers });
    // Label `stage`: the generated HeadroomRunsFailing alert describes failures by stage.
    this.runFailures = new Counter({ name: headroomMetrics.runFailuresTotal, help: 'Failed runs by stage (run kind), this process.', labelNames: ['stage'], registers });
    this.runDuration = new Histogram({ name: `${headroomMetrics.prefix}run_duration_seconds`, help: 'Run duration by kind.', labelNames: ['kind'], buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900], registers });
    // prom-client calls collect() with the metric as `this`; the store is reached through this alias.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    // Unlabelled: HeadroomForecastsStale fires when no run of any kind succeeded for a day.
    new Gauge({
      name: headroomMetrics.lastRunTimestampSeconds, help: 'Start time of the latest successful (or partial) run of any kind (from the store, survives restarts).', registers,
      async collect() {
        this.reset();
        const ok = (await summariseRuns(self.store)).filter((r) => (r.status === 'succeeded' || r.status === 'partial') && r.lastStartedAtMs !== null);
        if (ok.length) this.set(Math.max(...ok.map((r) => r.lastStartedAtMs!)) / 1000);
      },
    });
    new Gauge({
      name: `${headroomMetrics.prefix}last_run_by_kind_timestamp_seconds`, help: 'Start time of the latest run by kind and status.', labelNames: ['kind', 'status'], registers,
      async collect() {
        this.reset();
        for (const r of await summariseRuns(self.store)) if (r.lastStartedAtMs !== null) this.set({ kind: r.kind, status: r.status }, r.lastStartedAtMs / 1000);
      },
    });
    new Gauge({
      name: `${headroomMetrics.prefix}runs_recorded`, help: 'Runs recorded in the store, by kind and status.', labelNames: ['kind', 'status'], registers,
      async collect() {
        this.reset();
        for (const r of await summariseRuns(self.store)) this.set({ kind: r.kind, status: r.status }, r.runs);
      },
    });
    // Labels match the generated capacity alerts (cluster, node_pool, resource); only estimates against
    // allocatable count as running out (the utilisation target is a planning line, not exhaustion).
    const capacityGauge = (name: string, field: 'daysUntil' | 'daysUntilLower', help: string) => new Gauge({
      name, help, labelNames: ['cluster', 'node_pool', 'scope', 'resource', 'metric'], registers,
      async collect() {
        this.reset();
        const rows = await readLatestPayloads(self.store, 'capacity_results', self.nowMs());
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
        for (const row of await readLatestPayloads(self.store, 'recommendations', self.nowMs())) {
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
        for (const row of await readLatestPayloads(self.store, 'recommendations', self.nowMs())) {
          const v = num(row.payload.monthlySavingsUsd) ?? num(row.columns.monthly_savings_usd);
          if (v !== null) this.set({ cluster: str(row.columns.cluster), namespace: str(row.columns.namespace), workload_kind: str(row.columns.workload_kind), workload: str(row.columns.workload), container: str(row.columns.container) }, v);
        }
      },
    });
    // Cost and its forecast bound for the same day (the last complete day with billing data), in
    // total (no labels) and per service, so `headroom_daily_cost_usd > headroom_daily_cost_forecast_upper_usd` matches one to one.
    const costDay = async () => {
      const now = self.nowMs();
      const rows = await self.store.all<{ day: unknown; service: string; cost: number }>(
        `SELECT date_trunc('day', period_start) AS day, service, sum(effective_cost_usd) AS cost FROM cost_line_items_one_source
         WHERE period_start >= $1 AND period_start < $2 GROUP BY 1, 2`, [new Date(now - 8 * DAY_MS), new Date(Math.floor(now / DAY_MS) * DAY_MS)]);
      if (rows.length === 0) return null;
      const dayOf = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(' ', 'T')}Z`));
      const lastDay = Math.max(...rows.map((r) => dayOf(r.day)));
      return { dayMs: lastDay, rows: rows.filter((r) => dayOf(r.day) === lastDay) };
    };
    new Gauge({
      name: headroomMetrics.dailyCostUsd, help: 'Effective cost of the last complete day with billing data, USD (total, and per service).', labelNames: ['service'], registers,
      async collect() {
        this.reset();
        const day = await costDay();
        if (!day) return;
        this.set(day.rows.reduce((a, r) => a + Number(r.cost), 0));
        for (const r of day.rows) this.set({ service: r.service }, Number(r.cost));
      },
    });
    new Gauge({
      name: headroomMetrics.dailyCostForecastUpperUsd, help: 'Upper 95% bound of the cost forecast for the same day, from the latest forecast made before it, USD.', labelNames: ['service'], registers,
      async collect() {
        this.reset();
        const day = await costDay();
        if (!day) return;
        const upper = async (series: string) => {
          let best: { hi95: number; runAtMs: number } | null = null;
          for (const r of await readForecasts(self.store, series, day.dayMs)) {
            if (r.tsMs === day.dayMs && r.hi95 !== null && (!best || (r.runAtMs ?? 0) >= best.runAtMs)) best = { hi95: r.hi95, runAtMs: r.runAtMs ?? 0 };
          }
          return best?.hi95 ?? null;
        };
        const total = await upper(dailyTotalCostSeries);
        if (total !== null) this.set(total);
        for (const r of day.rows) {
          const v = await upper(`cost/service=${r.service}:daily_usd`);
          if (v !== null) this.set({ service: r.service }, v);
        }
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
