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
import { columnOr, moneySql, sqlIdent, type BillingSource } from './billing-file.js';

const isoFormat = "'%Y-%m-%dT%H:%M:%SZ'";
const text = (src: BillingSource, column: string) => `coalesce(CAST(${columnOr(src, column, 'NULL')} AS VARCHAR), '')`;
const numberOrNull = (src: BillingSource, column: string) => `TRY_CAST(${columnOr(src, column, 'NULL')} AS DOUBLE)`;
const moneyOrNull = (src: BillingSource, column: string) => (src.columns.has(column) ? moneySql(src, column) : 'CAST(NULL AS DECIMAL(38,10))');

const lineType = `CAST(${sqlIdent('line_item_line_item_type')} AS VARCHAR)`;

/**
 * Columns the CUR's normalised table adds for commitments (its start_ts, end_ts, commitment_id, …
 * are reused). Filled only on the lines that need them, and end times stay text until the few
 * grouped rows are read: this runs over every line of the export.
 */
export function curCommitmentColumnsSql(src: BillingSource): string {
  return `CASE WHEN ${lineType} = 'RIFee' THEN ${numberOrNull(src, 'reservation_number_of_reservations')} END AS reservations,
    CASE WHEN ${lineType} = 'SavingsPlanRecurringFee' THEN ${moneyOrNull(src, 'savings_plan_total_commitment_to_date')} END AS sp_commitment,
    CASE WHEN ${lineType} IN ('RIFee', 'DiscountedUsage') THEN nullif(${text(src, 'reservation_end_time')}, '')
         WHEN ${lineType} IN ('SavingsPlanRecurringFee', 'SavingsPlanCoveredUsage') THEN nullif(${text(src, 'savings_plan_end_time')}, '') END AS commitment_end`;
}

/** Columns the FOCUS export's normalised table adds for commitments (only rows with a CommitmentDiscountId fill them). */
export function focusCommitmentColumnsSql(src: BillingSource): string {
  const has = `${text(src, 'CommitmentDiscountId')} <> ''`;
  return `CASE WHEN ${has} THEN ${text(src, 'CommitmentDiscountType')} END AS c_type, CASE WHEN ${has} THEN ${text(src, 'CommitmentDiscountCategory')} END AS c_category,
    CASE WHEN ${has} THEN ${text(src, 'CommitmentDiscountStatus')} END AS c_status, CASE WHEN ${has} THEN ${numberOrNull(src, 'CommitmentDiscountQuantity')} END AS c_quantity,
    CASE WHEN ${has} THEN ${text(src, 'CommitmentDiscountUnit')} END AS c_unit`;
}

const curTypes = "('RIFee', 'DiscountedUsage', 'SavingsPlanRecurringFee', 'SavingsPlanCoveredUsage')";
const curFeeTypes = "('RIFee', 'SavingsPlanRecurringFee')";

/** Reads the commitment lines of a CUR's normalised table and stores them under `importId`; returns how many commitments it saw. */
export async function storeCurCommitmentLines(q: StoreQueries, table: string, importId: string): Promise<number> {
  const rows = await q.all<BillRow>(`
    SELECT line_type AS line_item_line_item_type,
      CASE WHEN line_type IN ('RIFee', 'DiscountedUsage') THEN commitment_id ELSE '' END AS reservation_reservation_a_r_n,
      CASE WHEN line_type IN ('SavingsPlanRecurringFee', 'SavingsPlanCoveredUsage') THEN commitment_id ELSE '' END AS savings_plan_savings_plan_a_r_n,
      strftime(CASE WHEN line_type IN ${curFeeTypes} THEN min(start_ts) ELSE date_trunc('day', min(start_ts)) END, ${isoFormat}) AS line_item_usage_start_date,
      strftime(max(end_ts), ${isoFormat}) AS line_item_usage_end_date,
      region AS product_region_code, instance_type AS product_instance_type, usage_type AS line_item_usage_type,
      CAST(sum(quantity) AS VARCHAR) AS line_item_usage_amount, CAST(max(reservations) AS VARCHAR) AS reservation_number_of_reservations,
      CAST(sum(sp_commitment) AS VARCHAR) AS savings_plan_total_commitment_to_date, CAST(sum(billed) AS VARCHAR) AS line_item_unblended_cost,
      max(commitment_end) AS reservation_end_time, max(commitment_end) AS savings_plan_end_time, nullif(currency, '') AS line_item_currency_code
    FROM ${table}
    WHERE line_type IN ${curTypes} AND commitment_id <> '' AND start_ts IS NOT NULL AND end_ts IS NOT NULL
    GROUP BY line_type, commitment_id, CASE WHEN line_type IN ${curFeeTypes} THEN start_ts ELSE date_trunc('day', start_ts) END, region, instance_type, usage_type, currency
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
      CAST(sum(quantity) AS VARCHAR) AS ConsumedQuantity, unit AS ConsumedUnit, CAST(sum(effective) AS VARCHAR) AS EffectiveCost, nullif(currency, '') AS BillingCurrency
    FROM ${table}
    WHERE commitment_id <> '' AND start_ts IS NOT NULL AND end_ts IS NOT NULL
    GROUP BY commitment_id, c_type, c_category, c_status, charge_category,
      CASE WHEN lower(charge_category) = 'purchase' THEN start_ts ELSE date_trunc('day', start_ts) END, region, instance_type, c_unit, unit, currency
    ORDER BY ALL`);
  const lines = readFocusCommitmentLines(rows);
  await replaceBillCommitmentLines(q, importId, lines);
  return new Set(lines.map((l) => l.commitmentId)).size;
}
