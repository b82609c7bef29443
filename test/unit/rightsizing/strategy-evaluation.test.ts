/**
 * Chooses the default strategy: both strategies run on the sample cluster and are scored against
 * its ground truth. Safety first (memory below the true peak, OOM-killed containers not raised,
 * steady CPU outside [0.9 × p90, 1.6 × p99]), then the monthly cost of what they request.
 * The figures are printed so the choice can be audited (and quoted in the README).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSampleCluster, type SampleCluster } from '../../../src/sample/index.js';
import { validateConfig } from '../../../src/config/index.js';
import { loadPriceList } from '../../../src/pricing/index.js';
import { loadInstancePrices, resolveRightsizeSettings, runRightsizeModel } from '../../../src/app/rightsize.js';
import { containerKey } from '../../../src/domain/workload.js';
import { GIB_BYTES, HOURS_PER_MONTH } from '../../../src/domain/units.js';
import { defaultResourcePolicy, defaultStrategyName, rightsizingStrategies } from '../../../src/models/rightsizing/index.js';
import type { RightsizeResult } from '../../../src/domain/recommendation.js';

interface Score {
  strategy: string;
  memoryBelowTruePeak: number;
  oomNotRaised: number;
  steadyCpuOutOfBounds: number;
  cpuBelowTrueP90: number;
  requestedMonthlyUsd: number;
}

function scoreAgainstTruth(sample: SampleCluster, result: RightsizeResult): Omit<Score, 'strategy'> {
  const truth = new Map(sample.truth.map((t) => [containerKey(t.ref), t]));
  const s = { memoryBelowTruePeak: 0, oomNotRaised: 0, steadyCpuOutOfBounds: 0, cpuBelowTrueP90: 0, requestedMonthlyUsd: 0 };
  for (const r of result.recommendations) {
    if (r.status !== 'recommended') continue;
    const t = truth.get(containerKey(r.ref))!;
    const cpu = r.recommended.cpuRequestCores!;
    const memory = r.recommended.memoryRequestBytes!;
    if (memory < t.memoryPeakBytes) s.memoryBelowTruePeak++;
    if (t.oomKills > 0 && memory <= (t.oomKilledAtMemoryLimitBytes ?? 0)) s.oomNotRaised++;
    const upper = Math.max(1.6 * t.cpuP99Cores, defaultResourcePolicy.cpuFloorCores);
    if (t.steady && (cpu < 0.9 * t.cpuP90Cores || cpu > upper)) s.steadyCpuOutOfBounds++;
    if (cpu < t.cpuP90Cores) s.cpuBelowTrueP90++;
    const price = r.price!;
    s.requestedMonthlyUsd += (cpu * price.cpuCoreHourUsd + (memory / GIB_BYTES) * price.memoryGibHourUsd) * HOURS_PER_MONTH * r.replicas;
  }
  s.requestedMonthlyUsd = Math.round(s.requestedMonthlyUsd * 100) / 100;
  return s;
}

describe('choosing the default rightsizing strategy on the sample ground truth', () => {
  const scores: Score[] = [];
  let sample: SampleCluster;

  beforeAll(async () => {
    sample = generateSampleCluster({ days: 14 });
    const config = validateConfig({});
    const { prices } = await loadInstancePrices({ nodes: sample.usage.nodes, priceList: await loadPriceList(), windowEndMs: sample.endMs });
    for (const strategy of rightsizingStrategies) {
      const result = runRightsizeModel({ usage: sample.usage, inventory: sample.inventory, prices, resolved: resolveRightsizeSettings(config.rightsizing, { strategy: strategy.name }) });
      scores.push({ strategy: strategy.name, ...scoreAgainstTruth(sample, result) });
    }
    console.table(scores);
  });

  it('neither strategy recommends memory below the true peak or leaves an OOM-killed container at its limit', () => {
    for (const s of scores) {
      expect(s.memoryBelowTruePeak, s.strategy).toBe(0);
      expect(s.oomNotRaised, s.strategy).toBe(0);
    }
  });

  it('the default is the safest strategy and, among equally safe ones, the cheapest', () => {
    const rank = [...scores].sort((a, b) =>
      a.memoryBelowTruePeak + a.oomNotRaised - (b.memoryBelowTruePeak + b.oomNotRaised)
      || a.steadyCpuOutOfBounds - b.steadyCpuOutOfBounds
      || a.requestedMonthlyUsd - b.requestedMonthlyUsd);
    expect(rank[0]!.strategy).toBe(defaultStrategyName);
  });
});
