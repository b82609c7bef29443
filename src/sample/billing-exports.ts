/**
 * Writes the sample's billing as the files clouds export: FOCUS 1.2 and AWS CUR 2.0, as CSV and
 * (through DuckDB COPY) Parquet, for tests and the demo.
 *
 * To exercise the amortisation rules the exports show a month with commitments: of each on-demand
 * compute line's (list) cost (spot lines stay spot), 60 % runs on demand, 25 % is covered by a Compute Savings Plan
 * (effective rate 72 % of on-demand) and 15 % by Reserved Instances (62 %). Each day the Savings
 * Plan's commitment is 5 % above what was used and the RIs' fee 10 % above, so both leave an
 * unused part; one tax line per day and one credit complete the bill. Both formats describe the
 * same charges, so their EffectiveCost and BilledCost totals agree to the cent: amounts are
 * computed in integer 1e-10 dollars and written as exact decimal strings.
 */
import { writeFile } from 'node:fs/promises';
import { makeDirs } from '../util/atomic-write.js';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { CostLineItem } from '../domain/cost.js';

export interface BillingExportFiles {
  focusCsv: string;
  focusParquet: string;
  curCsv: string;
  curParquet: string;
}

export interface BillingExportOptions {
  /** Tag key that carries the namespace. Default `kubernetes.io/namespace`. */
  namespaceTag?: string;
  /** Also write Parquet copies. Default true. */
  parquet?: boolean;
}

/** Shares of compute list cost and effective-rate ratios used by the exports. */
export const sampleCommitmentMix = { onDemand: 0.6, savingsPlan: 0.25, reserved: 0.15, savingsPlanRate: 0.72, reservedRate: 0.62, savingsPlanUnused: 0.05, reservedUnused: 0.1, taxPerDayUsd: 1.23, creditUsd: -25 } as const;

const scale = 10_000_000_000n;
/** Dollars → integer 1e-10 dollars. */
const units = (usd: number): bigint => BigInt(Math.round(usd * 1e6)) * 10_000n;
const mulRatio = (u: bigint, ratio: number): bigint => (u * BigInt(Math.round(ratio * 1e6))) / 1_000_000n;
function dec(u: bigint): string {
  const neg = u < 0n;
  const a = neg ? -u : u;
  return `${neg ? '-' : ''}${a / scale}.${(a % scale).toString().padStart(10, '0')}`;
}

const spArn = 'arn:aws:savingsplans::123456789012:savingsplan/00000000-sample-compute-sp';
const riArn = (region: string) => `arn:aws:ec2:${region}:123456789012:reserved-instances/sample-ri-${region}`;
const serviceCodes: Record<string, string> = {
  'Amazon Elastic Compute Cloud': 'AmazonEC2',
  'Amazon Elastic Block Store': 'AmazonEC2',
  'Amazon Elastic Container Service for Kubernetes': 'AmazonEKS',
  'Amazon Elastic Kubernetes Service': 'AmazonEKS',
  'AWS Data Transfer': 'AWSDataTransfer',
  'Elastic Load Balancing': 'AWSELB',
  'Amazon Simple Storage Service': 'AmazonS3',
};

const focusColumns = ['BillingAccountId', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd', 'ChargeCategory', 'ChargeDescription',
  'ProviderName', 'ServiceProviderName', 'ServiceName', 'ServiceCategory', 'RegionId', 'ResourceId', 'PricingCategory', 'CommitmentDiscountId', 'CommitmentDiscountType', 'CommitmentDiscountStatus',
  'BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost', 'ConsumedQuantity', 'ConsumedUnit', 'SkuPriceDetails', 'Tags'] as const;
const curColumns = ['identity_line_item_id', 'bill_billing_period_start_date', 'line_item_line_item_type', 'line_item_usage_start_date', 'line_item_usage_end_date', 'line_item_product_code',
  'line_item_usage_type', 'line_item_resource_id', 'line_item_usage_amount', 'line_item_unblended_cost', 'line_item_currency_code', 'product_region_code', 'product_instance_type', 'product',
  'pricing_public_on_demand_cost', 'pricing_term', 'pricing_unit', 'reservation_effective_cost', 'reservation_reservation_a_r_n', 'reservation_unused_amortized_upfront_fee_for_billing_period',
  'reservation_unused_recurring_fee', 'savings_plan_savings_plan_a_r_n', 'savings_plan_savings_plan_effective_cost', 'savings_plan_total_commitment_to_date', 'savings_plan_used_commitment', 'resource_tags'] as const;

