/**
 * PromQL builders. Aggregation happens in Prometheus: per-pod figures are computed with
 * `*_over_time` (sub)queries, joined onto the pod's workload (owner chain, below) with
 * `group_left`, and reduced with `max by`/`sum by`, so only one row per workload container
 * crosses the wire. Label and metric names come from the conventions module.
 *
 * Owner chain, all in PromQL (no string guessing on pod names):
 *   pod ─kube_pod_owner─► ReplicaSet ─kube_replicaset_owner─► Deployment
 *   pod ─kube_pod_owner─► Job        ─kube_job_owner───────► CronJob
 *   pod ─kube_pod_owner─► StatefulSet | DaemonSet | <none> (a bare Pod)
 */
import { kubeStateMetricsLabelName, nodeLabelKeys, sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import { formatDuration } from '../../domain/units.js';

export interface QueryScope {
  /** Cluster label name and value; value null means no cluster matcher. */
  clusterLabel: string;
  cluster: string | null;
  /** Restrict to one namespace (sharding); null for all. */
  namespace: string | null;
}

/** Matchers shared by every selector: cluster and namespace, e.g. `cluster="prod",namespace="shop"`. */
export function scopeMatchers(scope: QueryScope): string {
  const parts: string[] = [];
  if (scope.cluster !== null) parts.push(`${scope.clusterLabel}=${JSON.stringify(scope.cluster)}`);
  if (scope.namespace !== null) parts.push(`${L.namespace}=${JSON.stringify(scope.namespace)}`);
  return parts.join(',');
}

function sel(metric: string, scope: QueryScope, ...extra: string[]): string {
  const m = [scopeMatchers(scope), ...extra].filter(Boolean).join(',');
  return `${metric}{${m}}`;
}

/** cAdvisor container series, without the pod-level cgroup (`container=""`) and pause (`POD`) series. */
const realContainer = `${L.container}!="",${L.container}!="POD"`;

const d = formatDuration;

/** Labels the workload key is made of. */
export const workloadLabels = ['namespace', 'workload_kind', 'workload'] as const;
const wl = `${L.namespace}, workload_kind, workload`;
const wlc = `${wl}, ${L.container}`;

/**
 * Pod → workload map over the last `rangeSeconds`: one series per pod, value 1, labels
 * namespace, pod, workload_kind, workload.
 */
export function podWorkloadMap(scope: QueryScope, rangeSeconds: number, atSeconds: number | null = null): string {
  // With `@ T` the map is step-invariant: Prometheus evaluates it once for a whole range query or
  // subquery instead of at every step (a pod's owner never changes, so one map serves all steps).
  const range = `[${d(rangeSeconds)}]${atSeconds === null ? '' : ` @ ${atSeconds}`}`;
  const owner = (extra: string) => `max_over_time(${sel(M.kubePodOwner, scope, extra)}${range})`;
  const named = (expr: string, nameLabel: string, kind: string | null) => {
    const withName = `label_replace(${expr}, "workload", "$1", "${nameLabel}", "(.+)")`;
    return kind === null
      ? `label_replace(${withName}, "workload_kind", "$1", "${L.ownerKind}", "(.+)")`
      : `label_replace(${withName}, "workload_kind", "${kind}", "", "")`;
  };
  // Pods owned directly by a StatefulSet or DaemonSet.
  const direct = named(owner(`${L.ownerKind}=~"StatefulSet|DaemonSet"`), L.ownerName, null);
  // Bare pods: the pod is its own workload.
  const bare = named(owner(`${L.ownerKind}="<none>"`), L.pod, 'Pod');
  // Pods of ReplicaSets, resolved to the ReplicaSet's owner (a Deployment) or the ReplicaSet itself.
  const podRs = `group by (${L.namespace}, ${L.pod}, ${L.replicaset}) (label_replace(${owner(`${L.ownerKind}="ReplicaSet"`)}, "${L.replicaset}", "$1", "${L.ownerName}", "(.+)"))`;
  const rsOwner = (extra: string) => `group by (${L.namespace}, ${L.replicaset}, ${L.ownerKind}, ${L.ownerName}) (max_over_time(${sel(M.kubeReplicasetOwner, scope, extra)}${range}))`;
  const viaDeployment = named(`${podRs} * on (${L.namespace}, ${L.replicaset}) group_left (${L.ownerKind}, ${L.ownerName}) ${rsOwner(`${L.ownerKind}="Deployment"`)}`, L.ownerName, 'Deployment');
  // Pods of Jobs, resolved to the CronJob or to the Job itself.
  const podJob = `group by (${L.namespace}, ${L.pod}, job_name) (label_replace(${owner(`${L.ownerKind}="Job"`)}, "job_name", "$1", "${L.ownerName}", "(.+)"))`;
  const jobOwner = (extra: string) => `group by (${L.namespace}, job_name, ${L.ownerKind}, ${L.ownerName}) (max_over_time(${sel(M.kubeJobOwner, scope, extra)}${range}))`;
  const viaCronJob = named(`${podJob} * on (${L.namespace}, job_name) group_left (${L.ownerKind}, ${L.ownerName}) ${jobOwner(`${L.ownerKind}="CronJob"`)}`, L.ownerName, 'CronJob');
  const bareJob = named(`${podJob} * on (${L.namespace}, job_name) group_left ${jobOwner(`${L.ownerKind}="<none>"`)}`, 'job_name', 'Job');
  return `group by (${L.namespace}, ${L.pod}, workload_kind, workload) (${[direct, bare, viaDeployment, viaCronJob, bareJob].join(' or ')})`;
}

/** Per pod and container: CPU cores as a rate over `rateWindowSeconds`. */
export function cpuRate(scope: QueryScope, rateWindowSeconds: number): string {
  return `max by (${L.namespace}, ${L.pod}, ${L.container}) (rate(${sel(M.containerCpuUsageSecondsTotal, scope, realContainer)}[${d(rateWindowSeconds)}]))`;
}

/** Per pod and container: working-set bytes. */
export function memoryWorkingSet(scope: QueryScope): string {
  return `max by (${L.namespace}, ${L.pod}, ${L.container}) (${sel(M.containerMemoryWorkingSetBytes, scope, realContainer)})`;
}

export interface WindowShape {
  /** The whole window, seconds (instant queries are evaluated at its end). */
  windowSeconds: number;
  /** Subquery resolution: the detected scrape interval. */
  stepSeconds: number;
  /** rate() window: at least 4 scrape intervals. */
  rateWindowSeconds: number;
  /** Evaluation time of the window's end, Unix seconds (pins step-invariant parts with `@`). */
  endSeconds: number;
}

/**
 * Resolution of the per-step scans that do not need every sample (first/last sample times, peak
 * replicas, hourly CPU peaks): at least 5 minutes. Each such subquery then costs a fifth of a
 * scan at a 1-minute scrape interval; times are exact to this resolution.
 */
export function coarseStepSeconds(w: WindowShape): number {
  return Math.max(w.stepSeconds, 300);
}

/**
 * Resolution of the first/last-sample scans: a quarter of an hour, or a thousandth of the window
 * when that is longer, in whole scrape intervals. These times only size the history (confidence
 * thresholds are days) and the mean pod count, so an error of one step on each edge is under 1 %
 * of any window of a day or more, and the two scans cost a third of a 5-minute-step scan.
 */
export function spanStepSeconds(w: WindowShape): number {
  const target = Math.max(900, w.windowSeconds / 1000);
  return Math.max(coarseStepSeconds(w), Math.ceil(target / w.stepSeconds) * w.stepSeconds);
}

/** The pod → workload map of the whole window, pinned to its end: evaluated once per query. */
function windowPodMap(scope: QueryScope, w: WindowShape): string {
  return podWorkloadMap(scope, w.windowSeconds, w.endSeconds);
}

function joinWorkload(perPod: string, scope: QueryScope, w: WindowShape): string {
  return `(${perPod}) * on (${L.namespace}, ${L.pod}) group_left (workload_kind, workload) ${windowPodMap(scope, w)}`;
}

/**
 * Per workload container: the highest per-pod CPU quantile over the window (`q` in 0..1; 1 is
 * the maximum). Each pod's quantile is taken over its own rate samples, then the workload takes
 * the max across its pods and rollouts.
 */
export function cpuQuantileByWorkload(scope: QueryScope, w: WindowShape, q: number): string {
  const sub = `${cpuRate(scope, w.rateWindowSeconds)}[${d(w.windowSeconds)}:${d(w.stepSeconds)}]`;
  const perPod = q >= 1 ? `max_over_time(${sub})` : `quantile_over_time(${q}, ${sub})`;
  return `max by (${wlc}) (${joinWorkload(perPod, scope, w)})`;
}

/** Per workload container: memory working-set quantile (`q` < 1) or peak (`q` = 1) over the raw samples of the window. */
export function memoryQuantileByWorkload(scope: QueryScope, w: WindowShape, q: number): string {
  const raw = `${sel(M.containerMemoryWorkingSetBytes, scope, realContainer)}[${d(w.windowSeconds)}]`;
  const perPod = q >= 1 ? `max_over_time(${raw})` : `quantile_over_time(${q}, ${raw})`;
  return `max by (${wlc}) (${joinWorkload(`max by (${L.namespace}, ${L.pod}, ${L.container}) (${perPod})`, scope, w)})`;
}

/** Per workload container: raw working-set samples summed over pods (what the figures rest on). */
export function sampleCountByWorkload(scope: QueryScope, w: WindowShape): string {
  const perPod = `max by (${L.namespace}, ${L.pod}, ${L.container}) (count_over_time(${sel(M.containerMemoryWorkingSetBytes, scope, realContainer)}[${d(w.windowSeconds)}]))`;
  return `sum by (${wlc}) (${joinWorkload(perPod, scope, w)})`;
}

/**
 * A working-set sample visible only at the step it was taken: the lookback is one scrape
 * interval minus 1 ms instead of Prometheus's 5 minutes, so first/last times and per-step pod
 * counts are not stretched past a pod's end.
 */
function freshMemory(scope: QueryScope, w: WindowShape, stepSeconds = coarseStepSeconds(w)): string {
  return `max by (${L.namespace}, ${L.pod}, ${L.container}) (last_over_time(${sel(M.containerMemoryWorkingSetBytes, scope, realContainer)}[${stepSeconds * 1000 - 1}ms]))`;
}

/** Per workload container: time (s) of the step holding the first (`min`) or last (`max`) working-set sample in the window. */
export function sampleTimeByWorkload(scope: QueryScope, w: WindowShape, which: 'min' | 'max'): string {
  const step = spanStepSeconds(w);
  const perPod = `${which}_over_time(timestamp(${freshMemory(scope, w, step)})[${d(w.windowSeconds)}:${d(step)}])`;
  return `${which} by (${wlc}) (${joinWorkload(perPod, scope, w)})`;
}

/** Per workload container: the most pods alive at one step (steps at the coarse resolution). */
export function replicasMaxByWorkload(scope: QueryScope, w: WindowShape): string {
  const perStep = `count by (${wlc}) ((${freshMemory(scope, w)}) * on (${L.namespace}, ${L.pod}) group_left (workload_kind, workload) ${windowPodMap(scope, w)})`;
  return `max_over_time(${perStep}[${d(w.windowSeconds)}:${d(coarseStepSeconds(w))}])`;
}

/** Per workload container: throttled CFS periods / all CFS periods over the window. */
export function throttlingRatioByWorkload(scope: QueryScope, w: WindowShape): string {
  const inc = (metric: string) => `sum by (${wlc}) (${joinWorkload(`max by (${L.namespace}, ${L.pod}, ${L.container}) (increase(${sel(metric, scope, realContainer)}[${d(w.windowSeconds)}]))`, scope, w)})`;
  return `${inc(M.containerCpuCfsThrottledPeriodsTotal)} / ${inc(M.containerCpuCfsPeriodsTotal)}`;
}

/** Per workload container: container restarts, the last restart count of each pod (pods start at 0) summed. */
export function restartsByWorkload(scope: QueryScope, w: WindowShape): string {
  const perPod = `max by (${L.namespace}, ${L.pod}, ${L.container}) (last_over_time(${sel(M.kubePodContainerStatusRestartsTotal, scope)}[${d(w.windowSeconds)}]))`;
  return `sum by (${wlc}) (${joinWorkload(perPod, scope, w)})`;
}

/** Containers (namespace, pod, container) that kube-state-metrics showed as OOM-killed in the window. */
export function oomKilledContainers(scope: QueryScope, w: WindowShape): string {
  return `max by (${L.namespace}, ${L.pod}, ${L.container}) (max_over_time(${sel(M.kubePodContainerStatusLastTerminatedReason, scope, `${L.reason}="OOMKilled"`)}[${d(w.windowSeconds)}])) == 1`;
}

/**
 * Per workload container: restarts whose last terminated reason was OOMKilled — a restart
 * counted in a step where kube-state-metrics reports `reason="OOMKilled"`. Only for `pods`
 * (from oomKilledContainers): the per-step subquery then touches a handful of series, not all.
 */
export function oomKillsByWorkload(scope: QueryScope, w: WindowShape, pods: string[]): string {
  const podMatch = `${L.pod}=~${JSON.stringify(pods.map(escapeRegex).join('|'))}`;
  const restarts = sel(M.kubePodContainerStatusRestartsTotal, scope, podMatch);
  const oom = `(${sel(M.kubePodContainerStatusLastTerminatedReason, scope, `${L.reason}="OOMKilled"`, podMatch)} == 1)`;
  const step = `(clamp_min(${restarts} - ${restarts} offset ${d(w.stepSeconds)}, 0) and on (${L.namespace}, ${L.pod}, ${L.container}) ${oom})`;
  const perPod = `max by (${L.namespace}, ${L.pod}, ${L.container}) (sum_over_time(${step}[${d(w.windowSeconds)}:${d(w.stepSeconds)}]))`;
  return `sum by (${wlc}) (${joinWorkload(perPod, scope, w)})`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Per workload container: the memory limit of pods that were OOM-killed in the window. */
export function oomMemoryLimitByWorkload(scope: QueryScope, w: WindowShape): string {
  const limit = `max by (${L.namespace}, ${L.pod}, ${L.container}) (last_over_time(${sel(M.kubePodContainerResourceLimits, scope, `${L.resource}="memory"`)}[${d(w.windowSeconds)}]))`;
  const oomed = `max by (${L.namespace}, ${L.pod}, ${L.container}) (max_over_time(${sel(M.kubePodContainerStatusLastTerminatedReason, scope, `${L.reason}="OOMKilled"`)}[${d(w.windowSeconds)}])) == 1`;
  return `max by (${wlc}) (${joinWorkload(`${limit} and on (${L.namespace}, ${L.pod}, ${L.container}) (${oomed})`, scope, w)})`;
}

/**
 * Per workload container: its CPU and memory request or limit (`kind`) as the newest pods have
 * it, one row per resource (label `resource`): one query for both resources, so the pod map is
 * built once. `rangeSeconds` short (recent pods) first; callers fall back to the whole window for
 * workloads with no pod at the end (finished Jobs).
 */
export function resourceSettingsByWorkload(scope: QueryScope, kind: 'requests' | 'limits', rangeSeconds: number): string {
  const metric = kind === 'requests' ? M.kubePodContainerResourceRequests : M.kubePodContainerResourceLimits;
  const perPod = `max by (${L.namespace}, ${L.pod}, ${L.container}, ${L.resource}) (last_over_time(${sel(metric, scope, `${L.resource}=~"cpu|memory"`)}[${d(rangeSeconds)}]))`;
  return `max by (${wlc}, ${L.resource}) ((${perPod}) * on (${L.namespace}, ${L.pod}) group_left (workload_kind, workload) ${podWorkloadMap(scope, rangeSeconds)})`;
}

/** Hourly (`stepSeconds`) history per workload container, evaluated as a range query. */
export function historyQueries(scope: QueryScope, w: WindowShape, historyStepSeconds: number): { cpuMean: string; cpuMax: string; memoryPeak: string; pods: string } {
  const h = d(historyStepSeconds);
  const join = (perPod: string) => `(${perPod}) * on (${L.namespace}, ${L.pod}) group_left (workload_kind, workload) ${windowPodMap(scope, w)}`;
  const cpuSeries = sel(M.containerCpuUsageSecondsTotal, scope, realContainer);
  const memPerPod = `max by (${L.namespace}, ${L.pod}, ${L.container}) (max_over_time(${sel(M.containerMemoryWorkingSetBytes, scope, realContainer)}[${h}]))`;
  return {
    // rate over the whole step is the mean CPU of the step.
    cpuMean: `avg by (${wlc}) (${join(`max by (${L.namespace}, ${L.pod}, ${L.container}) (rate(${cpuSeries}[${h}]))`)})`,
    cpuMax: `max by (${wlc}) (${join(`max_over_time(${cpuRate(scope, w.rateWindowSeconds)}[${h}:${d(coarseStepSeconds(w))}])`)})`,
    memoryPeak: `max by (${wlc}) (${join(memPerPod)})`,
    pods: `count by (${wlc}) (${join(memPerPod)})`,
  };
}

/** Namespaces that have container usage in the window (the shards of the per-workload queries). */
export function namespacesWithUsage(scope: QueryScope, windowSeconds: number): string {
  return `count by (${L.namespace}) (max_over_time(${sel(M.containerMemoryWorkingSetBytes, scope, realContainer)}[${d(windowSeconds)}]))`;
}

/** Look-back over which the scrape interval is measured: long enough for hourly scrapes to show. */
export const SCRAPE_DETECTION_RANGE_SECONDS = 6 * 3600;

/** Median number of samples in the last 6 hours of the cAdvisor series: gives the scrape interval. */
export function samplesInDetectionRange(scope: QueryScope): string {
  return `quantile(0.5, count_over_time(${sel(M.containerMemoryWorkingSetBytes, scope, realContainer)}[${d(SCRAPE_DETECTION_RANGE_SECONDS)}]))`;
}

/**
 * Per scrape job Headroom reads, a long-lived metric of that job whose sample count gives the
 * job's own interval (jobs are scraped at different intervals: one ServiceMonitor each).
 */
export const scrapeJobProbes = [
  { job: 'kubelet (cAdvisor)', metric: M.containerMemoryWorkingSetBytes, extra: realContainer, rated: true },
  { job: 'kube-state-metrics', metric: M.kubeNodeStatusAllocatable, extra: `${L.resource}="cpu"`, rated: false },
  { job: 'node-exporter', metric: M.nodeMemoryMemAvailableBytes, extra: '', rated: true },
] as const;

/** Median samples in the last 6 hours of one probe metric (cluster matcher only: node-exporter is not namespaced). */
export function probeSamplesInDetectionRange(scope: QueryScope, probe: (typeof scrapeJobProbes)[number]): string {
  return `quantile(0.5, count_over_time(${sel(probe.metric, { ...scope, namespace: null }, probe.extra)}[${d(SCRAPE_DETECTION_RANGE_SECONDS)}]))`;
}

function withRealContainer(metric: string): string[] {
  return metric === M.containerMemoryWorkingSetBytes ? [realContainer] : [];
}

/**
 * Time (s) of the newest sample of `metric` in the last `rangeSeconds` (an hour or so). Only
 * `timestamp()` of a plain selector gives a sample's own time (of anything else it is the
 * evaluation time), so a 1-minute subquery takes it at every step, each seeing the sample within
 * Prometheus's 5-minute lookback.
 */
export function newestSampleTime(scope: QueryScope, metric: string, rangeSeconds: number): string {
  return `max(max_over_time(timestamp(${sel(metric, scope, ...withRealContainer(metric))})[${d(rangeSeconds)}:1m]))`;
}

/** End (s) of the newest hour, in the last `lookbackSeconds`, that holds a sample of `metric` (a cheap first pass over a long range). */
export function newestHourWithData(scope: QueryScope, metric: string, lookbackSeconds: number): string {
  return `max_over_time(timestamp(count(last_over_time(${sel(metric, scope, ...withRealContainer(metric))}[1h])))[${d(lookbackSeconds)}:1h])`;
}

/**
 * `kube_node_labels` label names of every node-label key Headroom reads (instance type, zone,
 * region, capacity type, node pool), preferred key first: EKS, Karpenter, GKE and AKS nodes label
 * these differently, and older nodes still carry the beta keys.
 */
export const nodeLabelNames: string[] = Object.values(nodeLabelKeys).flatMap((keys) => keys.map(kubeStateMetricsLabelName));

/** Node facts, instant at the window end over the window. */
export function nodeQueries(scope: QueryScope, windowSeconds: number): { labels: string; allocatableCpu: string; allocatableMemory: string } {
  const r = d(windowSeconds);
  return {
    labels: `max by (${[L.node, ...nodeLabelNames].join(', ')}) (last_over_time(${sel(M.kubeNodeLabels, scope)}[${r}]))`,
    allocatableCpu: `max by (${L.node}) (last_over_time(${sel(M.kubeNodeStatusAllocatable, scope, `${L.resource}="cpu"`)}[${r}]))`,
    allocatableMemory: `max by (${L.node}) (last_over_time(${sel(M.kubeNodeStatusAllocatable, scope, `${L.resource}="memory"`)}[${r}]))`,
  };
}

/** PVC capacity and usage at the end, and the hourly usage history. */
export function volumeQueries(scope: QueryScope, windowSeconds: number, historyStepSeconds: number): { capacity: string; used: string; usedHistory: string } {
  const by = `${L.namespace}, ${L.persistentVolumeClaim}`;
  return {
    capacity: `max by (${by}) (last_over_time(${sel(M.kubeletVolumeStatsCapacityBytes, scope)}[${d(windowSeconds)}]))`,
    used: `max by (${by}) (last_over_time(${sel(M.kubeletVolumeStatsUsedBytes, scope)}[${d(windowSeconds)}]))`,
    usedHistory: `max by (${by}) (max_over_time(${sel(M.kubeletVolumeStatsUsedBytes, scope)}[${d(historyStepSeconds)}]))`,
  };
}

/**
 * Resolution of the per-step sums the hourly capacity figures average: the cAdvisor interval, at
 * least a minute (a finer one multiplies the work, not the accuracy), dividing the history step.
 */
export function capacityStepSeconds(w: WindowShape, historyStepSeconds: number): number {
  const step = Math.max(w.stepSeconds, 60);
  return historyStepSeconds % step === 0 ? step : 60;
}

/**
 * Hourly capacity series, as range queries evaluated at the last scrape of each hour and stamped
 * with the hour's start: every figure is the hour's mean of per-step sums, usage CPU the hour's
 * counter increase. Node pools are instance types, joined through `kube_pod_info` (pod → node)
 * and `kube_node_labels` (node → type); both maps are pinned to the window's end (`@`), so
 * Prometheus builds them once.
 *
 * Scrape intervals differ per job (kube-state-metrics is often scraped every 2–4 minutes, cAdvisor
 * every 30–60 s), so no figure divides one job's samples by a count derived from another job's
 * interval. Each pod's and node's kube-state-metrics value (requests, allocatable, node presence)
 * is read at every step of a subquery of our own resolution (capacityStepSeconds; Prometheus's
 * lookback fills the steps between that job's scrapes), and its hour's mean is the sum over the
 * steps divided by the subquery's own step count. The working set is summed over its own samples
 * and divided by its own samples per hour: the interval is measured on that very metric.
 */
export function capacitySeriesQueries(scope: QueryScope, w: WindowShape, historyStepSeconds: number): Record<string, string> {
  const hour = `${historyStepSeconds * 1000 - 1}ms`;
  const perHour = historyStepSeconds / w.stepSeconds;
  const step = capacityStepSeconds(w, historyStepSeconds);
  /**
   * The hour's mean of a per-step figure: a step where it is absent counts as 0 (a pod alive half
   * the hour counts half). Taken per pod or node, before the joins, so the `@`-pinned maps stay
   * outside the subquery and Prometheus builds them once per query, not once per hour.
   */
  const hourlyMean = (perStep: string) => `sum_over_time((${perStep})[${hour}:${d(step)}]) / ${historyStepSeconds / step}`;
  const win = `[${d(w.windowSeconds)}] @ ${w.endSeconds}`;
  const byPodContainer = `${L.namespace}, ${L.pod}, ${L.container}`;
  const cpu = `max by (${byPodContainer}) (increase(${sel(M.containerCpuUsageSecondsTotal, scope, realContainer)}[${hour}])) / ${historyStepSeconds}`;
  // cAdvisor's own samples per hour: w.stepSeconds is measured on this metric.
  const mem = `max by (${byPodContainer}) (sum_over_time(${sel(M.containerMemoryWorkingSetBytes, scope, realContainer)}[${hour}])) / ${perHour}`;
  const req = (resource: string) => hourlyMean(`max by (${byPodContainer}) (${sel(M.kubePodContainerResourceRequests, scope, `${L.resource}="${resource}"`)})`);
  const nodeType = `max by (${L.node}, ${L.instanceType}) (max_over_time(${sel(M.kubeNodeLabels, scope)}${win}))`;
  const podNode = `max by (${L.namespace}, ${L.pod}, ${L.node}) (max_over_time(${sel(M.kubePodInfo, scope)}${win}))`;
  const toPool = (perPod: string) => `sum by (${L.instanceType}) (((${perPod}) * on (${L.namespace}, ${L.pod}) group_left (${L.node}) ${podNode}) * on (${L.node}) group_left (${L.instanceType}) ${nodeType})`;
  const alloc = (resource: string) => `sum by (${L.instanceType}) ((${hourlyMean(`max by (${L.node}) (${sel(M.kubeNodeStatusAllocatable, scope, `${L.resource}="${resource}"`)})`)}) * on (${L.node}) group_left (${L.instanceType}) ${nodeType})`;
  return {
    namespaceCpuUsage: `sum by (${L.namespace}) (${cpu})`,
    namespaceMemoryUsage: `sum by (${L.namespace}) (${mem})`,
    namespaceCpuRequests: `sum by (${L.namespace}) (${req('cpu')})`,
    namespaceMemoryRequests: `sum by (${L.namespace}) (${req('memory')})`,
    poolCpuUsage: toPool(cpu),
    poolMemoryUsage: toPool(mem),
    poolCpuRequests: toPool(req('cpu')),
    poolMemoryRequests: toPool(req('memory')),
    poolCpuAllocatable: alloc('cpu'),
    poolMemoryAllocatable: alloc('memory'),
    poolNodes: `sum by (${L.instanceType}) (${hourlyMean(`max by (${L.node}, ${L.instanceType}) (${sel(M.kubeNodeLabels, scope)})`)})`,
  };
}

/**
 * HPAs as of the window end, from kube-state-metrics v2: the target workload
 * (`kube_horizontalpodautoscaler_info`), min and max replicas, and utilisation targets for CPU and
 * memory. `last_over_time` over `lookbackSeconds` so an HPA whose last scrape sits just before the
 * end still counts.
 */
export function hpaQueries(scope: QueryScope, lookbackSeconds: number): { info: string; minReplicas: string; maxReplicas: string; utilizationTargets: string } {
  const hpa = `${L.namespace}, ${L.hpa}`;
  const last = (metric: string, ...extra: string[]) => `last_over_time(${sel(metric, scope, ...extra)}[${d(lookbackSeconds)}])`;
  return {
    info: `max by (${hpa}, ${L.scaleTargetRefKind}, ${L.scaleTargetRefName}) (${last(M.kubeHpaInfo)})`,
    minReplicas: `max by (${hpa}) (${last(M.kubeHpaSpecMinReplicas)})`,
    maxReplicas: `max by (${hpa}) (${last(M.kubeHpaSpecMaxReplicas)})`,
    utilizationTargets: `max by (${hpa}, ${L.metricName}) (${last(M.kubeHpaSpecTargetMetric, `${L.metricName}=~"cpu|memory"`, `${L.metricTargetType}="utilization"`)})`,
  };
}
