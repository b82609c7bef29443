import { describe, expect, it } from 'vitest';
import { countNodesNeeded, sizeNodePool } from '../../../src/models/capacity/index.js';

const GIB = 1024 ** 3;

describe('node-pool sizing', () => {
  it('counts nodes by bin arithmetic on the binding resource', () => {
    // 4-core 16 GiB nodes at 75 %: 3 cores and 12 GiB usable each.
    // 10 cores → ceil(10/3) = 4; 50 GiB → ceil(50/12) = 5 → memory decides.
    expect(countNodesNeeded(10, 50 * GIB, 4, 16 * GIB, 0.75)).toEqual({ nodes: 5, binding: 'memory' });
    expect(countNodesNeeded(13, 20 * GIB, 4, 16 * GIB, 0.75)).toEqual({ nodes: 5, binding: 'cpu' });
  });

  it('does not add a node for float noise at an exact fit', () => {
    // 9 cores on 4-core nodes at 75 % is exactly 3 nodes.
    expect(countNodesNeeded(9, 0, 4, 16 * GIB, 0.75).nodes).toBe(3);
    expect(countNodesNeeded(0.1 + 0.2, 0, 0.4, GIB, 0.75).nodes).toBe(1);
  });

  it('sizes a pool now and at the horizon and says how many nodes to add', () => {
    const s = sizeNodePool({
      nodePool: 'm5.xlarge', instanceType: 'm5.xlarge', currentNodes: 3, nodeCpuCores: 3.92, nodeMemoryBytes: 14.5 * GIB,
      cpuRequestsCores: 8, memoryRequestsBytes: 30 * GIB,
      horizon: { cpuCores: 11, memoryBytes: 36 * GIB, cpuCoresHi80: 13, memoryBytesHi80: 44 * GIB },
    }, 0.75);
    // usable per node: 2.94 cores, 10.875 GiB. now: cpu ceil(2.72)=3, mem ceil(2.76)=3.
    expect(s.nodesNeededNow).toBe(3);
    // horizon mean: cpu ceil(3.74)=4, mem ceil(3.31)=4; hi80: cpu ceil(4.42)=5, mem ceil(4.05)=5.
    expect(s.nodesNeededAtHorizon).toBe(4);
    expect(s.nodesNeededAtHorizonHi80).toBe(5);
    expect(s.nodeDeltaNow).toBe(0);
  });
});