type FocusRow = Partial<Record<(typeof focusColumns)[number], string>>;
type CurRow = Partial<Record<(typeof curColumns)[number], string>>;

function csvCell(v: string | undefined): string {
  if (v === undefined) return '';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function toCsv<C extends string>(columns: readonly C[], rows: Partial<Record<C, string>>[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Builds the FOCUS and CUR rows for the line items (pure; exported for tests). */
export function buildBillingExportRows(items: CostLineItem[], namespaceTag = 'kubernetes.io/namespace'): { focus: FocusRow[]; cur: CurRow[] } {
  const mix = sampleCommitmentMix;
  const focus: FocusRow[] = [];
  const cur: CurRow[] = [];
  const sorted = [...items].sort((a, b) => a.periodStartMs - b.periodStartMs || a.service.localeCompare(b.service) || a.region.localeCompare(b.region) || a.instanceType.localeCompare(b.instanceType) || a.namespace.localeCompare(b.namespace));
  if (!sorted.length) return { focus, cur };
  const firstMs = sorted[0]!.periodStartMs;
  const monthStart = new Date(firstMs);
  const billingStart = iso(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth(), 1));
  const billingEnd = iso(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 1));
  const days = new Map<number, { spUsed: bigint; riUsed: Map<string, bigint>; endMs: number }>();
  let seq = 0;
  const id = () => `sample-${(++seq).toString().padStart(7, '0')}`;
  const tagsJson = (ns: string) => (ns ? JSON.stringify({ [namespaceTag]: ns }) : '{}');
  const curTagsJson = (ns: string) => (ns ? JSON.stringify({ [`user_${namespaceTag.replace(/[^A-Za-z0-9]/g, '_')}`]: ns }) : '{}');

  for (const item of sorted) {
    const day = days.get(item.periodStartMs) ?? { spUsed: 0n, riUsed: new Map<string, bigint>(), endMs: item.periodEndMs };
    days.set(item.periodStartMs, day);
    const start = iso(item.periodStartMs);
    const end = iso(item.periodEndMs);
    const code = serviceCodes[item.service] ?? item.service.replace(/[^A-Za-z0-9]/g, '');
    const compute = item.instanceType !== '' && (item.service === 'AmazonEC2' || item.service === 'Amazon Elastic Compute Cloud');
    const focusBase: FocusRow = {
      BillingAccountId: '123456789012', BillingCurrency: 'USD', BillingPeriodStart: billingStart, BillingPeriodEnd: billingEnd, ChargePeriodStart: start, ChargePeriodEnd: end,
      ProviderName: 'AWS', ServiceProviderName: 'AWS', ServiceName: item.service, ServiceCategory: compute ? 'Compute' : 'Other', RegionId: item.region, ResourceId: item.resourceId,
      ConsumedUnit: item.usageUnit, SkuPriceDetails: item.instanceType ? JSON.stringify({ InstanceType: item.instanceType }) : '', Tags: tagsJson(item.namespace),
    };
    const curBase: CurRow = {
      bill_billing_period_start_date: billingStart, line_item_usage_start_date: start, line_item_usage_end_date: end, line_item_product_code: code, line_item_resource_id: item.resourceId,
      line_item_currency_code: 'USD', product_region_code: item.region, product_instance_type: item.instanceType, product: JSON.stringify({ product_name: item.service }),
      pricing_unit: item.usageUnit, resource_tags: curTagsJson(item.namespace),
    };
    const list = units(item.listCostUsd > 0 ? item.listCostUsd : item.billedCostUsd);
    if (!compute) {
      const billed = units(item.billedCostUsd);
      const q = String(item.usageQuantity);
      focus.push({ ...focusBase, ChargeCategory: 'Usage', ChargeDescription: `${item.service} usage`, PricingCategory: 'Standard', BilledCost: dec(billed), EffectiveCost: dec(units(item.effectiveCostUsd)), ListCost: dec(list), ContractedCost: dec(billed), ConsumedQuantity: q });
      cur.push({ ...curBase, identity_line_item_id: id(), line_item_line_item_type: 'Usage', line_item_usage_type: `${item.usageUnit || 'Usage'}`, line_item_usage_amount: q, line_item_unblended_cost: dec(billed), pricing_public_on_demand_cost: dec(list), pricing_term: 'OnDemand' });
      continue;
    }
    if (item.pricingCategory === 'Dynamic') {
      // Spot: paid at the spot price, never covered by a Savings Plan or an RI.
      const billed = units(item.billedCostUsd);
      focus.push({ ...focusBase, ChargeCategory: 'Usage', ChargeDescription: `Spot ${item.instanceType}`, PricingCategory: 'Dynamic', BilledCost: dec(billed), EffectiveCost: dec(billed), ListCost: dec(list), ContractedCost: dec(billed), ConsumedQuantity: String(item.usageQuantity) });
      cur.push({ ...curBase, identity_line_item_id: id(), line_item_line_item_type: 'Usage', line_item_usage_type: `SpotUsage:${item.instanceType}`, line_item_usage_amount: String(item.usageQuantity), line_item_unblended_cost: dec(billed), pricing_public_on_demand_cost: dec(list), pricing_term: 'Spot' });
      continue;
    }
    const od = mulRatio(list, mix.onDemand);
    const spList = mulRatio(list, mix.savingsPlan);
    const riList = list - od - spList;
    const spEff = mulRatio(spList, mix.savingsPlanRate);
    const riEff = mulRatio(riList, mix.reservedRate);
    day.spUsed += spEff;
    day.riUsed.set(item.region, (day.riUsed.get(item.region) ?? 0n) + riEff);
    const hours = (share: number) => (item.usageQuantity * share).toFixed(6);
    const usageType = `BoxUsage:${item.instanceType}`;
    focus.push({ ...focusBase, ChargeCategory: 'Usage', ChargeDescription: `On Demand ${item.instanceType}`, PricingCategory: 'Standard', BilledCost: dec(od), EffectiveCost: dec(od), ListCost: dec(od), ContractedCost: dec(od), ConsumedQuantity: hours(mix.onDemand) });
    focus.push({ ...focusBase, ChargeCategory: 'Usage', ChargeDescription: `Savings Plan covered ${item.instanceType}`, PricingCategory: 'Committed', CommitmentDiscountId: spArn, CommitmentDiscountType: 'Savings Plan', CommitmentDiscountStatus: 'Used', BilledCost: dec(0n), EffectiveCost: dec(spEff), ListCost: dec(spList), ContractedCost: dec(spList), ConsumedQuantity: hours(mix.savingsPlan) });
    focus.push({ ...focusBase, ChargeCategory: 'Usage', ChargeDescription: `Reserved ${item.instanceType}`, PricingCategory: 'Committed', CommitmentDiscountId: riArn(item.region), CommitmentDiscountType: 'Reserved Instance', CommitmentDiscountStatus: 'Used', BilledCost: dec(0n), EffectiveCost: dec(riEff), ListCost: dec(riList), ContractedCost: dec(riList), ConsumedQuantity: hours(mix.reserved) });
    cur.push({ ...curBase, identity_line_item_id: id(), line_item_line_item_type: 'Usage', line_item_usage_type: usageType, line_item_usage_amount: hours(mix.onDemand), line_item_unblended_cost: dec(od), pricing_public_on_demand_cost: dec(od), pricing_term: 'OnDemand' });
    cur.push({ ...curBase, identity_line_item_id: id(), line_item_line_item_type: 'SavingsPlanCoveredUsage', line_item_usage_type: usageType, line_item_usage_amount: hours(mix.savingsPlan), line_item_unblended_cost: dec(spList), pricing_public_on_demand_cost: dec(spList), pricing_term: 'OnDemand', savings_plan_savings_plan_a_r_n: spArn, savings_plan_savings_plan_effective_cost: dec(spEff) });
    cur.push({ ...curBase, identity_line_item_id: id(), line_item_line_item_type: 'SavingsPlanNegation', line_item_usage_type: usageType, line_item_usage_amount: '0', line_item_unblended_cost: dec(-spList), pricing_public_on_demand_cost: dec(0n), savings_plan_savings_plan_a_r_n: spArn });
    cur.push({ ...curBase, identity_line_item_id: id(), line_item_line_item_type: 'DiscountedUsage', line_item_usage_type: usageType, line_item_usage_amount: hours(mix.reserved), line_item_unblended_cost: dec(0n), pricing_public_on_demand_cost: dec(riList), pricing_term: 'Reserved', reservation_reservation_a_r_n: riArn(item.region), reservation_effective_cost: dec(riEff) });
  }

  let first = true;
  for (const [dayMs, day] of [...days.entries()].sort((a, b) => a[0] - b[0])) {
    const start = iso(dayMs);
    const end = iso(day.endMs);
    const focusFee: FocusRow = { BillingAccountId: '123456789012', BillingCurrency: 'USD', BillingPeriodStart: billingStart, BillingPeriodEnd: billingEnd, ChargePeriodStart: start, ChargePeriodEnd: end, ProviderName: 'AWS', ServiceProviderName: 'AWS', Tags: '{}', ListCost: dec(0n), ContractedCost: dec(0n) };
    const curFee: CurRow = { bill_billing_period_start_date: billingStart, line_item_usage_start_date: start, line_item_usage_end_date: end, line_item_currency_code: 'USD', product: '{}', resource_tags: '{}' };
    if (day.spUsed > 0n) {
      const fee = mulRatio(day.spUsed, 1 + mix.savingsPlanUnused);
      focus.push({ ...focusFee, ChargeCategory: 'Purchase', ChargeDescription: 'Savings Plan recurring fee', ServiceName: 'Savings Plans for AWS Compute usage', RegionId: '', CommitmentDiscountId: spArn, CommitmentDiscountType: 'Savings Plan', BilledCost: dec(fee), EffectiveCost: dec(0n) });
      focus.push({ ...focusFee, ChargeCategory: 'Usage', ChargeDescription: 'Savings Plan unused commitment', ServiceName: 'Savings Plans for AWS Compute usage', RegionId: '', PricingCategory: 'Committed', CommitmentDiscountId: spArn, CommitmentDiscountType: 'Savings Plan', CommitmentDiscountStatus: 'Unused', BilledCost: dec(0n), EffectiveCost: dec(fee - day.spUsed) });
      cur.push({ ...curFee, identity_line_item_id: id(), line_item_line_item_type: 'SavingsPlanRecurringFee', line_item_product_code: 'ComputeSavingsPlans', line_item_usage_type: 'ComputeSP:1yrNoUpfront', line_item_usage_amount: '24', line_item_unblended_cost: dec(fee), product: JSON.stringify({ product_name: 'Savings Plans for AWS Compute usage' }), savings_plan_savings_plan_a_r_n: spArn, savings_plan_total_commitment_to_date: dec(fee), savings_plan_used_commitment: dec(day.spUsed) });
    }
    for (const [region, used] of [...day.riUsed.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const fee = mulRatio(used, 1 + mix.reservedUnused);
      focus.push({ ...focusFee, ChargeCategory: 'Purchase', ChargeDescription: 'Reserved Instance recurring fee', ServiceName: 'AmazonEC2', RegionId: region, CommitmentDiscountId: riArn(region), CommitmentDiscountType: 'Reserved Instance', BilledCost: dec(fee), EffectiveCost: dec(0n) });
      focus.push({ ...focusFee, ChargeCategory: 'Usage', ChargeDescription: 'Reserved Instance unused hours', ServiceName: 'AmazonEC2', RegionId: region, PricingCategory: 'Committed', CommitmentDiscountId: riArn(region), CommitmentDiscountType: 'Reserved Instance', CommitmentDiscountStatus: 'Unused', BilledCost: dec(0n), EffectiveCost: dec(fee - used) });
      cur.push({ ...curFee, identity_line_item_id: id(), line_item_line_item_type: 'RIFee', line_item_product_code: 'AmazonEC2', line_item_usage_type: 'HeavyUsage', line_item_usage_amount: '24', line_item_unblended_cost: dec(fee), product_region_code: region, product: JSON.stringify({ product_name: 'AmazonEC2' }), reservation_reservation_a_r_n: riArn(region), reservation_unused_recurring_fee: dec(fee - used), reservation_unused_amortized_upfront_fee_for_billing_period: dec(0n) });
    }
    const tax = units(mix.taxPerDayUsd);
    focus.push({ ...focusFee, ChargeCategory: 'Tax', ChargeDescription: 'Tax', ServiceName: 'Tax', RegionId: '', BilledCost: dec(tax), EffectiveCost: dec(tax) });
    cur.push({ ...curFee, identity_line_item_id: id(), line_item_line_item_type: 'Tax', line_item_product_code: 'Tax', line_item_usage_type: 'Tax', line_item_usage_amount: '0', line_item_unblended_cost: dec(tax), product: JSON.stringify({ product_name: 'Tax' }) });
    if (first) {
      const credit = units(mix.creditUsd);
      focus.push({ ...focusFee, ChargeCategory: 'Credit', ChargeDescription: 'Promotional credit', ServiceName: 'Credit', RegionId: '', BilledCost: dec(credit), EffectiveCost: dec(credit) });
      cur.push({ ...curFee, identity_line_item_id: id(), line_item_line_item_type: 'Credit', line_item_product_code: 'Credit', line_item_usage_type: 'Credit', line_item_usage_amount: '0', line_item_unblended_cost: dec(credit), product: JSON.stringify({ product_name: 'Credit' }) });
      first = false;
    }
  }
  return { focus, cur };
}

/** Writes focus.csv, cur.csv and their Parquet copies into `dir`. */
export async function writeBillingExports(items: CostLineItem[], dir: string, options: BillingExportOptions = {}): Promise<BillingExportFiles> {
  await makeDirs(dir);
  const { focus, cur } = buildBillingExportRows(items, options.namespaceTag);
  const files: BillingExportFiles = {
    focusCsv: join(dir, 'focus-1.2.csv'),
    focusParquet: join(dir, 'focus-1.2.parquet'),
    curCsv: join(dir, 'cur-2.0.csv'),
    curParquet: join(dir, 'cur-2.0.parquet'),
  };
  await writeFile(files.focusCsv, toCsv(focusColumns, focus));
  await writeFile(files.curCsv, toCsv(curColumns, cur));
  if (options.parquet === false) return files;
  // Parquet with the types the exports use: decimals for money, timestamps, maps for tags.
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
    const money = (c: string) => `TRY_CAST(${c} AS DECIMAL(38,10)) AS ${c}`;
    const ts = (c: string) => `CAST(CAST(${c} AS TIMESTAMPTZ) AS TIMESTAMP) AS ${c}`;
    await conn.run(`COPY (SELECT * REPLACE (${['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'].map(money).join(', ')}, TRY_CAST(ConsumedQuantity AS DOUBLE) AS ConsumedQuantity,
      ${['BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd'].map(ts).join(', ')}, CAST(CAST(Tags AS JSON) AS MAP(VARCHAR, VARCHAR)) AS Tags)
      FROM read_csv(${lit(files.focusCsv)}, header = true, all_varchar = true)) TO ${lit(files.focusParquet)} (FORMAT parquet)`);
    const curMoney = ['line_item_unblended_cost', 'pricing_public_on_demand_cost', 'reservation_effective_cost', 'reservation_unused_amortized_upfront_fee_for_billing_period', 'reservation_unused_recurring_fee',
      'savings_plan_savings_plan_effective_cost', 'savings_plan_total_commitment_to_date', 'savings_plan_used_commitment'];
    await conn.run(`COPY (SELECT * REPLACE (${curMoney.map(money).join(', ')}, TRY_CAST(line_item_usage_amount AS DOUBLE) AS line_item_usage_amount,
      ${['bill_billing_period_start_date', 'line_item_usage_start_date', 'line_item_usage_end_date'].map(ts).join(', ')},
      CAST(CAST(product AS JSON) AS MAP(VARCHAR, VARCHAR)) AS product, CAST(CAST(resource_tags AS JSON) AS MAP(VARCHAR, VARCHAR)) AS resource_tags)
      FROM read_csv(${lit(files.curCsv)}, header = true, all_varchar = true)) TO ${lit(files.curParquet)} (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return files;
}
