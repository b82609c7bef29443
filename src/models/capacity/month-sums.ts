/** Sums of monthly cost forecasts (next 3 / next 12 months). */
import type { MonthlyCostForecast } from '../../domain/capacity.js';

export function sumMonths(months: readonly MonthlyCostForecast[]) {
  const s = { meanUsd: 0, lo80Usd: 0, hi80Usd: 0, lo95Usd: 0, hi95Usd: 0 };
  for (const m of months) { s.meanUsd += m.meanUsd; s.lo80Usd += m.lo80Usd; s.hi80Usd += m.hi80Usd; s.lo95Usd += m.lo95Usd; s.hi95Usd += m.hi95Usd; }
  return s;
}
