/**
 * Monthly cost forecasts for finance:
 *
 *   daily cost by key ─► daily series ─► forecast (daily, to the end of the 12th full month)
 *     ─► calendar-month sums (+ actuals of the current month) ─► next 3 / next 12 months
 *
 * Monthly means are exact sums of daily means. Monthly intervals are sums of daily bounds
 * ("comonotonic sum"): exact if daily forecast errors were perfectly correlated, wider than the
 * truth otherwise. Daily errors of a cost forecast are dominated by level and trend error, which
 * is shared by every day of a month, so this errs on the side finance prefers: never too narrow.
 */
import type { CostBreakdown, DailyCost, CostForecastReport, CostForecastSeries, MonthlyCostForecast } from '../../domain/capacity.js';
import { planForecastRequest, type RegularSeries } from '../../domain/forecast.js';
import { DAY_SECONDS } from '../../domain/units.js';
import { aggregateDailySum, formatIsoDate, startOfUtcDayMs } from './daily-series.js';
import { nameForecast, type Forecaster, type NamedForecast } from './forecaster.js';
import { capacityMessages } from './messages.js';
import { residualDailyCost, type AllocatedCosts } from './allocated-costs.js';
import { reconcileToTotal } from './reconcile.js';
import { sumMonths } from './month-sums.js';

const DAY_MS = DAY_SECONDS * 1000;
export const totalCostKey = '(total)';
export const unallocatedNamespaceKey = '(unallocated)';

export type { DailyCost } from '../../domain/capacity.js';

export interface CostForecastOptions {
  /** Keys with fewer days of history are skipped. Default 14. */
  minHistoryDays?: number;
  /** Forecast method; default the engine's own. */
  method?: string;
  /**
   * The team owning a namespace (from the allocation's owner labels); when given, costs are also
   * forecast per team, and namespaces it returns null for go to '(no team)'.
   */
  teamOf?: (namespace: string) => string | null;
  /** History needed per forecast year before a forecast is more than indicative, in days. Default 91 (3 months). */
  historyDaysPerYear?: number;
  /**
   * Allocated daily cost per namespace and per team (the allocation run's, shared namespaces
   * spread, what finance charges back). When given, the namespace and team rows forecast these
   * instead of the bill's namespace tags, plus an `(idle and unallocated)` row: the bill's total
   * minus everything allocated, per day of the allocation window (see allocated-costs.ts).
   */
  allocated?: AllocatedCosts;
  /**
   * Make every breakdown's rows add up to the `(total)` row, month by month (reconcile.ts). Off by
   * default: the capacity run shows each key's own forecast.
   */
  reconcile?: boolean;
}

