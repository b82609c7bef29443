/**
 * The commitment lines of a bill, read from CUR 2.0 and FOCUS 1.x rows (column names as the
 * exports spell them) into one source-neutral shape. Pure: the import selects the rows with
 * DuckDB and hands them here; tests hand-write them.
 *
 * Column meanings (AWS CUR data dictionary, FOCUS spec):
 * - CUR `RIFee`: the reservation's fee for the line's period; `line_item_usage_amount` is the
 *   reserved hours of that period, `reservation_number_of_reservations` the RIs the subscription
 *   holds, `reservation_end_time` the end of the lease.
 * - CUR `DiscountedUsage` / `SavingsPlanCoveredUsage`: usage an RI / a Savings Plan covered.
 * - CUR `SavingsPlanRecurringFee`: `savings_plan_total_commitment_to_date` is the amortised upfront
 *   plus recurring commitment of the line's period (an hour in AWS's exports); `savings_plan_end_time`
 *   the plan's expiry.
 * - FOCUS: `CommitmentDiscountId` names the commitment; `CommitmentDiscountType` /
 *   `CommitmentDiscountCategory` ("Usage" for RIs, "Spend" for Savings Plans) its kind;
 *   `CommitmentDiscountStatus` "Used" / "Unused" splits its amortised cost (`EffectiveCost`) per charge
 *   period, so used + unused is the whole commitment of that period; `CommitmentDiscountQuantity` in
 *   `CommitmentDiscountUnit` (FOCUS 1.1+) is what was consumed or left unused. FOCUS 1.0–1.2 carries no
 *   end date.
 */
import type { CommitmentKind } from '../../domain/commitment.js';

/** A bill row as the export has it: column name → text (or a number, or null when empty). */
export type BillRow = Readonly<Record<string, string | number | null | undefined>>;

/** What a line says about its commitment: its fee, usage it covered, or the part left unused. */
export type BillCommitmentRole = 'fee' | 'used' | 'unused';

export interface BillCommitmentLine {
  source: 'cur' | 'focus';
  /** Reservation / Savings Plan ARN (CUR) or CommitmentDiscountId (FOCUS). */
  commitmentId: string;
  /** null when the row does not say (FOCUS without type and category). */
  kind: CommitmentKind | null;
  role: BillCommitmentRole;
  periodStartMs: number;
  periodEndMs: number;
  region: string;
  /** Instance type the line names ('' when none). */
  instanceType: string;
  /** RIFee: reserved hours; used/unused: hours (CUR usage amount, FOCUS quantity); 0 when unknown. */
  hours: number;
  /**
   * True when `hours` measure the commitment itself (RIFee reserved hours, FOCUS
   * CommitmentDiscountQuantity in hours), false when only the usage it covered.
   */
  hoursMeasureCommitment: boolean;
  /** CUR reservation_number_of_reservations; null when absent. */
  reservations: number | null;
  /**
   * Commitment in the period, in `currency` (despite the name): SP TotalCommitmentToDate (CUR fee)
   * or EffectiveCost (FOCUS used/unused).
   */
  commitmentUsd: number | null;
  /**
   * ISO 4217 code of the line's amounts (CUR line_item_currency_code, FOCUS BillingCurrency); USD
   * when the export has no such column (as the import takes its amounts), null when the column is
   * there but empty (unknown).
   */
  currency: string | null;
  /** reservation_end_time / savings_plan_end_time, epoch ms; null when the export does not say. */
  endMs: number | null;
}

const text = (row: BillRow, column: string): string => {
  const v = row[column];
  return v === null || v === undefined ? '' : String(v).trim();
};

const numberOrNull = (row: BillRow, column: string): number | null => {
  const t = text(row, column);
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
};

