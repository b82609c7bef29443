/**
 * Billing data: `cost_line_items` and `instance_usage_hours`, each keyed by an import id (one per
 * imported file or collected window) so that re-importing replaces instead of doubling.
 * Summaries are SQL in DuckDB.
 */
import type { CostLineItem, InstanceUsageHour } from '../domain/cost.js';
import type { SqlParam, StoreQueries } from './store.js';

const lineColumns = ['import_id', 'period_start', 'period_end', 'provider', 'service', 'region', 'instance_type', 'namespace', 'resource_id',
  'billed_cost_usd', 'effective_cost_usd', 'list_cost_usd', 'usage_quantity', 'usage_unit', 'pricing_category', 'commitment_discount_id', 'source', 'billing_period_start', 'currency'];

/** The calendar month of a charge: the billing period of the sources that do not name one (sample, Cost Explorer). */
const monthStart = (ms: number) => new Date(Date.UTC(new Date(ms).getUTCFullYear(), new Date(ms).getUTCMonth(), 1));

/** Replaces the line items of `importId`. Call inside a transaction. */
export async function replaceCostLineItems(q: StoreQueries, importId: string, items: CostLineItem[]): Promise<void> {
  await q.run('DELETE FROM cost_line_items WHERE import_id = $1', [importId]);
  await q.insertRows('cost_line_items', lineColumns, items.map((i): SqlParam[] => [
    importId, new Date(i.periodStartMs), new Date(i.periodEndMs), i.provider, i.service, i.region, i.instanceType, i.namespace, i.resourceId,
    i.billedCostUsd, i.effectiveCostUsd, i.listCostUsd, i.usageQuantity, i.usageUnit, i.pricingCategory, i.commitmentDiscountId, i.source, monthStart(i.periodStartMs),
    i.currency ?? 'USD',
  ]));
}

/** Replaces the hourly instance usage of `importId`. Call inside a transaction. */
export async function replaceInstanceUsageHours(q: StoreQueries, importId: string, rows: InstanceUsageHour[]): Promise<void> {
  await q.run('DELETE FROM instance_usage_hours WHERE import_id = $1', [importId]);
  await q.insertRows('instance_usage_hours', ['import_id', 'hour', 'region', 'instance_type', 'instances'],
    rows.map((r): SqlParam[] => [importId, new Date(r.timestampMs), r.region, r.instanceType, r.instances]));
}

/** Hourly on-demand instances summed over imports, optionally within [fromMs, toMs). */
export async function loadInstanceUsageHours(q: StoreQueries, window: { fromMs?: number; toMs?: number } = {}): Promise<InstanceUsageHour[]> {
  const rows = await q.all<{ ms: number; region: string; instance_type: string; instances: number }>(
    `SELECT epoch_ms(hour) AS ms, region, instance_type, sum(instances) AS instances FROM instance_usage_hours
     WHERE hour >= $1 AND hour < $2 GROUP BY ALL ORDER BY ms, region, instance_type`,
    [new Date(window.fromMs ?? 0), new Date(window.toMs ?? Date.UTC(9999, 0))]);
  return rows.map((r) => ({ timestampMs: Number(r.ms), region: r.region, instanceType: r.instance_type, instances: Number(r.instances) }));
}

export interface CostTotalsRow {
  key: string;
  day: string;
  /** Currency of the amounts (lines of several currencies are separate rows). */
  currency: string;
  effectiveCostUsd: number;
  billedCostUsd: number;
}

/** Dimensions costs can be grouped by, and the SQL of each key. */
export const costDimensionSql = {
  all: "'all'",
  service: 'service',
  namespace: 'namespace',
  provider: 'provider',
  region: 'region',
  account: 'billing_account',
  'billing-period': "coalesce(strftime(billing_period_start, '%Y-%m'), '')",
} as const;
export type CostDimension = keyof typeof costDimensionSql;

/**
 * Daily effective and billed cost grouped by `dimension` (and currency) over [fromMs, toMs). Sums
 * in DECIMAL(38,10) so that thousands of small amounts add up without float drift.
 */
