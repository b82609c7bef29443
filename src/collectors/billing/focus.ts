/**
 * FOCUS 1.0–1.2 import (AWS, Azure, GCP and OCI all export it), CSV or Parquet, through DuckDB:
 * validate → aggregate per day in SQL → replace this file's rows in the store. EffectiveCost is
 * FOCUS's amortised cost, used as is.
 */
import { resolve } from 'node:path';
import type { StoreQueries } from '../../store/index.js';
import type { BillingImportResult } from './import-result.js';
import { billingMessages as m } from './messages.js';
import { checkValues, closeBillingSource, columnOr, moneySql, openBillingSource, requireColumns, sqlIdent, sqlString, tagKeyVariants, tagSql, timeSql } from './billing-file.js';
import { InputError } from '../../domain/errors.js';
import { focusCommitmentColumnsSql, storeFocusCommitmentLines } from './commitment-lines.js';

export const focusRequiredColumns = ['BilledCost', 'EffectiveCost', 'ChargePeriodStart', 'ChargePeriodEnd', 'ServiceName'];
const focusMoneyColumns = ['BilledCost', 'EffectiveCost', 'ListCost'];

export interface BillingImportOptions {
  /** Tag that holds the Kubernetes namespace. Default `kubernetes.io/namespace`. */
  namespaceTag?: string;
}

/** Imports one FOCUS file inside the caller's transaction. */
export async function importFocusFile(q: StoreQueries, file: string, options: BillingImportOptions = {}): Promise<BillingImportResult> {
  const kind = 'focus';
  const src = await openBillingSource(q, kind, file);
  try {
    requireColumns(src, kind, focusRequiredColumns, m.focusHint);
    await checkValues(q, src, kind, { money: focusMoneyColumns, number: ['ConsumedQuantity'], time: ['ChargePeriodStart', 'ChargePeriodEnd'] });
    const importId = `focus:${resolve(file)}`;
    const ns = tagSql(src, 'Tags', tagKeyVariants(options.namespaceTag ?? 'kubernetes.io/namespace'));
    const region = src.columns.has('RegionId') ? sqlIdent('RegionId') : columnOr(src, 'Region', "''");
    const provider = `coalesce(nullif(${columnOr(src, 'ServiceProviderName', 'NULL')}, ''), nullif(${columnOr(src, 'ProviderName', 'NULL')}, ''), '')`;
    const skuInstance = src.columns.has('SkuPriceDetails')
      ? `json_extract_string(TRY_CAST(nullif(CAST(${sqlIdent('SkuPriceDetails')} AS VARCHAR), '') AS JSON), '$.InstanceType')` : 'NULL';
    const instanceType = `coalesce(nullif(CAST(${columnOr(src, 'x_InstanceType', 'NULL')} AS VARCHAR), ''), ${skuInstance}, '')`;
    await q.run(`CREATE OR REPLACE TEMP TABLE focus_norm AS SELECT
        ${timeSql(src, 'ChargePeriodStart')} AS start_ts, ${timeSql(src, 'ChargePeriodEnd')} AS end_ts,
        CAST(${provider} AS VARCHAR) AS provider, coalesce(CAST(${sqlIdent('ServiceName')} AS VARCHAR), '') AS service,
        coalesce(CAST(${region} AS VARCHAR), '') AS region, CAST(${instanceType} AS VARCHAR) AS instance_type, CAST(${ns} AS VARCHAR) AS namespace,
        ${moneySql(src, 'BilledCost')} AS billed, ${moneySql(src, 'EffectiveCost')} AS effective, ${moneySql(src, 'ListCost')} AS list,
        coalesce(TRY_CAST(${columnOr(src, 'ConsumedQuantity', 'NULL')} AS DOUBLE), 0) AS quantity, coalesce(CAST(${columnOr(src, 'ConsumedUnit', 'NULL')} AS VARCHAR), '') AS unit,
        coalesce(nullif(CAST(${columnOr(src, 'PricingCategory', 'NULL')} AS VARCHAR), ''), 'Other') AS pricing_category,
        coalesce(CAST(${columnOr(src, 'CommitmentDiscountId', 'NULL')} AS VARCHAR), '') AS commitment_id,
        coalesce(CAST(${columnOr(src, 'ResourceId', 'NULL')} AS VARCHAR), '') AS resource_id,
        coalesce(CAST(${columnOr(src, 'ChargeCategory', 'NULL')} AS VARCHAR), '') AS charge_category,
        ${focusCommitmentColumnsSql(src)}
      FROM ${src.view}`);
    const result = await storeNormalised(q, { kind, file, importId, onDemandFilter: "pricing_category = 'Standard' AND charge_category = 'Usage' AND lower(unit) IN ('hrs', 'hours', 'hour')", table: 'focus_norm' });
    result.commitmentsSeen = await storeFocusCommitmentLines(q, 'focus_norm', importId);
    return result;
  } finally {
    await closeBillingSource(q, src);
    await q.run('DROP TABLE IF EXISTS focus_norm').catch(() => undefined);
  }
}

