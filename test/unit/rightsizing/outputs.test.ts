import { describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { packFirstFitDecreasing, repackNodes, type InstanceTypePrice } from '../../../src/models/rightsizing/index.js';
import { formatRightsizeCsv, formatRightsizeJson, formatRightsizeMarkdown, formatRightsizeTable, rightsizeCsvColumns } from '../../../src/reports/rightsize/index.js';
import { buildStrategicMergePatches, formatCpuQuantity, formatMemoryQuantity, parseQuantity } from '../../../src/generators/gitops/index.js';
import type { ContainerRecommendation, RightsizeResult } from '../../../src/domain/recommendation.js';
import { GIB_BYTES, HOURS_PER_MONTH, MIB_BYTES } from '../../../src/domain/units.js';
import type { NodeInfo } from '../../../src/domain/workload.js';
import { endMs, makeRecommendation, makeRef } from './fixtures.js';

const big = makeRecommendation(makeRef('big'), { cpuRequestCores: 2, cpuLimitCores: 4, memoryRequestBytes: 4 * GIB_BYTES, memoryLimitBytes: 4 * GIB_BYTES },
  { cpuRequestCores: 0.5, cpuLimitCores: null, memoryRequestBytes: GIB_BYTES, memoryLimitBytes: GIB_BYTES }, 120.5);
const small = makeRecommendation(makeRef('small', 'app', 'auth'), { cpuRequestCores: 0.1, cpuLimitCores: null, memoryRequestBytes: null, memoryLimitBytes: null },
  { cpuRequestCores: 0.2, cpuLimitCores: null, memoryRequestBytes: 64 * MIB_BYTES, memoryLimitBytes: 64 * MIB_BYTES }, -3.25);
const none: ContainerRecommendation = { ...makeRecommendation(makeRef('job', 'job', 'auth', 'Job'), { cpuRequestCores: 0.2, cpuLimitCores: null, memoryRequestBytes: null, memoryLimitBytes: null },
  { cpuRequestCores: null, cpuLimitCores: null, memoryRequestBytes: null, memoryLimitBytes: null }, 0), status: 'no-recommendation', monthlySavingsUsd: null, confidence: 'low', severity: 'unknown', reasons: ['no recommendation: insufficient data'] };

const result: RightsizeResult = {
  cluster: 'test', windowStartMs: endMs - 14 * 86_400_000, windowEndMs: endMs, strategy: 'percentile@1',
  recommendations: [small, none, big], repacking: null,
  totals: { containers: 3, recommended: 2, noRecommendation: 1, monthlySavingsUsd: 117.25 }, warnings: [],
};

describe('rightsizing formatters', () => {
  it('JSON is exactly the DESIGN.md contract, biggest saving first, null where unset', () => {
    const json = JSON.parse(formatRightsizeJson(result)) as Record<string, unknown>[];
    expect(json.map((r) => r.workload)).toEqual(['big', 'small', 'job']);
    expect(Object.keys(json[0]!)).toEqual(['namespace', 'workloadKind', 'workload', 'container', 'current', 'recommended', 'confidence', 'reasons', 'monthlySavingsUsd', 'cluster', 'status', 'severity', 'replicas', 'strategy', 'price']);
    expect(json[0]!.recommended).toEqual({ cpuRequestCores: 0.5, cpuLimitCores: null, memoryRequestBytes: GIB_BYTES, memoryLimitBytes: GIB_BYTES });
    expect(json[2]!.monthlySavingsUsd).toBeNull();
  });

  it('CSV has one row per container with units in the headers and reasons quoted', () => {
    const rows = parseCsv(formatRightsizeCsv(result), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...rightsizeCsvColumns]);
    expect(rows.map((r) => r.workload)).toEqual(['big', 'small', 'job']);
    expect(rows[1]!.current_memory_request_bytes).toBe('');
    expect(rows[1]!.monthly_savings_usd).toBe('-3.25');
  });

  it('the table shows severity, before → after and dollars, sorted by saving', () => {
    const table = formatRightsizeTable(result);
    const lines = table.split('\n');
    expect(lines[1]).toMatch(/^OK\s+shop\/big \(Deployment\) big\s+2 cores → 500m\s+4 cores → unset\s+4 GiB → 1 GiB/);
    expect(lines[1]).toMatch(/\$120\.50$/);
    expect(lines[2]).toMatch(/-\$3\.25$/);
    expect(table).toMatch(/3 containers, 2 recommended, 1 without recommendation; estimated savings \$117\.25\/month/);
  });

  it('Markdown has a savings chart by namespace and every reason', () => {
    const md = formatRightsizeMarkdown(result);
    expect(md).toMatch(/## Monthly savings by namespace/);
    expect(md).toMatch(/shop\s+█+ \$120\.50/);
    expect(md).toMatch(/auth\s+░+ -\$3\.25/);
    expect(md).toMatch(/\*\*auth\/job\/job\*\*: no recommendation: insufficient data/);
  });
});

describe('strategic-merge patches', () => {
  it('writes one patch per workload that merges containers by name and deletes a removed CPU limit with null', () => {
    const files = buildStrategicMergePatches(result.recommendations);
    expect(files.map((f) => f.path)).toEqual(['auth--deployment--small.yaml', 'shop--deployment--big.yaml', 'kustomization.yaml']);
    const patch = parseYaml(files[1]!.text);
    expect(patch).toEqual({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'big', namespace: 'shop' },
      spec: { template: { spec: { containers: [{ name: 'big', resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: null, memory: '1Gi' } } }] } } },
    });
    expect(files[1]!.text.startsWith('# Generated by `headroom rightsize --patches`')).toBe(true);
    const k = parseYaml(files[2]!.text);
    expect(k.patches[1]).toEqual({ path: 'shop--deployment--big.yaml', target: { kind: 'Deployment', name: 'big', namespace: 'shop' } });
  });

  it('formats and parses Kubernetes quantities', () => {
    expect(formatCpuQuantity(0.25)).toBe('250m');
    expect(formatCpuQuantity(2)).toBe('2');
    expect(formatMemoryQuantity(1536 * MIB_BYTES)).toBe('1536Mi');
    expect(formatMemoryQuantity(2 * GIB_BYTES)).toBe('2Gi');
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('1Gi')).toBe(GIB_BYTES);
    expect(parseQuantity('128M')).toBe(128e6);
    expect(parseQuantity('lots')).toBeNull();
  });
});

