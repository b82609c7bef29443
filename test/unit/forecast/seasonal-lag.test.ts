import { describe, expect, it } from 'vitest';
import { MONTH_STEP_SECONDS } from '../../../src/domain/index.js';
import { computeSeasonalScale, m4SeasonalLag, scoreHeldOut } from '../../../src/models/forecast/index.js';

const DAY = 86_400;

describe("M4's seasonal lag of the MASE/MSIS scale per frequency", () => {
  it('is 24 hourly, 7 daily, 1 weekly, 12 monthly, 4 quarterly, 1 yearly', () => {
    expect(m4SeasonalLag(3600)).toBe(24);
    expect(m4SeasonalLag(DAY)).toBe(7);
    expect(m4SeasonalLag(7 * DAY)).toBe(1);
    expect(m4SeasonalLag(MONTH_STEP_SECONDS)).toBe(12);
    expect(m4SeasonalLag(91 * DAY)).toBe(4);
    expect(m4SeasonalLag(365 * DAY)).toBe(1);
    expect(m4SeasonalLag(900)).toBe(96);
  });

  // Naive2 without a seasonal period forecasts the last value, so MASE is computable by hand.
  const heldOut = (stepSeconds: number, train: number[], test: number[]) => {
    const startMs = Date.UTC(2024, 0, 1);
    const trainSeries = { startMs, stepSeconds, values: Float64Array.from(train) };
    const testStart = stepSeconds === MONTH_STEP_SECONDS ? Date.UTC(2024, train.length, 1) : startMs + train.length * stepSeconds * 1000;
    return scoreHeldOut(trainSeries, { startMs: testStart, stepSeconds, values: Float64Array.from(test) }, test.length, 'naive2', [80], { seasonalPeriods: [] });
  };

  it('weekly: MASE divides by the mean absolute one-step change (hand computation)', () => {
    const train = [10, 12, 11, 15, 14, 18, 17, 20, 19, 23, 22, 25, 24, 28, 27, 30, 29, 33, 32, 35, 34, 38, 37, 40, 39, 43, 42, 45, 44, 48];
    const test = [50, 47, 52];
    // |diffs|: alternately +2/−1 style steps; computed by hand as the sum of |train[t] − train[t−1]|.
    let sum = 0;
    for (let t = 1; t < train.length; t++) sum += Math.abs(train[t] - train[t - 1]);
    const scale = sum / (train.length - 1);
    const mae = (Math.abs(50 - 48) + Math.abs(47 - 48) + Math.abs(52 - 48)) / 3; // 7/3
    expect(computeSeasonalScale(train, 1)).toBeCloseTo(scale, 12);
    expect(heldOut(7 * DAY, train, test).mase).toBeCloseTo(mae / scale, 10);
    // The hourly lag (24) would have given a different, wrong scale for weekly data.
    expect(Math.abs(computeSeasonalScale(train, 24) - scale)).toBeGreaterThan(1);
  });

  it('daily: lag 7; monthly: lag 12 (hand computation)', () => {
    // 28 days: weekly pattern 5,5,5,5,5,1,1 plus 0.5 per week → |y[t] − y[t−7]| = 0.5 always.
    const daily = Array.from({ length: 28 }, (_, t) => ([5, 5, 5, 5, 5, 1, 1][t % 7] + 0.5 * Math.floor(t / 7)));
    const lastDaily = daily[daily.length - 1];
    const d = heldOut(DAY, daily, [8, 6]);
    expect(d.mase).toBeCloseTo(((Math.abs(8 - lastDaily) + Math.abs(6 - lastDaily)) / 2) / 0.5, 10);
    // 36 months: +2 a year on the same month → |y[t] − y[t−12]| = 2 always.
    const monthly = Array.from({ length: 36 }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 12) + 2 * Math.floor(t / 12));
    const lastMonthly = monthly[monthly.length - 1];
    const m = heldOut(MONTH_STEP_SECONDS, monthly, [120]);
    expect(m.mase).toBeCloseTo(Math.abs(120 - lastMonthly) / 2, 10);
  });
});
