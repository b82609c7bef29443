/**
 * Step series (src/models/forecast/step-series.ts): a history constant but for one or a few steps
 * — allocatable capacity after a node-pool scale-up — is forecast flat at its latest level, its
 * steps named, and its intervals sized from its own steps; gradual growth is still extrapolated.
 */
import { describe, expect, it } from 'vitest';
import { forecast } from '../../../src/models/forecast/index.js';
import { detectSteps, stepIntervals } from '../../../src/models/forecast/step-series.js';
import { aggregateDailyMax, exhaustionForecastRequest } from '../../../src/models/capacity/index.js';
import { generateSampleCluster } from '../../../src/sample/index.js';
import type { Forecast, RegularSeries } from '../../../src/domain/index.js';
import { createGaussian, createRandom } from './synthetic.js';

const DAY_S = 86_400;
const DAY_MS = DAY_S * 1000;
const startMs = Date.UTC(2026, 9, 1);
const horizon = 91;

function daily(values: number[]): RegularSeries {
  return { startMs, stepSeconds: DAY_S, values: Float64Array.from(values) };
}

/** `days` of allocatable CPU of a pool of `nodes[0]` nodes of `perNode` cores, changing to nodes[i] on day steps[i - 1]. */
function allocatable(days: number, perNode: number, nodes: number[], stepDays: number[]): number[] {
  return Array.from({ length: days }, (_, d) => perNode * nodes[stepDays.filter((s) => d >= s).length]!);
}

function interval(f: Forecast, level: number): { lower: Float64Array; upper: Float64Array } {
  const i = f.intervals.find((x) => x.level === level);
  if (!i) throw new Error(`no ${level} % interval`);
  return i;
}

/**
 * Flat at `latest`; intervals that contain it, widen from none tomorrow, and stay within what the
 * history's steps allow: `steps` steps of these sizes in `days` days, up or down alike, have a
 * standard deviation of √(rate · days ahead · mean squared size); 95 % bounds within 2.5 of them
 * and one step more (the count of steps is whole).
 */
function expectHeldFlat(f: Forecast, latest: number, days: number, sizes: number[]): void {
  for (let h = 0; h < horizon; h++) expect(f.mean[h]).toBeCloseTo(latest, 9);
  const i80 = interval(f, 80);
  const i95 = interval(f, 95);
  for (let h = 0; h < horizon; h++) {
    expect(i80.lower[h]).toBeLessThanOrEqual(latest);
    expect(i80.upper[h]).toBeGreaterThanOrEqual(latest);
    expect(i95.lower[h]).toBeLessThanOrEqual(i80.lower[h]);
    expect(i95.upper[h]).toBeGreaterThanOrEqual(i80.upper[h]);
  }
  // Tomorrow another step is unlikely; within 13 weeks more can come, a few nodes' worth at most.
  expect(i80.upper[0]).toBeCloseTo(latest, 9);
  expect(i80.upper[horizon - 1]).toBeGreaterThan(latest);
  const meanSquare = sizes.reduce((a, s) => a + s * s, 0) / sizes.length;
  const sd = Math.sqrt((sizes.length / (days - 1)) * horizon * meanSquare);
  const reach = 2.5 * sd + Math.max(...sizes.map(Math.abs));
  expect(i95.upper[horizon - 1]).toBeLessThanOrEqual(latest + reach);
  expect(i95.lower[horizon - 1]).toBeGreaterThanOrEqual(Math.max(0, latest - reach));
}

