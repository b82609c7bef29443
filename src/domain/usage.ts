/**
 * Usage of one workload container over a window, aggregated over all its pods and rollouts.
 * Collected from Prometheus with the aggregation pushed down into PromQL.
 */
import type { ContainerRef, HpaSpec, NodeInfo, ResourceSettings, WorkloadKind } from './workload.js';
import type { AllocationInputs } from './allocation.js';

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

/** CPU percentiles a collection can compute per container (the maximum is always computed). */
export type CpuPercentile = 50 | 90 | 95 | 99;

/**
 * What a usage collection computes beyond every container's maximum, peak memory, counts and
 * settings. A snapshot (`headroom collect`) takes everything; rightsizing asks only for what its
 * strategy and safety rules read, which is most of the cost saved at scale. Figures not computed
 * are NaN in the summaries.
 */
export interface UsageParts {
  /** CPU percentiles per container. */
  cpuPercentiles: readonly CpuPercentile[];
  /** Hourly per-container histories (the decaying-histogram strategy). */
  histories: boolean;
  /** Peak pods alive at once and restart counts (reports, inventory); not read by rightsizing. */
  replicaPeaksAndRestarts: boolean;
  /** Hourly namespace and node-pool capacity series (capacity models). */
  capacitySeries: boolean;
  /** PVC capacity and usage. */
  volumes: boolean;
  /** node-exporter usage per node. */
  nodeUsage: boolean;
  /** Hourly requests and usage per container and node, node hours and labels (cost allocation). Default false. */
  allocation?: boolean;
}

/** Everything: what a stored snapshot holds. */
export const allUsageParts: UsageParts = {
  cpuPercentiles: [50, 90, 95, 99], histories: true, replicaPeaksAndRestarts: true, capacitySeries: true, volumes: true, nodeUsage: true, allocation: true,
};

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
  /** Per-node usage from node-exporter, when the source has it (absent: not collected). */
  nodeUsage?: NodeUsage[];
  /** Hourly requests and usage per container and node, node hours and labels, for cost allocation (absent: not collected). */
  allocation?: AllocationInputs;
  /** Cost of the collection itself. */
  stats: { queries: number; bytesReceived: number; prometheusSeconds: number; prometheusSecondsByQuery?: Record<string, number>; prometheusBusySeconds?: number };
  /** Partial failures: reported, the rest proceeds. */
  warnings: string[];
}

/** How a node-exporter `instance` was matched to a Kubernetes node name. */
export type NodeInstanceMapping =
  /** The series carry a `node` label (kube-prometheus-stack relabelling). */
  | 'node-label'
  /** `instance` (without its port) is the node name (kube-prometheus relabels instance to the node name). */
  | 'instance-name'
  /** `instance` is the node's IP: matched to `kube_node_info{internal_ip}`. */
  | 'internal-ip'
  /** `instance` is a host-network pod's IP: matched to `kube_pod_info{host_ip}` (the node-exporter pod's node). */
  | 'pod-host-ip';

/** One filesystem of a node as node-exporter reports it at the end of the window. */
export interface NodeFilesystemUsage {
  mountpoint: string;
  device: string;
  fstype: string;
  sizeBytes: number;
  usedBytes: number;
}

/**
 * Hourly (`stepSeconds`) history of a node: the value at index i covers the step ending at
 * `startMs + i·stepSeconds` (as ContainerUsageHistory). NaN where node-exporter had no data.
 */
export interface NodeUsageHistory {
  startMs: number;
  stepSeconds: number;
  /** Per step: mean non-idle CPU cores. */
  cpuMeanCores: Float64Array;
  /** Per step: highest used memory (MemTotal − MemAvailable). */
  memoryPeakBytes: Float64Array;
}

/**
 * What a node really used over the window, from node-exporter: CPU as non-idle cores (CPUs −
 * the idle rate of `node_cpu_seconds_total`), memory as MemTotal − MemAvailable (what the
 * kernel could not hand out without reclaim), filesystems at the end. Includes everything on the
 * node — pods, kubelet, runtime, kernel — which per-container figures miss.
 */
export interface NodeUsage {
  cluster: string;
  /** Kubernetes node name. */
  node: string;
  /** node-exporter's `instance` label the figures came from. */
  instance: string;
  mappedBy: NodeInstanceMapping;
  /** CPUs node-exporter reported (count of `cpu` labels). */
  cpuCount: number;
  /** Non-idle CPU cores over the window, at the rate window's resolution. */
  cpuP95Cores: number;
  cpuMaxCores: number;
  cpuMeanCores: number;
  memoryTotalBytes: number;
  /** Used memory (MemTotal − MemAvailable) p95 and peak over the window's samples. */
  memoryP95Bytes: number;
  memoryPeakBytes: number;
  filesystems: NodeFilesystemUsage[];
  history: NodeUsageHistory | null;
}
