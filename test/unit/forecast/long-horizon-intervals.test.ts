import { describe, expect, it } from 'vitest';
import { planForecastRequest } from '../../../src/domain/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import { studyLongHorizon } from './long-horizon-study.js';

const bounded = planForecastRequest(365, [80]);
const undamped = planForecastRequest(365, [80], { trend: 'undamped' });

/** The trials whose backtest corrects a drift: the ones the bounded trend damps (its mean differs from the undamped one). */
function driftCorrected(values: Float64Array): boolean {
  const series = { startMs: Date.UTC(2026, 0, 5), stepSeconds: 86_400, values };
  return Math.abs(forecast(series, bounded).mean[364] - forecast(series, undamped).mean[364]) > 1e-9;
}

describe('long-horizon intervals of a bounded trend (80 seeded month-long daily series, a year ahead)', () => {
  it('hold both a trend that continues and one that stops where the history ends, without the lower bound collapsing', () => {
    const options = { trials: 80, only: driftCorrected };
    const continues = studyLongHorizon(bounded, 'continues', options);
    const stops = studyLongHorizon(bounded, 'stops', options);
    expect(continues.trials).toBeGreaterThan(30);
    expect(continues.coverage80).toBeGreaterThanOrEqual(0.8);
    expect(stops.coverage80).toBeGreaterThanOrEqual(0.8);
    // P10 a year out sits just under where a stopped trend stays (it was 0 on most of these
    // before the lower side was anchored there: the undamped slope uncertainty around a damped mean).
    expect(stops.p10RatioAtEnd).toBeGreaterThan(0.7);
    expect(stops.p10RatioAtEnd).toBeLessThan(1);
    // Undamped, the same series' P10 keeps part of a year's growth and misses a trend that stops.
    const undampedStops = studyLongHorizon(undamped, 'stops', options);
    expect(undampedStops.coverage80).toBeLessThan(0.7);
    expect(undampedStops.p10RatioAtEnd).toBeGreaterThan(stops.p10RatioAtEnd);
  });

  it('hold flat series, and leave those without a corrected drift as they were', () => {
    expect(studyLongHorizon(bounded, 'flat', { trials: 40 }).coverage80).toBeGreaterThanOrEqual(0.8);
    const uncorrected = { trials: 40, only: (values: Float64Array) => !driftCorrected(values) };
    const flat = studyLongHorizon(bounded, 'flat', uncorrected);
    expect(flat.trials).toBeGreaterThan(20);
    expect(flat).toEqual(studyLongHorizon(undamped, 'flat', uncorrected));
  });
});
