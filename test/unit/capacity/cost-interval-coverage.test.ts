import { describe, expect, it } from 'vitest';
import { forecastCosts } from '../../../src/models/capacity/index.js';
import { forecast } from '../../../src/models/forecast/index.js';

const DAY_MS = 86_400_000;
const startMs = Date.UTC(2026, 9, 1); // 61 days of history end on 2026-11-30; December is the first forecast month

describe('monthly cost intervals under correlated daily errors', () => {
  it('cover the actual month at least at the nominal rate, where summing as if independent would not', () => {
    // 60 seeded series whose level is a random walk with drift (errors shared by every day of a
    // month, as in real bills), a weekend dip and daily noise. Forecast December from 61 days.
    let seed = 1;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const gauss = () => Math.sqrt(-2 * Math.log(rnd() || 1e-9)) * Math.cos(2 * Math.PI * rnd());
    let in80 = 0, in95 = 0, inIndependent80 = 0;
    const n = 60;
    for (let k = 0; k < n; k++) {
      let level = 100 + 50 * rnd();
      const drift = (rnd() - 0.3) * 0.5;
      const values: number[] = [];
      for (let d = 0; d < 61 + 31; d++) {
        level += drift + gauss() * 0.5;
        const weekday = new Date(startMs + d * DAY_MS).getUTCDay();
        values.push(Math.max(0, level * (weekday === 0 || weekday === 6 ? 0.8 : 1) + gauss() * 3));
      }
      const daily = values.slice(0, 61).map((costUsd, d) => ({ dayStartMs: startMs + d * DAY_MS, service: 'svc', namespace: '', costUsd }));
      const { report, forecasts } = forecastCosts(daily, forecast);
      const december = report!.series.find((s) => s.breakdown === 'service' && s.key === 'svc')!.months[0];
      expect(december.month).toBe('2026-12');
      const actual = values.slice(61).reduce((a, b) => a + b, 0);
      if (actual >= december.lo80Usd && actual <= december.hi80Usd) in80++;
      if (actual >= december.lo95Usd && actual <= december.hi95Usd) in95++;
      // The same daily bounds combined as if days were independent (root of summed squares).
      const f = forecasts.find((x) => x.series === 'cost/service=svc:daily_usd')!;
      let mean = 0, up = 0, down = 0;
      for (let i = 0; i < 31; i++) { mean += f.mean[i]; up += (f.hi80[i] - f.mean[i]) ** 2; down += (f.mean[i] - f.lo80[i]) ** 2; }
      if (actual >= mean - Math.sqrt(down) && actual <= mean + Math.sqrt(up)) inIndependent80++;
    }
    expect(in80 / n).toBeGreaterThanOrEqual(0.75);
    expect(in95 / n).toBeGreaterThanOrEqual(0.9);
    expect(inIndependent80 / n).toBeLessThan(in80 / n - 0.3);
  });
});
