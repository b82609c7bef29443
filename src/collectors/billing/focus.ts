/**
 * FOCUS 1.0–1.2 import (AWS, Azure, GCP and OCI all export it), CSV or Parquet, through DuckDB:
 * validate → aggregate per day in SQL → replace this file's rows in the store. EffectiveCost is
 * FOCUS's amortised cost, used as is.
 */
import type { StoreQueries } from '../../store/index.js';
import type { BillingImportResult } from './import-result.js';
import { billingMessages as m } from './messages.js';
import { checkValues, closeBillingSource, columnOr, moneySql, openBillingSource, requireLayout, sqlIdent, tagKeyVariants, tagSql, timeSql } from './billing-file.js';
import { focusCommitmentColumnsSql, storeFocusCommitmentLines } from './commitment-lines.js';
import { exportFiles, identifyExport, storeNormalised, type BillingImportOptions } from './store-normalised.js';

export const focusRequiredColumns = ['BilledCost', 'EffectiveCost', 'ChargePeriodStart', 'ChargePeriodEnd', 'ServiceName'];
const focusMoneyColumns = ['BilledCost', 'EffectiveCost', 'ListCost'];

export type { BillingImportOptions };

/**
 * Imports one FOCUS export (a file, or the files of one export) inside the caller's transaction.
 * The literal NULL is null in every column, Tags and SkuPriceDetails are JSON text or maps.
 */
export async function importFocusFile(q: StoreQueries, file: string | string[], options: BillingImportOptions = {}): Promise<BillingImportResult> {
  const kind = 'focus';
  const { files, label } = exportFiles(file);
  const identity = await identifyExport(q, kind, files, label);
  if (identity.duplicate) return identity.duplicate;
  const src = await openBillingSource(q, kind, files, label);
  try {
    requireLayout(src, kind, focusRequiredColumns, m.focusHint);
    await checkValues(q, src, kind, { money: focusMoneyColumns, number: ['ConsumedQuantity'], time: ['ChargePeriodStart', 'ChargePeriodEnd', 'BillingPeriodStart'] });
    const importId = identity.importId;
    const ns = tagSql(src, 'Tags', tagKeyVariants(options.namespaceTag ?? 'kubernetes.io/namespace'));
    const region = src.columns.has('RegionId') ? sqlIdent('RegionId') : columnOr(src, 'Region', "''");
    const provider = `coalesce(nullif(${columnOr(src, 'ServiceProviderName', 'NULL')}, ''), nullif(${columnOr(src, 'ProviderName', 'NULL')}, ''), '')`;
    const skuInstance = src.columns.has('SkuPriceDetails') ? `nullif(${tagSql(src, 'SkuPriceDetails', ['InstanceType', 'x_InstanceType'])}, '')` : 'NULL';
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
        coalesce(CAST(${columnOr(src, 'BillingCurrency', 'NULL')} AS VARCHAR), ${src.columns.has('BillingCurrency') ? "''" : "'USD'"}) AS currency,
        coalesce(CAST(${columnOr(src, 'BillingAccountId', 'NULL')} AS VARCHAR), '') AS billing_account,
        ${src.columns.has('BillingPeriodStart') ? timeSql(src, 'BillingPeriodStart') : 'CAST(NULL AS TIMESTAMP)'} AS billing_period_raw,
        ${focusCommitmentColumnsSql(src)}
      FROM ${src.view}`);
    const result = await storeNormalised(q, { kind, file: label, identity, options, hasCurrency: src.columns.has('BillingCurrency'), onDemandFilter: "pricing_category = 'Standard' AND charge_category = 'Usage' AND lower(unit) IN ('hrs', 'hours', 'hour')", table: 'focus_norm' });
    result.commitmentsSeen = await storeFocusCommitmentLines(q, 'focus_norm', importId);
    return result;
  } finally {
    await closeBillingSource(q, src);
    await q.run('DROP TABLE IF EXISTS focus_norm').catch(() => undefined);
  }
}