describe('step series', () => {
  it('holds a seeded pool that gained nodes once at its new level, and names the step', () => {
    const random = createRandom(11);
    for (let k = 0; k < 12; k++) {
      const perNode = 3.5 + Math.round(random() * 8) * 0.5;
      const days = 21 + Math.floor(random() * 40);
      const stepDay = 7 + Math.floor(random() * (days - 10));
      const before = 2 + Math.floor(random() * 5);
      const after = before + 1 + Math.floor(random() * 3);
      const f = forecast(daily(allocatable(days, perNode, [before, after], [stepDay])), exhaustionForecastRequest(horizon, 80));
      expectHeldFlat(f, after * perNode, days, [(after - before) * perNode]);
      expect(f.levelShifts).toHaveLength(1);
      expect(f.levelShifts![0]!.atMs).toBe(startMs + stepDay * DAY_MS);
      expect(f.levelShifts![0]!.size).toBeCloseTo((after - before) * perNode, 9);
    }
  });

  it('holds two steps up, and a step down, at the latest level', () => {
    const up = forecast(daily(allocatable(42, 7.91, [3, 4, 6], [12, 30])), exhaustionForecastRequest(horizon, 80));
    expectHeldFlat(up, 6 * 7.91, 42, [7.91, 15.82]);
    expect(up.levelShifts!.map((s) => [(s.atMs - startMs) / DAY_MS, Math.round(s.size * 100) / 100])).toEqual([[12, 7.91], [30, 15.82]]);

    const down = forecast(daily(allocatable(30, 15.91, [5, 3], [20])), exhaustionForecastRequest(horizon, 80));
    expectHeldFlat(down, 3 * 15.91, 30, [-31.82]);
    expect(down.levelShifts!.map((s) => [(s.atMs - startMs) / DAY_MS, Math.round(s.size * 100) / 100])).toEqual([[20, -31.82]]);
  });

  it('takes a node that joined mid-day (daily means: half a step, then the rest) as one step', () => {
    const values = allocatable(30, 8, [3, 4], [18]);
    values[18] = 3.5 * 8;
    const f = forecast(daily(values), exhaustionForecastRequest(horizon, 80));
    expectHeldFlat(f, 32, 30, [8]);
    expect(f.levelShifts).toHaveLength(1);
    expect(f.levelShifts![0]!.size).toBeCloseTo(8, 9);
    expect(f.levelShifts![0]!.atMs).toBe(startMs + 18 * DAY_MS);
  });

  it('leaves gradual growth, a staircase of many steps and noisy series to the trend models', () => {
    const g = createGaussian(createRandom(5));
    for (let k = 0; k < 10; k++) {
      // Daily peaks of usage growing 0.3 a day on noise of σ 0.5 (the usage series of a pool).
      const values = Array.from({ length: 42 }, (_, d) => 20 + 0.3 * d + 0.5 * g());
      expect(detectSteps(Float64Array.from(values))).toBeNull();
      const f = forecast(daily(values), exhaustionForecastRequest(horizon, 80));
      const last = 20 + 0.3 * 41;
      // Extrapolated, not held: 13 weeks at 0.3 a day is 27 more; at least half of it is kept.
      expect(f.mean[horizon - 1]).toBeGreaterThan(last + 0.5 * 0.3 * horizon);
      expect(f.levelShifts).toEqual([]);
    }
    // A pool that gains a node every five days is growing, not stepping once.
    expect(detectSteps(Float64Array.from(allocatable(40, 4, [2, 3, 4, 5, 6, 7, 8, 9], [5, 10, 15, 20, 25, 30, 35])))).toBeNull();
    // A linear ramp (a gap filled across a long stretch) is not a step.
    expect(detectSteps(Float64Array.from([1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4]))).toBeNull();
    // A constant series has no step.
    expect(detectSteps(new Float64Array(20).fill(7))).toBeNull();
  });

  it('gives the future steps quantiles that enumerating every path gives', () => {
    // One step of 2 in 11 days: a step a day with chance 1/10, up or down alike.
    const shifts = [{ index: 5, size: 2, partial: 1 }];
    const rate = 0.1;
    for (const [lo, hi] of [[0.1, 0.9], [0.025, 0.975], [0.01, 0.99]] as const) {
      const [lower, upper] = stepIntervals(shifts, 11, 6, [lo, hi]);
      for (let h = 0; h < 6; h++) {
        // Oracle: the distribution of the sum after h + 1 days by enumerating all 3^(h+1) paths.
        const dist = new Map<number, number>();
        const paths = 3 ** (h + 1);
        for (let code = 0; code < paths; code++) {
          let sum = 0, p = 1;
          for (let c = code, d = 0; d <= h; d++, c = Math.floor(c / 3)) {
            const move = (c % 3) - 1;
            sum += 2 * move;
            p *= move === 0 ? 1 - rate : rate / 2;
          }
          dist.set(sum, (dist.get(sum) ?? 0) + p);
        }
        const sorted = [...dist.entries()].sort((a, b) => a[0] - b[0]);
        const quantile = (prob: number) => {
          let c = 0;
          for (const [v, p] of sorted) if ((c += p) >= prob - 1e-12) return v;
          return sorted[sorted.length - 1]![0];
        };
        expect(lower![h], `h=${h} p=${lo}`).toBeCloseTo(quantile(lo), 9);
        expect(upper![h], `h=${h} p=${hi}`).toBeCloseTo(quantile(hi), 9);
      }
    }
  });

  it("holds the sample's m5.2xlarge allocatable CPU at its fourth node's level and names the node's day", () => {
    const sample = generateSampleCluster({ stepSeconds: 3600 });
    const points = sample.usage.clusterSeries.find((s) => s.series === 'node_pool=m5.2xlarge/cpu_allocatable_cores')!.points;
    const series = aggregateDailyMax(points)!;
    const perNode = 8 - 0.09;
    const latest = series.values[series.values.length - 1]!;
    expect(latest).toBeCloseTo(4 * perNode, 9);
    const f = forecast(series, exhaustionForecastRequest(horizon, 80));
    // Read as trend, this series was forecast at 110.7 cores 13 weeks out.
    expectHeldFlat(f, latest, series.values.length, [perNode]);
    expect(f.levelShifts).toHaveLength(1);
    // The node joins 9 days before the end of the sample (src/sample/catalogue.ts).
    expect(f.levelShifts![0]!.atMs).toBe(series.startMs + (series.values.length - 9) * DAY_MS);
    expect(f.levelShifts![0]!.size).toBeCloseTo(perNode, 9);

    // Its DaemonSets' requests stepped with it (kube-system's from 2.8 to 3.0 cores): held, not grown.
    const kubeSystem = aggregateDailyMax(sample.usage.clusterSeries.find((s) => s.series === 'namespace=kube-system/cpu_requests_cores')!.points)!;
    const k = forecast(kubeSystem, exhaustionForecastRequest(horizon, 80));
    expect(k.mean[horizon - 1]).toBeCloseTo(kubeSystem.values[kubeSystem.values.length - 1]!, 9);
    expect(k.levelShifts).toHaveLength(1);
  });
});
