import { describe, expect, it } from 'vitest';
import { planCommitments } from '../../../src/models/commitments/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import { loadPriceList, findInstancePrice } from '../../../src/pricing/index.js';
import { commitmentPayments, type CommitmentPayment, type CommitmentTerm, type InstanceUsageHour } from '../../../src/domain/index.js';
import { RandomStream } from '../../../src/sample/prng.js';

const startMs = Date.UTC(2026, 9, 17);
const hourMs = 3_600_000;
const prices = await loadPriceList();

/** A seeded mulberry32 stream (the sample's), so every run sees the same numbers. */
function mulberry32(seed: number): () => number {
  const stream = new RandomStream(seed);
  return () => stream.next();
}

/** Hourly instances: base + diurnal swing + weekday bump + noise (+ growth per day), whole instances ≥ 0. */
function syntheticUsage(opts: { days: number; base: number; swing: number; noise: number; growthPerDay?: number; seed: number; instanceType?: string; region?: string }): InstanceUsageHour[] {
  const rand = mulberry32(opts.seed);
  const out: InstanceUsageHour[] = [];
  for (let h = 0; h < opts.days * 24; h++) {
    const hourOfDay = h % 24;
    const weekday = Math.floor(h / 24) % 7 < 5 ? 1 : 0.8;
    const level = (opts.base + (opts.growthPerDay ?? 0) * (h / 24)) * weekday + opts.swing * Math.sin(((hourOfDay - 8) / 24) * 2 * Math.PI) + opts.noise * (rand() - 0.5) * 2;
    out.push({ timestampMs: startMs + h * hourMs, region: opts.region ?? 'us-east-1', instanceType: opts.instanceType ?? 'm5.large', instances: Math.max(0, Math.round(level)) });
  }
  return out;
}

/** Savings of `count` RIs over the lookback, computed directly from the hours. */
function lookbackSavingsUsd(usage: InstanceUsageHour[], count: number, term: CommitmentTerm, payment: CommitmentPayment): number {
  const price = findInstancePrice(prices, 'us-east-1', 'm5.large')!;
  const rate = price.reserved.find((r) => r.term === term && r.payment === payment)!;
  const effectiveHourlyUsd = rate.upfrontUsd / (term === '1y' ? 8760 : 26280) + rate.hourlyUsd;
  let saving = 0;
  for (const u of usage) saving += price.onDemandHourlyUsd * Math.min(u.instances, count) - effectiveHourlyUsd * count;
  return saving;
}

function exhaustiveBestCount(usage: InstanceUsageHour[], term: CommitmentTerm, payment: CommitmentPayment): { count: number; savingsUsd: number } {
  const max = Math.max(...usage.map((u) => u.instances));
  let best = { count: 0, savingsUsd: 0 };
  for (let c = 0; c <= max; c++) {
    const s = lookbackSavingsUsd(usage, c, term, payment);
    if (s > best.savingsUsd) best = { count: c, savingsUsd: s };
  }
  return best;
}

