/**
 * AWS CUR 2.0 import (Data Exports), CSV or Parquet, through DuckDB, with the standard amortised
 * cost per line_item_line_item_type:
 *
 *   Usage, Fee, Tax, Credit, Refund, …      → line_item_unblended_cost
 *   SavingsPlanCoveredUsage                  → savings_plan_savings_plan_effective_cost
 *   SavingsPlanRecurringFee                  → total_commitment_to_date − used_commitment (the unused part)
 *   SavingsPlanNegation, SavingsPlanUpfrontFee → 0 (already inside the covered usage's effective cost)
 *   DiscountedUsage                          → reservation_effective_cost
 *   RIFee                                    → unused amortised upfront + unused recurring fee
 *   Fee of a reservation (RI upfront)        → 0 (amortised into DiscountedUsage and RIFee)
 */
import { resolve } from 'node:path';
import type { StoreQueries } from '../../store/index.js';
import type { BillingImportResult } from './import-result.js';
import { billingMessages as m } from './messages.js';
import { checkValues, closeBillingSource, columnOr, moneySql, openBillingSource, requireColumns, sqlIdent, tagKeyVariants, tagSql, timeSql } from './billing-file.js';
import { storeNormalised, type BillingImportOptions } from './focus.js';
import { curCommitmentColumnsSql, storeCurCommitmentLines } from './commitment-lines.js';

export const curRequiredColumns = ['line_item_line_item_type', 'line_item_unblended_cost', 'line_item_usage_start_date', 'line_item_usage_end_date', 'line_item_product_code'];
const curMoneyColumns = ['line_item_unblended_cost', 'pricing_public_on_demand_cost', 'reservation_effective_cost', 'reservation_unused_amortized_upfront_fee_for_billing_period',
  'reservation_unused_recurring_fee', 'savings_plan_savings_plan_effective_cost', 'savings_plan_total_commitment_to_date', 'savings_plan_used_commitment'];

/** The amortised (effective) cost of a CUR line, as SQL over the export's columns. */
export function curEffectiveCostSql(src: Parameters<typeof moneySql>[0]): string {
  const type = `CAST(${sqlIdent('line_item_line_item_type')} AS VARCHAR)`;
  const riArn = `coalesce(CAST(${columnOr(src, 'reservation_reservation_a_r_n', 'NULL')} AS VARCHAR), '')`;
  return `CASE
      WHEN ${type} = 'SavingsPlanCoveredUsage' THEN ${moneySql(src, 'savings_plan_savings_plan_effective_cost')}
      WHEN ${type} = 'SavingsPlanRecurringFee' THEN ${moneySql(src, 'savings_plan_total_commitment_to_date')} - ${moneySql(src, 'savings_plan_used_commitment')}
      WHEN ${type} IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN CAST(0 AS DECIMAL(38,10))
      WHEN ${type} = 'DiscountedUsage' THEN ${moneySql(src, 'reservation_effective_cost')}
      WHEN ${type} = 'RIFee' THEN ${moneySql(src, 'reservation_unused_amortized_upfront_fee_for_billing_period')} + ${moneySql(src, 'reservation_unused_recurring_fee')}
      WHEN ${type} = 'Fee' AND ${riArn} <> '' THEN CAST(0 AS DECIMAL(38,10))
      ELSE ${moneySql(src, 'line_item_unblended_cost')}
    END`;
}

/** Imports one CUR 2.0 file inside the caller's transaction. */
export async function importCurFile(q: StoreQueries, file: string, options: BillingImportOptions = {}): Promise<BillingImportResult> {
  const kind = 'cur';
  const src = await openBillingSource(q, kind, file);
  try {
    requireColumns(src, kind, curRequiredColumns, m.curHint);
    await checkValues(q, src, kind, { money: curMoneyColumns, number: ['line_item_usage_amount'], time: ['line_item_usage_start_date', 'line_item_usage_end_date'] });
    const importId = `cur:${resolve(file)}`;
    const type = `CAST(${sqlIdent('line_item_line_item_type')} AS VARCHAR)`;
    const term = `coalesce(CAST(${columnOr(src, 'pricing_term', 'NULL')} AS VARCHAR), '')`;
    const productName = src.columns.has('product') ? tagSql(src, 'product', ['product_name']) : "''";
    const service = `coalesce(nullif(${productName}, ''), CAST(${sqlIdent('line_item_product_code')} AS VARCHAR), '')`;
    const usageType = `coalesce(CAST(${columnOr(src, 'line_item_usage_type', 'NULL')} AS VARCHAR), '')`;
    await q.run(`CREATE OR REPLACE TEMP TABLE cur_norm AS SELECT
        ${timeSql(src, 'line_item_usage_start_date')} AS start_ts, ${timeSql(src, 'line_item_usage_end_date')} AS end_ts,
        'AWS' AS provider, CAST(${service} AS VARCHAR) AS service,
        coalesce(CAST(${columnOr(src, 'product_region_code', 'NULL')} AS VARCHAR), '') AS region,
        coalesce(CAST(${columnOr(src, 'product_instance_type', 'NULL')} AS VARCHAR), '') AS instance_type,
        CAST(${tagSql(src, 'resource_tags', tagKeyVariants(options.namespaceTag ?? 'kubernetes.io/namespace'))} AS VARCHAR) AS namespace,
        ${moneySql(src, 'line_item_unblended_cost')} AS billed, ${curEffectiveCostSql(src)} AS effective, ${moneySql(src, 'pricing_public_on_demand_cost')} AS list,
        coalesce(TRY_CAST(${columnOr(src, 'line_item_usage_amount', 'NULL')} AS DOUBLE), 0) AS quantity,
        coalesce(CAST(${columnOr(src, 'pricing_unit', 'NULL')} AS VARCHAR), '') AS unit,
        CASE WHEN ${type} = 'Usage' AND ${term} = 'Spot' THEN 'Dynamic' WHEN ${type} = 'Usage' THEN 'Standard'
             WHEN ${type} IN ('SavingsPlanCoveredUsage', 'DiscountedUsage') THEN 'Committed' ELSE 'Other' END AS pricing_category,
        coalesce(nullif(CAST(${columnOr(src, 'savings_plan_savings_plan_a_r_n', 'NULL')} AS VARCHAR), ''), nullif(CAST(${columnOr(src, 'reservation_reservation_a_r_n', 'NULL')} AS VARCHAR), ''), '') AS commitment_id,
        coalesce(CAST(${columnOr(src, 'line_item_resource_id', 'NULL')} AS VARCHAR), '') AS resource_id,
        ${type} AS line_type, ${usageType} AS usage_type, ${term} AS term,
        ${curCommitmentColumnsSql(src)}
      FROM ${src.view}`);
    const result = await storeNormalised(q, { kind, file, importId, onDemandFilter: "line_type = 'Usage' AND term IN ('OnDemand', '') AND usage_type LIKE '%BoxUsage%'", table: 'cur_norm' });
    result.commitmentsSeen = await storeCurCommitmentLines(q, 'cur_norm', importId);
    return result;
  } finally {
    await closeBillingSource(q, src);
    await q.run('DROP TABLE IF EXISTS cur_norm').catch(() => undefined);
  }
}