const timeOrNull = (row: BillRow, column: string): number | null => {
  const t = text(row, column);
  if (t === '') return null;
  // Exports write ISO 8601, with or without a zone; without one it is UTC. A typed column read as
  // text gives `2027-03-01 00:00:00` or, with a zone, `…+00`.
  const iso = /^\d{4}-\d\d-\d\d$/.test(t) ? `${t}T00:00:00` : t.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const ms = Date.parse(/[zZ]$|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? null : ms;
};

/** The row's currency: USD when the export has no such column, null when the cell is empty. */
const currencyOf = (row: BillRow, column: string): string | null => (row[column] === undefined ? 'USD' : text(row, column).toUpperCase() || null);

const instanceTypePattern = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** `USE1-HeavyUsage:m5.large` → `m5.large`; '' when the usage type names no instance type. */
function instanceTypeOfUsageType(usageType: string): string {
  const suffix = usageType.slice(usageType.lastIndexOf(':') + 1);
  return usageType.includes(':') && instanceTypePattern.test(suffix) ? suffix : '';
}

/** `arn:aws:ec2:us-east-1:123:reserved-instances/…` → `us-east-1`. */
function regionOfArn(arn: string): string {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts.length > 4 ? parts[3]! : '';
}

const curRoles: Readonly<Record<string, { kind: CommitmentKind; role: BillCommitmentRole }>> = {
  RIFee: { kind: 'reserved-instance', role: 'fee' },
  DiscountedUsage: { kind: 'reserved-instance', role: 'used' },
  SavingsPlanRecurringFee: { kind: 'savings-plan', role: 'fee' },
  SavingsPlanCoveredUsage: { kind: 'savings-plan', role: 'used' },
};

/** The commitment lines among CUR 2.0 rows; other line types are skipped. */
export function readCurCommitmentLines(rows: readonly BillRow[]): BillCommitmentLine[] {
  const out: BillCommitmentLine[] = [];
  for (const row of rows) {
    const what = curRoles[text(row, 'line_item_line_item_type')];
    if (!what) continue;
    const sp = what.kind === 'savings-plan';
    const commitmentId = text(row, sp ? 'savings_plan_savings_plan_a_r_n' : 'reservation_reservation_a_r_n');
    const periodStartMs = timeOrNull(row, 'line_item_usage_start_date');
    const periodEndMs = timeOrNull(row, 'line_item_usage_end_date');
    if (!commitmentId || periodStartMs === null || periodEndMs === null) continue;
    const isFee = what.role === 'fee';
    out.push({
      source: 'cur',
      commitmentId,
      kind: what.kind,
      role: what.role,
      periodStartMs,
      periodEndMs,
      region: text(row, 'product_region_code') || (sp ? text(row, 'savings_plan_region') : '') || (sp ? '' : regionOfArn(commitmentId)),
      instanceType: text(row, 'product_instance_type') || instanceTypeOfUsageType(text(row, 'line_item_usage_type')),
      hours: numberOrNull(row, 'line_item_usage_amount') ?? 0,
      hoursMeasureCommitment: isFee && !sp,
      reservations: isFee && !sp ? numberOrNull(row, 'reservation_number_of_reservations') : null,
      commitmentUsd: isFee && sp ? (numberOrNull(row, 'savings_plan_total_commitment_to_date') ?? numberOrNull(row, 'line_item_unblended_cost')) : null,
      endMs: timeOrNull(row, sp ? 'savings_plan_end_time' : 'reservation_end_time'),
      currency: currencyOf(row, 'line_item_currency_code'),
    });
  }
  return out;
}

function focusKind(row: BillRow): CommitmentKind | null {
  const type = text(row, 'CommitmentDiscountType').toLowerCase();
  if (/savings\s*plan/.test(type)) return 'savings-plan';
  if (/reserv/.test(type)) return 'reserved-instance';
  const category = text(row, 'CommitmentDiscountCategory').toLowerCase();
  if (category === 'spend') return 'savings-plan';
  if (category === 'usage') return 'reserved-instance';
  return null;
}

const hourUnits = new Set(['hrs', 'hr', 'hour', 'hours']);

function focusInstanceType(row: BillRow): string {
  const direct = text(row, 'x_InstanceType');
  if (direct) return direct;
  const details = text(row, 'SkuPriceDetails');
  if (!details.startsWith('{')) return '';
  try {
    const parsed = JSON.parse(details) as Record<string, unknown>;
    return typeof parsed.InstanceType === 'string' ? parsed.InstanceType : '';
  } catch {
    return '';
  }
}

/** The commitment lines among FOCUS 1.x rows: rows with a CommitmentDiscountId. */
export function readFocusCommitmentLines(rows: readonly BillRow[]): BillCommitmentLine[] {
  const out: BillCommitmentLine[] = [];
  for (const row of rows) {
    const commitmentId = text(row, 'CommitmentDiscountId');
    const periodStartMs = timeOrNull(row, 'ChargePeriodStart');
    const periodEndMs = timeOrNull(row, 'ChargePeriodEnd');
    if (!commitmentId || periodStartMs === null || periodEndMs === null) continue;
    const status = text(row, 'CommitmentDiscountStatus').toLowerCase();
    const role: BillCommitmentRole = text(row, 'ChargeCategory').toLowerCase() === 'purchase' ? 'fee' : status === 'unused' ? 'unused' : 'used';
    // Hours: the commitment quantity when it is in hours, else (used rows) the consumed hours.
    const quantityUnit = text(row, 'CommitmentDiscountUnit').toLowerCase();
    const quantity = numberOrNull(row, 'CommitmentDiscountQuantity');
    const consumedHours = hourUnits.has(text(row, 'ConsumedUnit').toLowerCase()) ? numberOrNull(row, 'ConsumedQuantity') : null;
    const quantityInHours = quantity !== null && hourUnits.has(quantityUnit);
    const hours = quantityInHours ? quantity : role === 'used' ? (consumedHours ?? 0) : 0;
    out.push({
      source: 'focus',
      commitmentId,
      kind: focusKind(row),
      role,
      periodStartMs,
      periodEndMs,
      region: text(row, 'RegionId') || text(row, 'Region') || regionOfArn(commitmentId),
      instanceType: focusInstanceType(row),
      hours,
      hoursMeasureCommitment: quantityInHours && role !== 'fee',
      reservations: null,
      commitmentUsd: role === 'fee' ? null : numberOrNull(row, 'EffectiveCost'),
      endMs: null,
      currency: currencyOf(row, 'BillingCurrency'),
    });
  }
  return out;
}