/**
 * Stores a normalised temp table (start_ts, end_ts, provider, service, region, instance_type,
 * namespace, billed, effective, list, quantity, unit, pricing_category, commitment_id): line
 * items per day, hourly on-demand instances from one-hour lines matching `onDemandFilter`.
 */
/**
 * Compute lines keep their resource (the instance ID) so that cost allocation can match them to
 * Kubernetes nodes by `kube_node_info{provider_id}`; other lines are summed across resources.
 */
const nodeResourceIdSql = "CASE WHEN instance_type <> '' THEN resource_id ELSE '' END";

export async function storeNormalised(q: StoreQueries, o: { kind: 'focus' | 'cur'; file: string; importId: string; onDemandFilter: string; table: string }): Promise<BillingImportResult> {
  const totals = (await q.all<{ rows: number; effective: string | null; billed: string | null; lo: number | null; hi: number | null; bad_time: number }>(
    `SELECT count(*) AS rows, CAST(sum(effective) AS VARCHAR) AS effective, CAST(sum(billed) AS VARCHAR) AS billed,
            epoch_ms(min(start_ts)) AS lo, epoch_ms(max(end_ts)) AS hi, count(*) FILTER (WHERE start_ts IS NULL) AS bad_time FROM ${o.table}`))[0]!;
  if (Number(totals.rows) === 0) throw new InputError(m.noRows(o.kind, o.file), { hint: m.noRowsHint });
  const warnings: string[] = [];
  if (Number(totals.bad_time) > 0) warnings.push(`${totals.bad_time} row(s) without a charge period were skipped`);
  await q.run('DELETE FROM cost_line_items WHERE import_id = $1', [o.importId]);
  await q.run('DELETE FROM instance_usage_hours WHERE import_id = $1', [o.importId]);
  await q.run(`INSERT INTO cost_line_items (import_id, period_start, period_end, provider, service, region, instance_type, namespace, resource_id,
      billed_cost_usd, effective_cost_usd, list_cost_usd, usage_quantity, usage_unit, pricing_category, commitment_discount_id, source)
    SELECT ${sqlString(o.importId)}, date_trunc('day', start_ts), date_trunc('day', start_ts) + INTERVAL 1 DAY, provider, service, region, instance_type, namespace, node_resource_id,
      CAST(sum(billed) AS DOUBLE), CAST(sum(effective) AS DOUBLE), CAST(sum(list) AS DOUBLE), sum(quantity), unit, pricing_category, commitment_id, ${sqlString(o.kind)}
    FROM (SELECT *, ${nodeResourceIdSql} AS node_resource_id FROM ${o.table}) WHERE start_ts IS NOT NULL
    GROUP BY date_trunc('day', start_ts), provider, service, region, instance_type, namespace, node_resource_id, unit, pricing_category, commitment_id`);
  await q.run(`INSERT INTO instance_usage_hours (import_id, hour, region, instance_type, instances)
    SELECT ${sqlString(o.importId)}, date_trunc('hour', start_ts), region, instance_type, sum(quantity)
    FROM ${o.table} WHERE start_ts IS NOT NULL AND end_ts - start_ts = INTERVAL 1 HOUR AND instance_type <> '' AND ${o.onDemandFilter}
    GROUP BY ALL`);
  const counts = (await q.all<{ items: number; hours: number }>(
    'SELECT (SELECT count(*) FROM cost_line_items WHERE import_id = $1) AS items, (SELECT count(*) FROM instance_usage_hours WHERE import_id = $1) AS hours', [o.importId]))[0]!;
  return {
    kind: o.kind, file: o.file, importId: o.importId, rowsRead: Number(totals.rows), lineItemsStored: Number(counts.items), usageHoursStored: Number(counts.hours),
    effectiveCostUsd: totals.effective ?? '0', billedCostUsd: totals.billed ?? '0', commitmentsSeen: 0,
    periodStartMs: totals.lo === null ? null : Number(totals.lo), periodEndMs: totals.hi === null ? null : Number(totals.hi), warnings,
  };
}
