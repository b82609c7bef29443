import { describe, expect, it } from 'vitest';
import { hostOfInstance, mapTargetsToNodes, type NodeMappingTables } from '../../../src/collectors/prometheus/collect-node-usage.js';
import { nodeUsageQueries } from '../../../src/collectors/prometheus/node-exporter-queries.js';

const tables: NodeMappingTables = {
  knownNodes: new Set(['node-a', 'ip-10-0-0-1']),
  nodeByInternalIp: new Map([['10.0.0.1', 'ip-10-0-0-1']]),
  nodeByHostIp: new Map([['10.0.0.3', 'ip-10-0-0-3'], ['fd00::3', 'ip-v6']]),
};

describe('node-exporter instance → node mapping', () => {
  it('strips the port of IPv4, IPv6 and name instances', () => {
    expect(hostOfInstance('10.0.0.7:9100')).toBe('10.0.0.7');
    expect(hostOfInstance('[fd00::3]:9100')).toBe('fd00::3');
    expect(hostOfInstance('node-a:9100')).toBe('node-a');
    expect(hostOfInstance('node-a')).toBe('node-a');
  });

  it('prefers a node label, then a node name, then the internal IP, then a pod host IP', () => {
    const r = mapTargetsToNodes([
      { instance: '10.0.0.1:9100', nodeLabel: 'labelled' },
      { instance: 'node-a', nodeLabel: null },
      { instance: 'unknown-name:9100', nodeLabel: null },
      { instance: '10.0.0.1:9100', nodeLabel: null },
      { instance: '10.0.0.2:9100', nodeLabel: null },
      { instance: '[fd00::3]:9100', nodeLabel: null },
      { instance: '10.0.0.3:9100', nodeLabel: null },
    ], tables);
    expect([...r.mapped]).toEqual([
      ['10.0.0.1:9100', { node: 'labelled', mappedBy: 'node-label' }],
      ['node-a', { node: 'node-a', mappedBy: 'instance-name' }],
      ['unknown-name:9100', { node: 'unknown-name', mappedBy: 'instance-name' }],
      ['[fd00::3]:9100', { node: 'ip-v6', mappedBy: 'pod-host-ip' }],
      ['10.0.0.3:9100', { node: 'ip-10-0-0-3', mappedBy: 'pod-host-ip' }],
    ]);
    expect(r.unmapped).toEqual(['10.0.0.2:9100']);
  });

  it('leaves IP targets unmapped when the host-IP table was not loaded', () => {
    expect(mapTargetsToNodes([{ instance: '10.0.0.3:9100', nodeLabel: null }], { ...tables, nodeByHostIp: null }).unmapped).toEqual(['10.0.0.3:9100']);
  });
});

describe('node-exporter queries', () => {
  it('read only the idle CPU series, scoped to the cluster but never to a namespace', () => {
    const q = nodeUsageQueries({ clusterLabel: 'cluster', cluster: 'prod', namespace: 'shop' }, { windowSeconds: 7 * 86_400, stepSeconds: 30, rateWindowSeconds: 300, endSeconds: 1_700_000_000 });
    expect(q.cpuP95).toBe('quantile_over_time(0.95, (count by (instance, node) (node_cpu_seconds_total{cluster="prod",mode="idle"}) - sum by (instance, node) (rate(node_cpu_seconds_total{cluster="prod",mode="idle"}[5m])))[1w:30s])');
    expect(q.memoryPeak).toBe('max_over_time((max by (instance, node) (node_memory_MemTotal_bytes{cluster="prod"} - node_memory_MemAvailable_bytes{cluster="prod"}))[1w:30s])');
  });
});
