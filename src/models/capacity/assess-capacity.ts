/**
 * The capacity model: a collection's hourly capacity series, nodes, volumes and daily costs in,
 * a CapacityReport and every forecast it made out.
 *
 *   parse series names ─► per scope and resource: daily peaks ─► forecast ─► exhaustion dates
 *     ─► node-pool sizing at the target ─► PVC fill dates ─► monthly cost forecasts
 *
 * One failing forecast becomes a warning and an `unknown` estimate; the rest proceeds.
 */
import type { CapacityReport, CapacityResource, CapacityScopeKind, ExhaustionEstimate, ForecastSummary, ResourceCapacity, ScopeCapacity, ThresholdKind, CapacityMetric } from '../../domain/capacity.js';
import type { Forecast } from '../../domain/forecast.js';
import type { NamedSeries, SeriesPoint, VolumeUsage } from '../../domain/usage.js';
import type { NodeInfo } from '../../domain/workload.js';
import { aggregateDailyMax, countFinite, formatIsoDate, lastFinite } from './daily-series.js';
import { estimateExhaustion, exhaustionForecastRequest } from './exhaustion.js';
import { intervalAt, nameForecast, type Forecaster, type NamedForecast } from './forecaster.js';
import { capacityMessages, describeScope } from './messages.js';
import { sizeNodePool } from './node-sizing.js';
import { median } from '../stats/index.js';
import { forecastPvcFill } from './pvc-fill.js';
import { forecastCosts, type DailyCost } from './cost-forecast.js';

export interface CapacityInput {
  cluster: string;
  /** End of the data window: the model's "now". */
  nowMs: number;
  /** Named `<scope>=<name>/<metric>` as documented in src/domain/usage.ts. */
  clusterSeries: NamedSeries[];
  nodes: NodeInfo[];
  volumes: VolumeUsage[];
  dailyCosts: DailyCost[];
}

export interface CapacityOptions {
  runId: string;
  /** Default 13. */
  horizonWeeks?: number;
  /** Default 0.75. */
  targetUtilization?: number;
  /** Level of the exhaustion and PVC intervals. Default 80. */
  exhaustionLevelPercent?: number;
  /** Daily points a capacity forecast needs. Default 7. */
  minHistoryDays?: number;
  /** Cost keys with fewer days are skipped. Default 14. */
  minCostHistoryDays?: number;
  /** Forecast method for every series; default the engine's own ('auto'). */
  forecastMethod?: string;
}

export interface CapacityAssessment {
  report: CapacityReport;
  forecasts: NamedForecast[];
}

const seriesScopes: Record<string, CapacityScopeKind> = { cluster: 'cluster', node_pool: 'node-pool', namespace: 'namespace' };
const scopeOrder: CapacityScopeKind[] = ['cluster', 'node-pool', 'namespace'];
const metricNames = {
  cpu: { usage: 'cpu_usage_cores', requests: 'cpu_requests_cores', allocatable: 'cpu_allocatable_cores' },
  memory: { usage: 'memory_usage_bytes', requests: 'memory_requests_bytes', allocatable: 'memory_allocatable_bytes' },
} as const;

/** Splits `namespace=shop/memory_usage_bytes` into its parts; null for names of another shape. */
export function parseSeriesName(series: string): { scope: CapacityScopeKind; scopeLabel: string; name: string; metric: string } | null {
  const m = /^(cluster|node_pool|namespace)=(.+)\/([a-z_]+)$/.exec(series);
  if (!m) return null;
  return { scope: seriesScopes[m[1]], scopeLabel: m[1], name: m[2], metric: m[3] };
}

function lastPointValue(points: SeriesPoint[] | undefined): number {
  if (!points) return Number.NaN;
  for (let i = points.length - 1; i >= 0; i--) if (Number.isFinite(points[i].value)) return points[i].value;
  return Number.NaN;
}

function summarise(named: NamedForecast, forecast: Forecast, lastValue: number): ForecastSummary {
  const n = named.mean.length - 1;
  let peakMean = -Infinity, peakHi80 = -Infinity;
  for (let i = 0; i <= n; i++) { peakMean = Math.max(peakMean, named.mean[i]); peakHi80 = Math.max(peakHi80, named.hi80[i]); }
  return {
    series: named.series, method: named.method, lastValue,
    atHorizon: { mean: named.mean[n], lo80: named.lo80[n], hi80: named.hi80[n], lo95: named.lo95[n], hi95: named.hi95[n] },
    peakMean, peakHi80,
    levelShifts: (forecast.levelShifts ?? []).map((x) => ({ date: formatIsoDate(x.atMs), size: x.size })),
  };
}

