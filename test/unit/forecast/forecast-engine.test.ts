import { describe, expect, it } from 'vitest';
import { forecast, listForecastMethods } from '../../../src/models/forecast/index.js';
import { InputError } from '../../../src/domain/index.js';
import { createGaussian, createRandom, generate, hourly, hourMs, seasonalSignal, startMs } from './synthetic.js';

const levels = [80, 95];

function maxRelativeError(mean: Float64Array, truth: (t: number) => number, offset: number): number {
  let worst = 0;
  for (let h = 0; h < mean.length; h++) worst = Math.max(worst, Math.abs(mean[h] - truth(offset + h)) / Math.abs(truth(offset + h)));
  return worst;
}

describe('the forecast engine', () => {
  it.each(listForecastMethods())('forecasts a pure daily + weekly seasonal series to within 1 % with %s', (method) => {
    const n = 28 * 24;
    const f = forecast(hourly(generate(n, seasonalSignal)), { horizon: 168, levels, method });
    expect(f.mean).toHaveLength(168);
    expect(maxRelativeError(f.mean, seasonalSignal, n)).toBeLessThan(0.01);
  });

  it('continues a linear trend', () => {
    const line = (t: number) => 50 + 0.25 * t;
    const n = 400;
    const f = forecast(hourly(generate(n, line)), { horizon: 72, levels });
    expect(maxRelativeError(f.mean, line, n)).toBeLessThan(0.01);
    expect(f.mean[71]).toBeGreaterThan(f.mean[0] + 0.25 * 60);
  });

  it('continues a linear trend under a daily cycle', () => {
    const signal = (t: number) => 200 + 0.2 * t + 15 * Math.sin((2 * Math.PI * t) / 24);
    const n = 21 * 24;
    const f = forecast(hourly(generate(n, signal)), { horizon: 48, levels });
    expect(maxRelativeError(f.mean, signal, n)).toBeLessThan(0.01);
  });

  it('gives a constant series a constant forecast with a near-zero-width interval', () => {
    const f = forecast(hourly(new Float64Array(300).fill(7.5)), { horizon: 24, levels });
    for (let h = 0; h < 24; h++) {
      expect(f.mean[h]).toBeCloseTo(7.5, 9);
      for (const interval of f.intervals) expect(interval.upper[h] - interval.lower[h]).toBeLessThan(1e-9);
    }
  });

  it('starts one step after the last input and keeps the step', () => {
    const f = forecast(hourly(generate(100, () => 1)), { horizon: 3, levels: [90] });
    expect(f.startMs).toBe(startMs + 100 * hourMs);
    expect(f.stepSeconds).toBe(3600);
    expect(f.intervals.map((i) => i.level)).toEqual([90]);
  });

  it('handles gaps: scattered missing points and a missing day', () => {
    const gaussian = createGaussian(createRandom(11));
    const random = createRandom(12);
    const n = 21 * 24;
    const daily = (t: number) => 100 + 20 * Math.sin((2 * Math.PI * t) / 24);
    const values = generate(n, (t) => daily(t) + gaussian());
    for (let t = 0; t < n; t++) if (random() < 0.1) values[t] = NaN;
    values.fill(NaN, 200, 224);
    const f = forecast(hourly(values), { horizon: 48, levels });
    for (const v of [...f.mean, ...f.intervals.flatMap((i) => [...i.lower, ...i.upper])]) expect(Number.isFinite(v)).toBe(true);
    expect(maxRelativeError(f.mean, daily, n)).toBeLessThan(0.03);
  });

  it('does not let a single huge outlier move the forecast', () => {
    const n = 14 * 24;
    const clean = generate(n, seasonalSignal);
    const spiked = Float64Array.from(clean);
    spiked[n - 30] = 10_000;
    const a = forecast(hourly(clean), { horizon: 24, levels });
    const b = forecast(hourly(spiked), { horizon: 24, levels });
    expect(maxRelativeError(b.mean, (t) => a.mean[t - n], n)).toBeLessThan(0.01);
  });

  it('follows a level shift near the end of the history', () => {
    const gaussian = createGaussian(createRandom(5));
    const n = 14 * 24;
    const values = generate(n, (t) => (t < n - 20 ? 30 : 90) + gaussian());
    const f = forecast(hourly(values), { horizon: 24, levels });
    for (let h = 0; h < 24; h++) expect(Math.abs(f.mean[h] - 90)).toBeLessThan(5);
  });

  it('never forecasts below zero for a series that never was', () => {
    const n = 10 * 24;
    const values = generate(n, (t) => Math.max(0, 5 - 0.03 * t));
    const f = forecast(hourly(values), { horizon: 168, levels });
    for (const v of [...f.mean, ...f.intervals.flatMap((i) => [...i.lower])]) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('nests the intervals and keeps the mean inside them', () => {
    const gaussian = createGaussian(createRandom(3));
    const f = forecast(hourly(generate(500, (t) => seasonalSignal(t) + 3 * gaussian())), { horizon: 48, levels });
    const [i80, i95] = f.intervals;
    for (let h = 0; h < 48; h++) {
      expect(i95.lower[h]).toBeLessThanOrEqual(i80.lower[h]);
      expect(i80.lower[h]).toBeLessThanOrEqual(f.mean[h]);
      expect(f.mean[h]).toBeLessThanOrEqual(i80.upper[h]);
      expect(i80.upper[h]).toBeLessThanOrEqual(i95.upper[h]);
    }
  });

  it('forecasts a daily series with a weekly cycle by default', () => {
    const weekly = (t: number) => 10 + (t % 7 === 5 || t % 7 === 6 ? -4 : 0);
    const f = forecast({ startMs, stepSeconds: 86_400, values: generate(10 * 7, weekly) }, { horizon: 14, levels });
    expect(maxRelativeError(f.mean, weekly, 70)).toBeLessThan(0.01);
  });

  it('rejects a bad horizon, level, method or an empty series with an input error', () => {
    const s = hourly(generate(50, () => 1));
    expect(() => forecast(s, { horizon: 0, levels })).toThrow(InputError);
    expect(() => forecast(s, { horizon: 5, levels: [100] })).toThrow(InputError);
    expect(() => forecast(s, { horizon: 5, levels, method: 'prophet' })).toThrow(/unknown/);
    expect(() => forecast(hourly(new Float64Array(10).fill(NaN)), { horizon: 5, levels })).toThrow(/no finite values/);
  });

  it('forecasts from a single observation', () => {
    const values = new Float64Array(5).fill(NaN);
    values[2] = 4;
    const f = forecast(hourly(values), { horizon: 3, levels });
    expect([...f.mean]).toEqual([4, 4, 4]);
  });
});
