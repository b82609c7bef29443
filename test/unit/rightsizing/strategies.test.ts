import { describe, expect, it } from 'vitest';
import {
  DecayingHistogram, decayingHistogramStrategy, describeStrategies, findStrategy, parseStrategySettings, percentileStrategy,
} from '../../../src/models/rightsizing/index.js';
import { MIB_BYTES } from '../../../src/domain/units.js';
import { HeadroomError } from '../../../src/domain/errors.js';
import { endMs, makeHistory, makeRef, makeSummary } from './fixtures.js';

describe('percentile strategy', () => {
  it('recommends CPU at p95 and memory at the peak plus 15 % by default', () => {
    const settings = parseStrategySettings(percentileStrategy, {}) as { cpuPercentile: 95; memoryBufferPercent: number };
    const out = percentileStrategy.recommend({ summary: makeSummary(), history: null }, settings);
    expect(out.kind).toBe('requests');
    if (out.kind !== 'requests') return;
    expect(out.cpuRequestCores).toBe(0.35);
    expect(out.memoryRequestBytes).toBeCloseTo(450 * MIB_BYTES * 1.15, 0);
  });

  it('takes p99 when asked to', () => {
    const out = percentileStrategy.recommend({ summary: makeSummary(), history: null }, { cpuPercentile: 99, memoryBufferPercent: 0 });
    expect(out.kind === 'requests' && out.cpuRequestCores).toBe(0.45);
    expect(out.kind === 'requests' && out.memoryRequestBytes).toBe(450 * MIB_BYTES);
  });

  it('rejects settings out of range, naming the setting', () => {
    expect(() => parseStrategySettings(percentileStrategy, { cpuPercentile: 80 })).toThrow(/settings of strategy percentile: cpuPercentile/);
    expect(() => parseStrategySettings(percentileStrategy, { bogus: 1 })).toThrow(HeadroomError);
  });
});

describe('decaying histogram', () => {
  it('returns the end of the bucket holding the percentile, with 5 % wider buckets', () => {
    const h = new DecayingHistogram({ firstBucketSize: 0.01, maxValue: 100, growthRatio: 0.05, halfLifeMs: 86_400_000, referenceMs: 0 });
    for (let i = 1; i <= 100; i++) h.addSample(i / 100, 1, 0);
    const p90 = h.percentile(0.9);
    // p90 of 0.01..1.00 is 0.90; the bucket end is at most one bucket (5 %) above it.
    expect(p90).toBeGreaterThanOrEqual(0.9);
    expect(p90).toBeLessThanOrEqual(0.9 * 1.06);
  });

  it('weighs a sample one half-life old half as much as a fresh one', () => {
    const dayMs = 86_400_000;
    const h = new DecayingHistogram({ firstBucketSize: 0.01, maxValue: 100, growthRatio: 0.05, halfLifeMs: dayMs, referenceMs: 10 * dayMs });
    h.addSample(1, 2, 9 * dayMs); // weight 2 × ½ = 1
    h.addSample(2, 1, 10 * dayMs); // weight 1
    // Equal weights: the median lies in the lower value's bucket.
    expect(h.percentile(0.5)).toBeLessThan(1.1);
    expect(h.percentile(0.51)).toBeGreaterThan(1.9);
  });
});

describe('decaying-histogram strategy', () => {
  const settings = parseStrategySettings(decayingHistogramStrategy, {}) as never;

  it('follows recent usage: CPU that doubled yesterday pulls the target up more than the older half of the history', () => {
    const ref = makeRef('web');
    const history = makeHistory(ref, 14, (i) => (i >= 13 * 24 ? { mean: 0.4, max: 0.5 } : { mean: 0.2, max: 0.25 }), () => 300 * MIB_BYTES);
    const out = decayingHistogramStrategy.recommend({ summary: makeSummary({ ref }), history }, settings);
    expect(out.kind).toBe('requests');
    if (out.kind !== 'requests') return;
    // One day of fourteen is 7 % of the samples but ~50 % of the weight with a 24 h half-life.
    expect(out.cpuRequestCores).toBeGreaterThan(0.4);
    expect(out.cpuRequestCores).toBeLessThan(0.5 * 1.15 * 1.06);
  });

  it('takes memory from daily peaks with a 15 % margin', () => {
    const ref = makeRef('web');
    const history = makeHistory(ref, 7, () => ({ mean: 0.1, max: 0.1 }), (i) => (i % 24 === 12 ? 500 * MIB_BYTES : 200 * MIB_BYTES));
    const out = decayingHistogramStrategy.recommend({ summary: makeSummary({ ref }), history }, settings);
    if (out.kind !== 'requests') throw new Error('expected requests');
    expect(out.memoryRequestBytes).toBeGreaterThanOrEqual(500 * MIB_BYTES * 1.15);
    expect(out.memoryRequestBytes).toBeLessThanOrEqual(500 * MIB_BYTES * 1.15 * 1.06);
  });

  it('does not take a startup spike for steady demand', () => {
    const ref = makeRef('web');
    // Pods restart every 2 days (pod count rises); the hour after each start spikes to 2 cores.
    const pods = (i: number) => (i % 48 === 0 ? 2 : 1);
    const history = makeHistory(ref, 14, (i) => (i % 48 === 0 ? { mean: 0.2, max: 2 } : { mean: 0.2, max: 0.25 }), () => 300 * MIB_BYTES, pods);
    const out = decayingHistogramStrategy.recommend({ summary: makeSummary({ ref }), history }, settings);
    if (out.kind !== 'requests') throw new Error('expected requests');
    expect(out.cpuRequestCores).toBeLessThan(0.25 * 1.15 * 1.06);
    expect(out.reasons.some((r) => /startup window/.test(r))).toBe(true);
  });

  it('says it cannot recommend without a history', () => {
    const out = decayingHistogramStrategy.recommend({ summary: makeSummary(), history: null }, settings);
    expect(out).toEqual({ kind: 'none', reason: expect.stringMatching(/^no recommendation: strategy decaying-histogram needs the hourly usage history/) });
  });

  it('history timestamps end at the window end', () => {
    const h = makeHistory(makeRef('x'), 1, () => ({ mean: 0, max: 0 }), () => 0);
    expect(h.startMs + 24 * 3_600_000).toBe(endMs);
  });
});

describe('strategy registry', () => {
  it('lists every strategy and each setting with its description for --help', () => {
    const help = describeStrategies();
    expect(help).toMatch(/percentile \(v1\) \[default\]/);
    expect(help).toMatch(/decaying-histogram \(v1\)/);
    expect(help).toMatch(/halfLifeHours: Half-life of sample weights, hours/);
    expect(help).toMatch(/memoryBufferPercent: Memory request = peak working set \+ this percent/);
  });

  it('names the known strategies when an unknown one is asked for', () => {
    expect(() => findStrategy('krr')).toThrow(/unknown rightsizing strategy "krr"/);
  });
});
