/** Cloud cost and usage, normalised from Cost Explorer, FOCUS or CUR. Money is in USD unless `currency` says otherwise. */

/** One line of normalised cost: a day (or hour) of one service/resource. */
export interface CostLineItem {
  /** Start of the charge period, epoch ms (UTC). */
  periodStartMs: number;
  periodEndMs: number;
  provider: string;
  service: string;
  region: string;
  /** Instance type for compute lines, '' otherwise. */
  instanceType: string;
  /** Kubernetes namespace when the line is allocated to one, '' otherwise. */
  namespace: string;
  resourceId: string;
  /** What was billed (invoice view). */
  billedCostUsd: number;
  /** Amortised cost: upfront fees spread, commitment discounts applied (FOCUS EffectiveCost). */
  effectiveCostUsd: number;
  /** On-demand list price of the same usage. */
  listCostUsd: number;
  usageQuantity: number;
  usageUnit: string;
  /** FOCUS PricingCategory: 'Standard' (on-demand), 'Committed', 'Dynamic' (spot), 'Other'. */
  pricingCategory: string;
  commitmentDiscountId: string;
  /** ISO 4217 code of the amounts (the `*Usd` names predate it); absent means USD. */
  currency?: string;
  source: 'sample' | 'cost-explorer' | 'focus' | 'cur';
}

/** Hourly count of running on-demand instances, the input of commitment planning. */
export interface InstanceUsageHour {
  timestampMs: number;
  region: string;
  instanceType: string;
  instances: number;
}
