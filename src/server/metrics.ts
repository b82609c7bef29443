/**
 * prom-client metrics on a private registry. Run counters and durations are updated in-process as
 * jobs finish; the capacity, rightsizing and cost gauges are read from the store's latest runs
 * when Prometheus scrapes (names from conventions.headroomMetrics, which the alert rules use).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { headroomMetrics } from '../domain/conventions.js';
import type { Store } from '../store/index.js';
import { readDailyCost, readForecasts, readLatestPayloads } from '../store/report-repo.js';
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
  private readonly runFailures: Counter<'kind'>;
  private readonly runDuration: Histogram<'kind'>;

  constructor(private readonly store: Store, private readonly nowMs: () => number) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: headroomMetrics.prefix });
    this.runsTotal = new Counter({ name: `${headroomMetrics.prefix}runs_total`, help: 'Runs finished by this process, by kind and status.', labelNames: ['kind', 'status'], registers });
    this.runFailures = new Counter({ name: headroomMetrics.runFailuresTotal, help: 'Failed runs by kind (this process).', labelNames: ['kind'], registers });
    this.runDuration = new Histogram({ name: `${headroomMetrics.prefix}run_duration_seconds`, help: 'Run duration by kind.', labelNames: ['kind'], buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900], registers });
    // prom-client calls collect() with the metric as `this`; the store is reached through this alias.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Gauge({
      name: headroomMetrics.lastRunTimestampSeconds, help: 'Start time of the latest run by kind and status (from the store, survives restarts).', labelNames: ['kind', 'status'], registers,
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
    const capacityGauge = (name: string, field: 'daysUntil' | 'daysUntilLower', help: string) => new Gauge({
      name, help, labelNames: ['cluster', 'scope', 'name', 'resource', 'metric', 'threshold'], registers,
      async collect() {
        this.reset();
        for (const row of await readLatestPayloads(self.store, 'capacity_results', self.nowMs())) {
          const p = row.payload;
          for (const e of Array.isArray(p.exhaustion) ? p.exhaustion.filter(isObj) : []) {
            const v = num(e[field]);
            if (v === null) continue;
            this.set({ cluster: str(p.cluster) || str(row.columns.name), scope: str(row.columns.scope), name: str(row.columns.name), resource: str(row.columns.resource), metric: str(e.metric), threshold: str(e.thresholdKind) }, v);
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
    new Gauge({
      name: headroomMetrics.dailyCostUsd, help: 'Effective cost of the last complete day with billing data, USD.', registers,
      async collect() {
        this.reset();
        const now = self.nowMs();
        const days = await readDailyCost(self.store, now - 7 * DAY_MS, Math.floor(now / DAY_MS) * DAY_MS);
        const last = days.at(-1);
        if (last) this.set(last.costUsd);
      },
    });
    new Gauge({
      name: headroomMetrics.dailyCostForecastUpperUsd, help: 'Upper 95% bound of the daily cost forecast for today (latest forecast run), USD.', registers,
      async collect() {
        this.reset();
        const now = self.nowMs();
        const today = Math.floor(now / DAY_MS) * DAY_MS;
        const rows = await readForecasts(self.store, dailyTotalCostSeries, now);
        let best: (typeof rows)[number] | null = null;
        for (const r of rows) if (r.tsMs === today && r.hi95 !== null && (!best || (r.runAtMs ?? 0) >= (best.runAtMs ?? 0))) best = r;
        if (best) this.set(best.hi95!);
      },
    });
  }

  /** Called by the scheduler when a job finishes. */
  recordRun(run: RunRecord, durationSeconds: number): void {
    this.runsTotal.inc({ kind: run.kind, status: run.status });
    if (run.status === 'failed') this.runFailures.inc({ kind: run.kind });
    this.runDuration.observe({ kind: run.kind }, durationSeconds);
  }
}
