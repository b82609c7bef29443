/**
 * What `headroom import --cost-explorer` collects, as domain types:
 *
 *   daily cost by SERVICE × TAG(namespace)  ─► CostLineItem[] (amortised, unblended, usage; in the
 *     currency each amount's `Unit` names: an account billed in EUR is stored in EUR, not as USD)
 *   hourly EC2 on-demand running hours by INSTANCE_TYPE × REGION ─► InstanceUsageHour[]
 *   RI / SP utilisation and coverage, AWS's RI / SP purchase recommendations ─► side-by-side
 *
 * Totals are summed exactly from the decimal strings.
 */
import type { CostLineItem, InstanceUsageHour } from '../../domain/cost.js';
import type { CommitmentPayment, CommitmentTerm, ProviderCommitmentRecommendation } from '../../domain/commitment.js';
import { amountUnitsToNumber, formatAmountUnits, parseAmountUnits } from './decimal-amount.js';
import type { CostExplorerCollector } from './cost-explorer.js';

export interface CostExplorerBilling {
  costLineItems: CostLineItem[];
  instanceUsageHours: InstanceUsageHour[];
  /** Exact sums over the window, one per currency the amounts came in (the `Unit` beside each `Amount`), by code. */
  totals: CostExplorerTotal[];
  reservations: { utilizationPercent: number | null; coverageHoursPercent: number | null };
  savingsPlans: { utilizationPercent: number | null; coveragePercent: number | null };
  providerRecommendations: ProviderCommitmentRecommendation[];
  stats: { requests: number; throttled: number; cacheHits: number };
  warnings: string[];
}

/** The exact cost of a window in one currency, as decimal strings. */
export interface CostExplorerTotal {
  /** ISO 4217 code, from the response's `Unit`. */
  currency: string;
  amortizedCost: string;
  unblendedCost: string;
}

export interface CostExplorerBillingRequest {
  startMs: number;
  endMs: number;
  namespaceTag: string;
  /** Days of hourly EC2 usage (Cost Explorer keeps 14). Default 14. */
  hourlyDays?: number;
  term: CommitmentTerm;
  payment: CommitmentPayment;
}

const termCodes = { '1y': 'ONE_YEAR', '3y': 'THREE_YEARS' } as const;
const paymentCodes = { 'no-upfront': 'NO_UPFRONT', 'partial-upfront': 'PARTIAL_UPFRONT', 'all-upfront': 'ALL_UPFRONT' } as const;
const dayMs = 86_400_000;

const toMs = (t: string) => Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
const num = (s: string | undefined) => (s === undefined ? 0 : amountUnitsToNumber(parseAmountUnits(s)));
// Percentages are ratios, not money: read them as they are.
const pctOrNull = (s: string | undefined) => (s === undefined ? null : Number(s));

