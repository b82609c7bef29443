import { describe, expect, it } from 'vitest';
import { generateSampleCluster } from '../../../src/sample/index.js';
import { instancePrices } from '../../../src/sample/catalogue.js';
import { forecastCosts, type DailyCost } from '../../../src/models/capacity/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import { describeForecastSteps } from '../../../src/reports/messages.js';

const DAY_MS = 86_400_000;
const days = 90;
const poolDay = 45;
const poolNodes = 6;
// A node pool of six m5.2xlarge joins on day 45 of the sample's 90 days of bill: a step in the
// spend, on top of the sample's own linear growth (its fleet, S3 and traffic grow linearly).
const poolUsdPerDay = poolNodes * instancePrices['m5.2xlarge']!.onDemandHourlyUsd * 24;
// The sample's own m5.2xlarge node that joins 9 days before the end (catalogue.ts).
const sampleNodeUsdPerDay = instancePrices['m5.2xlarge']!.onDemandHourlyUsd * 24;

function sampleBill(): { daily: DailyCost[]; startMs: number; totals: number[] } {
  const sample = generateSampleCluster({ days, stepSeconds: 3600 });
  const daily: DailyCost[] = sample.billing.costLineItems.map((l) => ({ dayStartMs: l.periodStartMs, service: l.service, namespace: l.namespace, costUsd: l.billedCostUsd }));
  const startMs = Math.min(...daily.map((d) => d.dayStartMs));
  for (let d = poolDay; d < days; d++) daily.push({ dayStartMs: startMs + d * DAY_MS, service: 'AmazonEC2', namespace: 'batch', costUsd: poolUsdPerDay });
  const totals = new Array<number>(days).fill(0);
  for (const c of daily) totals[Math.round((c.dayStartMs - startMs) / DAY_MS)] += c.costUsd;
  return { daily, startMs, totals };
}

/**
 * The sample's true spend in a future month: the least-squares line through its daily spend with
 * both steps taken out (the sample's growth laws are linear), plus both steps, summed over the
 * month's days.
 */
function trueMonthUsd(totals: number[], startMs: number, month: string): number {
  const underlying = totals.map((v, d) => v - (d >= poolDay ? poolUsdPerDay : 0) - (d >= days - 9 ? sampleNodeUsdPerDay : 0));
  const n = underlying.length;
  const meanX = (n - 1) / 2;
  const meanY = underlying.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  underlying.forEach((v, i) => { sxy += (i - meanX) * (v - meanY); sxx += (i - meanX) ** 2; });
  const slope = sxy / sxx;
  const [y, m] = month.split('-').map(Number) as [number, number];
  let usd = 0;
  for (let t = Date.UTC(y, m - 1, 1); t < Date.UTC(y, m, 1); t += DAY_MS) {
    const d = (t - startMs) / DAY_MS;
    usd += meanY + slope * (d - meanX) + poolUsdPerDay + sampleNodeUsdPerDay;
  }
  return usd;
}

describe('spend forecast with a node pool added mid-history', () => {
  const { daily, startMs, totals } = sampleBill();
  const { report } = forecastCosts(daily, forecast);
  const total = report!.series.find((s) => s.key === '(total)' && s.breakdown === 'service')!;
  const poolDate = new Date(startMs + poolDay * DAY_MS).toISOString().slice(0, 10);

  it('finds the pool as a step on the day it joined, of about its daily cost', () => {
    const step = total.levelShifts.find((s) => s.date === poolDate);
    expect(step).toBeDefined();
    expect(step!.sizeUsdPerDay).toBeGreaterThan(0.9 * poolUsdPerDay);
    expect(step!.sizeUsdPerDay).toBeLessThan(1.1 * poolUsdPerDay);
  });

  it('keeps the 12th month within the true growth ± its own 80 % interval', () => {
    const last = total.months[total.months.length - 1]!;
    const truth = trueMonthUsd(totals, startMs, last.month);
    expect(last.forecastDays).toBeGreaterThan(27);
    expect(truth).toBeGreaterThanOrEqual(last.lo80Usd);
    expect(truth).toBeLessThanOrEqual(last.hi80Usd);
    // …and not the runaway of a step read as trend: the pool alone, read as growth over 45 days,
    // would add about 1.3 pools a month and end the year above 3× today's spend.
    const lastMonthUsd = totals.slice(-30).reduce((a, b) => a + b, 0);
    expect(last.meanUsd / lastMonthUsd).toBeLessThan(2.5);
  });

  it('names the step in the report sentence and labels 90 days for 12 months as indicative', () => {
    const sentence = describeForecastSteps(total);
    expect(sentence).toContain(`a day from ${poolDate}`);
    expect(sentence).toContain('indicative: 90 days of history for a 12-month forecast');
    const planned = forecastCosts(daily, forecast, { historyDaysPerYear: 60 }).report!.series.find((s) => s.key === '(total)')!;
    expect(planned.indicative).toBeNull();
  });
});
