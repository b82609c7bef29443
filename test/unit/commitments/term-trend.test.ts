import { describe, expect, it } from 'vitest';
import { planForecastRequest, type ForecastRequest, type InstanceUsageHour, type RegularSeries } from '../../../src/domain/index.js';
import { commitmentTermTrend, planCommitments } from '../../../src/models/commitments/index.js';
import { forecastCosts } from '../../../src/models/capacity/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import { loadPriceList } from '../../../src/pricing/index.js';
import { createGaussian, createRandom } from '../forecast/synthetic.js';

const dayMs = 86_400_000;
const hourMs = 3_600_000;

/**
 * 60 seeded month-long daily series growing 1 % of their level a day, forecast a year ahead: per
 * series, the ratio of the 80 % lower bound (P10) at day 365 to the level where the history ends,
 * i.e. where it would stay if growth stopped, and whether the backtest corrected a drift (the
 * series whose trend the bounded request damps: its mean differs from the undamped one's).
 * Backs the comment on commitmentTermTrend.
 */
function p10RatiosAtYear(): { bounded: number[]; undamped: number[]; corrected: boolean[] } {
  const gaussian = createGaussian(createRandom(1717));
  const n = 30;
  const out = { bounded: [] as number[], undamped: [] as number[], corrected: [] as boolean[] };
  for (let k = 0; k < 60; k++) {
    const values = new Float64Array(n);
    for (let t = 0; t < n; t++) values[t] = 100 + t + 3 * Math.sin((2 * Math.PI * t) / 7) + 2 * gaussian();
    const series = { startMs: Date.UTC(2026, 0, 5), stepSeconds: dayMs / 1000, values };
    const b = forecast(series, planForecastRequest(365, [80]));
    const u = forecast(series, planForecastRequest(365, [80], { trend: 'undamped' }));
    out.bounded.push(b.intervals[0].lower[364] / (100 + n - 1));
    out.undamped.push(u.intervals[0].lower[364] / (100 + n - 1));
    out.corrected.push(Math.abs(b.mean[364] - u.mean[364]) > 1e-9);
  }
  return out;
}

const meanOf = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe("the commitment term's forecast against finance's spend forecast", () => {
  it('uses the same request as the spend forecast, bounded trend included, and says so in the plan', async () => {
    const seen: { planner?: ForecastRequest; spend?: ForecastRequest } = {};
    const spy = (key: 'planner' | 'spend') => (s: RegularSeries, r: ForecastRequest) => { seen[key] ??= r; return forecast(s, r); };
    const startMs = Date.UTC(2026, 9, 5);
    const usage: InstanceUsageHour[] = Array.from({ length: 35 * 24 }, (_, h) => ({ timestampMs: startMs + h * hourMs, region: 'us-east-1', instanceType: 'm5.large', instances: 10 + Math.floor(h / 240) }));
    const plan = planCommitments({ usage, prices: await loadPriceList(), term: '1y', payment: 'no-upfront', kinds: 'reserved-instance', forecast: spy('planner') });
    forecastCosts(Array.from({ length: 35 }, (_, d) => ({ dayStartMs: startMs + d * dayMs, service: 'AmazonEC2', namespace: '', costUsd: 100 + d })), spy('spend'));
    const { horizon: _h1, levels: _l1, ...planner } = seen.planner!;
    const { horizon: _h2, levels: _l2, ...spend } = seen.spend!;
    expect(planner).toEqual(spend);
    expect(spend.boundTrend).toBe(true);
    expect(plan.termTrend).toEqual(commitmentTermTrend);
    expect(plan.termTrend!.trend).toBe('bounded');
  });

  it('measures what the comment says: bounded, P10 at a year sits under where a stopped trend stays and never at zero; undamped, well above it', () => {
    const { bounded, undamped, corrected } = p10RatiosAtYear();
    const pick = (values: number[]): number[] => values.filter((_, i) => corrected[i]);
    expect(pick(bounded).length).toBeGreaterThan(30);
    // Where the bounded trend damps a corrected drift, the lower side spans a trend that stops.
    expect(meanOf(pick(bounded))).toBeGreaterThan(0.7);
    expect(meanOf(pick(bounded))).toBeLessThan(0.95);
    expect(Math.min(...bounded)).toBeGreaterThan(0.15);
    expect(meanOf(pick(undamped))).toBeGreaterThan(1);
    expect(meanOf(undamped)).toBeGreaterThan(1.25);
    expect(meanOf(undamped)).toBeLessThan(1.5);
  });
});
