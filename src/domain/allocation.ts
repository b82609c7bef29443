/**
 * Cost allocation (OpenCost's method): the inputs `collect` stores — hourly requests and usage of
 * every workload container on every node, the hours each node ran, pod and namespace labels — and
 * the allocation a run produces, keyed by namespace, workload, container, node, node pool,
 * cluster or a label. Hourly series: the value at index i covers [startMs + i·step, startMs + (i+1)·step).
 */
import type { ContainerRef, WorkloadKind } from './workload.js';

/**
 * Requests and usage of one workload container on one node, per step (hourly): each figure is the
 * step's mean of the sum over the container's pods on that node (0 where no pod ran), so
 * `value × stepHours` is core-hours or byte-hours.
 */
export interface ContainerNodeHours {
  ref: ContainerRef;
  node: string;
  startMs: number;
  stepSeconds: number;
  cpuRequestCores: Float64Array;
  memoryRequestBytes: Float64Array;
  cpuUsageCores: Float64Array;
  memoryUsageBytes: Float64Array;
  /** GPUs requested (step mean), when any pod asked for one; null otherwise. */
  gpuRequest: Float64Array | null;
}

/** A node, the hours it ran and what its price is spread over. */
export interface NodeHours {
  cluster: string;
  node: string;
  /** `kube_node_info{provider_id}`, e.g. `aws:///us-east-1a/i-0abc…`; '' when unknown. */
  providerId: string;
  instanceType: string;
  region: string;
  capacityType: 'on-demand' | 'spot';
  nodePool: string;
  /** Capacity (`kube_node_status_capacity`), or allocatable when capacity was not scraped. */
  cpuCores: number;
  memoryBytes: number;
  gpus: number;
  capacityFrom: 'capacity' | 'allocatable';
  startMs: number;
  stepSeconds: number;
  /** Per step: the fraction of the step the node existed (0..1). */
  up: Float64Array;
}

/** Labels of a namespace (`kube_namespace_labels`) or of a workload's pods (`kube_pod_labels`). */
export interface AllocationLabels {
  cluster: string;
  namespace: string;
  /** null: the namespace's own labels. */
  workloadKind: WorkloadKind | null;
  workload: string | null;
  labels: Record<string, string>;
}

/** What an allocation can be grouped by: a fixed key or `label:KEY` (pod label, else namespace label). */
export type AllocationKeyKind = 'namespace' | 'workload' | 'container' | 'node' | 'node-pool' | 'cluster';
export const allocationKeyKinds: readonly AllocationKeyKind[] = ['namespace', 'workload', 'container', 'node', 'node-pool', 'cluster'];
export type AllocationBy = AllocationKeyKind | `label:${string}`;

/** One row of the DESIGN.md "Allocation" contract. Money in the report's currency, rounded to cents. */
export interface AllocationEntry {
  key: string;
  cpuUsd: number;
  memoryUsd: number;
  storageUsd: number;
  gpuUsd: number;
  /** Cost of shared namespaces spread onto this key in proportion to its own cost. */
  sharedUsd: number;
  totalUsd: number;
  /** Used ÷ paid for CPU, memory and GPU (usage priced as requests are); null when nothing was paid. */
  efficiency: number | null;
}

/** `headroom costs --by …` JSON: the DESIGN.md "Allocation" contract, exactly. */
export interface AllocationReport {
  currency: string;
  windowStart: string;
  windowEnd: string;
  /** The bill's total effective cost for the window (allocations + idle + unallocated). */
  totalUsd: number;
  idleUsd: number;
  unallocatedUsd: number;
  allocations: AllocationEntry[];
}

/** What a usage collection gathers for allocation (stored with its snapshot). */
export interface AllocationInputs {
  containerNodeHours: ContainerNodeHours[];
  nodeHours: NodeHours[];
  labels: AllocationLabels[];
}
