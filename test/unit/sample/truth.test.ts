import { describe, expect, it } from 'vitest';
import { computePodCpuRates, computePodContainerStats, cpuRateWindowSeconds, foldMaxOverPods, prometheusRate, quantileSorted } from '../../../src/sample/truth.js';

describe('the truth follows Prometheus arithmetic', () => {
  it('rate over a full window of aligned samples is the plain slope, without extrapolation', () => {
    const counter = Float64Array.from([0, 30, 60, 90, 120, 150]);
    expect(prometheusRate(counter, 0, 5, 60, 300, 0, 0)).toBeCloseTo(0.5, 12);
  });

  it('rate adds the pre-reset value when a counter resets, as Prometheus does', () => {
    // 30 core-seconds per minute; the container restarts before the 4th sample and counts from 0.
    const counter = Float64Array.from([0, 30, 60, 30, 60, 90]);
    expect(prometheusRate(counter, 0, 5, 60, 300, 0, 0)).toBeCloseTo((90 - 0 + 60) / 300, 12);
  });

  it('rate extrapolates half an interval when the series starts well inside the range', () => {
    // Two samples 60 s apart, the first 240 s after the range start; the counter would hit zero 120 s earlier (durationToZero).
    const counter = Float64Array.from([60, 90]);
    const expected = (30 * ((60 + 30 + 0) / 60)) / 300;
    expect(prometheusRate(counter, 0, 1, 60, 300, 240, 0)).toBeCloseTo(expected, 12);
  });

  it('quantiles interpolate between ranks like quantile_over_time', () => {
    const sorted = Float64Array.from([1, 2, 3, 4]);
    expect(quantileSorted(sorted, 0.5)).toBe(2.5);
    expect(quantileSorted(sorted, 0.95)).toBeCloseTo(3.85, 12);
    expect(quantileSorted(sorted, 1)).toBe(4);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });

  it('a pod at a constant 0.5 cores has rate 0.5 at every step inside its life, and one rate per evaluation step that sees two samples', () => {
    const n = 60;
    const counter = Float64Array.from({ length: n }, (_, i) => 30 * (i + 1));
    const rates = computePodCpuRates(counter, 100, 60, 10_000);
    // Evaluations from the second sample to four steps after the last one (the 5-minute range still holds two samples).
    expect(rates.length).toBe(n - 1 + 4);
    for (let m = 4; m < n - 1; m++) expect(rates[m]).toBeCloseTo(0.5, 9);
  });

  it('uses a 5-minute rate at 1-minute steps and two steps when steps are longer', () => {
    expect(cpuRateWindowSeconds(60)).toBe(300);
    expect(cpuRateWindowSeconds(300)).toBe(600);
  });

  it('takes the max over pods of each pod’s percentile (KRR style), ignoring pods without a rate', () => {
    const a = computePodContainerStats(Float64Array.from([0.1, 0.2, 0.3]), Float64Array.from([10, 30, 20]))!;
    const b = computePodContainerStats(new Float64Array(0), Float64Array.from([50]))!;
    const both = foldMaxOverPods(foldMaxOverPods(null, a), b);
    expect(both.cpuMaxCores).toBeCloseTo(0.3, 12);
    expect(both.cpuP50Cores).toBeCloseTo(0.2, 12);
    expect(both.memoryPeakBytes).toBe(50);
  });
});
