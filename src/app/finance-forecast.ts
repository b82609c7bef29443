/**
 * Finance's monthly cost forecast (issue 17 item 5), one CSV for finance to audit:
 *
 *   the bill's daily cost (one source) ─► per service, as billed
 *   the latest allocation run by `asOfMs` ─► per namespace and per team, as allocated (shared
 *     namespaces spread; idle and unplaced lines as their own row)
 *   ─► forecastCosts (daily, summed to calendar months) ─► every breakdown reconciled to the one
 *     `(total)` forecast ─► CSV with the method, history, steps and recent accuracy beside each row
 *
 * The demo's `finance` stage and the weekly report (`cost-forecast.csv`) both call it.
 */
import type { CostForecastReport, NamedForecast } from '../domain/capacity.js';
import { forecastCosts, type AllocatedCosts, type AllocatedDay, type Forecaster } from '../models/capacity/index.js';
import { forecast } from '../models/forecast/index.js';
import type { StoreQueries } from '../store/index.js';
import { loadAllocationGrouping, loadLatestAllocationWith } from '../store/allocation-repo.js';
import { loadDailyCosts } from '../store/capacity-repo.js';
import { costCurrencies } from '../store/cost-repo.js';
import { formatFinanceForecastCsv } from './capacity-format.js';

export interface FinanceForecastOptions {
  /** The allocation's team label (config allocation.teamLabel). */
  teamLabel: string;
  /** Only data before this instant is used (a weekly report's end; Infinity for all). */
  asOfMs: number;
  forecaster?: Forecaster;
  method?: string;
  minHistoryDays?: number;
}

export interface FinanceForecast {
  report: CostForecastReport | null;
  forecasts: NamedForecast[];
  /** The bill's currency (several joined with '+' when the bill mixes them). */
  currency: string;
  costSource: string | null;
  /** The allocation run the namespace and team rows come from; null when none (rows by the bill's namespace tags, no teams). */
  allocationRunId: string | null;
  csv: string;
}

function clip(days: readonly { dayStartMs: number; costUsd: number }[], endMs: number): AllocatedDay[] {
  return days.filter((d) => d.dayStartMs < endMs);
}

async function loadAllocated(q: StoreQueries, teamLabel: string, asOfMs: number): Promise<AllocatedCosts | null> {
  const team = await loadLatestAllocationWith(q, `label:${teamLabel}`, asOfMs);
  if (!team) return null;
  const namespace = await loadAllocationGrouping(q, team.runId, 'namespace');
  if (!namespace) return null;
  const endMs = Math.min(team.detail.windowEndMs, asOfMs);
  const byKey = (daily: Map<string, { dayStartMs: number; costUsd: number }[]>) => new Map([...daily].map(([k, v]) => [k, clip(v, endMs)] as const).filter(([, v]) => v.length > 0));
  return { runId: team.runId, windowStartMs: team.detail.windowStartMs, windowEndMs: endMs, namespace: byKey(namespace.daily), team: byKey(team.grouping.daily) };
}

/** The latest instant the store takes (DuckDB timestamps end with year 9999). */
const maxDateMs = Date.UTC(9999, 0, 1);

export async function runFinanceForecast(q: StoreQueries, options: FinanceForecastOptions): Promise<FinanceForecast> {
  const asOfMs = Math.min(options.asOfMs, maxDateMs);
  const costs = await loadDailyCosts(q);
  const daily = costs.daily.filter((c) => c.dayStartMs < asOfMs);
  const allocated = await loadAllocated(q, options.teamLabel, asOfMs);
  let currency = 'USD';
  if (costs.source && daily.length > 0) {
    const currencies = await costCurrencies(q, { fromMs: daily[0]!.dayStartMs, toMs: asOfMs }, [costs.source]);
    if (currencies.length > 0) currency = currencies.join('+');
  }
  const { report, forecasts } = forecastCosts(daily, options.forecaster ?? forecast, {
    allocated: allocated ?? undefined, reconcile: true, method: options.method, minHistoryDays: options.minHistoryDays,
  });
  return { report, forecasts, currency, costSource: costs.source, allocationRunId: allocated?.runId ?? null, csv: formatFinanceForecastCsv(report, currency) };
}
