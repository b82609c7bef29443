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
 * 60 seeded month-long daily series growing 1 % of their level a day, forecast a year ahead: the
 * mean ratio of the 80 % lower bound (P10) at day 365 to the level where the history ends, i.e.
 * where it would stay if growth stopped. Backs the comment on commitmentTermTrend.
 */
function p10RatioAtYear(request: ForecastRequest): number {
  const gaussian = createGaussian(createRandom(1717));
  const trials = 60;
  const n = 30;
  let sum = 0;
  for (let k = 0; k < trials; k++) {
    const values = new Float64Array(n);
    for (let t = 0; t < n; t++) values[t] = 100 + t + 3 * Math.sin((2 * Math.PI * t) / 7) + 2 * gaussian();
    const f = forecast({ startMs: Date.UTC(2026, 0, 5), stepSeconds: dayMs / 1000, values }, request);
    sum += f.intervals[0].lower[364] / (100 + n - 1);
  }
  return sum / trials;
}

describe("the commitment term's forecast against finance's spend forecast", () => {
  it('uses the same request as the spend forecast except the trend, and says so in the plan', async () => {
    const seen: { planner?: ForecastRequest; spend?: ForecastRequest } = {};
    const spy = (key: 'planner' | 'spend') => (s: RegularSeries, r: ForecastRequest) => { seen[key] ??= r; return forecast(s, r); };
    const startMs = Date.UTC(2026, 9, 5);
    const usage: InstanceUsageHour[] = Array.from({ length: 35 * 24 }, (_, h) => ({ timestampMs: startMs + h * hourMs, region: 'us-east-1', instanceType: 'm5.large', instances: 10 + Math.floor(h / 240) }));
    const plan = planCommitments({ usage, prices: await loadPriceList(), term: '1y', payment: 'no-upfront', kinds: 'reserved-instance', forecast: spy('planner') });
    forecastCosts(Array.from({ length: 35 }, (_, d) => ({ dayStartMs: startMs + d * dayMs, service: 'AmazonEC2', namespace: '', costUsd: 100 + d })), spy('spend'));
    const { horizon: _h1, levels: _l1, boundTrend: plannerBound, ...planner } = seen.planner!;
    const { horizon: _h2, levels: _l2, boundTrend: spendBound, ...spend } = seen.spend!;
    expect(planner).toEqual(spend);
    expect(spendBound).toBe(true);
    expect(plannerBound).toBe(false);
    expect(plan.termTrend).toEqual(commitmentTermTrend);
    expect(plan.termTrend!.trend).toBe('undamped');
  });

  it('measures what the comment says: bounded, P10 at a year sits just under where a stopped trend stays; undamped, well above it', () => {
    const bounded = p10RatioAtYear(planForecastRequest(365, [80]));
    const undamped = p10RatioAtYear(planForecastRequest(365, [80], { trend: 'undamped' }));
    expect(bounded).toBeGreaterThan(0.85);
    expect(bounded).toBeLessThan(1.05);
    expect(undamped).toBeGreaterThan(1.25);
    expect(undamped).toBeLessThan(1.5);
  });
});
