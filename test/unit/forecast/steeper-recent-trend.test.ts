/**
 * A trend the history shows, but steeper lately, is not extrapolated at the recent slope far
 * beyond the history (conformal.ts trendAllowedByHistory, forecast.ts boundTrendByHistory; issue
 * 17 item 3). Shaped like the sample's m5.2xlarge CPU requests (30 daily peaks, ~18 → ~21 cores:
 * history slope 0.10 ± 0.02 a day, t 4.5, and a step up of ~2.5 cores a week before the end),
 * whose 13-week capacity forecast went to ~44 cores at 0.30 a day. Control: a steady trend whose
 * slope is the same throughout is extrapolated as before.
 */
import { describe, expect, it } from 'vitest';
import { exhaustionForecastRequest } from '../../../src/models/capacity/index.js';
import { estimateHistoryTrend, trendAllowedByHistory } from '../../../src/models/forecast/conformal.js';
import { forecast } from '../../../src/models/forecast/index.js';
import { createGaussian, createRandom } from './synthetic.js';

const day = 86_400;
const startMs = Date.UTC(2026, 9, 17);
const horizon = 91;

/** Slow growth (0.03 a day) and a climb of 2.5 over days 22–24, with a weekly cycle and noise. */
function slowThenSteeper(seed: number): Float64Array {
  const gaussian = createGaussian(createRandom(seed));
  const level = (t: number): number => 18.5 + 0.03 * t + (t < 22 ? 0 : t < 24 ? 1.25 * (t - 21) : 2.5);
  return Float64Array.from({ length: 30 }, (_, t) => level(t) + 0.4 * Math.sin((2 * Math.PI * t) / 7) + 0.6 * gaussian());
}

/** Steady growth of 0.3 a day throughout, same cycle and noise. */
function steady(seed: number): Float64Array {
  const gaussian = createGaussian(createRandom(seed));
  return Float64Array.from({ length: 30 }, (_, t) => 18.5 + 0.3 * t + 0.4 * Math.sin((2 * Math.PI * t) / 7) + 0.6 * gaussian());
}

const run = (values: Float64Array, bound: boolean) =>
  forecast({ startMs, stepSeconds: day, values }, { ...exhaustionForecastRequest(horizon, 80), boundTrend: bound });

describe('a history whose trend is slow but whose last week is steeper', () => {
  it('is forecast 13 weeks ahead no steeper than the history supports, its 80 % band still holding the recent slope', () => {
    let bounded = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const values = slowThenSteeper(seed);
      const history = estimateHistoryTrend(values, [7]);
      const free = run(values, false);
      const f = run(values, true);
      const last = values[29];
      // Within twice the history (day 60) nothing damps the unbounded forecast (boundTrend false
      // only leaves out the bound and the damping beyond it): its slope is the recent one.
      const freeSlope = (free.mean[59] - last) / 60;
      // Only where the history shows the trend and the recent forecast is more than twice as steep.
      if (!(history.slope >= 2 * history.slopeSe && freeSlope > 2 * history.slope)) continue;
      bounded++;
      const ceiling = history.slope + 2 * (history.slopeSeSerial ?? history.slopeSe);
      expect((f.mean[59] - last) / 60).toBeLessThanOrEqual(ceiling + 0.02);
      expect(f.mean[horizon - 1]).toBeLessThan(free.mean[horizon - 1]);
      // The recent slope going on stays inside the 80 % band, and the band holds the bounded mean.
      const i80 = f.intervals.find((i) => i.level === 80)!;
      expect(i80.upper[59]).toBeGreaterThan(free.mean[59]);
      expect(i80.lower[horizon - 1]).toBeLessThan(f.mean[horizon - 1]);
      expect(i80.upper[horizon - 1]).toBeGreaterThan(f.mean[horizon - 1]);
    }
    // The shape triggers the bound on most seeds (the test would pass vacuously otherwise).
    expect(bounded).toBeGreaterThanOrEqual(8);
  });

  it('control: a steady trend with the same slope throughout is extrapolated as before', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const values = steady(seed);
      const history = estimateHistoryTrend(values, [7]);
      expect(history.slope / history.slopeSe).toBeGreaterThan(2);
      const free = run(values, false);
      const f = run(values, true);
      // Within twice the history the bound never acts; beyond it only boundTrendSteps damps.
      expect(Array.from(f.mean.subarray(0, 60))).toEqual(Array.from(free.mean.subarray(0, 60)));
      expect((f.mean[59] - values[29]) / 60).toBeGreaterThan(0.15);
    }
  });
});

describe('trendAllowedByHistory for a trend the history shows', () => {
  it('keeps a slope up to twice the history\'s and bounds a steeper one by the serial upper confidence bound', () => {
    expect(trendAllowedByHistory(0.19, { slope: 0.1, slopeSe: 0.02, slopeSeSerial: 0.05 })).toBe(0.19);
    expect(trendAllowedByHistory(0.3, { slope: 0.1, slopeSe: 0.02, slopeSeSerial: 0.05 })).toBeCloseTo(0.2, 12);
    expect(trendAllowedByHistory(-0.3, { slope: -0.1, slopeSe: 0.02, slopeSeSerial: 0.03 })).toBeCloseTo(-0.16, 12);
  });
});
