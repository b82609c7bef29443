/**
 * The commitment lines of a CUR or FOCUS export, kept so that planning can count the Reserved
 * Instances and Savings Plans already owned (src/models/commitments/derive-billed-commitments.ts).
 *
 *   extra columns in the import's one pass over the file (…CommitmentColumnsSql) ─► select the
 *     commitment rows of the normalised table (usage rows summed per day, fee rows kept per charge
 *     period) ─► read them with the pure readers, under the export's own column names ─► replace
 *     this import's lines
 *
 * The SQL returns columns named as the export names them, so the readers that tests feed
 * hand-written rows are the ones the import uses.
 */
import type { StoreQueries } from '../../store/index.js';
import { replaceBillCommitmentLines } from '../../store/commitment-repo.js';
import { readCurCommitmentLines, readFocusCommitmentLines, type BillRow } from '../../models/commitments/index.js';
import { columnOr, moneySql, timeSql, type BillingSource } from './billing-file.js';

const isoFormat = "'%Y-%m-%dT%H:%M:%SZ'";
const text = (src: BillingSource, column: string) => `coalesce(CAST(${columnOr(src, column, 'NULL')} AS VARCHAR), '')`;
const timeOrNull = (src: BillingSource, column: string) => (src.columns.has(column) ? timeSql(src, column) : 'CAST(NULL AS TIMESTAMP)');
const numberOrNull = (src: BillingSource, column: string) => `TRY_CAST(${columnOr(src, column, 'NULL')} AS DOUBLE)`;
const moneyOrNull = (src: BillingSource, column: string) => (src.columns.has(column) ? moneySql(src, column) : 'CAST(NULL AS DECIMAL(38,10))');

/** Columns the CUR's normalised table adds for commitments (its start_ts, end_ts, region, … are reused). */
export function curCommitmentColumnsSql(src: BillingSource): string {
  return `${text(src, 'reservation_reservation_a_r_n')} AS res_arn, ${text(src, 'savings_plan_savings_plan_a_r_n')} AS sp_arn, ${text(src, 'savings_plan_region')} AS sp_region,
    ${numberOrNull(src, 'reservation_number_of_reservations')} AS reservations, ${moneyOrNull(src, 'savings_plan_total_commitment_to_date')} AS sp_commitment,
    ${timeOrNull(src, 'reservation_end_time')} AS res_end, ${timeOrNull(src, 'savings_plan_end_time')} AS sp_end`;
}

/** Columns the FOCUS export's normalised table adds for commitments. */
export function focusCommitmentColumnsSql(src: BillingSource): string {
  return `${text(src, 'CommitmentDiscountType')} AS c_type, ${text(src, 'CommitmentDiscountCategory')} AS c_category, ${text(src, 'CommitmentDiscountStatus')} AS c_status,
    ${numberOrNull(src, 'CommitmentDiscountQuantity')} AS c_quantity, ${text(src, 'CommitmentDiscountUnit')} AS c_unit`;
}

const curTypes = "('RIFee', 'DiscountedUsage', 'SavingsPlanRecurringFee', 'SavingsPlanCoveredUsage')";
const curFeeTypes = "('RIFee', 'SavingsPlanRecurringFee')";

/** Reads the commitment lines of a CUR's normalised table and stores them under `importId`; returns how many commitments it saw. */
export async function storeCurCommitmentLines(q: StoreQueries, table: string, importId: string): Promise<number> {
  const rows = await q.all<BillRow>(`
    SELECT line_type AS line_item_line_item_type, res_arn AS reservation_reservation_a_r_n, sp_arn AS savings_plan_savings_plan_a_r_n,
      strftime(CASE WHEN line_type IN ${curFeeTypes} THEN min(start_ts) ELSE date_trunc('day', min(start_ts)) END, ${isoFormat}) AS line_item_usage_start_date,
      strftime(max(end_ts), ${isoFormat}) AS line_item_usage_end_date,
      region AS product_region_code, instance_type AS product_instance_type, usage_type AS line_item_usage_type, sp_region AS savings_plan_region,
      CAST(sum(quantity) AS VARCHAR) AS line_item_usage_amount, CAST(max(reservations) AS VARCHAR) AS reservation_number_of_reservations,
      CAST(sum(sp_commitment) AS VARCHAR) AS savings_plan_total_commitment_to_date, CAST(sum(billed) AS VARCHAR) AS line_item_unblended_cost,
      strftime(max(res_end), ${isoFormat}) AS reservation_end_time, strftime(max(sp_end), ${isoFormat}) AS savings_plan_end_time
    FROM ${table}
    WHERE line_type IN ${curTypes} AND (res_arn <> '' OR sp_arn <> '') AND start_ts IS NOT NULL AND end_ts IS NOT NULL
    GROUP BY line_type, res_arn, sp_arn, CASE WHEN line_type IN ${curFeeTypes} THEN start_ts ELSE date_trunc('day', start_ts) END, region, instance_type, usage_type, sp_region
    ORDER BY ALL`);
  const lines = readCurCommitmentLines(rows);
  await replaceBillCommitmentLines(q, importId, lines);
  return new Set(lines.map((l) => l.commitmentId)).size;
}

/** Reads the commitment lines of a FOCUS export's normalised table and stores them under `importId`; returns how many commitments it saw. */
export async function storeFocusCommitmentLines(q: StoreQueries, table: string, importId: string): Promise<number> {
  const rows = await q.all<BillRow>(`
    SELECT commitment_id AS CommitmentDiscountId, c_type AS CommitmentDiscountType, c_category AS CommitmentDiscountCategory, c_status AS CommitmentDiscountStatus,
      charge_category AS ChargeCategory,
      strftime(CASE WHEN lower(charge_category) = 'purchase' THEN min(start_ts) ELSE date_trunc('day', min(start_ts)) END, ${isoFormat}) AS ChargePeriodStart,
      strftime(max(end_ts), ${isoFormat}) AS ChargePeriodEnd, region AS RegionId, instance_type AS x_InstanceType,
      CAST(sum(c_quantity) AS VARCHAR) AS CommitmentDiscountQuantity, c_unit AS CommitmentDiscountUnit,
      CAST(sum(quantity) AS VARCHAR) AS ConsumedQuantity, unit AS ConsumedUnit, CAST(sum(effective) AS VARCHAR) AS EffectiveCost
    FROM ${table}
    WHERE commitment_id <> '' AND start_ts IS NOT NULL AND end_ts IS NOT NULL
    GROUP BY commitment_id, c_type, c_category, c_status, charge_category,
      CASE WHEN lower(charge_category) = 'purchase' THEN start_ts ELSE date_trunc('day', start_ts) END, region, instance_type, c_unit, unit
    ORDER BY ALL`);
  const lines = readFocusCommitmentLines(rows);
  await replaceBillCommitmentLines(q, importId, lines);
  return new Set(lines.map((l) => l.commitmentId)).size;
}
