import { describe, expect, it } from 'vitest';
import { estimateExhaustion, firstPassageLevel, type ExhaustionQuery } from '../../../src/models/capacity/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import type { Forecast } from '../../../src/domain/index.js';

const DAY_MS = 86_400_000;
const nowMs = Date.UTC(2026, 10, 16); // 2026-11-16, the day after the last observed day

/** A forecast given outright: mean and bounds as straight lines per day; the 90 % interval is ±w, the 80 % one ±(w − 5). */
function lineForecast(days: number, mean: (d: number) => number, halfWidth90: (d: number) => number): Forecast {
  const m = Float64Array.from({ length: days }, (_, d) => mean(d));
  const band = (w: (d: number) => number) => ({ lower: m.map((v, d) => v - Math.max(0, w(d))), upper: m.map((v, d) => v + Math.max(0, w(d))) });
  return {
    startMs: nowMs, stepSeconds: 86_400, mean: m, method: 'given',
    intervals: [{ level: 80, ...band((d) => halfWidth90(d) - 5) }, { level: 90, ...band(halfWidth90) }, { level: 95, ...band((d) => halfWidth90(d) + 1) }],
  };
}

const query: ExhaustionQuery = {
  subject: 'cluster sample', metric: 'requests', resource: 'memory', thresholdKind: 'allocatable',
  threshold: 200, currentValue: 100, nowMs, levelPercent: 80, horizonWeeks: 13, targetUtilization: 0.75,
};

describe('time to exhaustion', () => {
  it('dates the crossing of the mean, the upper and the lower bound of a growing forecast', () => {
    // mean 100 + 2/day reaches 200 on day 50. The earliest date of an 80 % date interval comes from
    // the 90 % upper bound (+20: day 40), the latest from the 80 % lower bound (−15: day 57.5 → 58).
    const e = estimateExhaustion(query, lineForecast(91, (d) => 100 + 2 * d, () => 20));
    expect(e.status).toBe('within-horizon');
    expect(e.expectedDate).toBe('2027-01-05'); // 2026-11-16 + 50 days
    expect(e.earliestDate).toBe('2026-12-26'); // + 40 days
    expect(e.latestDate).toBe('2027-01-13'); // + 58 days
    expect(e.daysUntil).toBe(50);
    expect(e.daysUntilLower).toBe(40);
    expect(e.daysUntilUpper).toBe(58);
    expect(e.sentence).toBe('cluster sample runs out of memory requests between 2026-12-26 and 2027-01-13 at 80 % confidence (expected 2027-01-05)');
  });

  it('takes the earliest date of an L % date interval from the pointwise bound with half the tail', () => {
    expect(firstPassageLevel(80)).toBe(90);
    expect(firstPassageLevel(95)).toBe(97.5);
  });

  it('says "not within the horizon" when even the upper bound stays below', () => {
    const e = estimateExhaustion(query, lineForecast(91, () => 120, () => 30));
    expect(e.status).toBe('not-within-horizon');
    expect(e.earliestMs).toBeNull();
    expect(e.daysUntil).toBeNull();
    expect(e.sentence).toBe('cluster sample does not run out of memory requests within 13 weeks (80 % upper bound stays below)');
  });

  it('ignores crossings beyond the horizon even when the forecast is longer', () => {
    const e = estimateExhaustion({ ...query, horizonWeeks: 4 }, lineForecast(91, (d) => 100 + 2 * d, () => 0));
    expect(e.status).toBe('not-within-horizon');
  });

  it('keeps the earliest date when only the upper bound and the mean cross', () => {
    const e = estimateExhaustion(query, lineForecast(91, (d) => 100 + d, () => 30)); // mean on day 100 > 90, upper on day 70
    expect(e.status).toBe('within-horizon');
    expect(e.earliestDate).toBe('2027-01-25');
    expect(e.expectedDate).toBeNull();
    expect(e.latestDate).toBeNull();
    expect(e.daysUntilLower).toBe(70);
    expect(e.sentence).toContain('beyond the 13-week horizon');
  });

  it('reports exhaustion now when the current value is already at the threshold', () => {
    const e = estimateExhaustion({ ...query, currentValue: 200 }, lineForecast(91, () => 200, () => 5));
    expect(e.status).toBe('exhausted');
    expect(e.daysUntil).toBe(0);
    expect(e.sentence).toBe('cluster sample already is out of memory requests');
  });

  it('returns unknown with the reason when there is no forecast', () => {
    const e = estimateExhaustion(query, null, 'only 3 days of history; forecasts need at least 7');
    expect(e.status).toBe('unknown');
    expect(e.reason).toBe('only 3 days of history; forecasts need at least 7');
  });

  it('never finds a crossing for a flat series well below the threshold', () => {
    let seed = 11;
    const noise = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 - 0.5; };
    const values = Float64Array.from({ length: 56 }, (_, d) => 100 + 5 * Math.sin((2 * Math.PI * d) / 7) + 4 * noise());
    const f = forecast({ startMs: nowMs - 56 * DAY_MS, stepSeconds: 86_400, values }, { horizon: 91, levels: [80, 95], seasonalPeriods: [7] });
    const e = estimateExhaustion({ ...query, threshold: 150, currentValue: values[55] }, f);
    expect(e.status).toBe('not-within-horizon');
  });
});
