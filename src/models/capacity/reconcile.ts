/**
 * Finance reads one total: the rows of each breakdown (services, namespaces, teams) must add up to
 * the `(total)` forecast. Each key's own forecast does not (the sum of forecasts is not the
 * forecast of the sum: steps, trends and damping are found per series), so each month's forecast
 * days are scaled, top-down by forecast proportions (FPP3 §11.2):
 *
 *   k(month) = (total − Σ rows' actuals to date) / Σ rows' forecast part;  row = actual + k · forecast
 *
 * Bounds are scaled with their mean (the comonotonic monthly intervals stay comonotonic). Actuals
 * are never changed; a month without forecast days keeps k = 1.
 */
import type { CostForecastSeries, CostReconciliation, MonthlyCostForecast } from '../../domain/capacity.js';
import { sumMonths } from './month-sums.js';

function scaleMonth(m: MonthlyCostForecast, k: number): MonthlyCostForecast {
  const a = m.actualToDateUsd;
  const scale = (v: number) => a + k * (v - a);
  return { ...m, meanUsd: scale(m.meanUsd), lo80Usd: scale(m.lo80Usd), hi80Usd: scale(m.hi80Usd), lo95Usd: scale(m.lo95Usd), hi95Usd: scale(m.hi95Usd), reconciliationFactor: k };
}

/** Scales `rows` (in place) so that every month adds up to `total`'s; returns what it did. */
export function reconcileToTotal(total: CostForecastSeries, rows: CostForecastSeries[], hasPartialMonth: boolean): Omit<CostReconciliation, 'breakdown'> {
  const rowsNext12MonthsUsd = rows.reduce((s, r) => s + r.next12Months.meanUsd, 0);
  let minFactor = Infinity, maxFactor = -Infinity;
  const factors = total.months.map((t, j) => {
    let actual = 0, forecastPart = 0;
    for (const r of rows) {
      const m = r.months[j]!;
      actual += m.actualToDateUsd;
      forecastPart += m.meanUsd - m.actualToDateUsd;
    }
    const k = forecastPart > 0 ? Math.max(0, (t.meanUsd - actual) / forecastPart) : 1;
    minFactor = Math.min(minFactor, k);
    maxFactor = Math.max(maxFactor, k);
    return k;
  });
  for (const r of rows) {
    r.months = r.months.map((m, j) => scaleMonth(m, factors[j]!));
    const full = r.months.slice(hasPartialMonth ? 1 : 0);
    r.next3Months = sumMonths(full.slice(0, 3));
    r.next12Months = sumMonths(full.slice(0, 12));
  }
  return { method: 'forecast-proportions', rowsNext12MonthsUsd, totalNext12MonthsUsd: total.next12Months.meanUsd, minFactor: rows.length ? minFactor : 1, maxFactor: rows.length ? maxFactor : 1 };
}
