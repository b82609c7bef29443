/** What the Kubernetes collector returns: the cluster's current inventory. */
import type { NodeInfo, WorkloadInventoryItem } from '../../domain/workload.js';

export interface ResourceQuotaInfo {
  cluster: string;
  namespace: string;
  name: string;
  /** Per resource (`requests.cpu`, `limits.memory`, `pods`, …): hard limit and current use, as numbers (cores, bytes, counts). */
  resources: { resource: string; hard: number; used: number }[];
}

export interface PersistentVolumeClaimInfo {
  cluster: string;
  namespace: string;
  name: string;
  storageClass: string | null;
  /** Requested size, bytes. */
  requestBytes: number | null;
  /** Provisioned size (status.capacity), bytes. */
  capacityBytes: number | null;
  phase: string;
}

export interface KubernetesInventory {
  cluster: string;
  workloads: WorkloadInventoryItem[];
  nodes: NodeInfo[];
  namespaces: string[];
  resourceQuotas: ResourceQuotaInfo[];
  persistentVolumeClaims: PersistentVolumeClaimInfo[];
  /** Partial failures (an optional API missing, an unparsable quantity): reported, the rest proceeds. */
  warnings: string[];
}
