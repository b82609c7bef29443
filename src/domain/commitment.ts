/**
 * Commitment planning (Reserved Instances, Savings Plans) and the cost summary: the result types
 * the planner (src/models/commitments) produces and reports/server read. The JSON written by
 * `headroom commitments --format json` is `CommitmentPlan`; its first fields are the DESIGN.md
 * contract, the rest are additions a consumer may ignore.
 */

export type CommitmentTerm = '1y' | '3y';
export type CommitmentPayment = 'no-upfront' | 'partial-upfront' | 'all-upfront';
export type CommitmentKind = 'reserved-instance' | 'savings-plan';

export const commitmentTerms: readonly CommitmentTerm[] = ['1y', '3y'];
export const commitmentPayments: readonly CommitmentPayment[] = ['no-upfront', 'partial-upfront', 'all-upfront'];

/** Months in a term (1y = 12, 3y = 36). */
export function termMonths(term: CommitmentTerm): number {
  return term === '1y' ? 12 : 36;
}

/** Days in a term (1y = 365, 3y = 1,095). */
export function termDays(term: CommitmentTerm): number {
  return term === '1y' ? 365 : 1095;
}

/** One purchase of a staggered plan: buy this much on `date` (YYYY-MM-DD). Steps sum to the total. */
export interface CommitmentScheduleStep {
  date: string;
  /** Reserved instances to buy (RI recommendations). */
  count?: number;
  /** $/hour of Savings Plan commitment to buy (SP recommendations). */
  hourlyCommitmentUsd?: number;
}

export interface CommitmentRecommendation {
  kind: CommitmentKind;
  region: string;
  /** EC2 family (`m5`); for Compute Savings Plans the families covered, comma-separated. */
  instanceFamily: string;
  /** Instance type the RI is bought as; '' for Savings Plans. */
  instanceType: string;
  /** Total RIs to buy (0 for Savings Plans). */
  count: number;
  /** Recurring $/hour: the RI's hourly fee × count, or the SP's hourly commitment. */
  hourlyCommitmentUsd: number;
  /** Paid at purchase, total. */
  upfrontUsd: number;
  /** Expected monthly saving over the term (forecast mean), upfront amortised. */
  estimatedMonthlySavingsUsd: number;
  /** Months until cumulative savings repay the upfront part (0 without upfront); null if never within the term. */
  breakEvenMonths: number | null;
  /** Expected share of committed hours used, 0..1. */
  expectedUtilization: number;
  /** Expected share of eligible on-demand usage the commitment covers, 0..1. */
  expectedCoverage: number;
  schedule?: CommitmentScheduleStep[];
  // ── additions beyond the DESIGN.md contract ──
  term: CommitmentTerm;
  payment: CommitmentPayment;
  /** Pessimistic (P10 of the forecast) monthly saving; a recommendation never has this below 0. */
  pessimisticMonthlySavingsUsd: number;
  /** Monthly saving the same commitment would have earned over the lookback. */
  lookbackMonthlySavingsUsd: number;
  /** Size-flexible normalised units the count stands for (small = 1, large = 4, …); SPs: 0. */
  normalizedUnits: number;
  /** Effective $/hour of one committed unit (RI: upfront amortised + hourly), for audit. */
  effectiveHourlyRateUsd: number;
  onDemandHourlyRateUsd: number;
  /** Why this amount, in sentences (quantile used, forecast method, existing commitments …). */
  reasons: string[];
}

/** A region/family where nothing is recommended, and why ("can't recommend" is a value). */
export interface CommitmentSkip {
  kind: CommitmentKind;
  region: string;
  instanceFamily: string;
  reason: string;
}

/** A commitment already owned, with its expiry; the planner subtracts it while it lasts. */
export interface ExistingCommitment {
  kind: CommitmentKind;
  region: string;
  /** For RIs: the type bought (size flexibility applies within the family). */
  instanceType: string;
  count: number;
  /** For SPs: $/hour committed. */
  hourlyCommitmentUsd: number;
  /** Expiry, epoch ms. */
  expiresMs: number;
}

