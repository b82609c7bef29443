import { describe, expect, it } from 'vitest';
import { MONTH_STEP_SECONDS, type RegularSeries } from '../../../src/domain/index.js';
import { forecast } from '../../../src/models/forecast/index.js';
import { createGaussian, createRandom, generate } from './synthetic.js';

/**
 * Intervals calibrated at the horizon being forecast, for every frequency: the engine's rolling-
 * origin backtest runs at that horizon (up to half the history past the shortest training span),
 * so coverage must hold across the horizon, not only at the first step. Per frequency, over many
 * seeded series with a season, a wandering level (AR(1) noise plus a small random walk), the
 * share of future points inside the 80 % and 95 % intervals in the first and second half of the
 * horizon. Measured (seed 4711): daily 0.822 / 0.800 at 80 %, 0.949 / 0.933 at 95 %; weekly
 * 0.823 / 0.879 and 0.947 / 0.983; monthly 0.804 / 0.849 and 0.950 / 0.952. The intervals hold
 * (never more than 4 points short) everywhere; the weekly late half is wider than it needs to be
 * (neither the drift correction nor the Gaussian floor causes it: switching each off left it at
 * 0.86–0.88), which the bounds below allow but do not let grow.
 */
const cases = [
  { name: 'daily (30 days ahead, weekly season)', stepSeconds: 86_400, period: 7, n: 120, horizon: 30 },
  { name: 'weekly (13 weeks ahead)', stepSeconds: 7 * 86_400, period: 52, n: 160, horizon: 13 },
  { name: 'monthly (12 months ahead, yearly season)', stepSeconds: MONTH_STEP_SECONDS, period: 12, n: 72, horizon: 12 },
] as const;

function measure(c: (typeof cases)[number], seed: number) {
  const random = createRandom(seed);
  const gaussian = createGaussian(random);
  const inside = { early80: 0, late80: 0, early95: 0, late95: 0, early: 0, late: 0 };
  for (let k = 0; k < 150; k++) {
    let ar = 0, level = 0;
    const sd = 1 + 3 * random();
    const amplitude = 10 * random();
    const values = generate(c.n + c.horizon, (t) => {
      ar = 0.5 * ar + gaussian();
      level += 0.2 * sd * gaussian();
      return 100 + amplitude * Math.sin((2 * Math.PI * t) / c.period) + level + sd * ar;
    });
    const series: RegularSeries = { startMs: Date.UTC(2020, 0, 1), stepSeconds: c.stepSeconds, values: values.subarray(0, c.n) };
    const f = forecast(series, { horizon: c.horizon, levels: [80, 95] });
    for (let h = 0; h < c.horizon; h++) {
      const y = values[c.n + h];
      const half = h < c.horizon / 2 ? 'early' : 'late';
      inside[half]++;
      if (y >= f.intervals[0].lower[h] && y <= f.intervals[0].upper[h]) inside[`${half}80`]++;
      if (y >= f.intervals[1].lower[h] && y <= f.intervals[1].upper[h]) inside[`${half}95`]++;
    }
  }
  return { early80: inside.early80 / inside.early, late80: inside.late80 / inside.late, early95: inside.early95 / inside.early, late95: inside.late95 / inside.late };
}

describe('interval coverage by horizon for every frequency', () => {
  it.each(cases)('$name: 80 % and 95 % hold in both halves of the horizon, not far too wide', (c) => {
    const m = measure(c, 4711);
    for (const v of [m.early80, m.late80]) {
      expect(v).toBeGreaterThanOrEqual(0.76);
      expect(v).toBeLessThanOrEqual(0.89);
    }
    for (const v of [m.early95, m.late95]) {
      expect(v).toBeGreaterThanOrEqual(0.92);
      expect(v).toBeLessThanOrEqual(0.99);
    }
  });
});