/** Start of the UTC calendar month `offset` months after the month of `timestampMs`. */
export function addUtcMonths(timestampMs: number, offset: number): number {
  const d = new Date(timestampMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
}

function formatMonth(timestampMs: number): string {
  return new Date(timestampMs).toISOString().slice(0, 7);
}

/** The months a forecast starting at `forecastStartMs` reports: a partial current month (if any) then 12 full months. */
export function planMonths(forecastStartMs: number): { partialMonthStartMs: number | null; fullMonthStartsMs: number[]; endMs: number } {
  const startsOnFirst = new Date(forecastStartMs).getUTCDate() === 1;
  const firstFull = startsOnFirst ? forecastStartMs : addUtcMonths(forecastStartMs, 1);
  const fullMonthStartsMs = Array.from({ length: 12 }, (_, i) => addUtcMonths(firstFull, i));
  return { partialMonthStartMs: startsOnFirst ? null : addUtcMonths(forecastStartMs, 0), fullMonthStartsMs, endMs: addUtcMonths(firstFull, 12) };
}

/** Sums a daily forecast (and the actuals of the history) into calendar months. */
export function sumMonthly(history: RegularSeries, f: NamedForecast, monthStartsMs: number[]): MonthlyCostForecast[] {
  return monthStartsMs.map((monthStart) => {
    const monthEnd = addUtcMonths(monthStart, 1);
    const m: MonthlyCostForecast = { month: formatMonth(monthStart), meanUsd: 0, lo80Usd: 0, hi80Usd: 0, lo95Usd: 0, hi95Usd: 0, actualToDateUsd: 0, forecastDays: 0 };
    for (let i = 0; i < history.values.length; i++) {
      const t = history.startMs + i * DAY_MS;
      if (t >= monthStart && t < monthEnd && Number.isFinite(history.values[i])) m.actualToDateUsd += history.values[i];
    }
    for (let i = 0; i < f.mean.length; i++) {
      const t = f.startMs + i * f.stepSeconds * 1000;
      if (t < monthStart || t >= monthEnd) continue;
      m.meanUsd += f.mean[i];
      m.lo80Usd += f.lo80[i];
      m.hi80Usd += f.hi80[i];
      m.lo95Usd += f.lo95[i];
      m.hi95Usd += f.hi95[i];
      m.forecastDays++;
    }
    m.meanUsd += m.actualToDateUsd;
    m.lo80Usd += m.actualToDateUsd;
    m.hi80Usd += m.actualToDateUsd;
    m.lo95Usd += m.actualToDateUsd;
    m.hi95Usd += m.actualToDateUsd;
    return m;
  });
}


export const noTeamKey = '(no team)';

/** The allocated breakdowns' row for what the allocation did not charge to anyone: idle node capacity and bill lines it could not place. */
export const idleAndUnallocatedKey = '(idle and unallocated)';

function keyOf(c: DailyCost, breakdown: CostBreakdown, teamOf?: (namespace: string) => string | null): string {
  if (breakdown === 'service') return c.service;
  if (breakdown === 'team') return teamOf?.(c.namespace) ?? noTeamKey;
  return c.namespace === '' ? unallocatedNamespaceKey : c.namespace;
}

const accuracyWindowDays = 30;
const accuracyOrigins = 3;

/**
 * The forecast's record on the history's own last months: from up to three origins 30 days apart
 * (each keeping at least `minDays` of history), the next 30 days forecast and summed against what
 * was billed. Finance reads it beside each row: how far off this kind of forecast has been here.
 */
export function scoreRecentMonths(history: RegularSeries, forecaster: Forecaster, minDays: number, method?: string): CostForecastSeries['recentAccuracy'] {
  let months = 0, errorSum = 0, within80 = 0;
  for (let k = 1; k <= accuracyOrigins; k++) {
    const origin = history.values.length - k * accuracyWindowDays;
    if (origin < minDays) break;
    const f = forecaster({ ...history, values: history.values.subarray(0, origin) }, planForecastRequest(accuracyWindowDays, [80], { method }));
    const i80 = f.intervals.find((i) => i.level === 80);
    let actual = 0, mean = 0, lo = 0, hi = 0;
    for (let h = 0; h < accuracyWindowDays; h++) {
      actual += history.values[origin + h];
      mean += Math.max(0, f.mean[h]);
      lo += Math.max(0, i80?.lower[h] ?? f.mean[h]);
      hi += Math.max(0, i80?.upper[h] ?? f.mean[h]);
    }
    if (!(actual > 0)) continue;
    months++;
    errorSum += Math.abs(mean - actual) / actual;
    if (actual >= lo && actual <= hi) within80++;
  }
  return months > 0 ? { months, meanAbsoluteErrorRatio: errorSum / months, within80 } : null;
}

/** Forecasts monthly cost by service and by namespace, plus the total. */
export function forecastCosts(daily: DailyCost[], forecaster: Forecaster, options: CostForecastOptions = {}): { report: CostForecastReport | null; forecasts: NamedForecast[] } {
  const minDays = options.minHistoryDays ?? 14;
  const historyDaysPerYear = options.historyDaysPerYear ?? 91;
  if (daily.length === 0) return { report: null, forecasts: [] };
  let firstDay = Infinity, lastDay = -Infinity;
  for (const c of daily) { const d = startOfUtcDayMs(c.dayStartMs); if (d < firstDay) firstDay = d; if (d > lastDay) lastDay = d; }
  const forecastStartMs = lastDay + DAY_MS;
  const plan = planMonths(forecastStartMs);
  const reportedMonths = plan.partialMonthStartMs === null ? plan.fullMonthStartsMs : [plan.partialMonthStartMs, ...plan.fullMonthStartsMs];
  const forecasts: NamedForecast[] = [];
  const series: CostForecastSeries[] = [];
  const skipped: CostForecastReport['skipped'] = [];

  // `keyLastDay`: allocated costs end with the allocation's window, which may end before the bill.
  const forecastKey = (breakdown: CostBreakdown, key: string, items: readonly { dayStartMs: number; costUsd: number }[], seriesName: string, keyLastDay = lastDay): CostForecastSeries | null => {
    let keyFirst = Infinity;
    for (const c of items) keyFirst = Math.min(keyFirst, startOfUtcDayMs(c.dayStartMs));
    const history = aggregateDailySum(items.map((c) => ({ dayStartMs: c.dayStartMs, amount: c.costUsd })), keyFirst, keyLastDay);
    const horizonDays = Math.round((plan.endMs - (keyLastDay + DAY_MS)) / DAY_MS);
    const days = history.values.length;
    const total = history.values.reduce((a, b) => a + b, 0);
    if (days < minDays) { skipped.push({ breakdown, key, reason: capacityMessages.costShortHistory(days, minDays) }); return null; }
    if (!(total > 0)) { skipped.push({ breakdown, key, reason: capacityMessages.costZero }); return null; }
    const raw = forecaster(history, planForecastRequest(horizonDays, [80, 95], { method: options.method }));
    const named = nameForecast(seriesName, raw);
    forecasts.push(named);
    const months = sumMonthly(history, named, reportedMonths);
    const full = months.slice(plan.partialMonthStartMs === null ? 0 : 1);
    const recent = history.values.subarray(Math.max(0, days - 7));
    const neededDays = Math.ceil((historyDaysPerYear * plan.fullMonthStartsMs.length) / 12);
    return {
      breakdown, key, method: named.method,
      recentDailyUsd: recent.reduce((a, b) => a + b, 0) / recent.length,
      historyDays: days,
      levelShifts: (raw.levelShifts ?? []).map((s) => ({ date: formatIsoDate(s.atMs), sizeUsdPerDay: s.size })),
      indicative: days < neededDays ? capacityMessages.costIndicative(days, neededDays, plan.fullMonthStartsMs.length) : null,
      recentAccuracy: scoreRecentMonths(history, forecaster, minDays, options.method),
      months,
      next3Months: sumMonths(full.slice(0, 3)),
      next12Months: sumMonths(full.slice(0, 12)),
    };
  };

  const totalSeries = forecastKey('service', totalCostKey, daily, 'cost/total:daily_usd');
  const allocated = options.allocated;
  const breakdowns: CostBreakdown[] = options.teamOf || allocated ? ['service', 'namespace', 'team'] : ['service', 'namespace'];
  const reconciliation: NonNullable<CostForecastReport['reconciliation']> = [];
  for (const breakdown of breakdowns) {
    const rows: CostForecastSeries[] = [];
    if (allocated && breakdown !== 'service') {
      const byKey = allocated[breakdown];
      const allocatedLastDay = startOfUtcDayMs(allocated.windowEndMs - 1);
      for (const key of [...byKey.keys()].sort()) {
        const s = forecastKey(breakdown, key, byKey.get(key)!, `cost/allocated-${breakdown}=${key}:daily_usd`, allocatedLastDay);
        if (s) rows.push(s);
      }
      const residual = residualDailyCost(daily, allocated);
      if (residual.length > 0) {
        const s = forecastKey(breakdown, idleAndUnallocatedKey, residual, `cost/allocated-${breakdown}=${idleAndUnallocatedKey}:daily_usd`, allocatedLastDay);
        if (s) rows.push(s);
      }
    } else {
      const groups = new Map<string, DailyCost[]>();
      for (const c of daily) {
        const k = keyOf(c, breakdown, options.teamOf);
        let g = groups.get(k);
        if (!g) groups.set(k, (g = []));
        g.push(c);
      }
      for (const key of [...groups.keys()].sort()) {
        const s = forecastKey(breakdown, key, groups.get(key)!, `cost/${breakdown}=${key}:daily_usd`);
        if (s) rows.push(s);
      }
    }
    if (totalSeries) {
      series.push({ ...totalSeries, breakdown });
      if (options.reconcile) reconciliation.push({ breakdown, ...reconcileToTotal(totalSeries, rows, plan.partialMonthStartMs !== null) });
    }
    series.push(...rows);
  }
  return {
    report: {
      costBasis: 'effective', intervalMethod: 'comonotonic-sum', historyStartMs: firstDay, historyEndMs: forecastStartMs, series, skipped,
      ...(allocated ? { allocationWindow: { startMs: allocated.windowStartMs, endMs: allocated.windowEndMs, runId: allocated.runId } } : {}),
      ...(options.reconcile ? { reconciliation } : {}),
    },
    forecasts,
  };
}
