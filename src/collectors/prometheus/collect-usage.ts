/**
 * collectWorkloadUsage: per workload container usage over a window, from any Prometheus-API
 * backend, with the aggregation pushed into PromQL.
 *
 *   detect scrape interval → rate window (≥ 4 samples) → list namespaces (shards)
 *   → per shard, concurrently (bounded): quantiles, peaks, counts, settings, hourly histories
 *   → nodes, volumes, capacity series, HPAs → assemble domain objects
 */
import type { Logger } from 'pino';
import { containerKey, type ContainerRef, type WorkloadKind } from '../../domain/workload.js';
import { allUsageParts, type ContainerUsageHistory, type ContainerUsageSummary, type UsageParts, type WorkloadUsageCollection } from '../../domain/usage.js';
import { HOUR_SECONDS } from '../../domain/units.js';
import { SourceError } from '../../domain/errors.js';
import { sourceLabels as L } from '../../domain/conventions.js';
import { PrometheusClient, type InstantSample, type RangeSeries } from './client.js';
import { prometheusMessages as msg } from './messages.js';
import type { PrometheusSourceOptions } from './source.js';
import * as Q from './queries.js';
import { alignUp, CURRENT_SETTINGS_RANGE_SECONDS, placeOnSteps, stepCount, WORKLOAD_KINDS } from './window-steps.js';
import { collectNodes } from './collect-nodes.js';
import { collectVolumes } from './collect-volumes.js';
import { collectCapacitySeries } from './collect-capacity-series.js';
import { collectHpas } from './collect-hpas.js';
import { collectNodeUsage } from './collect-node-usage.js';
import { collectAllocationInputs } from './collect-allocation.js';

export interface CollectWindow {
  startMs: number;
  endMs: number;
}

export interface CollectUsageOptions {
  logger?: Logger;
  /** Called as query groups finish: done of total, with a short label. */
  onProgress?: (done: number, total: number, label: string) => void;
  /** Resolution of the histories and capacity series. Default 3600 (hourly). */
  historyStepSeconds?: number;
  /** What to compute beyond the core figures; default everything (a snapshot). Rightsizing asks for less. */
  parts?: UsageParts;
  /** Pod / namespace label keys kept for cost allocation (`allocation.labels`). Default team, owner, cost-center. */
  allocationLabelKeys?: readonly string[];
}

/** Samples per rate() window, at least. */
const MIN_SAMPLES_PER_RATE_WINDOW = 4;
/** The conventional 5-minute rate window (kube-prometheus, KRR); longer only for slow scrapes. */
const DEFAULT_RATE_WINDOW_SECONDS = 300;
/** Pods per OOM-kill query, so the pod regex stays short. */
const OOM_PODS_PER_QUERY = 100;

/** Chooses the rate() window from the scrape interval: 5 minutes, longer when that holds fewer than 4 samples. */
export function chooseRateWindowSeconds(scrapeIntervalSeconds: number): number {
  return Math.max(DEFAULT_RATE_WINDOW_SECONDS, Math.ceil(scrapeIntervalSeconds * MIN_SAMPLES_PER_RATE_WINDOW));
}

/** Scrape intervals people configure; a measured interval within 10 % of one snaps to it. */
const COMMON_INTERVALS_SECONDS = [5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600];

/**
 * Turns "n samples in a range" into an interval. Counts are off by one at the range's edges, so
 * the raw quotient snaps to the nearest common interval when it is close to one.
 */
export function scrapeIntervalFromCount(samples: number, rangeSeconds: number): number {
  // n samples span n intervals (unaligned scrapes) or n − 1 (a sample on each edge of the range).
  const candidates = samples > 1 ? [rangeSeconds / samples, rangeSeconds / (samples - 1)] : [rangeSeconds / samples];
  for (const raw of candidates) {
    const nearest = COMMON_INTERVALS_SECONDS.reduce((a, b) => (Math.abs(b - raw) < Math.abs(a - raw) ? b : a));
    if (Math.abs(nearest - raw) <= 0.1 * nearest) return nearest;
  }
  return Math.max(1, Math.round(candidates[0]!));
}

