/**
 * Ground truth of the sample: what a correct PromQL query over the OpenMetrics the sample writes
 * measures. `usage.summaries` (the in-process "collector" used by the demo) follows the very same
 * definitions, so a collector that reads the backfilled Prometheus must reproduce these figures
 * (the round-trip test holds them to 2 %; by construction they agree to float rounding).
 *
 * Notation: W = the window, [startMs, endMs] of the sample; T = endMs (the evaluation time);
 * s = stepSeconds (scrape interval, default 60 s); R = `cpuRateWindowSeconds(s)` = max(300, 2·s)
 * (5 minutes at the default step). "A workload container" is one (namespace, workloadKind,
 * workload, container) aggregated over all its pods and rollouts; its pods are found through the
 * owner chain (`kube_pod_owner` → `kube_replicaset_owner` for Deployments, `kube_pod_owner` →
 * `kube_job_owner` for CronJobs, `kube_pod_owner` directly for StatefulSets, DaemonSets and Jobs;
 * a bare Pod has no owner and is its own workload, kind `Pod`). Because pods come and go, map pods
 * to owners with `max_over_time(kube_pod_owner[W])` (not the instant value at T).
 *
 * CPU percentiles (KRR style: per pod first, then the max over pods):
 *   cpuPqCores = max over the container's pods of
 *     quantile_over_time(q, rate(container_cpu_usage_seconds_total{container="C"}[R])[W:s])  @ T
 *   i.e. for each pod, the per-pod 5-minute CPU rate (Prometheus `rate`, with its extrapolation
 *   and counter-reset handling, range selector [t−R, t] inclusive as in Prometheus 2.x) evaluated
 *   at every subquery step t = T−W, T−W+s, …, T where it yields a value; the Prometheus quantile
 *   (sorted values, rank q·(n−1), linear interpolation) of those values; then the maximum of that
 *   figure over the container's pods. Example for a Deployment:
 *     max by (namespace, owner_name) (
 *       quantile_over_time(0.95, rate(container_cpu_usage_seconds_total{namespace="shop",container="checkout"}[5m])[30d:1m])
 *       * on (namespace, pod) group_left (replicaset) <pod → replicaset map>
 *       * on (namespace, replicaset) group_left (owner_name) <replicaset → deployment map>)
 *   cpuMaxCores is the same with max_over_time instead of the quantile.
 *
 * Memory (working set, raw samples, no subquery):
 *   memoryP95Bytes  = max over pods of quantile_over_time(0.95, container_memory_working_set_bytes{container="C"}[W]) @ T
 *   memoryPeakBytes = max over pods of max_over_time(container_memory_working_set_bytes{container="C"}[W]) @ T
 *
 * Throttling: cpuThrottlingRatio = Σ over pods of the raw increase of
 *   container_cpu_cfs_throttled_periods_total / Σ over pods of the raw increase of
 *   container_cpu_cfs_periods_total (counter resets handled like Prometheus); null when the
 *   container has no CPU limit (cAdvisor then has no CFS series). PromQL
 *   `sum(increase(throttled[W])) / sum(increase(periods[W]))` agrees within ~1 % (increase
 *   extrapolates both counters of a pod by the same factor).
 *
 * Restarts and OOM kills: restarts = Σ over pods of the last value of
 *   kube_pod_container_status_restarts_total (every pod starts at 0); oomKills = the restarts
 *   caused by an OOM kill (in the sample every restart is one; kube-state-metrics shows it as
 *   kube_pod_container_status_last_terminated_reason{reason="OOMKilled"} = 1 from the first kill on);
 *   oomKilledAtMemoryLimitBytes = the memory limit of the container when it was last OOM-killed —
 *   the working set reads exactly the limit at the kill's sample.
 *
 * historySeconds = time between the first and the last working-set sample of any of the
 *   container's pods in W. sampleCount = number of working-set samples, summed over pods.
 * replicasAvg / replicasMax = mean / max number of the workload's pods alive per step, over the
 *   steps between the container's first and last sample.
 * current = requests/limits of the container at T (kube_pod_container_resource_requests/limits of
 *   its newest pod; the sample never changes a workload's resources, so all its pods agree).
 *
 * The sample's pods are scraped at t = startMs + k·s exactly (k = 0 … days·86400/s − 1), so the
 * subquery steps fall on sample times. That is the kubelet's (cAdvisor's) interval, which every
 * usage figure above rests on. kube-state-metrics and node-exporter are scraped at their own
 * intervals, whole multiples of s from the same start (scrape-intervals.ts; kube-state-metrics every
 * 2·s by default): the truth's kube-state-metrics figures (owners, settings, restarts, OOM kills)
 * are constants and step counters read as they were last scraped, so they hold as long as a
 * queried step sees a scrape within Prometheus's 5-minute lookback.
 *
 * Pitfalls the series reproduce from real clusters: cAdvisor also has a pod-level series
 * (`container=""`, the pod cgroup, no `image` label) and the pause container (`container="POD"`)
 * — select `container!="", container!="POD"` or an exact container name; counters reset when a
 * container restarts after an OOM kill; a bare Pod's `kube_pod_owner` has `owner_kind="<none>"`;
 * a plain Job's `kube_job_owner` has `owner_kind="<none>"`; series of a pod exist only while it
 * runs (no staleness markers in backfilled data, so a range still sees the last samples of a pod
 * up to R after it ended — which the definition above includes, as Prometheus does).
 */

import type { ContainerUsageSummary } from '../domain/usage.js';

