/**
 * collectNodeUsage: per-node CPU, memory and filesystem usage from node-exporter, aggregated in
 * PromQL, with each node-exporter target (`instance`) mapped to its Kubernetes node name.
 *
 *   targets + mapping tables (kube_node_info, kube_pod_info on demand) → instance → node
 *   → window figures, filesystems, hourly histories (concurrently) → NodeUsage per node
 *
 * Mapping, first match wins: a `node` label on the series (kube-prometheus-stack) → `instance`
 * without its port is a node name (kube-prometheus relabels it so) → `instance` is a node's
 * `internal_ip` (kube_node_info) → `instance` is the `host_ip` of pods on a node (kube_pod_info;
 * node-exporter runs with host networking, so its pod IP is the node's IP).
 */
import type { NodeFilesystemUsage, NodeInstanceMapping, NodeUsage, NodeUsageHistory } from '../../domain/usage.js';
import { sourceLabels as L } from '../../domain/conventions.js';
import type { InstantSample, PrometheusClient, RangeSeries } from './client.js';
import { prometheusMessages as msg } from './messages.js';
import type { QueryScope, WindowShape } from './queries.js';
import * as NQ from './node-exporter-queries.js';
import { placeOnSteps, stepCount } from './window-steps.js';

export interface NodeExporterTarget {
  instance: string;
  /** The `node` label, when the scrape adds one. */
  nodeLabel: string | null;
}

export interface NodeMappingTables {
  /** Node names Kubernetes knows (kube_node_info), to recognise an instance that is a node name. */
  knownNodes: ReadonlySet<string>;
  /** internal IP → node (kube_node_info). */
  nodeByInternalIp: ReadonlyMap<string, string>;
  /** host IP → node (kube_pod_info); null when not loaded. */
  nodeByHostIp: ReadonlyMap<string, string> | null;
}

export interface NodeTargetMapping {
  /** `instance` → node and how it was matched. */
  mapped: Map<string, { node: string; mappedBy: NodeInstanceMapping }>;
  /** Instances no rule matched, sorted. */
  unmapped: string[];
}

/** `10.0.1.7:9100` → `10.0.1.7`, `[fd00::1]:9100` → `fd00::1`, `node-a` → `node-a`. */
export function hostOfInstance(instance: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (v6) return v6[1]!;
  return instance.replace(/:\d+$/, '');
}

const isIpAddress = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');

/** Maps node-exporter targets to node names (pure; the rules are in the module comment). */
export function mapTargetsToNodes(targets: readonly NodeExporterTarget[], tables: NodeMappingTables): NodeTargetMapping {
  const mapped = new Map<string, { node: string; mappedBy: NodeInstanceMapping }>();
  const unmapped: string[] = [];
  for (const t of targets) {
    if (mapped.has(t.instance)) continue;
    const host = hostOfInstance(t.instance);
    if (t.nodeLabel) mapped.set(t.instance, { node: t.nodeLabel, mappedBy: 'node-label' });
    // A name that is not an IP is the node name even when kube-state-metrics is missing.
    else if (tables.knownNodes.has(host) || (!isIpAddress(host) && host !== '')) mapped.set(t.instance, { node: host, mappedBy: 'instance-name' });
    else if (tables.nodeByInternalIp.has(host)) mapped.set(t.instance, { node: tables.nodeByInternalIp.get(host)!, mappedBy: 'internal-ip' });
    else if (tables.nodeByHostIp?.has(host)) mapped.set(t.instance, { node: tables.nodeByHostIp.get(host)!, mappedBy: 'pod-host-ip' });
    else unmapped.push(t.instance);
  }
  return { mapped, unmapped: [...new Set(unmapped)].sort() };
}

const targetOf = (metric: Record<string, string>): NodeExporterTarget => ({ instance: metric[L.instance] ?? '', nodeLabel: metric[L.node] || null });

/**
 * The node-exporter targets of the last `lookbackSeconds` and their nodes. kube_pod_info (one
 * series per pod) is read only when some instance is an IP that kube_node_info does not know.
 */
export async function resolveNodeExporterTargets(client: PrometheusClient, scope: QueryScope, lookbackSeconds: number, endMs: number): Promise<NodeTargetMapping & { targets: NodeExporterTarget[] }> {
  const [targetRows, ipRows] = await Promise.all([
    client.query('node-exporter targets', NQ.nodeExporterTargets(scope, lookbackSeconds), endMs),
    client.query('node internal IPs', NQ.nodeInternalIps(scope, lookbackSeconds), endMs),
  ]);
  const targets = targetRows.map((r) => targetOf(r.metric)).filter((t) => t.instance !== '');
  const tables: NodeMappingTables = {
    knownNodes: new Set(ipRows.map((r) => r.metric[L.node]!).filter(Boolean)),
    nodeByInternalIp: new Map(ipRows.filter((r) => r.metric[L.internalIp] && r.metric[L.node]).map((r) => [r.metric[L.internalIp]!, r.metric[L.node]!])),
    nodeByHostIp: null,
  };
  let mapping = mapTargetsToNodes(targets, tables);
  if (mapping.unmapped.length > 0) {
    const hostRows = await client.query('pod host IPs', NQ.podHostIps(scope, lookbackSeconds), endMs);
    mapping = mapTargetsToNodes(targets, { ...tables, nodeByHostIp: new Map(hostRows.filter((r) => r.metric[L.hostIp] && r.metric[L.node]).map((r) => [r.metric[L.hostIp]!, r.metric[L.node]!])) });
  }
  return { ...mapping, targets };
}