export function assessCapacity(input: CapacityInput, forecaster: Forecaster, options: CapacityOptions): CapacityAssessment {
  const horizonWeeks = options.horizonWeeks ?? 13;
  const targetUtilization = options.targetUtilization ?? 0.75;
  const level = options.exhaustionLevelPercent ?? 80;
  const minDays = options.minHistoryDays ?? 7;
  const horizonDays = horizonWeeks * 7;
  const warnings: string[] = [];
  const forecasts: NamedForecast[] = [];

  // scope → name → metric → points
  const byScope = new Map<CapacityScopeKind, Map<string, Map<string, { series: string; points: SeriesPoint[] }>>>();
  for (const s of input.clusterSeries) {
    const p = parseSeriesName(s.series);
    if (!p) { warnings.push(`ignored series ${s.series}: not named <scope>=<name>/<metric>`); continue; }
    let names = byScope.get(p.scope);
    if (!names) byScope.set(p.scope, (names = new Map()));
    let metrics = names.get(p.name);
    if (!metrics) names.set(p.name, (metrics = new Map()));
    metrics.set(p.metric, { series: s.series, points: s.points });
  }

  const forecastDaily = (series: string, points: SeriesPoint[] | undefined): { forecast: Forecast | null; named: NamedForecast | null; lastDaily: number; reason: string } => {
    if (!points) return { forecast: null, named: null, lastDaily: Number.NaN, reason: capacityMessages.noSeries(series) };
    const daily = aggregateDailyMax(points);
    if (!daily) return { forecast: null, named: null, lastDaily: Number.NaN, reason: capacityMessages.noSeries(series) };
    const lastDaily = lastFinite(daily.values);
    const days = countFinite(daily.values);
    if (days < minDays) return { forecast: null, named: null, lastDaily, reason: capacityMessages.noForecast(days, minDays) };
    try {
      const forecast = forecaster(daily, exhaustionForecastRequest(horizonDays, level, options.forecastMethod));
      intervalAt(forecast, level);
      const named = nameForecast(`${series}:daily_max`, forecast);
      forecasts.push(named);
      return { forecast, named, lastDaily, reason: '' };
    } catch (err) {
      const reason = `forecast failed: ${err instanceof Error ? err.message : String(err)}`;
      warnings.push(`${series}: ${reason}`);
      return { forecast: null, named: null, lastDaily, reason };
    }
  };

  const assessResource = (scope: CapacityScopeKind, name: string, metrics: Map<string, { series: string; points: SeriesPoint[] }>, resource: CapacityResource): ResourceCapacity => {
    const names = metricNames[resource];
    const prefix = `${scope === 'node-pool' ? 'node_pool' : scope}=${name}/`;
    const requests = metrics.get(names.requests);
    const usage = metrics.get(names.usage);
    const allocatableRaw = scope === 'namespace' ? Number.NaN : lastPointValue(metrics.get(names.allocatable)?.points);
    const allocatable = Number.isFinite(allocatableRaw) ? allocatableRaw : null;
    const req = forecastDaily(prefix + names.requests, requests?.points);
    const use = forecastDaily(prefix + names.usage, usage?.points);
    const requestsNow = lastPointValue(requests?.points);
    const exhaustion: ExhaustionEstimate[] = [];
    if (scope !== 'namespace') {
      for (const [metric, f] of [['requests', req], ['usage', use]] as [CapacityMetric, typeof req][]) {
        for (const thresholdKind of ['allocatable', 'target'] as ThresholdKind[]) {
          const threshold = allocatable === null ? 0 : thresholdKind === 'allocatable' ? allocatable : allocatable * targetUtilization;
          exhaustion.push(estimateExhaustion({
            subject: describeScope(scope, name), metric, resource, thresholdKind, threshold,
            currentValue: f.lastDaily, nowMs: input.nowMs, levelPercent: level, horizonWeeks, targetUtilization,
          }, f.forecast, f.reason));
        }
      }
    }
    const ratio = (v: number) => (allocatable && Number.isFinite(v) ? v / allocatable : null);
    return {
      cluster: input.cluster,
      resource,
      unit: resource === 'cpu' ? 'cores' : 'bytes',
      allocatable,
      requestsNow: Number.isFinite(requestsNow) ? requestsNow : 0,
      usagePeakNow: Number.isFinite(use.lastDaily) ? use.lastDaily : 0,
      requestsPeakNow: Number.isFinite(req.lastDaily) ? req.lastDaily : Number.isFinite(requestsNow) ? requestsNow : 0,
      requestsRatio: ratio(requestsNow),
      usageRatio: ratio(use.lastDaily),
      requestsForecast: req.named && req.forecast ? summarise(req.named, req.forecast, req.lastDaily) : null,
      usageForecast: use.named && use.forecast ? summarise(use.named, use.forecast, use.lastDaily) : null,
      exhaustion,
    };
  };

  const scopes: ScopeCapacity[] = [];
  for (const scope of scopeOrder) {
    const names = byScope.get(scope);
    if (!names) continue;
    for (const name of [...names.keys()].sort()) {
      const metrics = names.get(name)!;
      const cpu = assessResource(scope, name, metrics, 'cpu');
      const memory = assessResource(scope, name, metrics, 'memory');
      let sizing: ScopeCapacity['sizing'] = null;
      if (scope === 'node-pool') {
        const poolNodes = input.nodes.filter((n) => n.nodePool === name || (n.nodePool === '' && n.instanceType === name));
        const nodesNow = lastPointValue(metrics.get('nodes')?.points);
        const currentNodes = Number.isFinite(nodesNow) ? nodesNow : poolNodes.length;
        const perNode = (fromNodes: number, allocatable: number | null) =>
          Number.isFinite(fromNodes) ? fromNodes : allocatable !== null && currentNodes > 0 ? allocatable / currentNodes : 0;
        const nodeCpuCores = perNode(median(poolNodes.map((n) => n.allocatableCpuCores)), cpu.allocatable);
        const nodeMemoryBytes = perNode(median(poolNodes.map((n) => n.allocatableMemoryBytes)), memory.allocatable);
        if (nodeCpuCores > 0 && nodeMemoryBytes > 0) {
          const cf = cpu.requestsForecast, mf = memory.requestsForecast;
          sizing = sizeNodePool({
            nodePool: name, instanceType: poolNodes[0]?.instanceType ?? name, currentNodes, nodeCpuCores, nodeMemoryBytes,
            cpuRequestsCores: cpu.requestsPeakNow, memoryRequestsBytes: memory.requestsPeakNow,
            horizon: cf && mf ? { cpuCores: cf.atHorizon.mean, memoryBytes: mf.atHorizon.mean, cpuCoresHi80: cf.atHorizon.hi80, memoryBytesHi80: mf.atHorizon.hi80 } : null,
          }, targetUtilization);
        } else {
          warnings.push(`node pool ${name}: no node allocatable known; cannot size it`);
        }
      }
      scopes.push({ scope, name, cluster: input.cluster, cpu, memory, sizing });
    }
  }

  const pvcs = input.volumes
    .map((v) => forecastPvcFill(v, { nowMs: input.nowMs, horizonWeeks, levelPercent: level }))
    .sort((a, b) => (a.daysUntilLower ?? Infinity) - (b.daysUntilLower ?? Infinity) || `${a.namespace}/${a.persistentVolumeClaim}`.localeCompare(`${b.namespace}/${b.persistentVolumeClaim}`));

  let cost: CapacityReport['cost'] = null;
  try {
    const c = forecastCosts(input.dailyCosts, forecaster, { minHistoryDays: options.minCostHistoryDays, method: options.forecastMethod });
    cost = c.report;
    forecasts.push(...c.forecasts);
  } catch (err) {
    warnings.push(`cost forecast failed: ${err instanceof Error ? err.message : String(err)}`);
  }

  return {
    report: { runId: options.runId, cluster: input.cluster, nowMs: input.nowMs, horizonWeeks, targetUtilization, levels: [80, 95], scopes, pvcs, cost, warnings },
    forecasts,
  };
}
