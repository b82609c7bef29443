// The Kubernetes collector: current inventory (workloads, HPAs, VPAs, nodes, namespaces,
// quotas, PVCs) through @kubernetes/client-node 1.x, every list paged.
export { collectKubernetesInventory, type CollectInventoryOptions } from './collect-inventory.js';
export { loadKubeConfig } from './kubeconfig.js';
export { parseQuantity, parseOptionalQuantity } from './quantity.js';
export { kubernetesMessages } from './messages.js';
export type { KubernetesInventory, ResourceQuotaInfo, PersistentVolumeClaimInfo } from './types.js';
