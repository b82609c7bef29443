/**
 * The capacity run: store → model → store.
 *
 *   load the newest capacity inputs (series, PVCs, nodes) ─► load daily costs (one billing source)
 *     ─► assessCapacity (pure, with the forecast engine) ─► one transaction: run row, capacity_results, forecasts
 *
 * `headroom capacity`, the demo stage and the scheduler all call runCapacity().
 */
import type { NamedSeries, VolumeUsage } from '../domain/usage.js';
import type { DailyCost } from '../domain/capacity.js';
import { DAY_SECONDS } from '../domain/units.js';
import { assessCapacity, capacityErrors, type CapacityAssessment, type Forecaster } from '../models/capacity/index.js';
import { forecast } from '../models/forecast/index.js';
import type { Store } from '../store/index.js';
import { capacityInputsSpan, capacityReportMeta, loadDailyCosts, type DailyCostInCurrency, type CapacityRunFacts, loadLatestCapacityInputs, saveCapacityInputs, saveCapacityResults, type CapacityInputsMeta, type StoredCapacityInputs } from '../store/capacity-repo.js';
import { saveForecasts } from '../store/forecast-repo.js';
import { insertRun, type RunTrigger } from '../store/run-repo.js';
import type { Logger } from '../util/logger.js';
import { createRunId } from './runs.js';
import { planCurrency, planCurrencyFor, type CurrencyPlan } from './cost-currency.js';
import type { JobFunction } from './scheduler.js';
import type { HeadroomConfig } from '../config/index.js';

export interface CapacityRunOptions {
  /** Cluster whose newest inputs are used; default: the newest of any cluster. */
  cluster?: string;
  /**
   * The end of the history (`--at`, epoch ms): the newest inputs whose window ends at or before it,
   * and billing of the days before it. Default: the newest data.
   */
  atMs?: number;
  horizonWeeks: number;
  targetUtilization: number;
  /** Wall clock of the run (the runs row); the model's "now" is the end of the data window. */
  startedAtMs: number;
  trigger?: RunTrigger;
  logger: Logger;
  /** Default: the forecast engine (src/models/forecast). */
  forecaster?: Forecaster;
  /** Forecast method (default 'auto'). */
  forecastMethod?: string;
  /** Daily costs to use instead of the store's (the demo, before billing is imported), in USD. */
  dailyCosts?: DailyCost[];
  /** Exchange rates into USD (`{ EUR: 1.08 }`), needed when the stored bill mixes currencies. */
  fx?: Record<string, number>;
  /** Describes where the store is, for error messages. */
  storeLabel?: string;
  /**
   * Run id to store results under; default a new one. With `recordRun: false` the caller owns the
   * run row (the scheduler's trackRun) and must put `result.runDetail` in its detail.
   */
  runId?: string;
  /** Insert the run row in the results' transaction. Default true. */
  recordRun?: boolean;
}

export interface CapacityRunResult extends CapacityAssessment {
  inputs: StoredCapacityInputs;
  costSource: string | null;
  storedRows: { results: number; forecastPoints: number };
  /** The run's detail: the report's metadata (loadCapacityReport reads it back) and run facts. */
  runDetail: Record<string, unknown>;
  status: 'succeeded' | 'partial';
}

/**
 * The stored bill's daily costs in one currency: its own when it has one, else USD at `fx`; a mix
 * without rates is refused before anything is forecast or stored.
 */
function inOneCurrency(costs: { source: string | null; daily: DailyCostInCurrency[] }, fx: Record<string, number>): { source: string | null; daily: DailyCost[]; plan: CurrencyPlan } {
  const plan = planCurrencyFor('capacity cost forecast', 'headroom capacity', [...new Set(costs.daily.map((d) => d.currency))].sort(), fx);
  const merged = new Map<string, DailyCost>();
  for (const d of costs.daily) {
    const key = `${d.dayStartMs}\u0000${d.service}\u0000${d.namespace}`;
    const e = merged.get(key) ?? { dayStartMs: d.dayStartMs, service: d.service, namespace: d.namespace, costUsd: 0 };
    e.costUsd += d.costUsd * (plan.rates.get(d.currency) ?? 1);
    merged.set(key, e);
  }
  return { source: costs.source, daily: [...merged.values()], plan };
}

