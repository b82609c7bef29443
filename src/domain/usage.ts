/**
 * Usage of one workload container over a window, aggregated over all its pods and rollouts.
 * Collected from Prometheus with the aggregation pushed down into PromQL.
 */
import type { ContainerRef, HpaSpec, NodeInfo, ResourceSettings, WorkloadKind } from './workload.js';

export interface ContainerUsageSummary {
  ref: ContainerRef;
  windowStartMs: number;
  windowEndMs: number;
  /** Seconds between the first and last sample seen for this container in the window. */
  historySeconds: number;
  /** Number of usage samples the figures rest on (per-pod samples summed). */
  sampleCount: number;
  cpuP50Cores: number;
  cpuP90Cores: number;
  cpuP95Cores: number;
  cpuP99Cores: number;
  cpuMaxCores: number;
  memoryP95Bytes: number;
  memoryPeakBytes: number;
  /** Throttled periods / total CFS periods over the window, 0..1; null when no limit/no data. */
  cpuThrottlingRatio: number | null;
  oomKills: number;
  restarts: number;
  /** Limit the container had when it was last OOM-killed, if any. */
  oomKilledAtMemoryLimitBytes: number | null;
  current: ResourceSettings;
  replicasAvg: number;
  replicasMax: number;
}

/** A point of an hourly or daily series, as stored and forecast. */
export interface SeriesPoint {
  timestampMs: number;
  value: number;
}

/** A named time series (e.g. `prod/cpu_requests_cores`). */
export interface NamedSeries {
  series: string;
  points: SeriesPoint[];
}

/**
 * Hourly (or `stepSeconds`) usage history of one workload container, for strategies that weigh
 * recent behaviour (decaying histograms) and for capacity forecasts. NaN where no pod ran.
 */
export interface ContainerUsageHistory {
  ref: ContainerRef;
  startMs: number;
  stepSeconds: number;
  /** Per step: mean CPU cores per pod (averaged over pods alive in the step). */
  cpuMeanCores: Float64Array;
  /** Per step: highest 5-minute CPU rate of any pod in the step. */
  cpuMaxCores: Float64Array;
  /** Per step: highest working-set bytes of any pod in the step. */
  memoryPeakBytes: Float64Array;
  /** Per step: number of pods that reported usage. */
  pods: Float64Array;
}

/** PVC capacity and usage at the end of the window, with an hourly usage history for fill forecasts. */
export interface VolumeUsage {
  cluster: string;
  namespace: string;
  persistentVolumeClaim: string;
  capacityBytes: number;
  usedBytes: number;
  history: SeriesPoint[];
}

/**
 * A HorizontalPodAutoscaler and the workload it scales, as kube-state-metrics reports them at the
 * window end (`kube_horizontalpodautoscaler_info` names the target; spec series give min, max and
 * utilisation targets). Lets rightsizing honour HPAs from Prometheus alone, without a kubeconfig.
 */
export interface WorkloadHpa {
  cluster: string;
  namespace: string;
  workloadKind: WorkloadKind;
  workload: string;
  /** Name of the HorizontalPodAutoscaler object. */
  hpaName: string;
  hpa: HpaSpec;
}

/** What a usage collection returns, from Prometheus or from the embedded sample. */
export interface WorkloadUsageCollection {
  cluster: string;
  windowStartMs: number;
  windowEndMs: number;
  summaries: ContainerUsageSummary[];
  histories: ContainerUsageHistory[];
  nodes: NodeInfo[];
  volumes: VolumeUsage[];
  /**
   * Hourly series for capacity models, named `<scope>=<name>/<metric>` where scope is `cluster`,
   * `namespace` or `node_pool` and metric one of `cpu_usage_cores`, `cpu_requests_cores`,
   * `cpu_allocatable_cores`, `memory_usage_bytes`, `memory_requests_bytes`,
   * `memory_allocatable_bytes`, `nodes` (e.g. `cluster=sample/cpu_requests_cores`,
   * `namespace=shop/memory_usage_bytes`, `node_pool=m5.xlarge/nodes`). Allocatable and nodes only
   * for cluster and node_pool scopes.
   */
  clusterSeries: NamedSeries[];
  /** HPAs and the workloads they scale, when the source knows them (absent: not collected). */
  hpas?: WorkloadHpa[];
  /** Cost of the collection itself. */
  stats: { queries: number; bytesReceived: number; prometheusSeconds: number };
  /** Partial failures: reported, the rest proceeds. */
  warnings: string[];
}
