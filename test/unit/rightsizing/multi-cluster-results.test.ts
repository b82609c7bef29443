import { describe, expect, it } from 'vitest';
import { formatRightsizeJson, formatRightsizeTable } from '../../../src/reports/rightsize/index.js';
import { combineClusterResults } from '../../../src/app/rightsize.js';
import type { RightsizeResult } from '../../../src/domain/recommendation.js';
import { GIB_BYTES } from '../../../src/domain/units.js';
import { endMs, makeRecommendation, makeRef } from './fixtures.js';

/** The same workload in one cluster: its own current settings, recommendation and saving. */
function clusterResult(cluster: string, savingsUsd: number): RightsizeResult {
  const rec = makeRecommendation({ ...makeRef('checkout'), cluster }, { cpuRequestCores: 2, cpuLimitCores: null, memoryRequestBytes: 4 * GIB_BYTES, memoryLimitBytes: 4 * GIB_BYTES },
    { cpuRequestCores: 0.5, cpuLimitCores: null, memoryRequestBytes: GIB_BYTES, memoryLimitBytes: GIB_BYTES }, savingsUsd);
  return {
    cluster, windowStartMs: endMs - 14 * 86_400_000, windowEndMs: endMs, strategy: 'percentile@1', recommendations: [rec], repacking: null,
    totals: { containers: 1, recommended: 1, noRecommendation: 0, monthlySavingsUsd: savingsUsd }, warnings: [`${cluster} warning`],
  };
}

describe('rightsizing results of several clusters behind one backend', () => {
  const combined = combineClusterResults([clusterResult('prod-eu', 10), clusterResult('prod-us', 30)]);

  it('keeps same-named workloads apart, sums the totals and says which cluster each warning is about', () => {
    expect(combined.clusters).toEqual(['prod-eu', 'prod-us']);
    expect(combined.recommendations.map((r) => `${r.ref.cluster}/${r.ref.workload}`)).toEqual(['prod-eu/checkout', 'prod-us/checkout']);
    expect(combined.totals).toEqual({ containers: 2, recommended: 2, noRecommendation: 0, monthlySavingsUsd: 40 });
    expect(combined.warnings).toEqual(['cluster prod-eu: prod-eu warning', 'cluster prod-us: prod-us warning']);
    expect(combined.repacking).toBeNull();
  });

  it('starts each JSON object with its cluster, and leaves the single-cluster contract as it was', () => {
    const json = JSON.parse(formatRightsizeJson(combined)) as Record<string, unknown>[];
    expect(json.map((r) => [r.cluster, r.monthlySavingsUsd])).toEqual([['prod-us', 30], ['prod-eu', 10]]);
    expect(Object.keys(json[0]!)).toEqual(['cluster', 'namespace', 'workloadKind', 'workload', 'container', 'current', 'recommended', 'confidence', 'reasons', 'monthlySavingsUsd', 'status', 'severity', 'replicas', 'strategy', 'price']);
    const single = JSON.parse(formatRightsizeJson(clusterResult('prod-eu', 10))) as Record<string, unknown>[];
    expect(Object.keys(single[0]!)[0]).toBe('namespace');
    // One cluster picked with --cluster on a labelled backend still names it.
    expect(Object.keys((JSON.parse(formatRightsizeJson(combineClusterResults([clusterResult('prod-eu', 10)]))) as Record<string, unknown>[])[0]!)[0]).toBe('cluster');
  });

  it('names the cluster in each table row', () => {
    const table = formatRightsizeTable(combined);
    expect(table).toMatch(/^\S+\s+prod-us: shop\/checkout/m);
    expect(table).toMatch(/^\S+\s+prod-eu: shop\/checkout/m);
  });
});
