/**
 * The commitment lines of a CUR or FOCUS export, kept so that planning can count the Reserved
 * Instances and Savings Plans already owned (src/models/commitments/derive-billed-commitments.ts).
 *
 *   select commitment rows in DuckDB (usage rows summed per day; fee rows kept per charge period)
 *     ─► read them with the pure readers, under the export's own column names ─► replace this import's lines
 *
 * The SQL returns columns named as the export names them, so the readers that tests feed
 * hand-written rows are the ones the import uses.
 */
import type { StoreQueries } from '../../store/index.js';
import { replaceBillCommitmentLines } from '../../store/commitment-repo.js';
import { readCurCommitmentLines, readFocusCommitmentLines, type BillRow } from '../../models/commitments/index.js';
import { columnOr, moneySql, sqlIdent, timeSql, type BillingSource } from './billing-file.js';

const isoFormat = "'%Y-%m-%dT%H:%M:%SZ'";
const text = (src: BillingSource, column: string) => `coalesce(CAST(${columnOr(src, column, 'NULL')} AS VARCHAR), '')`;
const timeOrNull = (src: BillingSource, column: string) => (src.columns.has(column) ? timeSql(src, column) : 'CAST(NULL AS TIMESTAMP)');
const numberOrNull = (src: BillingSource, column: string) => `TRY_CAST(${columnOr(src, column, 'NULL')} AS DOUBLE)`;
const moneyOrNull = (src: BillingSource, column: string) => (src.columns.has(column) ? moneySql(src, column) : 'CAST(NULL AS DECIMAL(38,10))');

const curTypes = "('RIFee', 'DiscountedUsage', 'SavingsPlanRecurringFee', 'SavingsPlanCoveredUsage')";
const curFeeTypes = "('RIFee', 'SavingsPlanRecurringFee')";

/** Reads the CUR's commitment lines and stores them under `importId`; returns how many commitments it saw. */
export async function storeCurCommitmentLines(q: StoreQueries, src: BillingSource, importId: string): Promise<number> {
  const rows = await q.all<BillRow>(`WITH c AS (
      SELECT CAST(${sqlIdent('line_item_line_item_type')} AS VARCHAR) AS t,
        ${text(src, 'reservation_reservation_a_r_n')} AS res_arn, ${text(src, 'savings_plan_savings_plan_a_r_n')} AS sp_arn,
        ${timeSql(src, 'line_item_usage_start_date')} AS s, ${timeSql(src, 'line_item_usage_end_date')} AS e,
        ${text(src, 'product_region_code')} AS region, ${text(src, 'product_instance_type')} AS itype, ${text(src, 'line_item_usage_type')} AS utype,
        ${text(src, 'savings_plan_region')} AS sp_region,
        coalesce(${numberOrNull(src, 'line_item_usage_amount')}, 0) AS amount, ${numberOrNull(src, 'reservation_number_of_reservations')} AS nres,
        ${moneyOrNull(src, 'savings_plan_total_commitment_to_date')} AS tctd, ${moneySql(src, 'line_item_unblended_cost')} AS unblended,
        ${timeOrNull(src, 'reservation_end_time')} AS res_end, ${timeOrNull(src, 'savings_plan_end_time')} AS sp_end
      FROM ${src.view} WHERE CAST(${sqlIdent('line_item_line_item_type')} AS VARCHAR) IN ${curTypes})
    SELECT t AS line_item_line_item_type, res_arn AS reservation_reservation_a_r_n, sp_arn AS savings_plan_savings_plan_a_r_n,
      strftime(CASE WHEN t IN ${curFeeTypes} THEN min(s) ELSE date_trunc('day', min(s)) END, ${isoFormat}) AS line_item_usage_start_date,
      strftime(max(e), ${isoFormat}) AS line_item_usage_end_date,
      region AS product_region_code, itype AS product_instance_type, utype AS line_item_usage_type, sp_region AS savings_plan_region,
      CAST(sum(amount) AS VARCHAR) AS line_item_usage_amount, CAST(max(nres) AS VARCHAR) AS reservation_number_of_reservations,
      CAST(sum(tctd) AS VARCHAR) AS savings_plan_total_commitment_to_date, CAST(sum(unblended) AS VARCHAR) AS line_item_unblended_cost,
      strftime(max(res_end), ${isoFormat}) AS reservation_end_time, strftime(max(sp_end), ${isoFormat}) AS savings_plan_end_time
    FROM c WHERE s IS NOT NULL AND e IS NOT NULL AND (res_arn <> '' OR sp_arn <> '')
    GROUP BY t, res_arn, sp_arn, CASE WHEN t IN ${curFeeTypes} THEN s ELSE date_trunc('day', s) END, region, itype, utype, sp_region
    ORDER BY ALL`);
  const lines = readCurCommitmentLines(rows);
  await replaceBillCommitmentLines(q, importId, lines);
  return new Set(lines.map((l) => l.commitmentId)).size;
}

