/**
 * The capacity model's intervals on the sample cluster (what `headroom demo` shows): statements
 * that hold for any sane interval, not the current numbers.
 *
 * - A namespace's or the cluster's 95 % upper bound 13 weeks out stays within 3× the mean
 *   forecast: the sample's demand grows by a few per cent a month, and 30 days of history do not
 *   support a 3-fold rise (before effectiveSampleBounds, a namespace whose requests sat at 2.0
 *   with rollout surges to 2.6 got 3.6×, a spiky memory series 4.0×).
 * - A node pool far from exhaustion — daily peaks of requests and usage below 40 % of
 *   allocatable all month, no growth between the first and the last week — is reported as not
 *   running out within the horizon, never as "between <date> and beyond the horizon".
 */
import { describe, expect, it } from 'vitest';
import { generateSampleCluster } from '../../../src/sample/index.js';
import { aggregateDailyMax, assessCapacity, type CapacityInput } from '../../../src/models/capacity/index.js';
import { forecast } from '../../../src/models/forecast/index.js';

const DAY_MS = 86_400_000;
const sample = generateSampleCluster({ stepSeconds: 3600 });
const input: CapacityInput = {
  cluster: sample.cluster, nowMs: sample.endMs, clusterSeries: sample.usage.clusterSeries, nodes: sample.nodes, volumes: sample.usage.volumes,
  dailyCosts: sample.billing.costLineItems.map((c) => ({ dayStartMs: Math.floor(c.periodStartMs / DAY_MS) * DAY_MS, service: c.service, namespace: c.namespace, costUsd: c.effectiveCostUsd })),
};
const { report, forecasts } = assessCapacity(input, forecast, { runId: 'test', horizonWeeks: 13 });

function dailyPeaks(series: string): Float64Array {
  const s = sample.usage.clusterSeries.find((x) => x.series === series);
  if (!s) throw new Error(`the sample has no ${series}`);
  return aggregateDailyMax(s.points)!.values;
}

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0) / a.length;

describe('capacity intervals on the sample cluster', () => {
  it('keeps every cluster and namespace 95 % upper bound at 13 weeks within 3× the mean forecast', () => {
    const scoped = forecasts.filter((f) => /^(cluster|namespace)=.*:daily_max$/.test(f.series));
    expect(scoped.length).toBeGreaterThanOrEqual(20);
    for (const f of scoped) {
      const last = f.mean.length - 1;
      expect(f.mean[last], f.series).toBeGreaterThan(0);
      expect(f.hi95[last] / f.mean[last], f.series).toBeLessThanOrEqual(3);
    }
  });

  it('reports pools far from exhaustion as not running out, never "between … and beyond the horizon"', () => {
    const far: string[] = [];
    for (const scope of report.scopes.filter((s) => s.scope === 'node-pool')) {
      for (const resource of ['cpu', 'memory'] as const) {
        const r = scope[resource];
        if (r.allocatable === null) continue;
        const unit = resource === 'cpu' ? 'cores' : 'bytes';
        const peaks = [dailyPeaks(`node_pool=${scope.name}/${resource}_requests_${unit}`), dailyPeaks(`node_pool=${scope.name}/${resource}_usage_${unit}`)];
        const low = peaks.every((p) => Math.max(...p) < 0.4 * r.allocatable!);
        const flat = peaks.every((p) => mean(p.subarray(p.length - 7)) <= 1.1 * mean(p.subarray(0, 7)));
        if (!low || !flat) continue;
        far.push(`${scope.name} ${resource}`);
        for (const e of r.exhaustion) {
          expect(e.status, `${scope.name} ${resource} ${e.metric} ${e.thresholdKind}: ${e.sentence}`).toBe('not-within-horizon');
          expect(e.sentence).not.toMatch(/beyond the/);
        }
      }
    }
    // The sample has such pools (c5.2xlarge and r5.xlarge run well below their allocatable).
    expect(far.length).toBeGreaterThanOrEqual(2);
  });
});