/** Detects the scrape interval of the cAdvisor series near `atMs`; null when there are none. */
export async function detectScrapeIntervalSeconds(client: PrometheusClient, scope: Q.QueryScope, atMs: number): Promise<number | null> {
  const [row] = await client.query('scrape interval', Q.samplesInDetectionRange(scope), atMs);
  if (!row || !Number.isFinite(row.value) || row.value <= 0) return null;
  return scrapeIntervalFromCount(row.value, Q.SCRAPE_DETECTION_RANGE_SECONDS);
}

/** Detects the scrape interval of each job Headroom reads near `atMs`; a job without series is left out. */
export async function detectJobScrapeIntervals(client: PrometheusClient, scope: Q.QueryScope, atMs: number): Promise<{ job: string; intervalSeconds: number; rated: boolean }[]> {
  const rows = await Promise.all(Q.scrapeJobProbes.map(async (probe) => {
    const [row] = await client.query(`${probe.job} scrape interval`, Q.probeSamplesInDetectionRange(scope, probe), atMs);
    if (!row || !Number.isFinite(row.value) || row.value <= 0) return null;
    return { job: probe.job, intervalSeconds: scrapeIntervalFromCount(row.value, Q.SCRAPE_DETECTION_RANGE_SECONDS), rated: probe.rated };
  }));
  return rows.filter((r) => r !== null);
}

export async function collectWorkloadUsage(source: PrometheusSourceOptions, window: CollectWindow, options: CollectUsageOptions = {}): Promise<WorkloadUsageCollection> {
  const client = new PrometheusClient(source);
  try {
    return await collectWith(client, window, options);
  } finally {
    await client.close();
  }
}

