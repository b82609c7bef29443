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

/** The study of one class of trials, under both futures of its growth. */
function studyBothFutures(only: (values: Float64Array) => boolean) {
  const options = { trials: 80, only };
  return { options, continues: studyLongHorizon(bounded, 'continues', options), stops: studyLongHorizon(bounded, 'stops', options) };
}

describe('long-horizon intervals (80 seeded month-long daily series, 80 % intervals at 180, 270 and 364 days ahead)', () => {
  it('hold both a trend that continues and one that stops where the history ends, without the lower bound collapsing', () => {
    const { options, continues, stops } = studyBothFutures(driftCorrected);
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

  it('hold growing series whose trend the method carries, both when the growth continues and when it stops', () => {
    // The 35 growing series without a corrected drift (ets with a trend, Theta, a mix with a
    // member without one): before the interval spanned both futures they held 0.04 and 0.24,
    // narrow around a diluted trend. Measured now: 0.98 and 0.97 (each future is held by its own
    // side of an interval that must also hold the other one: one tail of 10 %, not two).
    const { options, continues, stops } = studyBothFutures((values) => !driftCorrected(values));
    expect(continues.trials).toBeGreaterThan(25);
    expect(continues.coverage80).toBeGreaterThanOrEqual(0.85);
    expect(stops.coverage80).toBeGreaterThanOrEqual(0.85);
    // Not by growing without limit: P10 a year out stays near where a stopped trend stays (0.78
    // of the last level) and P90 near the continued trend (1.13 of the true level).
    expect(stops.p10RatioAtEnd).toBeGreaterThan(0.7);
    expect(stops.p10RatioAtEnd).toBeLessThan(1);
    expect(continues.p90OverTruthAtEnd).toBeGreaterThan(1);
    expect(continues.p90OverTruthAtEnd).toBeLessThan(1.3);
    // Undamped (no bounded trend, so neither future is spanned) they are as narrow as before.
    expect(studyLongHorizon(undamped, 'continues', options).coverage80).toBeLessThan(0.2);
  });

  it('hold declining series whose decline goes on (0.46 before, 0.88 now)', () => {
    const declining = studyLongHorizon(bounded, 'declining', { trials: 80 });
    expect(declining.coverage80).toBeGreaterThanOrEqual(0.8);
    expect(declining.coverage80).toBeLessThanOrEqual(0.95);
    expect(studyLongHorizon(undamped, 'declining', { trials: 80 }).coverage80).toBeLessThan(0.6);
  });

  it('hold flat series without widening them for a trend they do not show', () => {
    const flat = studyLongHorizon(bounded, 'flat', { trials: 80 });
    expect(flat.coverage80).toBeGreaterThanOrEqual(0.8);
    // A history slope under |t| 2 is no future that continues: P10 a year out 0.64 of the level
    // (0.65 before the futures were spanned; 0.53 without that gate).
    expect(flat.p10RatioAtEnd).toBeGreaterThan(0.6);
  });
});
