/**
 * The embedded sample cluster: a seeded, deterministic cluster with usage, inventory, billing and
 * its own ground truth, so tests can assert real numbers against what collectors measure.
 */
import type { ContainerRef, NodeInfo, ResourceSettings, WorkloadInventoryItem, WorkloadKind } from '../domain/workload.js';
import type { ContainerUsageSummary, WorkloadUsageCollection } from '../domain/usage.js';
import type { CostLineItem, InstanceUsageHour } from '../domain/cost.js';

export interface SampleOptions {
  /** RNG seed. Default 42. Same seed and options → identical sample. */
  seed?: number;
  /** Days of history. Default 30 (range 1..90). */
  days?: number;
  /** End of the window, epoch ms, aligned to the step. Default 2026-11-16T00:00:00Z (a Monday). */
  endMs?: number;
  /** Usage resolution, seconds. Default 60. */
  stepSeconds?: number;
  /**
   * Scale for benchmarks: approximate number of workload containers. Default: the hand-written
   * catalogue (≥ 40 workloads); larger values add generated workloads of the same patterns.
   */
  containers?: number;
  /** Cluster name; default `sample`. */
  cluster?: string;
}

/** One pod's life, for owner chains and churn. */
export interface SamplePod {
  namespace: string;
  workloadKind: WorkloadKind;
  workload: string;
  pod: string;
  /** ReplicaSet (Deployment pods) or Job (CronJob pods) that owns the pod; null for direct owners. */
  intermediateOwner: string | null;
  node: string;
  /** Time of the pod's first sample. */
  startMs: number;
  /** One step after the pod's last sample (exclusive end). */
  endMs: number;
}

/**
 * Truth per workload container over the whole window: the figures a collector reports
 * (ContainerUsageSummary), measured on the generated data; see truth.ts for the exact definitions.
 */
export interface SampleContainerTruth extends Pick<ContainerUsageSummary,
  'historySeconds' | 'cpuP50Cores' | 'cpuP90Cores' | 'cpuP95Cores' | 'cpuP99Cores' | 'cpuMaxCores' | 'memoryP95Bytes' | 'memoryPeakBytes'
  | 'cpuThrottlingRatio' | 'oomKills' | 'oomKilledAtMemoryLimitBytes' | 'restarts'> {
  ref: ContainerRef;
  /** Behaviour class: 'web', 'batch', 'leak', 'idle', 'throttled', 'oom', 'hpa', 'new', … */
  pattern: string;
  /** True when usage has no trend, leak or bursts — rightsizing bounds apply strictly. */
  steady: boolean;
  /** Current requests/limits (as of the window's end). */
  current: ResourceSettings;
}

export interface SampleCluster {
  cluster: string;
  seed: number;
  startMs: number;
  endMs: number;
  stepSeconds: number;
  /** The `rate()` range the CPU truth uses (truth.ts): 300 s at the default step. */
  cpuRateWindowSeconds: number;
  /** The options that made this sample, defaults filled in (regenerates it exactly). */
  options: Required<Omit<SampleOptions, 'containers'>> & { containers: number | null };
  nodes: NodeInfo[];
  inventory: WorkloadInventoryItem[];
  pods: SamplePod[];
  truth: SampleContainerTruth[];
  /** What a collector would report for the whole window, computed in-process (no Prometheus needed). */
  usage: WorkloadUsageCollection;
  billing: {
    /** Daily cost by service, instance type, region and namespace; `source: 'sample'`. */
    costLineItems: CostLineItem[];
    /** Hourly running on-demand instances per region and instance type. */
    instanceUsageHours: InstanceUsageHour[];
  };
}