/** The `rate()` range the truth uses for a given scrape step: 5 minutes, or two steps when longer. */
export function cpuRateWindowSeconds(stepSeconds: number): number {
  return Math.max(300, 2 * stepSeconds);
}

/**
 * Prometheus 2.x `rate()` (extrapolatedRate, counter) over the samples `values[first..last]`
 * taken every `stepSeconds`, for a range of `rangeSeconds` ending `toEndSeconds` after the last
 * sample and starting `toStartSeconds` before the first. Needs last > first.
 */
export function prometheusRate(values: Float64Array, first: number, last: number, stepSeconds: number, rangeSeconds: number, toStartSeconds: number, toEndSeconds: number): number {
  let result = values[last]! - values[first]!;
  let lastValue = 0;
  for (let i = first; i <= last; i++) {
    const v = values[i]!;
    if (v < lastValue) result += lastValue;
    lastValue = v;
  }
  const sampledInterval = (last - first) * stepSeconds;
  const averageBetween = sampledInterval / (last - first);
  let durationToStart = toStartSeconds;
  if (result > 0 && values[first]! >= 0) {
    const durationToZero = sampledInterval * (values[first]! / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageBetween * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
  extrapolateTo += toEndSeconds < threshold ? toEndSeconds : averageBetween / 2;
  return (result * (extrapolateTo / sampledInterval)) / rangeSeconds;
}

/**
 * The per-pod CPU rate series the truth rests on: `rate(counter[R])` at every step t of the window
 * grid where the range [t−R, t] holds at least two of the pod's samples. `counter[i]` is the
 * sample at grid step `startStep + i`; grid steps run 0 … `evalSteps` (inclusive: t = T is step
 * `evalSteps`). Returns the rates in time order.
 */
export function computePodCpuRates(counter: Float64Array, startStep: number, stepSeconds: number, evalSteps: number, rateWindowSeconds = cpuRateWindowSeconds(stepSeconds)): Float64Array {
  const n = counter.length;
  const windowSteps = Math.floor(rateWindowSeconds / stepSeconds);
  const firstEval = startStep + 1;
  const lastEval = Math.min(evalSteps, startStep + n - 1 + windowSteps - 1);
  const out = new Float64Array(Math.max(0, lastEval - firstEval + 1));
  let m = 0;
  for (let j = firstEval; j <= lastEval; j++) {
    const rangeStart = j * stepSeconds - rateWindowSeconds;
    const firstIdx = Math.max(0, Math.ceil(rangeStart / stepSeconds) - startStep);
    const lastIdx = Math.min(n - 1, j - startStep);
    if (lastIdx - firstIdx < 1) continue;
    const toStart = (startStep + firstIdx) * stepSeconds - rangeStart;
    const toEnd = (j - startStep - lastIdx) * stepSeconds;
    out[m++] = prometheusRate(counter, firstIdx, lastIdx, stepSeconds, rateWindowSeconds, toStart, toEnd);
  }
  return m === out.length ? out : out.subarray(0, m);
}

/** Prometheus `quantile_over_time` on values sorted ascending: rank q·(n−1), linear interpolation. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

/** Per-pod figures of one container, before the max over pods. */
export type PodContainerStats = Pick<ContainerUsageSummary,
  'cpuP50Cores' | 'cpuP90Cores' | 'cpuP95Cores' | 'cpuP99Cores' | 'cpuMaxCores' | 'memoryP95Bytes' | 'memoryPeakBytes'>;

/** Percentiles of one pod's CPU rates and working set (sorts both arrays in place). */
export function computePodContainerStats(cpuRates: Float64Array, memoryBytes: Float64Array): PodContainerStats | null {
  if (memoryBytes.length === 0) return null;
  memoryBytes.sort();
  const cpu = cpuRates.length > 0 ? cpuRates.sort() : null;
  return {
    cpuP50Cores: cpu ? quantileSorted(cpu, 0.5) : Number.NaN,
    cpuP90Cores: cpu ? quantileSorted(cpu, 0.9) : Number.NaN,
    cpuP95Cores: cpu ? quantileSorted(cpu, 0.95) : Number.NaN,
    cpuP99Cores: cpu ? quantileSorted(cpu, 0.99) : Number.NaN,
    cpuMaxCores: cpu ? cpu[cpu.length - 1]! : Number.NaN,
    memoryP95Bytes: quantileSorted(memoryBytes, 0.95),
    memoryPeakBytes: memoryBytes[memoryBytes.length - 1]!,
  };
}

/** Folds one pod's figures into the running max over pods (NaN-aware: a pod without rates adds nothing to CPU). */
export function foldMaxOverPods(acc: PodContainerStats | null, pod: PodContainerStats): PodContainerStats {
  if (!acc) return { ...pod };
  const m = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));
  return {
    cpuP50Cores: m(acc.cpuP50Cores, pod.cpuP50Cores),
    cpuP90Cores: m(acc.cpuP90Cores, pod.cpuP90Cores),
    cpuP95Cores: m(acc.cpuP95Cores, pod.cpuP95Cores),
    cpuP99Cores: m(acc.cpuP99Cores, pod.cpuP99Cores),
    cpuMaxCores: m(acc.cpuMaxCores, pod.cpuMaxCores),
    memoryP95Bytes: m(acc.memoryP95Bytes, pod.memoryP95Bytes),
    memoryPeakBytes: m(acc.memoryPeakBytes, pod.memoryPeakBytes),
  };
}
