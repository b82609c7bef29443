import { describe, expect, it } from 'vitest';
import { nodeLabelNames, nodeQueries } from '../../../src/collectors/prometheus/queries.js';
import { kubeStateMetricsLabelName, nodeFactsFromLabels } from '../../../src/domain/conventions.js';

/** A node's facts as the Prometheus collector reads them from `kube_node_labels`. */
const fromKsm = (metric: Record<string, string>) => nodeFactsFromLabels((key) => metric[kubeStateMetricsLabelName(key)]);

describe('reading node facts from kube_node_labels', () => {
  it('keeps every known label key in the query, so beta, Karpenter, GKE and AKS labels reach the collector', () => {
    const q = nodeQueries({ clusterLabel: 'cluster', cluster: null, namespace: null }, 86_400).labels;
    for (const name of ['label_beta_kubernetes_io_instance_type', 'label_karpenter_sh_nodepool', 'label_cloud_google_com_gke_nodepool', 'label_kubernetes_azure_com_agentpool', 'label_failure_domain_beta_kubernetes_io_zone']) {
      expect(nodeLabelNames).toContain(name);
      expect(q).toContain(name);
    }
  });

  it('takes the preferred key when a node has several, and falls back to older or other vendors\' keys', () => {
    const karpenterOnBeta = fromKsm({ node: 'n1', label_beta_kubernetes_io_instance_type: 'm5.large', label_karpenter_sh_nodepool: 'general', label_karpenter_sh_capacity_type: 'spot' });
    expect(karpenterOnBeta.instanceType).toBe('m5.large');
    expect(karpenterOnBeta.nodePool).toBe('general');
    expect(karpenterOnBeta.capacityType).toBe('spot');
    const both = fromKsm({ label_node_kubernetes_io_instance_type: 'c6i.xlarge', label_beta_kubernetes_io_instance_type: 'c5.xlarge', label_eks_amazonaws_com_nodegroup: 'ng-1', label_karpenter_sh_nodepool: 'np' });
    expect(both.instanceType).toBe('c6i.xlarge');
    expect(both.nodePool).toBe('ng-1');
    expect(fromKsm({ node: 'n2' }).zone).toBe('');
  });

  it('reads the Kubernetes API\'s labels by the same rules (EKS capacity type, region from the zone, pool from the type)', () => {
    const facts = nodeFactsFromLabels((key) => ({ 'node.kubernetes.io/instance-type': 'm5.xlarge', 'topology.kubernetes.io/zone': 'us-east-1a', 'eks.amazonaws.com/capacityType': 'SPOT' } as Record<string, string>)[key]);
    expect(facts).toEqual({ instanceType: 'm5.xlarge', zone: 'us-east-1a', region: 'us-east-1', capacityType: 'spot', nodePool: 'm5.xlarge' });
  });
});
