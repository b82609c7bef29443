import { describe, expect, it } from 'vitest';
import { forecastCosts, idleAndUnallocatedKey, type AllocatedCosts, type AllocatedDay, type DailyCost } from '../../../src/models/capacity/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import type { CostForecastSeries } from '../../../src/domain/capacity.js';

const DAY_MS = 86_400_000;
const startMs = Date.UTC(2026, 8, 1); // 75 days of bill: 2026-09-01 … 2026-11-14
const days = 75;
// The allocation covers the last 28 days of the bill but one (its window ends a day early).
const windowStartMs = startMs + 46 * DAY_MS;
const windowEndMs = startMs + 74 * DAY_MS;

/** Node cost 300/day growing 1/day, split shop 50 %, db 30 %, idle 20 %; plus S3 at 10/day (storage of team data). */
function bill(): DailyCost[] {
  const out: DailyCost[] = [];
  for (let d = 0; d < days; d++) {
    const day = startMs + d * DAY_MS;
    out.push({ dayStartMs: day, service: 'AmazonEC2', namespace: '', costUsd: 300 + d + (d % 7 === 5 ? -15 : 0) });
    out.push({ dayStartMs: day, service: 'AmazonS3', namespace: '', costUsd: 10 });
  }
  return out;
}

function allocation(): AllocatedCosts {
  const ns = new Map<string, AllocatedDay[]>([['shop', []], ['db', []]]);
  for (let day = windowStartMs; day < windowEndMs; day += DAY_MS) {
    const d = Math.round((day - startMs) / DAY_MS);
    const node = 300 + d + (d % 7 === 5 ? -15 : 0);
    ns.get('shop')!.push({ dayStartMs: day, costUsd: 0.5 * node + 10 }); // S3 is shop's
    ns.get('db')!.push({ dayStartMs: day, costUsd: 0.3 * node });
  }
  return { runId: 'alloc-1', windowStartMs, windowEndMs, namespace: ns, team: new Map([['storefront', ns.get('shop')!], ['data', ns.get('db')!]]) };
}

const sumRows = (rows: CostForecastSeries[], j: number) => rows.reduce((s, r) => s + r.months[j]!.meanUsd, 0);

describe("finance's cost forecast from the allocation", () => {
  const { report } = forecastCosts(bill(), forecast, { allocated: allocation(), reconcile: true });
  const rowsOf = (breakdown: string) => report!.series.filter((s) => s.breakdown === breakdown && s.key !== '(total)');
  const total = report!.series.find((s) => s.breakdown === 'service' && s.key === '(total)')!;

  it('forecasts namespaces and teams from allocated cost, with idle as its own row', () => {
    expect(rowsOf('namespace').map((s) => s.key)).toEqual(['db', 'shop', idleAndUnallocatedKey]);
    expect(rowsOf('team').map((s) => s.key)).toEqual(['data', 'storefront', idleAndUnallocatedKey]);
    // Allocated history: the allocation's 28 days, not the bill's 75.
    expect(rowsOf('team').map((s) => s.historyDays)).toEqual([28, 28, 28]);
    expect(rowsOf('service').map((s) => s.historyDays)).toEqual([75, 75]);
    // Idle: 20 % of the node cost, ≈ 0.2 · (300 + 73) on the allocation's last days.
    const idle = rowsOf('namespace')[2]!;
    expect(idle.recentDailyUsd).toBeGreaterThan(0.2 * 360);
    expect(idle.recentDailyUsd).toBeLessThan(0.2 * 380);
    expect(report!.allocationWindow).toEqual({ startMs: windowStartMs, endMs: windowEndMs, runId: 'alloc-1' });
  });

  it('makes services, namespaces and teams each add up to the same total, month by month', () => {
    for (const breakdown of ['service', 'namespace', 'team']) {
      const rows = rowsOf(breakdown);
      total.months.forEach((m, j) => expect(Math.abs(sumRows(rows, j) - m.meanUsd)).toBeLessThan(1e-6 * m.meanUsd));
      expect(Math.abs(rows.reduce((s, r) => s + r.next12Months.meanUsd, 0) - total.next12Months.meanUsd)).toBeLessThan(1e-6 * total.next12Months.meanUsd);
    }
    // Consistent inputs need little scaling in the first months; later, the allocated keys' 28 days
    // of history damp their trend sooner than the bill's 75 days do (conformal.ts boundedTrendSteps),
    // so they are scaled up, by less than 20 %.
    for (const r of report!.reconciliation!) {
      expect(r.method).toBe('forecast-proportions');
      expect(r.minFactor).toBeGreaterThan(0.9);
      expect(r.maxFactor).toBeLessThan(1.2);
    }
    for (const s of rowsOf('team')) expect(Math.abs(s.months[1]!.reconciliationFactor! - 1)).toBeLessThan(0.03);
    for (const s of rowsOf('service')) expect(Math.abs(s.months[1]!.reconciliationFactor! - 1)).toBeLessThan(0.03);
    expect(report!.reconciliation!.map((r) => r.breakdown)).toEqual(['service', 'namespace', 'team']);
  });

  it('keeps shares: shop stays ≈ 5/3 of db and the bounds around the mean', () => {
    const [db, shop] = rowsOf('namespace');
    const j = 6;
    expect(shop!.months[j]!.meanUsd / db!.months[j]!.meanUsd).toBeGreaterThan(1.6);
    expect(shop!.months[j]!.meanUsd / db!.months[j]!.meanUsd).toBeLessThan(1.85);
    for (const s of report!.series) for (const m of s.months) {
      expect(m.lo95Usd).toBeLessThanOrEqual(m.lo80Usd + 1e-9);
      expect(m.lo80Usd).toBeLessThanOrEqual(m.meanUsd + 1e-9);
      expect(m.meanUsd).toBeLessThanOrEqual(m.hi80Usd + 1e-9);
      expect(m.hi80Usd).toBeLessThanOrEqual(m.hi95Usd + 1e-9);
    }
  });

  it('leaves rows unscaled without reconcile (the capacity run)', () => {
    const own = forecastCosts(bill(), forecast, { allocated: allocation() }).report!;
    expect(own.reconciliation).toBeUndefined();
    expect(own.series.every((s) => s.months.every((m) => m.reconciliationFactor === undefined))).toBe(true);
  });
});