/** AWS's own purchase recommendation (Cost Explorer), kept for a side-by-side with ours. */
/**
 * One of AWS Cost Explorer's purchase recommendations. Its amounts are in `currency`, the account's
 * (AWS's `CurrencyCode`), despite the `…Usd` names; `loadProviderRecommendations` gives them in the plan's currency.
 */
export interface ProviderCommitmentRecommendation {
  kind: CommitmentKind;
  region: string;
  instanceType: string;
  count: number;
  /**
   * ISO 4217 code of the amounts, e.g. USD or EUR; absent in runs stored before it was kept, whose
   * amounts are in the account's currency, not necessarily USD (see app/provider-recommendations.ts).
   */
  currency?: string;
  hourlyCommitmentUsd: number;
  upfrontUsd: number;
  estimatedMonthlySavingsUsd: number;
  lookbackDays: number;
  term: CommitmentTerm;
  payment: CommitmentPayment;
}

export interface CommitmentPlan {
  recommendations: CommitmentRecommendation[];
  lookbackHours: number;
  currency: string;
  // ── additions ──
  term: CommitmentTerm;
  payment: CommitmentPayment;
  /** Where the rates come from, e.g. `bundled estimate, 2026-11-01` or the --pricing file. */
  priceSource: string;
  /** Time the plan was made for (end of the lookback), epoch ms. */
  asOfMs: number;
  forecastMethod: string;
  /** How the term's forecast treats a trend (as finance's spend forecast does; plan-commitments.ts commitmentTermTrend). */
  termTrend?: { trend: 'undamped' | 'bounded'; reason: string };
  notRecommended: CommitmentSkip[];
  existing: ExistingCommitment[];
  totals: {
    /** On-demand spend of the lookback's eligible usage, per month. */
    monthlyOnDemandUsd: number;
    estimatedMonthlySavingsUsd: number;
    pessimisticMonthlySavingsUsd: number;
    upfrontUsd: number;
  };
  /** Instance types in the usage with no price in the price list (their usage is ignored). */
  unpricedInstanceTypes: string[];
  providerRecommendations?: ProviderCommitmentRecommendation[];
}

/** One row of a spend summary with its week-over-week change. */
export interface CostBreakdownRow {
  /** Service, namespace, provider, region, account, billing period (YYYY-MM) or day (YYYY-MM-DD). Amounts are in the summary's `currency`. */
  key: string;
  costUsd: number;
  /** Cost in the last 7 days of the window. */
  lastWeekCostUsd: number;
  /** Cost in the 7 days before those. */
  previousWeekCostUsd: number;
  /** (last − previous) / previous; null when the previous week's cost is below the summary's `minChangeBaseline` (shown as "new" or "—"). */
  weekOverWeekChange: number | null;
}

/** `headroom costs`: spend by service, namespace and day, amortised (EffectiveCost). */
export interface CostSummary {
  windowStartMs: number;
  windowEndMs: number;
  currency: string;
  totalEffectiveCostUsd: number;
  totalBilledCostUsd: number;
  lastWeekCostUsd: number;
  previousWeekCostUsd: number;
  weekOverWeekChange: number | null;
  byService: CostBreakdownRow[];
  byNamespace: CostBreakdownRow[];
  /** One row per day; the change compares with the same weekday a week earlier. */
  byDay: CostBreakdownRow[];
  sources: string[];
  /** The breakdown asked for with `--by` (provider, service, region, account, billing-period), when one was. */
  groupBy?: { dimension: string; rows: CostBreakdownRow[] };
  /** Smallest previous-week cost a week-over-week change is computed against. */
  minChangeBaseline: number;
  /** Exchange rates used to bring other currencies into `currency` (1 unit of the key = rate × currency); empty when the bill has one currency. */
  fxRates: Record<string, number>;
}