async function collectWith(client: PrometheusClient, window: CollectWindow, options: CollectUsageOptions): Promise<WorkloadUsageCollection> {
  const source = client.source;
  const cluster = source.cluster ?? source.clusterName;
  const log = options.logger;
  const historyStepSeconds = options.historyStepSeconds ?? HOUR_SECONDS;
  const parts = options.parts ?? allUsageParts;
  const windowSeconds = Math.round((window.endMs - window.startMs) / 1000);
  const end = window.endMs;
  const base: Q.QueryScope = { clusterLabel: source.clusterLabel, cluster: source.cluster, namespace: null };
  const warnings: string[] = [];

  await client.checkReachable();
  let scrapeSeconds = await detectScrapeIntervalSeconds(client, base, end);
  if (scrapeSeconds === null) {
    const any = await client.query('usage presence', Q.namespacesWithUsage(base, windowSeconds), end);
    if (any.length === 0) throw new SourceError('SOURCE_REJECTED', msg.noUsage(cluster), { hint: msg.noUsageHint });
    scrapeSeconds = 60;
    warnings.push('could not detect the scrape interval at the window end (no series alive then); assumed 60s');
  }
  const shape: Q.WindowShape = { windowSeconds, stepSeconds: scrapeSeconds, rateWindowSeconds: chooseRateWindowSeconds(scrapeSeconds), endSeconds: end / 1000 };
  log?.debug({ scrapeSeconds, rateWindowSeconds: shape.rateWindowSeconds }, 'prometheus: scrape interval detected');

  const namespaces = (await client.query('namespaces', Q.namespacesWithUsage(base, windowSeconds), end)).map((r) => r.metric[L.namespace]!).filter(Boolean).sort();
  if (namespaces.length === 0) throw new SourceError('SOURCE_REJECTED', msg.noUsage(cluster), { hint: msg.noUsageHint });

  const total = namespaces.length + 2 + [parts.volumes, parts.capacitySeries, parts.nodeUsage].filter(Boolean).length;
  let done = 0;
  const tick = (label: string) => options.onProgress?.(++done, total, label);

  const shardResults = await Promise.all(namespaces.map(async (namespace) => {
    const r = await collectShard(client, { ...base, namespace }, shape, window, historyStepSeconds, cluster, parts);
    tick(namespace);
    return r;
  }));
  const [nodes, volumes, clusterSeries, hpas, nodeUsage] = await Promise.all([
    collectNodes(client, base, windowSeconds, end, cluster).then((v) => (tick('nodes'), v)),
    parts.volumes ? collectVolumes(client, base, window, historyStepSeconds, cluster).then((v) => (tick('volumes'), v)) : [],
    parts.capacitySeries ? collectCapacitySeries(client, base, shape, window, historyStepSeconds, cluster).then((v) => (tick('capacity series'), v)) : [],
    // HPAs refine rightsizing; a failure to read them is a warning, not a failed collection.
    collectHpas(client, base, end, cluster, warnings).catch((err: unknown) => {
      warnings.push(msg.hpasUnavailable(err instanceof Error ? err.message : String(err)));
      return [];
    }).then((v) => (tick('HPAs'), v)),
    // node-exporter figures are extra evidence; without them the workload collection still stands.
    !parts.nodeUsage ? undefined : collectNodeUsage(client, base, shape, { cluster, endMs: end, historyStartMs: alignUp(window.startMs, historyStepSeconds * 1000), historyStepSeconds, warnings }).catch((err: unknown) => {
      warnings.push(msg.nodeUsageUnavailable(err instanceof Error ? err.message : String(err)));
      return [];
    }).then((v) => (tick('node usage'), v)),
  ]);

  // Allocation inputs need the nodes (pool, instance type, allocatable) and are extra evidence: a failure is a warning.
  const allocation = !parts.allocation ? undefined : await collectAllocationInputs(client, base, shape, window, historyStepSeconds, { cluster, namespaces, nodes, labelKeys: options.allocationLabelKeys, warnings })
    .catch((err: unknown) => {
      warnings.push(`allocation inputs unavailable: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });

  return {
    cluster,
    windowStartMs: window.startMs,
    windowEndMs: window.endMs,
    ...(allocation ? { allocation } : {}),
    summaries: shardResults.flatMap((s) => s.summaries),
    histories: shardResults.flatMap((s) => s.histories),
    nodes,
    volumes,
    clusterSeries,
    hpas,
    nodeUsage,
    stats: { ...client.stats },
    warnings: [...warnings, ...client.warnings, ...shardResults.flatMap((s) => s.warnings)],
  };
}

type ByKey = Map<string, number>;

function refOf(metric: Record<string, string>, cluster: string): ContainerRef | null {
  const kind = metric.workload_kind as WorkloadKind;
  if (!WORKLOAD_KINDS.has(kind) || !metric.workload || !metric[L.container] || !metric[L.namespace]) return null;
  return { cluster, namespace: metric[L.namespace]!, workloadKind: kind, workload: metric.workload, container: metric[L.container]! };
}

function toMap(rows: InstantSample[], cluster: string, refs: Map<string, ContainerRef>): ByKey {
  const out: ByKey = new Map();
  for (const row of rows) {
    const ref = refOf(row.metric, cluster);
    if (!ref) continue;
    const key = containerKey(ref);
    if (!refs.has(key)) refs.set(key, ref);
    out.set(key, row.value);
  }
  return out;
}

async function collectShard(client: PrometheusClient, scope: Q.QueryScope, shape: Q.WindowShape, window: CollectWindow, historyStepSeconds: number, cluster: string, parts: UsageParts) {
  const end = window.endMs;
  const ns = scope.namespace!;
  const refs = new Map<string, ContainerRef>();
  const instant = async (what: string, promql: string) => toMap(await client.query(`${what} (${ns})`, promql, end), cluster, refs);
  const none: Promise<ByKey> = Promise.resolve(new Map());
  const cpuPercentile = (p: 50 | 90 | 95 | 99) => (parts.cpuPercentiles.includes(p) ? instant(`CPU p${p}`, Q.cpuQuantileByWorkload(scope, shape, p / 100)) : none);
  // CPU and memory settings of one kind in one query (rows labelled by resource), recent pods first.
  const settings = async (kind: 'requests' | 'limits'): Promise<Record<'cpu' | 'memory', ByKey>> => {
    const read = async (what: string, rangeSeconds: number) => {
      const rows = await client.query(`${what} (${ns})`, Q.resourceSettingsByWorkload(scope, kind, rangeSeconds), end);
      return { cpu: toMap(rows.filter((r) => r.metric[L.resource] === 'cpu'), cluster, refs), memory: toMap(rows.filter((r) => r.metric[L.resource] === 'memory'), cluster, refs) };
    };
    const [recent, whole] = await Promise.all([read(kind, CURRENT_SETTINGS_RANGE_SECONDS), read(`${kind} (window)`, shape.windowSeconds)]);
    for (const resource of ['cpu', 'memory'] as const) for (const [k, v] of whole[resource]) if (!recent[resource].has(k)) recent[resource].set(k, v);
    return recent;
  };
  // OOM kills in two steps: which containers were OOM-killed at all (cheap), then the per-step
  // restart count for just those pods (a subquery over every pod would dominate the collection).
  const oomKills = async (): Promise<ByKey> => {
    const killed = await client.query(`OOM-killed containers (${ns})`, Q.oomKilledContainers(scope, shape), end);
    const pods = [...new Set(killed.map((r) => r.metric[L.pod]!).filter(Boolean))].sort();
    const out: ByKey = new Map();
    for (let i = 0; i < pods.length; i += OOM_PODS_PER_QUERY) {
      const part = await instant('OOM kills', Q.oomKillsByWorkload(scope, shape, pods.slice(i, i + OOM_PODS_PER_QUERY)));
      for (const [k, v] of part) out.set(k, (out.get(k) ?? 0) + v);
    }
    return out;
  };
  const hq = Q.historyQueries(scope, shape, historyStepSeconds);
  const historyStartMs = alignUp(window.startMs, historyStepSeconds * 1000);
  const range = (what: string, promql: string) => (parts.histories ? client.queryRange(`${what} (${ns})`, promql, historyStartMs, end, historyStepSeconds) : Promise.resolve([]));
  const [cpuP50, cpuP90, cpuP95, cpuP99, cpuMax, memP95, memPeak, samples, firstTs, lastTs, podsMax, throttling, restarts, ooms, oomLimit,
    requests, limits, hCpuMean, hCpuMax, hMemPeak, hPods] = await Promise.all([
    cpuPercentile(50),
    cpuPercentile(90),
    cpuPercentile(95),
    cpuPercentile(99),
    instant('CPU max', Q.cpuQuantileByWorkload(scope, shape, 1)),
    instant('memory p95', Q.memoryQuantileByWorkload(scope, shape, 0.95)),
    instant('memory peak', Q.memoryQuantileByWorkload(scope, shape, 1)),
    instant('sample count', Q.sampleCountByWorkload(scope, shape)),
    instant('first sample', Q.sampleTimeByWorkload(scope, shape, 'min')),
    instant('last sample', Q.sampleTimeByWorkload(scope, shape, 'max')),
    parts.replicaPeaksAndRestarts ? instant('replicas', Q.replicasMaxByWorkload(scope, shape)) : none,
    instant('CPU throttling', Q.throttlingRatioByWorkload(scope, shape)),
    parts.replicaPeaksAndRestarts ? instant('restarts', Q.restartsByWorkload(scope, shape)) : none,
    oomKills(),
    instant('OOM memory limit', Q.oomMemoryLimitByWorkload(scope, shape)),
    settings('requests'),
    settings('limits'),
    range('CPU mean history', hq.cpuMean),
    range('CPU max history', hq.cpuMax),
    range('memory peak history', hq.memoryPeak),
    range('pods history', hq.pods),
  ]);

  const { cpu: cpuReq, memory: memReq } = requests;
  const { cpu: cpuLim, memory: memLim } = limits;
  const steps = stepCount(historyStartMs, end, historyStepSeconds);
  const histories = new Map<string, ContainerUsageHistory>();
  const fill = (series: RangeSeries[], field: 'cpuMeanCores' | 'cpuMaxCores' | 'memoryPeakBytes' | 'pods') => {
    for (const s of series) {
      const ref = refOf(s.metric, cluster);
      if (!ref) continue;
      const key = containerKey(ref);
      if (!refs.has(key)) refs.set(key, ref);
      let h = histories.get(key);
      if (!h) {
        const nan = () => new Float64Array(steps).fill(Number.NaN);
        h = { ref, startMs: historyStartMs, stepSeconds: historyStepSeconds, cpuMeanCores: nan(), cpuMaxCores: nan(), memoryPeakBytes: nan(), pods: nan() };
        histories.set(key, h);
      }
      placeOnSteps(h[field], s, historyStartMs, historyStepSeconds);
    }
  };
  fill(hCpuMean, 'cpuMeanCores');
  fill(hCpuMax, 'cpuMaxCores');
  fill(hMemPeak, 'memoryPeakBytes');
  fill(hPods, 'pods');

  const warnings: string[] = [];
  const summaries: ContainerUsageSummary[] = [];
  const nullable = (m: ByKey, k: string) => { const v = m.get(k); return v === undefined || !Number.isFinite(v) ? null : v; };
  const num = (m: ByKey, k: string) => nullable(m, k) ?? 0;
  // A figure this collection did not compute is NaN, never a made-up 0.
  const pct = (p: 50 | 90 | 95 | 99, m: ByKey, k: string) => (parts.cpuPercentiles.includes(p) ? num(m, k) : Number.NaN);
  const extra = (m: ByKey, k: string) => (parts.replicaPeaksAndRestarts ? num(m, k) : Number.NaN);
  for (const [key, ref] of [...refs].sort(([a], [b]) => a.localeCompare(b))) {
    if (!memPeak.has(key) && !cpuMax.has(key)) continue; // settings without usage: not a running container in the window
    const first = nullable(firstTs, key);
    const last = nullable(lastTs, key);
    const historySeconds = first !== null && last !== null ? Math.max(0, last - first) : 0;
    // Every pod-step between the first and last sample has one working-set sample, so their count
    // over the number of steps is the mean number of pods alive.
    const steps = historySeconds / shape.stepSeconds + 1;
    summaries.push({
      ref,
      windowStartMs: window.startMs,
      windowEndMs: window.endMs,
      historySeconds,
      sampleCount: num(samples, key),
      cpuP50Cores: pct(50, cpuP50, key),
      cpuP90Cores: pct(90, cpuP90, key),
      cpuP95Cores: pct(95, cpuP95, key),
      cpuP99Cores: pct(99, cpuP99, key),
      cpuMaxCores: num(cpuMax, key),
      memoryP95Bytes: num(memP95, key),
      memoryPeakBytes: num(memPeak, key),
      cpuThrottlingRatio: nullable(throttling, key),
      oomKills: Math.round(num(ooms, key)),
      restarts: Math.round(extra(restarts, key)),
      oomKilledAtMemoryLimitBytes: num(ooms, key) > 0 ? nullable(oomLimit, key) : null,
      current: { cpuRequestCores: nullable(cpuReq, key), cpuLimitCores: nullable(cpuLim, key), memoryRequestBytes: nullable(memReq, key), memoryLimitBytes: nullable(memLim, key) },
      replicasAvg: num(samples, key) / steps,
      replicasMax: extra(podsMax, key),
    });
  }
  const kept = new Set(summaries.map((s) => containerKey(s.ref)));
  return { summaries, histories: [...histories.values()].filter((h) => kept.has(containerKey(h.ref))), warnings };
}
