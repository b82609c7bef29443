import { describe, expect, it } from 'vitest';
import { forecastCosts, planMonths, type DailyCost } from '../../../src/models/capacity/index.js';
import { forecast } from '../../../src/models/forecast/index.js';

const DAY_MS = 86_400_000;
const startMs = Date.UTC(2026, 9, 17); // 30 days: 2026-10-17 … 2026-11-15

function costs(): DailyCost[] {
  const out: DailyCost[] = [];
  for (let d = 0; d < 30; d++) {
    const day = startMs + d * DAY_MS;
    const weekday = new Date(day).getUTCDay();
    out.push({ dayStartMs: day, service: 'AmazonEC2', namespace: 'shop', costUsd: 100 + d + (weekday === 0 || weekday === 6 ? -10 : 0) });
    out.push({ dayStartMs: day, service: 'AmazonEC2', namespace: '', costUsd: 20 });
    out.push({ dayStartMs: day, service: 'AmazonS3', namespace: '', costUsd: 5 });
  }
  out.push({ dayStartMs: startMs + 29 * DAY_MS, service: 'AWSSupport', namespace: '', costUsd: 3 });
  return out;
}

describe('monthly cost forecasts', () => {
  const { report, forecasts } = forecastCosts(costs(), forecast);

  it('plans the partial current month and 12 full calendar months after it', () => {
    const plan = planMonths(Date.UTC(2026, 10, 16));
    expect(new Date(plan.partialMonthStartMs!).toISOString().slice(0, 10)).toBe('2026-11-01');
    expect(new Date(plan.fullMonthStartsMs[0]).toISOString().slice(0, 7)).toBe('2026-12');
    expect(new Date(plan.fullMonthStartsMs[11]).toISOString().slice(0, 7)).toBe('2027-11');
    expect(new Date(plan.endMs).toISOString().slice(0, 10)).toBe('2027-12-01');
    expect(planMonths(Date.UTC(2026, 11, 1)).partialMonthStartMs).toBeNull();
  });

  it('makes each month the sum of its daily forecasts plus the actuals to date', () => {
    const ec2 = report!.series.find((s) => s.breakdown === 'service' && s.key === 'AmazonEC2')!;
    const f = forecasts.find((x) => x.series === 'cost/service=AmazonEC2:daily_usd')!;
    const sumDays = (from: number, to: number, a: Float64Array) => {
      let s = 0;
      for (let i = 0; i < a.length; i++) { const t = f.startMs + i * DAY_MS; if (t >= from && t < to) s += a[i]; }
      return s;
    };
    const dec = ec2.months.find((m) => m.month === '2026-12')!;
    expect(dec.forecastDays).toBe(31);
    expect(dec.actualToDateUsd).toBe(0);
    expect(dec.meanUsd).toBeCloseTo(sumDays(Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1), f.mean), 6);
    expect(dec.hi95Usd).toBeCloseTo(sumDays(Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1), f.hi95), 6);
    const nov = ec2.months[0];
    expect(nov.month).toBe('2026-11');
    expect(nov.forecastDays).toBe(15);
    // Nov 1–15 actuals: shop 100+d (d = 15..29) less weekend discounts, plus 20/day unallocated.
    let actual = 0;
    for (let d = 15; d < 30; d++) { const wd = new Date(startMs + d * DAY_MS).getUTCDay(); actual += 100 + d + (wd === 0 || wd === 6 ? -10 : 0) + 20; }
    expect(nov.actualToDateUsd).toBeCloseTo(actual, 9);
    expect(nov.meanUsd).toBeCloseTo(actual + sumDays(Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1), f.mean), 6);
    expect(ec2.months).toHaveLength(13);
    expect(ec2.next3Months.meanUsd).toBeCloseTo(ec2.months[1].meanUsd + ec2.months[2].meanUsd + ec2.months[3].meanUsd, 6);
  });

  it('orders the intervals around the mean in every month', () => {
    for (const s of report!.series) for (const m of s.months) {
      expect(m.lo95Usd).toBeLessThanOrEqual(m.lo80Usd + 1e-9);
      expect(m.lo80Usd).toBeLessThanOrEqual(m.meanUsd + 1e-9);
      expect(m.meanUsd).toBeLessThanOrEqual(m.hi80Usd + 1e-9);
      expect(m.hi80Usd).toBeLessThanOrEqual(m.hi95Usd + 1e-9);
    }
  });

  it('forecasts a steady service near its run rate', () => {
    const s3 = report!.series.find((s) => s.key === 'AmazonS3')!;
    expect(s3.next12Months.meanUsd).toBeGreaterThan(5 * 365 * 0.95);
    expect(s3.next12Months.meanUsd).toBeLessThan(5 * 365 * 1.05);
    expect(s3.months.find((m) => m.month === '2027-01')!.meanUsd).toBeCloseTo(5 * 31, 0);
  });

  it('breaks down by namespace with unallocated lines as their own key and the total forecast directly', () => {
    const keys = report!.series.filter((s) => s.breakdown === 'namespace').map((s) => s.key);
    expect(keys).toEqual(['(total)', '(unallocated)', 'shop']);
    expect(report!.skipped).toEqual([{ breakdown: 'service', key: 'AWSSupport', reason: 'only 1 days of cost history; need at least 14' }]);
    expect(report!.intervalMethod).toBe('comonotonic-sum');
  });

  it('forecasts per team when namespaces map to teams, with namespaces of no team together', () => {
    const teamOf = (namespace: string) => (namespace === 'shop' ? 'storefront' : null);
    const byTeam = forecastCosts(costs(), forecast, { teamOf }).report!.series.filter((x) => x.breakdown === 'team');
    expect(byTeam.map((x) => x.key)).toEqual(['(total)', '(no team)', 'storefront']);
    const shop = report!.series.find((x) => x.breakdown === 'namespace' && x.key === 'shop')!;
    const storefront = byTeam.find((x) => x.key === 'storefront')!;
    expect(storefront.months[1]!.meanUsd).toBeCloseTo(shop.months[1]!.meanUsd, 6);
    expect(report!.series.some((x) => x.breakdown === 'team')).toBe(false);
  });

  it('scores the forecast on the history\'s last month beside each series', () => {
    const ec2 = report!.series.find((x) => x.breakdown === 'service' && x.key === 'AmazonEC2')!;
    // 30 days of history: one origin would keep 0 days (< 14), so no score yet.
    expect(ec2.recentAccuracy).toBeNull();
    const longer: DailyCost[] = [];
    for (let d = 0; d < 75; d++) longer.push({ dayStartMs: startMs + d * DAY_MS, service: 'svc', namespace: '', costUsd: 100 + d });
    const svc = forecastCosts(longer, forecast).report!.series.find((x) => x.key === 'svc')!;
    expect(svc.recentAccuracy!.months).toBe(2);
    expect(svc.recentAccuracy!.meanAbsoluteErrorRatio).toBeLessThan(0.05);
    expect(svc.historyDays).toBe(75);
  });
});
