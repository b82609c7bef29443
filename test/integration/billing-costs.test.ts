import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { replaceCostLineItems } from '../../src/store/cost-repo.js';
import { summarizeCosts } from '../../src/app/costs.js';
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

  it('reads another source when asked, and names the sources it has when asked for a missing one', async () => {
    expect((await summarizeCosts(store, { source: 'sample' })).totalEffectiveCostUsd).toBe(154);
    const err = await summarizeCosts(store, { source: 'focus' }).catch((e: unknown) => e);
    expect((err as HeadroomError).message).toBe('--source focus: the store has cur, sample');
  });

  it('limits the window to the last days asked for', async () => {
    const s = await summarizeCosts(store, { days: 7 });
    expect(s.byDay.map((d) => d.key)).toEqual(['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15']);
    expect(s.totalEffectiveCostUsd).toBe(84);
  });
});