/** Reads the FOCUS export's commitment lines and stores them under `importId`; returns how many commitments it saw. */
export async function storeFocusCommitmentLines(q: StoreQueries, src: BillingSource, importId: string): Promise<number> {
  if (!src.columns.has('CommitmentDiscountId')) {
    await replaceBillCommitmentLines(q, importId, []);
    return 0;
  }
  const skuInstance = src.columns.has('SkuPriceDetails')
    ? `json_extract_string(TRY_CAST(nullif(CAST(${sqlIdent('SkuPriceDetails')} AS VARCHAR), '') AS JSON), '$.InstanceType')` : 'NULL';
  const region = src.columns.has('RegionId') ? text(src, 'RegionId') : text(src, 'Region');
  const rows = await q.all<BillRow>(`WITH c AS (
      SELECT ${text(src, 'CommitmentDiscountId')} AS id, ${text(src, 'CommitmentDiscountType')} AS ctype, ${text(src, 'CommitmentDiscountCategory')} AS category,
        ${text(src, 'CommitmentDiscountStatus')} AS status, ${text(src, 'ChargeCategory')} AS charge,
        ${timeSql(src, 'ChargePeriodStart')} AS s, ${timeSql(src, 'ChargePeriodEnd')} AS e, ${region} AS region,
        coalesce(nullif(CAST(${columnOr(src, 'x_InstanceType', 'NULL')} AS VARCHAR), ''), ${skuInstance}, '') AS itype,
        ${numberOrNull(src, 'CommitmentDiscountQuantity')} AS cquantity, ${text(src, 'CommitmentDiscountUnit')} AS cunit,
        ${numberOrNull(src, 'ConsumedQuantity')} AS consumed, ${text(src, 'ConsumedUnit')} AS cons_unit,
        ${moneySql(src, 'EffectiveCost')} AS effective
      FROM ${src.view})
    SELECT id AS CommitmentDiscountId, ctype AS CommitmentDiscountType, category AS CommitmentDiscountCategory, status AS CommitmentDiscountStatus, charge AS ChargeCategory,
      strftime(CASE WHEN lower(charge) = 'purchase' THEN min(s) ELSE date_trunc('day', min(s)) END, ${isoFormat}) AS ChargePeriodStart,
      strftime(max(e), ${isoFormat}) AS ChargePeriodEnd, region AS RegionId, itype AS x_InstanceType,
      CAST(sum(cquantity) AS VARCHAR) AS CommitmentDiscountQuantity, cunit AS CommitmentDiscountUnit,
      CAST(sum(consumed) AS VARCHAR) AS ConsumedQuantity, cons_unit AS ConsumedUnit, CAST(sum(effective) AS VARCHAR) AS EffectiveCost
    FROM c WHERE id <> '' AND s IS NOT NULL AND e IS NOT NULL
    GROUP BY id, ctype, category, status, charge, CASE WHEN lower(charge) = 'purchase' THEN s ELSE date_trunc('day', s) END, region, itype, cunit, cons_unit
    ORDER BY ALL`);
  const lines = readFocusCommitmentLines(rows);
  await replaceBillCommitmentLines(q, importId, lines);
  return new Set(lines.map((l) => l.commitmentId)).size;
}
