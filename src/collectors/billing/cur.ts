/**
 * AWS CUR import — CUR 2.0 (Data Exports, snake_case; `product` and `resource_tags` as maps or
 * flattened into product_* / resource_tags_* columns) and legacy CUR (`lineItem/UnblendedCost`
 * headers, read under their CUR 2.0 names) — CSV, gzip or Parquet, through DuckDB, with the standard amortised
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
import type { StoreQueries } from '../../store/index.js';
import type { BillingImportResult } from './import-result.js';
import { billingMessages as m } from './messages.js';
import { checkValues, closeBillingSource, columnOr, moneySql, openBillingSource, requireLayout, sqlIdent, tagKeyVariants, tagSql, timeSql, type BillingSource } from './billing-file.js';
import { exportFiles, identifyExport, storeNormalised, type BillingImportOptions } from './store-normalised.js';
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

/**
 * A product attribute: the flattened column (`product_instance_type`) or the key of the `product`
 * map (`instance_type`), as text; NULL when neither has it.
 */
function productSql(src: BillingSource, attribute: string): string {
  const flat = src.columns.has(`product_${attribute}`) ? `nullif(CAST(${sqlIdent(`product_${attribute}`)} AS VARCHAR), '')` : 'NULL';
  const nested = src.columns.has('product') ? `nullif(${tagSql(src, 'product', [attribute, `product_${attribute}`])}, '')` : 'NULL';
  return `coalesce(${flat}, ${nested})`;
}

/** The namespace tag: from the `resource_tags` map (or JSON), else a flattened resource_tags_* column. */
function namespaceSql(src: BillingSource, tag: string): string {
  const variants = tagKeyVariants(tag);
  const flattened = variants.map((v) => `resource_tags_${v.replace(/[^A-Za-z0-9]/g, '_')}`).filter((c) => src.columns.has(c));
  const fromMap = src.columns.has('resource_tags') ? `nullif(${tagSql(src, 'resource_tags', variants)}, '')` : 'NULL';
  return `coalesce(${fromMap}, ${flattened.map((c) => `nullif(CAST(${sqlIdent(c)} AS VARCHAR), '')`).join(', ') || 'NULL'}, '')`;
}

/** Imports one CUR export (a file, or the files of one export) inside the caller's transaction. */
export async function importCurFile(q: StoreQueries, file: string | string[], options: BillingImportOptions = {}): Promise<BillingImportResult> {
  const kind = 'cur';
  const { files, label } = exportFiles(file);
  const identity = await identifyExport(q, kind, files, label);
  if (identity.duplicate) return identity.duplicate;
  const src = await openBillingSource(q, kind, files, label);
  try {
    requireLayout(src, kind, curRequiredColumns, m.curHint);
    await checkValues(q, src, kind, { money: curMoneyColumns, number: ['line_item_usage_amount'], time: ['line_item_usage_start_date', 'line_item_usage_end_date', 'bill_billing_period_start_date'] });
    const importId = identity.importId;
    const type = `CAST(${sqlIdent('line_item_line_item_type')} AS VARCHAR)`;
    const term = `coalesce(CAST(${columnOr(src, 'pricing_term', 'NULL')} AS VARCHAR), '')`;
    const service = `coalesce(${productSql(src, 'product_name')}, ${productSql(src, 'name')}, CAST(${sqlIdent('line_item_product_code')} AS VARCHAR), '')`;
    const usageType = `coalesce(CAST(${columnOr(src, 'line_item_usage_type', 'NULL')} AS VARCHAR), '')`;
    await q.run(`CREATE OR REPLACE TEMP TABLE cur_norm AS SELECT
        ${timeSql(src, 'line_item_usage_start_date')} AS start_ts, ${timeSql(src, 'line_item_usage_end_date')} AS end_ts,
        'AWS' AS provider, CAST(${service} AS VARCHAR) AS service,
        coalesce(${productSql(src, 'region_code')}, ${productSql(src, 'region')}, '') AS region,
        coalesce(${productSql(src, 'instance_type')}, '') AS instance_type,
        CAST(${namespaceSql(src, options.namespaceTag ?? 'kubernetes.io/namespace')} AS VARCHAR) AS namespace,
        ${moneySql(src, 'line_item_unblended_cost')} AS billed, ${curEffectiveCostSql(src)} AS effective, ${moneySql(src, 'pricing_public_on_demand_cost')} AS list,
        coalesce(TRY_CAST(${columnOr(src, 'line_item_usage_amount', 'NULL')} AS DOUBLE), 0) AS quantity,
        coalesce(CAST(${columnOr(src, 'pricing_unit', 'NULL')} AS VARCHAR), '') AS unit,
        CASE WHEN ${type} = 'Usage' AND ${term} = 'Spot' THEN 'Dynamic' WHEN ${type} = 'Usage' THEN 'Standard'
             WHEN ${type} IN ('SavingsPlanCoveredUsage', 'DiscountedUsage') THEN 'Committed' ELSE 'Other' END AS pricing_category,
        coalesce(nullif(CAST(${columnOr(src, 'savings_plan_savings_plan_a_r_n', 'NULL')} AS VARCHAR), ''), nullif(CAST(${columnOr(src, 'reservation_reservation_a_r_n', 'NULL')} AS VARCHAR), ''), '') AS commitment_id,
        coalesce(CAST(${columnOr(src, 'line_item_resource_id', 'NULL')} AS VARCHAR), '') AS resource_id,
        ${type} AS line_type, ${usageType} AS usage_type, ${term} AS term,
        coalesce(CAST(${columnOr(src, 'line_item_currency_code', 'NULL')} AS VARCHAR), ${src.columns.has('line_item_currency_code') ? "''" : "'USD'"}) AS currency,
        coalesce(CAST(${columnOr(src, 'bill_payer_account_id', 'NULL')} AS VARCHAR), '') AS billing_account,
        ${src.columns.has('bill_billing_period_start_date') ? timeSql(src, 'bill_billing_period_start_date') : 'CAST(NULL AS TIMESTAMP)'} AS billing_period_raw,
        ${curCommitmentColumnsSql(src)}
      FROM ${src.view}`);
    const result = await storeNormalised(q, { kind, file: label, identity, options, hasCurrency: src.columns.has('line_item_currency_code'), onDemandFilter: "line_type = 'Usage' AND term IN ('OnDemand', '') AND usage_type LIKE '%BoxUsage%'", table: 'cur_norm' });
    result.commitmentsSeen = await storeCurCommitmentLines(q, 'cur_norm', importId);
    return result;
  } finally {
    await closeBillingSource(q, src);
    await q.run('DROP TABLE IF EXISTS cur_norm').catch(() => undefined);
  }
}