/** Stores a collection's capacity series and PVC histories (for `headroom collect` and the demo). */
export async function storeCapacityInputs(store: Store, meta: CapacityInputsMeta, data: { clusterSeries: NamedSeries[]; volumes: VolumeUsage[] }): Promise<{ seriesPoints: number; volumes: number }> {
  return store.transaction((tx) => saveCapacityInputs(tx, meta, data));
}

export async function runCapacity(store: Store, options: CapacityRunOptions): Promise<CapacityRunResult> {
  const inputs = await loadLatestCapacityInputs(store, options.cluster, options.atMs);
  if (!inputs) {
    const span = options.atMs === undefined ? null : await capacityInputsSpan(store, options.cluster);
    if (span && options.atMs !== undefined) throw capacityErrors.atBeforeData(options.atMs, span.firstEndMs, options.cluster, options.storeLabel);
    throw capacityErrors.noInputs(options.cluster, options.storeLabel);
  }
  const allCosts = options.dailyCosts ? { source: 'given', daily: options.dailyCosts, plan: planCurrency(['USD'], {}) } : inOneCurrency(await loadDailyCosts(store), options.fx ?? {});
  // Billing after the end of the history is the future the forecast is about: only whole days before --at.
  const costs = options.atMs === undefined ? allCosts : { ...allCosts, daily: allCosts.daily.filter((d) => d.dayStartMs + DAY_SECONDS * 1000 <= options.atMs!) };
  options.logger.debug({ snapshot: inputs.snapshotId, series: inputs.clusterSeries.length, volumes: inputs.volumes.length, costDays: costs.daily.length, costSource: costs.source }, 'capacity inputs loaded');
  const runId = options.runId ?? createRunId('capacity', options.startedAtMs);
  const t0 = performance.now();
  const assessment = assessCapacity({
    cluster: inputs.cluster, nowMs: inputs.windowEndMs, clusterSeries: inputs.clusterSeries, nodes: inputs.nodes, volumes: inputs.volumes, dailyCosts: costs.daily,
  }, options.forecaster ?? forecast, { runId, horizonWeeks: options.horizonWeeks, targetUtilization: options.targetUtilization, forecastMethod: options.forecastMethod });
  const modelSeconds = (performance.now() - t0) / 1000;
  const { report, forecasts } = assessment;
  // The model forecasts numbers; the run knows their currency (the report and finance CSV read it).
  if (report.cost) Object.assign(report.cost, { currency: costs.plan.currency, exchangeRates: costs.plan.used });
  for (const w of report.warnings) options.logger.warn(w);
  const status = report.warnings.length ? 'partial' : 'succeeded';
  const facts: CapacityRunFacts = { snapshotId: inputs.snapshotId, costSource: costs.source, modelSeconds, forecasts: forecasts.length };
  const runDetail = { ...capacityReportMeta(report), ...facts };
  const storedRows = await store.transaction(async (tx) => {
    if (options.recordRun !== false) {
      await insertRun(tx, {
        runId, kind: 'capacity', startedAtMs: options.startedAtMs, finishedAtMs: options.startedAtMs + Math.round(modelSeconds * 1000),
        status, trigger: options.trigger ?? 'manual', detail: runDetail,
      });
    }
    const results = await saveCapacityResults(tx, report);
    const forecastPoints = await saveForecasts(tx, runId, forecasts);
    return { results, forecastPoints };
  });
  options.logger.info({ runId, scopes: report.scopes.length, pvcs: report.pvcs.length, forecasts: forecasts.length, seconds: Number(modelSeconds.toFixed(2)) }, 'capacity run stored');
  return { ...assessment, inputs, costSource: costs.source, storedRows, runDetail, status };
}

/**
 * The scheduler's `capacity` job (register it with `registry.register('capacity', capacityJob(…))`):
 * the run row belongs to the scheduler, the results hang off its run id.
 */
export function capacityJob(options: { store: Store; config: HeadroomConfig; logger: Logger }): JobFunction {
  return async (job) => {
    const c = options.config.capacity;
    const result = await runCapacity(options.store, {
      horizonWeeks: c.horizonWeeks, targetUtilization: c.targetUtilization, forecastMethod: c.forecastMethod,
      startedAtMs: job.nowMs, trigger: job.trigger, logger: options.logger, runId: job.runId, recordRun: false,
      cluster: typeof job.params.cluster === 'string' ? job.params.cluster : undefined, fx: options.config.billing.fx,
    });
    return { status: result.status, detail: result.runDetail, value: null };
  };
}