describe('node repacking', () => {
  const shape = { instanceType: 'm5.xlarge', allocatableCpuCores: 4, allocatableMemoryBytes: 16 * GIB_BYTES };

  it('packs first-fit decreasing on two dimensions after taking DaemonSet requests off every node', () => {
    // 1 core per node goes to DaemonSets, leaving 3: six 1.5-core pods need 3 nodes, not 2.25.
    const pods = Array.from({ length: 6 }, (_, i) => ({ name: `p${i}`, cpuCores: 1.5, memoryBytes: GIB_BYTES }));
    const packed = packFirstFitDecreasing(pods, [shape], shape, { cpuCores: 1, memoryBytes: 0 });
    expect(packed.nodesByType.get('m5.xlarge')).toBe(3);
    // Memory can be the binding dimension too.
    const memPods = Array.from({ length: 4 }, (_, i) => ({ name: `m${i}`, cpuCores: 0.1, memoryBytes: 9 * GIB_BYTES }));
    expect(packFirstFitDecreasing(memPods, [shape], shape, { cpuCores: 0, memoryBytes: 0 }).nodesByType.get('m5.xlarge')).toBe(4);
  });

  it('reports nodes now vs after and the monthly saving at the node price', () => {
    const nodes: NodeInfo[] = Array.from({ length: 5 }, (_, i) => ({ cluster: 'test', node: `n${i}`, instanceType: 'm5.xlarge', region: 'us-east-1', zone: 'a', capacityType: 'on-demand', allocatableCpuCores: 4, allocatableMemoryBytes: 16 * GIB_BYTES, nodePool: 'm5.xlarge' }));
    const rec = { ...big, replicas: 6 };
    const prices = new Map<string, InstanceTypePrice>([['m5.xlarge', { instanceType: 'm5.xlarge', hourlyUsd: 0.192, source: 'price-list', vcpu: 4, memoryGiB: 16 }]]);
    const r = repackNodes({ nodes, recommendations: [rec], prices });
    // Now: six 2-core pods, two per node → 3 nodes. After: six 0.5-core/1 GiB pods → 1 node.
    expect(r.nodesNow).toBe(5);
    expect(r.nodesNeededCurrent).toBe(3);
    expect(r.nodesAfter).toBe(1);
    expect(r.monthlySavingsUsd).toBeCloseTo(2 * 0.192 * HOURS_PER_MONTH, 2);
  });
});
