import { describe, expect, it } from 'vitest';
import { nodeLabelNames, nodeQueries, pickNodeLabel } from '../../../src/collectors/prometheus/queries.js';

describe('reading node facts from kube_node_labels', () => {
  it('keeps every known label key in the query, so beta, Karpenter, GKE and AKS labels reach the collector', () => {
    const q = nodeQueries({ clusterLabel: 'cluster', cluster: null, namespace: null }, 86_400).labels;
    for (const name of ['label_beta_kubernetes_io_instance_type', 'label_karpenter_sh_nodepool', 'label_cloud_google_com_gke_nodepool', 'label_kubernetes_azure_com_agentpool', 'label_failure_domain_beta_kubernetes_io_zone']) {
      expect(nodeLabelNames).toContain(name);
      expect(q).toContain(name);
    }
  });

  it('takes the preferred key when a node has several, and falls back to older or other vendors\' keys', () => {
    const karpenterOnBeta = { node: 'n1', label_beta_kubernetes_io_instance_type: 'm5.large', label_karpenter_sh_nodepool: 'general', label_karpenter_sh_capacity_type: 'spot' };
    expect(pickNodeLabel(karpenterOnBeta, 'instanceType')).toBe('m5.large');
    expect(pickNodeLabel(karpenterOnBeta, 'nodePool')).toBe('general');
    expect(pickNodeLabel(karpenterOnBeta, 'capacityType')).toBe('spot');
    const both = { label_node_kubernetes_io_instance_type: 'c6i.xlarge', label_beta_kubernetes_io_instance_type: 'c5.xlarge', label_eks_amazonaws_com_nodegroup: 'ng-1', label_karpenter_sh_nodepool: 'np' };
    expect(pickNodeLabel(both, 'instanceType')).toBe('c6i.xlarge');
    expect(pickNodeLabel(both, 'nodePool')).toBe('ng-1');
    expect(pickNodeLabel({ node: 'n2' }, 'zone')).toBeUndefined();
  });
});
