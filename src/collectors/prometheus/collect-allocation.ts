/**
 * Allocation inputs from any Prometheus-API backend (src/domain/allocation.ts), each an hourly
 * range query over the window, aggregated in PromQL so that one series per workload container and
 * node crosses the wire:
 *
 *   per namespace: CPU (counter increase ÷ hour) and memory (sum_over_time ÷ samples per hour) of
 *   each pod, joined to its node (kube_pod_info) and workload (owner chain); requests as their
 *   hourly mean times the share of the hour the pod ran in cAdvisor's samples (kube-state-metrics
 *   keeps finished pods' requests, and scrapes at its own interval) ─► sum by (workload container, node)
 *   nodes: share of each hour kube_node_info existed (against a node present all hour), provider
 *   ID, capacity (else allocatable)
 *   labels: kube_pod_labels per workload and kube_namespace_labels, for the configured keys
 *
 * Each hour is evaluated at its last scrape and stamped with its start (as the capacity series).
 */
import type { AllocationInputs, AllocationLabels, ContainerNodeHours, NodeHours } from '../../domain/allocation.js';
import type { NodeInfo, WorkloadKind } from '../../domain/workload.js';
import { kubeStateMetricsLabelName, sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import { formatDuration } from '../../domain/units.js';
import type { PrometheusClient, RangeSeries } from './client.js';
import * as Q from './queries.js';
import { alignUp, WORKLOAD_KINDS } from './window-steps.js';
import type { CollectWindow } from './collect-usage.js';

/** Pod and namespace label keys read by default (`allocation.labels`). */
export const defaultAllocationLabelKeys = ['team', 'owner', 'cost-center'];
/** The extended resource name of NVIDIA GPUs as kube-state-metrics exports it. */
const gpuResource = 'nvidia_com_gpu';

function sel(metric: string, scope: Q.QueryScope, ...extra: string[]): string {
  return `${metric}{${[Q.scopeMatchers(scope), ...extra].filter(Boolean).join(',')}}`;
}

const realContainer = `${L.container}!="",${L.container}!="POD"`;

/** PromQL of the allocation inputs (exported for tests and `doctor`-style inspection). */
export function allocationQueries(scope: Q.QueryScope, w: Q.WindowShape, stepSeconds: number): Record<'cpuUsage' | 'memoryUsage' | 'cpuRequests' | 'memoryRequests' | 'gpuRequests', string> & { nodeUp: string; nodeInfo: string; nodeCapacity: string; podLabels: string; namespaceLabels: string; podWorkloads: string } {
  const hour = `${stepSeconds * 1000 - 1}ms`;
  const perHour = stepSeconds / w.stepSeconds;
  const win = `[${formatDuration(w.windowSeconds)}] @ ${w.endSeconds}`;
  const byPodContainer = `${L.namespace}, ${L.pod}, ${L.container}`;
  const wlcNode = `${L.namespace}, workload_kind, workload, ${L.container}, ${L.node}`;
  const podNode = `max by (${L.namespace}, ${L.pod}, ${L.node}) (max_over_time(${sel(M.kubePodInfo, scope, `${L.node}!=""`)}${win}))`;
  const podMap = Q.podWorkloadMap(scope, w.windowSeconds, w.endSeconds);
  const toWorkloadNode = (perPod: string) => `sum by (${wlcNode}) (((${perPod}) * on (${L.namespace}, ${L.pod}) group_left (${L.node}) ${podNode}) * on (${L.namespace}, ${L.pod}) group_left (workload_kind, workload) ${podMap})`;
  const ran = `max by (${byPodContainer}) (count_over_time(${sel(M.containerMemoryWorkingSetBytes, scope, realContainer)}[${hour}]))`;
  // The request while set, times the share of the hour the container ran (counted in cAdvisor's own
  // samples): independent of kube-state-metrics' scrape interval, and nothing for finished pods
  // whose requests kube-state-metrics still exports.
  const requests = (resource: string) => toWorkloadNode(`max by (${byPodContainer}) (avg_over_time(${sel(M.kubePodContainerResourceRequests, scope, `${L.resource}="${resource}"`)}[${hour}])) * on (${byPodContainer}) (${ran} / ${perHour})`);
  return {
    cpuUsage: toWorkloadNode(`max by (${byPodContainer}) (increase(${sel(M.containerCpuUsageSecondsTotal, scope, realContainer)}[${hour}])) / ${stepSeconds}`),
    memoryUsage: toWorkloadNode(`max by (${byPodContainer}) (sum_over_time(${sel(M.containerMemoryWorkingSetBytes, scope, realContainer)}[${hour}])) / ${perHour}`),
    cpuRequests: requests('cpu'),
    memoryRequests: requests('memory'),
    gpuRequests: requests(gpuResource),
    // Share of the hour each node existed: its kube_node_info samples against those of a node present
    // all hour (kube-state-metrics' own interval, whatever it is, not cAdvisor's).
    nodeUp: `max by (${L.node}) (count_over_time(${sel(M.kubeNodeInfo, scope)}[${hour}])) / on () group_left () max(count_over_time(${sel(M.kubeNodeInfo, scope)}[${hour}]))`,
    nodeInfo: `max by (${L.node}, ${L.providerId}) (last_over_time(${sel(M.kubeNodeInfo, scope)}[${formatDuration(w.windowSeconds)}]))`,
    nodeCapacity: `max by (${L.node}, ${L.resource}) (last_over_time(${sel(M.kubeNodeStatusCapacity, scope, `${L.resource}=~"cpu|memory|${gpuResource}"`)}[${formatDuration(w.windowSeconds)}]))`,
    podLabels: `last_over_time(${sel(M.kubePodLabels, scope)}[${formatDuration(w.windowSeconds)}])`,
    namespaceLabels: `last_over_time(${sel(M.kubeNamespaceLabels, { ...scope, namespace: null })}[${formatDuration(w.windowSeconds)}])`,
    podWorkloads: podMap,
  };
}

export interface AllocationCollectOptions {
  cluster: string;
  namespaces: readonly string[];
  nodes: readonly NodeInfo[];
  labelKeys?: readonly string[];
  warnings: string[];
}

export async function collectAllocationInputs(client: PrometheusClient, base: Q.QueryScope, shape: Q.WindowShape, window: CollectWindow, stepSeconds: number, o: AllocationCollectOptions): Promise<AllocationInputs> {
  const stepMs = stepSeconds * 1000;
  const lastScrapeMs = stepMs - shape.stepSeconds * 1000;
  const firstHourMs = alignUp(window.startMs, stepMs);
  const lastHourMs = Math.floor((window.endMs - stepMs) / stepMs) * stepMs;
  if (lastHourMs < firstHourMs) return { containerNodeHours: [], nodeHours: [], labels: [] };
  const hours = (lastHourMs - firstHourMs) / stepMs + 1;
  const range = (what: string, promql: string) => client.queryRange(what, promql, firstHourMs + lastScrapeMs, lastHourMs + lastScrapeMs, stepSeconds);
  const place = (target: Float64Array, s: RangeSeries) => s.timestampsMs.forEach((t, j) => {
    const i = Math.round((t - lastScrapeMs - firstHourMs) / stepMs);
    if (i >= 0 && i < hours && Number.isFinite(s.values[j]!)) target[i] = s.values[j]!;
  });

  const containerNodeHours: ContainerNodeHours[] = [];
  const podLabelRows: AllocationLabels[] = [];
  await Promise.all(o.namespaces.map(async (namespace) => {
    const scope = { ...base, namespace };
    const q = allocationQueries(scope, shape, stepSeconds);
    const [cpuUse, memUse, cpuReq, memReq, gpuReq, podLabels, podWorkloads] = await Promise.all([
      range(`allocation CPU usage (${namespace})`, q.cpuUsage), range(`allocation memory usage (${namespace})`, q.memoryUsage),
      range(`allocation CPU requests (${namespace})`, q.cpuRequests), range(`allocation memory requests (${namespace})`, q.memoryRequests),
      range(`allocation GPU requests (${namespace})`, q.gpuRequests),
      client.query(`pod labels (${namespace})`, q.podLabels, window.endMs), client.query(`pod workloads (${namespace})`, q.podWorkloads, window.endMs),
    ]);
    const rows = new Map<string, ContainerNodeHours>();
    const rowOf = (m: Record<string, string>): ContainerNodeHours | null => {
      const kind = m.workload_kind as WorkloadKind;
      if (!WORKLOAD_KINDS.has(kind) || !m.workload || !m[L.container] || !m[L.node]) return null;
      const key = `${kind}\u0000${m.workload}\u0000${m[L.container]}\u0000${m[L.node]}`;
      let r = rows.get(key);
      if (!r) {
        const zeros = () => new Float64Array(hours);
        r = { ref: { cluster: o.cluster, namespace, workloadKind: kind, workload: m.workload, container: m[L.container]! }, node: m[L.node]!, startMs: firstHourMs, stepSeconds,
          cpuRequestCores: zeros(), memoryRequestBytes: zeros(), cpuUsageCores: zeros(), memoryUsageBytes: zeros(), gpuRequest: null };
        rows.set(key, r);
      }
      return r;
    };
    for (const s of cpuUse) { const r = rowOf(s.metric); if (r) place(r.cpuUsageCores, s); }
    for (const s of memUse) { const r = rowOf(s.metric); if (r) place(r.memoryUsageBytes, s); }
    for (const s of cpuReq) { const r = rowOf(s.metric); if (r) place(r.cpuRequestCores, s); }
    for (const s of memReq) { const r = rowOf(s.metric); if (r) place(r.memoryRequestBytes, s); }
    for (const s of gpuReq) { const r = rowOf(s.metric); if (r) place((r.gpuRequest ??= new Float64Array(hours)), s); }
    containerNodeHours.push(...[...rows.values()].sort((a, b) => `${a.ref.workloadKind}/${a.ref.workload}/${a.ref.container}/${a.node}`.localeCompare(`${b.ref.workloadKind}/${b.ref.workload}/${b.ref.container}/${b.node}`)));
    // Labels of a workload: those of its newest pod that has any of the keys.
    const workloadOf = new Map(podWorkloads.map((p) => [p.metric[L.pod]!, p.metric]));
    const byWorkload = new Map<string, AllocationLabels>();
    for (const p of podLabels) {
      const wl = workloadOf.get(p.metric[L.pod] ?? '');
      const kind = wl?.workload_kind as WorkloadKind | undefined;
      if (!wl || !kind || !WORKLOAD_KINDS.has(kind) || !wl.workload) continue;
      const labels = pickLabels(p.metric, o.labelKeys ?? defaultAllocationLabelKeys);
      if (Object.keys(labels).length === 0) continue;
      byWorkload.set(`${kind}\u0000${wl.workload}`, { cluster: o.cluster, namespace, workloadKind: kind, workload: wl.workload, labels });
    }
    podLabelRows.push(...byWorkload.values());
  }));

  const q = allocationQueries(base, shape, stepSeconds);
  const [up, info, capacity, namespaceLabels] = await Promise.all([
    range('allocation node hours', q.nodeUp),
    client.query('node provider IDs', q.nodeInfo, window.endMs),
    client.query('node capacity', q.nodeCapacity, window.endMs),
    client.query('namespace labels', q.namespaceLabels, window.endMs).catch((err: unknown) => {
      o.warnings.push(`namespace labels unavailable (${err instanceof Error ? err.message : String(err)}); label keys fall back to pod labels only`);
      return [];
    }),
  ]);
  const providerIds = new Map(info.map((r) => [r.metric[L.node]!, r.metric[L.providerId] ?? '']));
  const capacityOf = (node: string, resource: string) => capacity.find((r) => r.metric[L.node] === node && r.metric[L.resource] === resource)?.value;
  const infoByNode = new Map(o.nodes.map((n) => [n.node, n]));
  const nodeHours: NodeHours[] = [];
  for (const s of up) {
    const node = s.metric[L.node];
    if (!node) continue;
    const n = infoByNode.get(node);
    const cpu = capacityOf(node, 'cpu');
    const memory = capacityOf(node, 'memory');
    const fromCapacity = cpu !== undefined && memory !== undefined;
    const h: NodeHours = {
      cluster: o.cluster, node, providerId: providerIds.get(node) ?? '', instanceType: n?.instanceType ?? 'unknown', region: n?.region ?? '', capacityType: n?.capacityType ?? 'on-demand',
      nodePool: n?.nodePool ?? 'unknown', cpuCores: fromCapacity ? cpu : n?.allocatableCpuCores ?? 0, memoryBytes: fromCapacity ? memory : n?.allocatableMemoryBytes ?? 0,
      gpus: capacityOf(node, gpuResource) ?? 0, capacityFrom: fromCapacity ? 'capacity' : 'allocatable', startMs: firstHourMs, stepSeconds, up: new Float64Array(hours),
    };
    place(h.up, s);
    for (let i = 0; i < hours; i++) h.up[i] = Math.min(1, h.up[i]!);
    nodeHours.push(h);
  }
  const labels: AllocationLabels[] = [
    ...namespaceLabels.flatMap((r) => {
      const ns = r.metric[L.namespace];
      const picked = pickLabels(r.metric, o.labelKeys ?? defaultAllocationLabelKeys);
      return ns && Object.keys(picked).length ? [{ cluster: o.cluster, namespace: ns, workloadKind: null, workload: null, labels: picked }] : [];
    }),
    ...podLabelRows,
  ];
  return { containerNodeHours, nodeHours: nodeHours.sort((a, b) => a.node.localeCompare(b.node)), labels };
}

/** The configured keys present on a kube-state-metrics `*_labels` series (`cost-center` is `label_cost_center`). */
function pickLabels(metric: Record<string, string>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = metric[kubeStateMetricsLabelName(k)];
    if (v) out[k] = v;
  }
  return out;
}