export async function sumCostsByDay(q: StoreQueries, dimension: CostDimension, window: { fromMs: number; toMs: number }, sources?: string[]): Promise<CostTotalsRow[]> {
  const column = costDimensionSql[dimension];
  const key = dimension === 'all' ? column : `CASE WHEN coalesce(${column}, '') = '' THEN '(unallocated)' ELSE ${column} END`;
  const sourceFilter = sources?.length ? `AND source IN (${sources.map((_, i) => `$${i + 3}`).join(', ')})` : '';
  const rows = await q.all<{ key: string; day: string; currency: string; effective: number; billed: number }>(
    `SELECT ${key} AS key, strftime(period_start, '%Y-%m-%d') AS day, coalesce(currency, 'USD') AS currency,
            CAST(sum(CAST(effective_cost_usd AS DECIMAL(38,10))) AS DOUBLE) AS effective,
            CAST(sum(CAST(billed_cost_usd AS DECIMAL(38,10))) AS DOUBLE) AS billed
     FROM cost_line_items WHERE period_start >= $1 AND period_start < $2 ${sourceFilter}
     GROUP BY ALL ORDER BY key, day, currency`,
    [new Date(window.fromMs), new Date(window.toMs), ...(sources ?? [])]);
  return rows.map((r) => ({ key: r.key, day: r.day, currency: r.currency, effectiveCostUsd: Number(r.effective), billedCostUsd: Number(r.billed) }));
}

/** Currencies of the stored line items in [fromMs, toMs) of some sources. */
export async function costCurrencies(q: StoreQueries, window: { fromMs: number; toMs: number }, sources: string[]): Promise<string[]> {
  const rows = await q.all<{ currency: string }>(
    `SELECT DISTINCT coalesce(currency, 'USD') AS currency FROM cost_line_items WHERE period_start >= $1 AND period_start < $2 AND source IN (${sources.map((_, i) => `$${i + 3}`).join(', ')}) ORDER BY 1`,
    [new Date(window.fromMs), new Date(window.toMs), ...sources]);
  return rows.map((r) => r.currency);
}

/** The span of stored line items (optionally of some sources), or null when there are none. */
export async function costWindow(q: StoreQueries, sources?: string[]): Promise<{ fromMs: number; toMs: number; sources: string[] } | null> {
  const filter = sources?.length ? `WHERE source IN (${sources.map((_, i) => `$${i + 1}`).join(', ')})` : '';
  const rows = await q.all<{ lo: number | null; hi: number | null; sources: string[] }>(
    `SELECT epoch_ms(min(period_start)) AS lo, epoch_ms(max(period_end)) AS hi, list(DISTINCT source ORDER BY source) AS sources FROM cost_line_items ${filter}`, sources ?? []);
  const r = rows[0];
  if (!r || r.lo === null || r.hi === null) return null;
  return { fromMs: Number(r.lo), toMs: Number(r.hi), sources: [...(r.sources ?? [])].map(String) };
}

/**
 * SQL for `column` of `cost_line_items` in one currency: each line's amount times its currency's
 * rate (`rates` from an exchange-rate plan). With no rate other than 1 it is the column itself; a
 * currency without a rate keeps its amount (the plan refuses such a mix before any sum).
 */
export function convertedAmountSql(column: string, rates?: ReadonlyMap<string, number>): string {
  const cases = [...(rates ?? new Map<string, number>())].filter(([, rate]) => rate !== 1);
  if (cases.length === 0) return column;
  const when = cases.map(([code, rate]) => {
    if (!/^[A-Z]{3}$/.test(code) || !Number.isFinite(rate)) throw new Error(`exchange rate ${code}=${rate}: expected an ISO 4217 code and a finite rate`);
    return `WHEN '${code}' THEN ${rate}`;
  }).join(' ');
  return `(${column} * CASE coalesce(currency, 'USD') ${when} ELSE 1 END)`;
}

/** Distinct currencies of the one-source bill (`cost_line_items_one_source`) in [fromMs, toMs). */
export async function oneSourceCurrencies(q: StoreQueries, window: { fromMs: number; toMs: number }): Promise<string[]> {
  const rows = await q.all<{ currency: string }>(
    `SELECT DISTINCT coalesce(currency, 'USD') AS currency FROM cost_line_items_one_source WHERE period_start >= $1 AND period_start < $2 ORDER BY 1`,
    [new Date(window.fromMs), new Date(window.toMs)]);
  return rows.map((r) => r.currency);
}

/** Distinct currencies of all stored line items, leaving out those of the imports `exceptImportIds`. */
export async function storedCurrencies(q: StoreQueries, exceptImportIds: readonly string[] = []): Promise<string[]> {
  const rows = await q.all<{ currency: string }>(
    `SELECT DISTINCT coalesce(currency, 'USD') AS currency FROM cost_line_items
     ${exceptImportIds.length ? `WHERE import_id NOT IN (${exceptImportIds.map((_, i) => `$${i + 1}`).join(', ')})` : ''} ORDER BY 1`, [...exceptImportIds]);
  return rows.map((r) => r.currency);
}
