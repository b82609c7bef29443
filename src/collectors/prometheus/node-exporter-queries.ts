/**
 * PromQL builders for node-exporter usage. As elsewhere in the collector the aggregation runs in
 * Prometheus: one row per node-exporter target (`instance`, plus `node` when the scrape adds it)
 * crosses the wire, never per-CPU or per-sample data.
 *
 * CPU used is "CPUs − idle rate": only the `mode="idle"` series are read (a sixth to a tenth of
 * `node_cpu_seconds_total`), which equals the sum of every busy mode. Memory used is
 * MemTotal − MemAvailable, the figure kube-prometheus' node dashboards show.
 */
import { nodeExporterConventions as NE, sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import { formatDuration } from '../../domain/units.js';
import { scopeMatchers, type QueryScope, type WindowShape } from './queries.js';

const d = formatDuration;

/** Labels node-exporter figures are grouped by: the target, and the node name where the scrape adds it. */
const byTarget = `${L.instance}, ${L.node}`;

function sel(metric: string, scope: QueryScope, ...extra: string[]): string {
  // node-exporter series are not namespaced (kube-prometheus gives them the exporter's own
  // namespace): only the cluster matcher applies.
  const m = [scopeMatchers({ ...scope, namespace: null }), ...extra].filter(Boolean).join(',');
  return `${metric}{${m}}`;
}

const idle = (scope: QueryScope) => sel(M.nodeCpuSecondsTotal, scope, `${L.mode}="${NE.idleMode}"`);
const realFilesystem = `${L.fstype}!~"${NE.ignoredFsTypes.join('|')}"`;

/** Per target and step: non-idle CPU cores over `rateWindowSeconds`. */
export function nodeCpuUsedCores(scope: QueryScope, rateWindowSeconds: number): string {
  return `count by (${byTarget}) (${idle(scope)}) - sum by (${byTarget}) (rate(${idle(scope)}[${d(rateWindowSeconds)}]))`;
}

/** Per target and step: used memory bytes (MemTotal − MemAvailable). */
export function nodeMemoryUsedBytes(scope: QueryScope): string {
  return `max by (${byTarget}) (${sel(M.nodeMemoryMemTotalBytes, scope)} - ${sel(M.nodeMemoryMemAvailableBytes, scope)})`;
}

/**
 * Instant queries at the window end, one row per node-exporter target: CPU count, non-idle CPU
 * p95 / max / mean over the window (a subquery at the scrape interval, so every rate sample
 * counts), memory total and used p95 / peak over the window's samples.
 */
export function nodeUsageQueries(scope: QueryScope, w: WindowShape): {
  cpuCount: string; cpuP95: string; cpuMax: string; cpuMean: string; memoryTotal: string; memoryP95: string; memoryPeak: string;
} {
  const win = d(w.windowSeconds);
  const cpu = `(${nodeCpuUsedCores(scope, w.rateWindowSeconds)})[${win}:${d(w.stepSeconds)}]`;
  const mem = `(${nodeMemoryUsedBytes(scope)})[${win}:${d(w.stepSeconds)}]`;
  return {
    cpuCount: `count by (${byTarget}) (last_over_time(${idle(scope)}[${win}]))`,
    cpuP95: `quantile_over_time(0.95, ${cpu})`,
    cpuMax: `max_over_time(${cpu})`,
    cpuMean: `avg_over_time(${cpu})`,
    memoryTotal: `max by (${byTarget}) (last_over_time(${sel(M.nodeMemoryMemTotalBytes, scope)}[${win}]))`,
    memoryP95: `quantile_over_time(0.95, ${mem})`,
    memoryPeak: `max_over_time(${mem})`,
  };
}

/** Size and available bytes of each real filesystem (no tmpfs/overlay/…), as last seen in the window. */
export function nodeFilesystemQueries(scope: QueryScope, windowSeconds: number): { size: string; avail: string } {
  const by = `${byTarget}, ${L.mountpoint}, ${L.device}, ${L.fstype}`;
  const last = (metric: string) => `max by (${by}) (last_over_time(${sel(metric, scope, realFilesystem)}[${d(windowSeconds)}]))`;
  return { size: last(M.nodeFilesystemSizeBytes), avail: last(M.nodeFilesystemAvailBytes) };
}

/**
 * Hourly (`historyStepSeconds`) histories, as range queries: the step's mean non-idle CPU (CPUs −
 * the idle counter's rate over the whole step) and its peak used memory. The peak is
 * max(MemTotal) − min(MemAvailable) over the step: exact while MemTotal is constant, which it is
 * between reboots, and it needs no subquery.
 */
export function nodeHistoryQueries(scope: QueryScope, historyStepSeconds: number): { cpuMean: string; memoryPeak: string } {
  const h = d(historyStepSeconds);
  return {
    cpuMean: nodeCpuUsedCores(scope, historyStepSeconds),
    memoryPeak: `max by (${byTarget}) (max_over_time(${sel(M.nodeMemoryMemTotalBytes, scope)}[${h}]) - min_over_time(${sel(M.nodeMemoryMemAvailableBytes, scope)}[${h}]))`,
  };
}

/** The node-exporter targets alive in the last `lookbackSeconds` (for mapping them to nodes). */
export function nodeExporterTargets(scope: QueryScope, lookbackSeconds: number): string {
  return `group by (${byTarget}) (last_over_time(${sel(M.nodeMemoryMemAvailableBytes, scope)}[${d(lookbackSeconds)}]))`;
}

/** Node name ↔ internal IP, from kube-state-metrics. */
export function nodeInternalIps(scope: QueryScope, lookbackSeconds: number): string {
  return `group by (${L.node}, ${L.internalIp}) (last_over_time(${sel(M.kubeNodeInfo, scope)}[${d(lookbackSeconds)}]))`;
}

/** Node name ↔ host IP of its pods (host-network pods such as node-exporter have the node's IP). */
export function podHostIps(scope: QueryScope, lookbackSeconds: number): string {
  return `group by (${L.node}, ${L.hostIp}) (last_over_time(${sel(M.kubePodInfo, scope, `${L.hostIp}!=""`)}[${d(lookbackSeconds)}]))`;
}