export interface CollectNodeUsageOptions {
  cluster: string;
  endMs: number;
  /** Start of the hourly histories (aligned to the step) and their step. */
  historyStartMs: number;
  historyStepSeconds: number;
  /** Unmapped instances and similar partial problems are reported here. */
  warnings: string[];
}

/** Node usage over the window; [] when the backend has no node-exporter series. */
export async function collectNodeUsage(client: PrometheusClient, scope: QueryScope, shape: WindowShape, options: CollectNodeUsageOptions): Promise<NodeUsage[]> {
  const { endMs, cluster } = options;
  const mapping = await resolveNodeExporterTargets(client, scope, shape.windowSeconds, endMs);
  if (mapping.targets.length === 0) return [];
  if (mapping.unmapped.length > 0) options.warnings.push(msg.nodeExporterUnmapped(mapping.unmapped));

  const q = NQ.nodeUsageQueries(scope, shape);
  const fs = NQ.nodeFilesystemQueries(scope, shape.windowSeconds);
  const hq = NQ.nodeHistoryQueries(scope, options.historyStepSeconds);
  const instant = (what: string, promql: string) => client.query(what, promql, endMs);
  const range = (what: string, promql: string) => client.queryRange(what, promql, options.historyStartMs, endMs, options.historyStepSeconds);
  const [cpuCount, cpuP95, cpuMax, cpuMean, memTotal, memP95, memPeak, fsSize, fsAvail, hCpu, hMem] = await Promise.all([
    instant('node CPUs', q.cpuCount), instant('node CPU p95', q.cpuP95), instant('node CPU max', q.cpuMax), instant('node CPU mean', q.cpuMean),
    instant('node memory total', q.memoryTotal), instant('node memory p95', q.memoryP95), instant('node memory peak', q.memoryPeak),
    instant('node filesystem size', fs.size), instant('node filesystem available', fs.avail),
    range('node CPU history', hq.cpuMean), range('node memory history', hq.memoryPeak),
  ]);

  const byInstance = (rows: InstantSample[]) => new Map(rows.map((r) => [r.metric[L.instance] ?? '', r.value]));
  const maps = { cpuCount: byInstance(cpuCount), cpuP95: byInstance(cpuP95), cpuMax: byInstance(cpuMax), cpuMean: byInstance(cpuMean), memTotal: byInstance(memTotal), memP95: byInstance(memP95), memPeak: byInstance(memPeak) };
  const value = (m: Map<string, number>, instance: string) => { const v = m.get(instance); return v === undefined || !Number.isFinite(v) ? Number.NaN : v; };
  const filesystems = collectFilesystems(fsSize, fsAvail);
  const steps = stepCount(options.historyStartMs, endMs, options.historyStepSeconds);
  const histories = new Map<string, NodeUsageHistory>();
  const fill = (series: RangeSeries[], field: 'cpuMeanCores' | 'memoryPeakBytes') => {
    for (const s of series) {
      const instance = s.metric[L.instance] ?? '';
      let h = histories.get(instance);
      if (!h) {
        h = { startMs: options.historyStartMs, stepSeconds: options.historyStepSeconds, cpuMeanCores: new Float64Array(steps).fill(Number.NaN), memoryPeakBytes: new Float64Array(steps).fill(Number.NaN) };
        histories.set(instance, h);
      }
      placeOnSteps(h[field], s, options.historyStartMs, options.historyStepSeconds);
    }
  };
  fill(hCpu, 'cpuMeanCores');
  fill(hMem, 'memoryPeakBytes');

  const out = new Map<string, NodeUsage>();
  for (const [instance, { node, mappedBy }] of [...mapping.mapped].sort(([a], [b]) => a.localeCompare(b))) {
    // Two targets for one node (a duplicate scrape job): the first, by instance, stands.
    if (out.has(node)) continue;
    out.set(node, {
      cluster, node, instance, mappedBy,
      cpuCount: value(maps.cpuCount, instance),
      cpuP95Cores: value(maps.cpuP95, instance),
      cpuMaxCores: value(maps.cpuMax, instance),
      cpuMeanCores: value(maps.cpuMean, instance),
      memoryTotalBytes: value(maps.memTotal, instance),
      memoryP95Bytes: value(maps.memP95, instance),
      memoryPeakBytes: value(maps.memPeak, instance),
      filesystems: filesystems.get(instance) ?? [],
      history: histories.get(instance) ?? null,
    });
  }
  return [...out.values()].sort((a, b) => a.node.localeCompare(b.node));
}

function collectFilesystems(size: InstantSample[], avail: InstantSample[]): Map<string, NodeFilesystemUsage[]> {
  const key = (m: Record<string, string>) => `${m[L.instance]}\u0000${m[L.mountpoint]}\u0000${m[L.device]}`;
  const availBy = new Map(avail.map((r) => [key(r.metric), r.value]));
  const out = new Map<string, NodeFilesystemUsage[]>();
  for (const r of size) {
    const instance = r.metric[L.instance] ?? '';
    const a = availBy.get(key(r.metric));
    if (!r.metric[L.mountpoint] || a === undefined) continue;
    const list = out.get(instance) ?? [];
    list.push({ mountpoint: r.metric[L.mountpoint]!, device: r.metric[L.device] ?? '', fstype: r.metric[L.fstype] ?? '', sizeBytes: r.value, usedBytes: Math.max(0, r.value - a) });
    out.set(instance, list);
  }
  for (const list of out.values()) list.sort((x, y) => x.mountpoint.localeCompare(y.mountpoint) || x.device.localeCompare(y.device));
  return out;
}
