/**
 * Accountability: past weeks' forecasts next to what happened — total cost, every namespace and
 * service with stored forecasts, and capacity requests per cluster and node pool — with the error
 * and whether the 80 % interval held.
 */
import type { StoredForecastRow } from '../store/report-repo.js';
import { getIsoWeekOf, type IsoWeek } from './iso-week.js';
import type { AccountabilityBreakdownRow, AccountabilityRow, AccountabilitySection, CapacityAccountabilityRow } from './report-types.js';
import type { ReportInputs } from './build-report.js';
import { cents, forecastForWeek, forecastRowsForWeek, scoreForecastErrors, sum } from './forecast-rows.js';
import { reportMessages as msg } from './messages.js';

const DAY_MS = 86_400_000;

/** The dimension and name of a daily cost forecast series (`cost/namespace=shop:daily_usd`). */
export function parseCostSeries(series: string): { dimension: AccountabilityRow['dimension']; name: string } | null {
  if (series === 'cost/total:daily_usd') return { dimension: 'total', name: 'total' };
  const m = /^cost\/(namespace|service)=(.*):daily_usd$/.exec(series);
  return m ? { dimension: m[1] as 'namespace' | 'service', name: m[2]! } : null;
}

/** One row per complete week (the report week and the 7 before) with a forecast made before it began. */
function judgeForecasts(forecastRows: StoredForecastRow[], weeklyActuals: Map<number, number>, reportWeek: IsoWeek, fallbackSeries: string): AccountabilityRow[] {
  const rows: AccountabilityRow[] = [];
  for (let back = 7; back >= 0; back--) {
    const weekStartMs = reportWeek.startMs - back * 7 * DAY_MS;
    const week = getIsoWeekOf(weekStartMs);
    const actual = weeklyActuals.get(week.startMs);
    if (actual === undefined) continue;
    const f = forecastForWeek(forecastRows, week);
    if (!f) continue;
    const what = parseCostSeries(f.series) ?? parseCostSeries(fallbackSeries) ?? { dimension: 'total' as const, name: f.series };
    rows.push({
      series: f.series,
      dimension: what.dimension,
      name: what.name,
      runAtMs: f.runAtMs,
      week: week.week,
      forecastUsd: f.meanUsd,
      lo80Usd: f.lo80Usd,
      hi80Usd: f.hi80Usd,
      actualUsd: cents(actual),
      errorRatio: actual === 0 ? 0 : (actual - f.meanUsd) / actual,
      heldInterval80: f.lo80Usd === null || f.hi80Usd === null ? null : actual >= f.lo80Usd && actual <= f.hi80Usd,
    });
  }
  return rows;
}

/** Scope, name and resource of a capacity requests forecast series; null for other series. */
export function parseRequestsSeries(series: string): { scope: 'cluster' | 'node-pool'; name: string; resource: 'cpu' | 'memory'; unit: 'cores' | 'bytes' } | null {
  const m = /^(cluster|node_pool)=(.+)\/(cpu|memory)_requests_(cores|bytes):daily_max$/.exec(series);
  if (!m) return null;
  return { scope: m[1] === 'cluster' ? 'cluster' : 'node-pool', name: m[2]!, resource: m[3] as 'cpu' | 'memory', unit: m[4] as 'cores' | 'bytes' };
}

/** Capacity forecasts judged week by week: the mean daily peak forecast for the week vs the mean actual daily peak. */
function judgeCapacityForecasts(inputs: ReportInputs): CapacityAccountabilityRow[] {
  const out: CapacityAccountabilityRow[] = [];
  const mean = (xs: number[]) => sum(xs) / xs.length;
  for (const [series, rows] of [...(inputs.capacityForecasts ?? new Map<string, StoredForecastRow[]>())].sort(([a], [b]) => a.localeCompare(b))) {
    const what = parseRequestsSeries(series);
    const actuals = inputs.capacityActuals?.get(series.replace(/:daily_max$/, ''));
    if (!what || !actuals) continue;
    for (let back = 7; back >= 0; back--) {
      const week = getIsoWeekOf(inputs.week.startMs - back * 7 * DAY_MS);
      const days = Array.from({ length: 7 }, (_, i) => actuals.get(week.startMs + i * DAY_MS));
      if (days.some((d) => d === undefined)) continue;
      const rs = forecastRowsForWeek(rows, week);
      if (!rs) continue;
      const actual = mean(days as number[]);
      const forecast = mean(rs.map((r) => r.mean));
      const lo80 = rs.every((r) => r.lo80 !== null) ? mean(rs.map((r) => r.lo80!)) : null;
      const hi80 = rs.every((r) => r.hi80 !== null) ? mean(rs.map((r) => r.hi80!)) : null;
      out.push({
        series, ...what, week: week.week, runAtMs: rs[0]!.runAtMs!, forecast, lo80, hi80, actual,
        errorRatio: actual === 0 ? 0 : (actual - forecast) / actual,
        heldInterval80: lo80 === null || hi80 === null ? null : actual >= lo80 && actual <= hi80,
      });
    }
  }
  return out;
}

/** Past weeks' forecasts against what was spent: the total, then every namespace and service with forecasts. */
export function buildAccountability(inputs: ReportInputs): AccountabilitySection {
  const rows = judgeForecasts(inputs.dailyCostForecasts, inputs.weeklyActuals, inputs.week, 'cost/total:daily_usd');
  const breakdown: AccountabilityBreakdownRow[] = [];
  const breakdownRows: AccountabilityRow[] = [];
  for (const [series, forecastRows] of [...(inputs.breakdownForecasts ?? new Map<string, StoredForecastRow[]>())].sort(([a], [b]) => a.localeCompare(b))) {
    const what = parseCostSeries(series);
    if (!what || what.dimension === 'total') continue;
    const judged = judgeForecasts(forecastRows, inputs.breakdownActuals?.get(series) ?? new Map(), inputs.week, series);
    if (judged.length === 0) continue;
    breakdownRows.push(...judged);
    const last = judged.find((r) => r.week === inputs.week.week) ?? null;
    breakdown.push({
      dimension: what.dimension, name: what.name, weeks: judged.length, ...scoreForecastErrors(judged),
      lastWeekForecastUsd: last?.forecastUsd ?? null, lastWeekActualUsd: last?.actualUsd ?? null, lastWeekErrorRatio: last?.errorRatio ?? null,
    });
  }
  breakdown.sort((a, b) => a.dimension.localeCompare(b.dimension) || (b.lastWeekActualUsd ?? -1) - (a.lastWeekActualUsd ?? -1) || a.name.localeCompare(b.name));
  const capacityRows = judgeCapacityForecasts(inputs);
  if (rows.length === 0) return { status: 'missing', note: msg.noAccountability, rows, meanAbsErrorRatio: null, interval80HitRatio: null, breakdown, breakdownRows, capacityRows };
  return { status: 'ok', note: null, rows, ...scoreForecastErrors(rows), breakdown, breakdownRows, capacityRows };
}