describe('the commitment planner', () => {
  const steady = syntheticUsage({ days: 35, base: 40, swing: 12, noise: 6, seed: 7 });

  for (const term of ['1y', '3y'] as const) {
    for (const payment of commitmentPayments) {
      it(`earns at least 99.5 % of the exhaustive-search savings on steady usage for ${term} ${payment}`, () => {
        const plan = planCommitments({ usage: steady, prices, term, payment, kinds: 'reserved-instance', forecast });
        const rec = plan.recommendations.find((r) => r.kind === 'reserved-instance')!;
        expect(rec).toBeDefined();
        const best = exhaustiveBestCount(steady, term, payment);
        expect(best.savingsUsd).toBeGreaterThan(0);
        const ours = lookbackSavingsUsd(steady, rec.count, term, payment);
        expect(ours / best.savingsUsd).toBeGreaterThanOrEqual(0.995);
        expect(rec.pessimisticMonthlySavingsUsd).toBeGreaterThanOrEqual(0);
      });
    }
  }

  it('recommends nothing for a workload that only bursts, and says why', () => {
    const bursts: InstanceUsageHour[] = [];
    for (let h = 0; h < 30 * 24; h++) bursts.push({ timestampMs: startMs + h * hourMs, region: 'us-east-1', instanceType: 'c5.xlarge', instances: h % 24 < 2 ? 30 : 0 });
    for (const payment of commitmentPayments) {
      const plan = planCommitments({ usage: bursts, prices, term: '1y', payment, forecast });
      expect(plan.recommendations).toEqual([]);
      const skip = plan.notRecommended.find((s) => s.kind === 'reserved-instance')!;
      expect(skip.instanceFamily).toBe('c5');
      expect(skip.reason).toMatch(/too bursty/);
    }
  });

  it('sizes a growing workload on the forecast, above the lookback optimum', () => {
    const growing = syntheticUsage({ days: 42, base: 20, swing: 4, noise: 2, growthPerDay: 0.5, seed: 11 });
    const plan = planCommitments({ usage: growing, prices, term: '1y', payment: 'no-upfront', kinds: 'reserved-instance', forecast });
    const rec = plan.recommendations[0]!;
    const lookbackBest = exhaustiveBestCount(growing, '1y', 'no-upfront').count;
    expect(rec.count).toBeGreaterThan(lookbackBest);
    expect(rec.pessimisticMonthlySavingsUsd).toBeGreaterThanOrEqual(0);
    expect(rec.estimatedMonthlySavingsUsd).toBeGreaterThan(rec.lookbackMonthlySavingsUsd);
  });

  it('counts existing Reserved Instances until they expire', () => {
    const asOfMs = startMs + 35 * 24 * hourMs;
    // Usage is on-demand only: 5 RIs covered part of the demand during the lookback.
    const onDemand = steady.map((u) => ({ ...u, instances: Math.max(0, u.instances - 5) }));
    const lastingRIs = [{ kind: 'reserved-instance' as const, region: 'us-east-1', instanceType: 'm5.large', count: 5, hourlyCommitmentUsd: 0, expiresMs: asOfMs + 5 * 365 * 24 * hourMs }];
    const withoutExisting = planCommitments({ usage: steady, prices, term: '1y', payment: 'no-upfront', kinds: 'reserved-instance', forecast }).recommendations[0]!;
    const lasting = planCommitments({ usage: onDemand, prices, term: '1y', payment: 'no-upfront', kinds: 'reserved-instance', existing: lastingRIs, forecast }).recommendations[0]!;
    // Where demand never fell below 5, owning 5 for the whole term means buying 5 fewer.
    expect(lasting.count).toBe(withoutExisting.count - 5);
    expect(lasting.reasons.join(' ')).toMatch(/existing Reserved Instances/);
    const expiringNow = planCommitments({ usage: onDemand, prices, term: '1y', payment: 'no-upfront', kinds: 'reserved-instance', existing: lastingRIs.map((e) => ({ ...e, expiresMs: asOfMs })), forecast }).recommendations[0]!;
    expect(expiringNow.count).toBe(withoutExisting.count);
  });

  it('stages purchases in a schedule that sums to the total', () => {
    const plan = planCommitments({ usage: steady, prices, term: '1y', payment: 'partial-upfront', forecast });
    expect(plan.recommendations.length).toBeGreaterThan(0);
    for (const rec of plan.recommendations) {
      const schedule = rec.schedule!;
      expect(schedule.length).toBeGreaterThanOrEqual(1);
      if (rec.kind === 'reserved-instance') expect(schedule.reduce((a, s) => a + s.count!, 0)).toBe(rec.count);
      else expect(schedule.reduce((a, s) => a + s.hourlyCommitmentUsd!, 0)).toBeCloseTo(rec.hourlyCommitmentUsd, 6);
      expect(schedule[0]!.date).toBe('2026-11-21');
    }
  });

  it('reports break-even within the term, utilisation and coverage between 0 and 1', () => {
    const rec = planCommitments({ usage: steady, prices, term: '3y', payment: 'all-upfront', kinds: 'reserved-instance', forecast }).recommendations[0]!;
    expect(rec.upfrontUsd).toBeGreaterThan(0);
    expect(rec.hourlyCommitmentUsd).toBe(0);
    expect(rec.breakEvenMonths).not.toBeNull();
    expect(rec.breakEvenMonths!).toBeGreaterThan(0);
    expect(rec.breakEvenMonths!).toBeLessThan(36);
    expect(rec.expectedUtilization).toBeGreaterThan(0.8);
    expect(rec.expectedUtilization).toBeLessThanOrEqual(1);
    expect(rec.expectedCoverage).toBeGreaterThan(0.5);
    expect(rec.expectedCoverage).toBeLessThanOrEqual(1);
  });

  it('sizes a Savings Plan at the quantile of hourly spend when asked for Savings Plans only', () => {
    const plan = planCommitments({ usage: steady, prices, term: '1y', payment: 'no-upfront', kinds: 'savings-plan', forecast });
    const sp = plan.recommendations.find((r) => r.kind === 'savings-plan')!;
    expect(sp.region).toBe('all');
    expect(sp.instanceFamily).toBe('m5');
    const spRate = findInstancePrice(prices, 'us-east-1', 'm5.large')!.savingsPlans.find((s) => s.term === '1y' && s.payment === 'no-upfront')!.hourlyRateUsd;
    // Exhaustive search over whole instances' worth of commitment, on the lookback.
    const od = findInstancePrice(prices, 'us-east-1', 'm5.large')!.onDemandHourlyUsd;
    let best = 0;
    let bestSavings = 0;
    for (let c = 0; c <= 80; c++) {
      let s = 0;
      for (const u of steady) s += (od / spRate) * Math.min(u.instances * spRate, c * spRate) - c * spRate;
      if (s > bestSavings) { bestSavings = s; best = c; }
    }
    expect(sp.hourlyCommitmentUsd / spRate).toBeGreaterThan(best - 2);
    expect(sp.hourlyCommitmentUsd / spRate).toBeLessThan(best + 2);
  });

  it('lists instance types the price list does not know and ignores their usage', () => {
    const usage = [...steady, ...steady.map((u) => ({ ...u, instanceType: 'x9z.huge' }))];
    const plan = planCommitments({ usage, prices, term: '1y', payment: 'no-upfront', forecast });
    expect(plan.unpricedInstanceTypes).toEqual(['us-east-1/x9z.huge']);
    expect(plan.lookbackHours).toBe(35 * 24);
  });
});
