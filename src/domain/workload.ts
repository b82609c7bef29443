/** Workloads, containers and their resource settings: the nouns every stage shares. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'Pod';

/** Identifies one container of one workload, aggregated over all its pods and rollouts. */
export interface ContainerRef {
  cluster: string;
  namespace: string;
  workloadKind: WorkloadKind;
  workload: string;
  container: string;
}

/** Requests and limits as Kubernetes has them; `null` where unset. */
export interface ResourceSettings {
  cpuRequestCores: number | null;
  cpuLimitCores: number | null;
  memoryRequestBytes: number | null;
  memoryLimitBytes: number | null;
}

/** A stable key for maps and store rows: `cluster/namespace/Kind/workload/container`. */
export function containerKey(ref: ContainerRef): string {
  return `${ref.cluster}/${ref.namespace}/${ref.workloadKind}/${ref.workload}/${ref.container}`;
}

export interface HpaSpec {
  minReplicas: number;
  maxReplicas: number;
  /** Target average CPU utilisation of requests, in percent, when the HPA scales on CPU. */
  cpuTargetUtilizationPercent: number | null;
  /** Target average memory utilisation of requests, in percent, when the HPA scales on memory. */
  memoryTargetUtilizationPercent: number | null;
}

/** A workload as the inventory knows it: spec, replicas, autoscaling. */
export interface WorkloadInventoryItem {
  cluster: string;
  namespace: string;
  workloadKind: WorkloadKind;
  workload: string;
  replicas: number;
  containers: { name: string; resources: ResourceSettings }[];
  hpa: HpaSpec | null;
  hasVpa: boolean;
  labels: Record<string, string>;
}

export interface NodeInfo {
  cluster: string;
  node: string;
  instanceType: string;
  region: string;
  zone: string;
  capacityType: 'on-demand' | 'spot';
  allocatableCpuCores: number;
  allocatableMemoryBytes: number;
  /** Node pool name (e.g. the instance type or a nodegroup label). */
  nodePool: string;
}