export async function collectCostExplorerBilling(ce: CostExplorerCollector, req: CostExplorerBillingRequest): Promise<CostExplorerBilling> {
  const warnings: string[] = [];
  const daily = await ce.getCostAndUsage({
    startMs: req.startMs, endMs: req.endMs, granularity: 'DAILY',
    metrics: ['AmortizedCost', 'UnblendedCost', 'UsageQuantity', 'NormalizedUsageAmount'],
    groupBy: [{ type: 'DIMENSION', key: 'SERVICE' }, { type: 'TAG', key: req.namespaceTag }],
  });
  const sums = new Map<string, { amortized: bigint; unblended: bigint }>();
  const costLineItems: CostLineItem[] = [];
  for (const r of daily) {
    const periodStartMs = toMs(r.TimePeriod.Start);
    const periodEndMs = toMs(r.TimePeriod.End);
    for (const g of r.Groups ?? []) {
      const [service = '', tag = ''] = g.Keys;
      // Tag keys come back as `key$value`; an untagged line is `key$`.
      const namespace = tag.includes('$') ? tag.slice(tag.indexOf('$') + 1) : '';
      const a = parseAmountUnits(g.Metrics.AmortizedCost?.Amount ?? '0');
      const u = parseAmountUnits(g.Metrics.UnblendedCost?.Amount ?? '0');
      // The schema checked that both Units are the same currency code.
      const currency = g.Metrics.AmortizedCost?.Unit ?? g.Metrics.UnblendedCost?.Unit ?? 'USD';
      const sum = sums.get(currency) ?? { amortized: 0n, unblended: 0n };
      sums.set(currency, { amortized: sum.amortized + a, unblended: sum.unblended + u });
      costLineItems.push({
        periodStartMs, periodEndMs, provider: 'AWS', service, region: '', instanceType: '', namespace, resourceId: '',
        billedCostUsd: amountUnitsToNumber(u), effectiveCostUsd: amountUnitsToNumber(a), listCostUsd: amountUnitsToNumber(u),
        usageQuantity: num(g.Metrics.UsageQuantity?.Amount), usageUnit: g.Metrics.UsageQuantity?.Unit ?? '',
        pricingCategory: 'Other', commitmentDiscountId: '', currency, source: 'cost-explorer',
      });
    }
  }

  const hourlyStartMs = Math.max(req.startMs, req.endMs - (req.hourlyDays ?? 14) * dayMs);
  const instanceUsageHours: InstanceUsageHour[] = [];
  try {
    const hourly = await ce.getCostAndUsage({
      startMs: hourlyStartMs, endMs: req.endMs, granularity: 'HOURLY', metrics: ['UsageQuantity'],
      groupBy: [{ type: 'DIMENSION', key: 'INSTANCE_TYPE' }, { type: 'DIMENSION', key: 'REGION' }],
      filter: { And: [
        { Dimensions: { Key: 'SERVICE', Values: ['Amazon Elastic Compute Cloud - Compute'] } },
        { Dimensions: { Key: 'PURCHASE_TYPE', Values: ['On Demand Instances'] } },
        { Dimensions: { Key: 'USAGE_TYPE_GROUP', Values: ['EC2: Running Hours'] } },
      ] },
    });
    for (const r of hourly) {
      for (const g of r.Groups ?? []) {
        const [instanceType = '', region = ''] = g.Keys;
        const instances = num(g.Metrics.UsageQuantity?.Amount);
        if (instanceType && instances > 0) instanceUsageHours.push({ timestampMs: toMs(r.TimePeriod.Start), region, instanceType, instances });
      }
    }
  } catch (err) {
    // Hourly granularity is an opt-in feature of Cost Explorer; without it the rest still counts.
    warnings.push(`hourly EC2 usage unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }

  const riUtil = await ce.getReservationUtilization(req.startMs, req.endMs);
  const riCov = await ce.getReservationCoverage(req.startMs, req.endMs);
  const spUtil = await ce.getSavingsPlansUtilization(req.startMs, req.endMs);
  const spCov = await ce.getSavingsPlansCoverage(req.startMs, req.endMs);
  let spCovered = 0n;
  let spTotal = 0n;
  for (const c of spCov) {
    spCovered += parseAmountUnits(c.Coverage?.SpendCoveredBySavingsPlans ?? '0');
    spTotal += parseAmountUnits(c.Coverage?.TotalCost ?? '0');
  }

  const providerRecommendations: ProviderCommitmentRecommendation[] = [];
  const riRecs = await ce.getReservationPurchaseRecommendation(termCodes[req.term], paymentCodes[req.payment]);
  for (const rec of riRecs ?? []) {
    for (const d of rec.RecommendationDetails ?? []) {
      const ec2 = d.InstanceDetails?.EC2InstanceDetails;
      providerRecommendations.push({
        kind: 'reserved-instance', region: ec2?.Region ?? '', instanceType: ec2?.InstanceType ?? '',
        count: num(d.RecommendedNumberOfInstancesToPurchase), currency: d.CurrencyCode ?? rec.RecommendationSummary?.CurrencyCode ?? 'USD', hourlyCommitmentUsd: num(d.RecurringStandardMonthlyCost) / 730.5,
        upfrontUsd: num(d.UpfrontCost), estimatedMonthlySavingsUsd: num(d.EstimatedMonthlySavingsAmount),
        lookbackDays: rec.LookbackPeriodInDays === 'SEVEN_DAYS' ? 7 : rec.LookbackPeriodInDays === 'SIXTY_DAYS' ? 60 : 30, term: req.term, payment: req.payment,
      });
    }
  }
  const spRec = await ce.getSavingsPlansPurchaseRecommendation(termCodes[req.term], paymentCodes[req.payment]);
  for (const d of spRec?.SavingsPlansPurchaseRecommendationDetails ?? []) {
    providerRecommendations.push({
      kind: 'savings-plan', region: 'all', instanceType: '', count: 0, currency: d.CurrencyCode ?? spRec?.SavingsPlansPurchaseRecommendationSummary?.CurrencyCode ?? 'USD', hourlyCommitmentUsd: num(d.HourlyCommitmentToPurchase),
      upfrontUsd: num(d.UpfrontCost), estimatedMonthlySavingsUsd: num(d.EstimatedMonthlySavingsAmount),
      lookbackDays: spRec?.LookbackPeriodInDays === 'SEVEN_DAYS' ? 7 : spRec?.LookbackPeriodInDays === 'SIXTY_DAYS' ? 60 : 30, term: req.term, payment: req.payment,
    });
  }

  return {
    costLineItems, instanceUsageHours,
    totals: [...sums].sort(([x], [y]) => x.localeCompare(y)).map(([currency, t]) => ({ currency, amortizedCost: formatAmountUnits(t.amortized), unblendedCost: formatAmountUnits(t.unblended) })),
    reservations: { utilizationPercent: pctOrNull(riUtil.Total?.UtilizationPercentage), coverageHoursPercent: pctOrNull(riCov.Total?.CoverageHours?.CoverageHoursPercentage) },
    savingsPlans: { utilizationPercent: pctOrNull(spUtil.Total.Utilization.UtilizationPercentage), coveragePercent: spTotal > 0n ? (amountUnitsToNumber(spCovered) / amountUnitsToNumber(spTotal)) * 100 : null },
    providerRecommendations,
    stats: { ...ce.stats },
    warnings,
  };
}
