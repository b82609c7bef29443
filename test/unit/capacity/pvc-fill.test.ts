import { describe, expect, it } from 'vitest';
import { forecastPvcFill, fitLinear } from '../../../src/models/capacity/index.js';
import type { VolumeUsage } from '../../../src/domain/index.js';

const GIB = 1024 ** 3;
const HOUR_MS = 3_600_000;
const nowMs = Date.UTC(2026, 10, 16);

function volume(history: { timestampMs: number; value: number }[], capacityBytes = 100 * GIB): VolumeUsage {
  return { cluster: 'sample', namespace: 'data', persistentVolumeClaim: 'pg-0', capacityBytes, usedBytes: history[history.length - 1].value, history };
}

describe('PVC fill dates', () => {
  it('dates the fill of a linear fill exactly', () => {
    // 14 days hourly from 30 GiB to 44 GiB: 1 GiB/day; 56 GiB left → fills in 56 days, on 2027-01-11.
    const history = Array.from({ length: 14 * 24 + 1 }, (_, i) => ({ timestampMs: nowMs - (14 * 24 - i) * HOUR_MS, value: 30 * GIB + (i / 24) * GIB }));
    const f = forecastPvcFill(volume(history), { nowMs, horizonWeeks: 13, levelPercent: 80 });
    expect(f.status).toBe('within-horizon');
    expect(f.growthBytesPerDay / GIB).toBeCloseTo(1, 9);
    expect(f.daysUntil).toBeCloseTo(56, 6);
    expect(f.expectedDate).toBe('2027-01-11');
    // a perfect line leaves no slope uncertainty
    expect(f.earliestDate).toBe('2027-01-11');
    expect(f.sentence).toBe('PVC data/pg-0 fills between 2027-01-11 and 2027-01-11 at 80 % confidence (expected 2027-01-11)');
  });

  it('brackets the true fill date of a noisy linear fill', () => {
    let seed = 3;
    const noise = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 - 0.5; };
    const history = Array.from({ length: 14 * 24 + 1 }, (_, i) => ({ timestampMs: nowMs - (14 * 24 - i) * HOUR_MS, value: 30 * GIB + (i / 24) * GIB + noise() * 0.5 * GIB }));
    const v = { ...volume(history), usedBytes: 44 * GIB };
    const f = forecastPvcFill(v, { nowMs, horizonWeeks: 13, levelPercent: 80 });
    expect(f.status).toBe('within-horizon');
    expect(f.daysUntilLower!).toBeLessThanOrEqual(56);
    expect((f.latestMs! - nowMs) / 86_400_000).toBeGreaterThanOrEqual(56);
    expect(Math.abs(f.daysUntil! - 56)).toBeLessThan(3);
  });

  it('reports a flat volume as not growing', () => {
    const history = Array.from({ length: 48 }, (_, i) => ({ timestampMs: nowMs - (48 - i) * HOUR_MS, value: 40 * GIB + (i % 2) * 1e6 }));
    const f = forecastPvcFill(volume(history), { nowMs, horizonWeeks: 13, levelPercent: 80 });
    expect(['not-growing', 'not-within-horizon']).toContain(f.status);
    expect(f.expectedDate === null || f.expectedMs! > nowMs + 91 * 86_400_000).toBe(true);
  });

  it('says when the history is too short to fit', () => {
    const history = [{ timestampMs: nowMs - HOUR_MS, value: GIB }, { timestampMs: nowMs, value: 2 * GIB }];
    const f = forecastPvcFill(volume(history), { nowMs, horizonWeeks: 13, levelPercent: 80 });
    expect(f.status).toBe('unknown');
    expect(f.reason).toBe('only 2 usage points; need at least 6');
  });

  it('fits the slope of a line through points exactly', () => {
    const fit = fitLinear([0, 1, 2, 3].map((i) => ({ timestampMs: i * 1000, value: 5 + 2 * i })));
    expect(fit!.slopePerMs * 1000).toBeCloseTo(2, 12);
    expect(fit!.fittedLast).toBeCloseTo(11, 12);
  });
});
