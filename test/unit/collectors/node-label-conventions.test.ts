import { describe, expect, it } from 'vitest';
import { kubeStateMetricsLabelName, nodeLabelKeys, sourceLabels } from '../../../src/domain/conventions.js';

describe('node label conventions shared by the Kubernetes and Prometheus collectors', () => {
  it('name Kubernetes label keys as kube-state-metrics v2 does on kube_node_labels (sanitised, snake-cased)', () => {
    expect(kubeStateMetricsLabelName('node.kubernetes.io/instance-type')).toBe('label_node_kubernetes_io_instance_type');
    expect(kubeStateMetricsLabelName('eks.amazonaws.com/capacityType')).toBe('label_eks_amazonaws_com_capacity_type');
    expect(kubeStateMetricsLabelName('karpenter.sh/capacity-type')).toBe('label_karpenter_sh_capacity_type');
    expect(kubeStateMetricsLabelName('kubernetes.azure.com/agentpool')).toBe('label_kubernetes_azure_com_agentpool');
  });

  it('give the Prometheus collector the kube_node_labels names of the keys the Kubernetes collector reads first', () => {
    expect([sourceLabels.instanceType, sourceLabels.zone, sourceLabels.region, sourceLabels.capacityType, sourceLabels.eksCapacityType, sourceLabels.nodePool]).toEqual([
      'label_node_kubernetes_io_instance_type', 'label_topology_kubernetes_io_zone', 'label_topology_kubernetes_io_region',
      'label_karpenter_sh_capacity_type', 'label_eks_amazonaws_com_capacity_type', 'label_eks_amazonaws_com_nodegroup',
    ]);
    expect(sourceLabels.instanceType).toBe(kubeStateMetricsLabelName(nodeLabelKeys.instanceType[0]));
    expect(sourceLabels.eksCapacityType).toBe(kubeStateMetricsLabelName(nodeLabelKeys.capacityType[1]));
  });
});
