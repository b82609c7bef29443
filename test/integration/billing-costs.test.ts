import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { replaceCostLineItems } from '../../src/store/cost-repo.js';
import { summarizeCosts } from '../../src/app/costs.js';
import { costFormatters } from '../../src/app/cost-formats.js';
import type { HeadroomError, CostLineItem } from '../../src/domain/index.js';

const dayMs = 86_400_000;
const startMs = Date.UTC(2026, 10, 2);
let store: Store;

function line(day: number, service: string, namespace: string, costUsd: number, source: CostLineItem['source']): CostLineItem {
  return {
    periodStartMs: startMs + day * dayMs, periodEndMs: startMs + (day + 1) * dayMs, provider: 'AWS', service, region: 'us-east-1', instanceType: '', namespace, resourceId: '',
    billedCostUsd: costUsd, effectiveCostUsd: costUsd, listCostUsd: costUsd, usageQuantity: 1, usageUnit: 'Hrs', pricingCategory: 'Standard', commitmentDiscountId: '', source,
  };
}

beforeAll(async () => {
  store = await Store.open(':memory:');
  const cur: CostLineItem[] = [];
  for (let d = 0; d < 14; d++) {
    // Week 1: shop 7 + data 3 = 10 a day; week 2: shop 9 + data 3 = 12 a day. 0.1 ten times a day, to catch float drift.
    cur.push(line(d, 'AmazonEC2', 'shop', d < 7 ? 6 : 8, 'cur'));
    for (let i = 0; i < 10; i++) cur.push(line(d, 'AmazonS3', 'shop', 0.1, 'cur'));
    cur.push(line(d, 'AmazonEC2', 'data', 3, 'cur'));
  }
  await store.transaction((tx) => replaceCostLineItems(tx, 'cur:test', cur));
  // The same bill from the sample must not be added on top.
  await store.transaction((tx) => replaceCostLineItems(tx, 'sample:test', cur.map((c) => ({ ...c, source: 'sample' as const }))));
});

afterAll(async () => {
  await store?.close();
});

describe('headroom costs', () => {
  it('sums one source, by service, namespace and day, with week-over-week change', async () => {
    const s = await summarizeCosts(store, { days: 28 });
    expect(s.sources).toEqual(['cur']);
    expect(s.totalEffectiveCostUsd).toBe(154);
    expect(s.lastWeekCostUsd).toBe(84);
    expect(s.previousWeekCostUsd).toBe(70);
    expect(s.weekOverWeekChange).toBe(0.2);
    expect(s.byNamespace.map((r) => [r.key, r.costUsd, r.lastWeekCostUsd, r.previousWeekCostUsd, r.weekOverWeekChange])).toEqual([
      ['shop', 112, 63, 49, 0.2857],
      ['data', 42, 21, 21, 0],
    ]);
    expect(s.byService.map((r) => [r.key, r.costUsd])).toEqual([['AmazonEC2', 140], ['AmazonS3', 14]]);
    expect(s.byDay).toHaveLength(14);
    expect(s.byDay[0]).toEqual({ key: '2026-11-02', costUsd: 10, lastWeekCostUsd: 10, previousWeekCostUsd: 0, weekOverWeekChange: null });
    expect(s.byDay[7]).toEqual({ key: '2026-11-09', costUsd: 12, lastWeekCostUsd: 12, previousWeekCostUsd: 10, weekOverWeekChange: 0.2 });
  });

  it('groups by billing period and provider for sources that name no billing period (the calendar month)', async () => {
    const s = await summarizeCosts(store, { days: 28, by: 'billing-period' });
    expect(s.groupBy!.rows.map((r) => [r.key, r.costUsd])).toEqual([['2026-11', 154]]);
    expect((await summarizeCosts(store, { days: 28, by: 'provider' })).groupBy!.rows.map((r) => [r.key, r.costUsd])).toEqual([['AWS', 154]]);
  });

  it('reads another source when asked, and names the sources it has when asked for a missing one', async () => {
    expect((await summarizeCosts(store, { source: 'sample' })).totalEffectiveCostUsd).toBe(154);
    const err = await summarizeCosts(store, { source: 'focus' }).catch((e: unknown) => e);
    expect((err as HeadroomError).message).toBe('--source focus: the store has cur, sample');
  });

  it('shows no percent against a tiny baseline: "new" or "—", never +27397260174.0% or -0.00', async () => {
    const tiny = await Store.open(':memory:');
    try {
      const rows: CostLineItem[] = [];
      for (let d = 0; d < 14; d++) {
        // A service that cost a fraction of a cent a day last-but-one week and dollars a day last week.
        rows.push(line(d, 'AmazonSNS', 'ops', d < 7 ? 0.000000001 : 2, 'cur'));
        rows.push(line(d, 'AmazonSQS', 'ops', d < 7 ? 0.0000001 : -0.0000001, 'cur'));
        rows.push(line(d, 'AmazonEC2', 'shop', 10, 'cur'));
      }
      await tiny.transaction((tx) => replaceCostLineItems(tx, 'cur:tiny', rows));
      const s = await summarizeCosts(tiny, { days: 14 });
      const sns = s.byService.find((r) => r.key === 'AmazonSNS')!;
      const sqs = s.byService.find((r) => r.key === 'AmazonSQS')!;
      expect(sns.weekOverWeekChange).toBeNull();
      expect(sqs.weekOverWeekChange).toBeNull();
      expect(s.byService.find((r) => r.key === 'AmazonEC2')!.weekOverWeekChange).toBe(0);
      const table = costFormatters.table(s);
      expect(table).toMatch(/^AmazonSNS\s+\$14\.00\s+\$14\.00\s+\$0\.00\s+new$/m);
      expect(table).toMatch(/^AmazonSQS\s+\$0\.00\s+\$0\.00\s+\$0\.00\s+—$/m);
      expect(table).not.toContain('-0.00');
      expect(table).not.toMatch(/\d{5,}\.\d%/);
      // A lower baseline, when asked for, lets the change through.
      const low = await summarizeCosts(tiny, { days: 14, minChangeBaseline: 0 });
      expect(low.byService.find((r) => r.key === 'AmazonSNS')!.weekOverWeekChange).toBeGreaterThan(1e6);
    } finally {
      await tiny.close();
    }
  });

  it('limits the window to the last days asked for', async () => {
    const s = await summarizeCosts(store, { days: 7 });
    expect(s.byDay.map((d) => d.key)).toEqual(['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15']);
    expect(s.totalEffectiveCostUsd).toBe(84);
  });
});
