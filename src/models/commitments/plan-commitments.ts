/**
 * The commitment planner: hourly on-demand usage + prices + forecast → RI and Savings Plan
 * purchases that pay off, with risk.
 *
 *   group usage (region × family, normalised units) ─► demand profile + daily levels
 *     ─► forecast the daily level over the term (mean and P10)
 *     ─► best whole RI count under the mean, cut back until the P10 saving is ≥ 0
 *     ─► Savings Plan over what RIs leave on demand ─► staggered schedule
 *
 * Over a flat forecast the optimum is the hourly-demand quantile at the discount rate
 * 1 − committed rate / on-demand rate: one more unit pays off exactly when demand exceeds it in
 * more than (committed / on-demand) of the hours.
 */
import { DAY_SECONDS, HOUR_SECONDS, HOURS_PER_MONTH } from '../../domain/units.js';
import type { InstanceUsageHour } from '../../domain/cost.js';
import { planForecastRequest, type Forecast, type ForecastRequest, type RegularSeries } from '../../domain/forecast.js';
import { termDays, termMonths, type CommitmentKind, type CommitmentPayment, type CommitmentPlan, type CommitmentRecommendation, type CommitmentSkip, type CommitmentTerm, type ExistingCommitment } from '../../domain/commitment.js';
import { normalizationFactor, splitInstanceType, type InstancePrice, type PriceList } from '../../domain/pricing.js';
import { buildWithinDayProfile, quantileOf, type DemandProfile } from './demand-profile.js';
import { evaluatorOverHours, evaluatorOverPeriods, findBestSteps, findLargestSafeSteps, type CommitmentEvaluator, type CommitmentOutcome, type CommitmentRates, type DemandPeriod } from './commitment-savings.js';
import { planSchedule } from './plan-schedule.js';
import { messages } from './messages.js';

export type ForecastFn = (series: RegularSeries, request: ForecastRequest) => Forecast;

export interface PlanCommitmentsInput {
  usage: InstanceUsageHour[];
  prices: PriceList;
  term: CommitmentTerm;
  payment: CommitmentPayment;
  /** Which kinds to plan. Default 'both': RIs for the steady base, a Savings Plan over what they leave. */
  kinds?: 'reserved-instance' | 'savings-plan' | 'both';
  existing?: ExistingCommitment[];
  /**
   * What `usage` counts. false (default): on-demand usage only, as CUR/FOCUS on-demand lines and
   * USAGE.csv give it — hours existing commitments covered are not in it. true: every running
   * instance (node counts, the sample cluster), covered hours included — existing RIs and then
   * Savings Plans take their part out of it first.
   */
  usageIncludesExisting?: boolean;
  /** The forecast engine (src/models/forecast); called on daily demand levels. */
  forecast: ForecastFn;
  /** Purchases in the staggered plan. Default 3 (now, +1 month, +2 months). */
  scheduleSteps?: number;
}

/** Smallest Savings Plan step, $/hour. */
const spStepUsd = 0.001;
/** Fewer days than this and the forecast engine is not asked: the lookback stands in for the term. */
const minForecastDays = 14;

interface Scenario {
  mean: DemandPeriod[];
  p10: DemandPeriod[];
  method: string;
  note: string | null;
}

interface HourAxis {
  startMs: number;
  hours: number;
}

/** Plans commitments; pure. Usage of instance types without a price is ignored and listed. */
export function planCommitments(input: PlanCommitmentsInput): CommitmentPlan {
  const { term, payment, prices } = input;
  const kinds = input.kinds ?? 'both';
  const existing = input.existing ?? [];
  const axis = buildHourAxis(input.usage);
  const asOfMs = axis.startMs + axis.hours * HOUR_SECONDS * 1000;
  const days = termDays(term);
  const months = termMonths(term);
  const recommendations: CommitmentRecommendation[] = [];
  const notRecommended: CommitmentSkip[] = [];
  const unpriced = new Set<string>();
  const methods = new Set<string>();
  let monthlyOnDemandUsd = 0;

  const groups = groupUsage(input.usage, axis, prices, unpriced);
  for (const g of groups) g.spUsdPerUnit = spUsdPerUnitOf(g, prices, term, payment);
  if (input.usageIncludesExisting && existing.length) removeExistingCoverage(groups, existing, axis);
  // Savings Plan demand ($ of SP rate per hour) left after RIs, and its on-demand value.
  const spDemandUsd = new Float64Array(axis.hours);
  const spOnDemandUsd = new Float64Array(axis.hours);
  const spFamilies = new Set<string>();

  for (const g of groups) {
    for (let t = 0; t < axis.hours; t++) monthlyOnDemandUsd += (g.onDemandUsd[t]! / axis.hours) * HOURS_PER_MONTH;
    fillDemand(g, existing, axis);
    const purchase = choosePurchaseType(g, prices, term, payment);
    let riUnitsHourly: number[] | null = null;
    if (kinds !== 'savings-plan' && purchase) {
      const result = planReservedInstances(g, purchase, existing, axis, input, days, months);
      methods.add(result.method);
      if (result.recommendation) recommendations.push(result.recommendation);
      else notRecommended.push({ kind: 'reserved-instance', region: g.region, instanceFamily: g.family, reason: result.reason });
      riUnitsHourly = result.totalCommittedUnits;
    } else if (kinds !== 'savings-plan') {
      notRecommended.push({ kind: 'reserved-instance', region: g.region, instanceFamily: g.family, reason: messages.noReservedRate(g.family, g.region, term, payment) });
    }
    if (kinds === 'reserved-instance' || g.spUsdPerUnit === null) continue;
    // What RIs (existing + new) leave on demand goes to the Savings Plan.
    for (let t = 0; t < axis.hours; t++) {
      const covered = riUnitsHourly ? Math.min(g.demandUnits[t]!, riUnitsHourly[t]!) : Math.min(g.demandUnits[t]!, g.existingUnits[t]!);
      const left = g.demandUnits[t]! - covered;
      spDemandUsd[t]! += left * g.spUsdPerUnit;
      spOnDemandUsd[t]! += left * g.onDemandUsdPerUnit;
    }
    spFamilies.add(g.family);
  }

  if (kinds !== 'reserved-instance' && spFamilies.size > 0) {
    const sp = planSavingsPlan(spDemandUsd, spOnDemandUsd, [...spFamilies].sort(), existing, axis, input, days, months);
    methods.add(sp.method);
    if (sp.recommendation) recommendations.push(sp.recommendation);
    else notRecommended.push({ kind: 'savings-plan', region: 'all', instanceFamily: [...spFamilies].sort().join(','), reason: sp.reason });
  }

  const totals = recommendations.reduce(
    (acc, r) => ({
      monthlyOnDemandUsd: acc.monthlyOnDemandUsd,
      estimatedMonthlySavingsUsd: acc.estimatedMonthlySavingsUsd + r.estimatedMonthlySavingsUsd,
      pessimisticMonthlySavingsUsd: acc.pessimisticMonthlySavingsUsd + r.pessimisticMonthlySavingsUsd,
      upfrontUsd: acc.upfrontUsd + r.upfrontUsd,
    }),
    { monthlyOnDemandUsd: roundUsd(monthlyOnDemandUsd), estimatedMonthlySavingsUsd: 0, pessimisticMonthlySavingsUsd: 0, upfrontUsd: 0 },
  );
  return {
    recommendations,
    lookbackHours: axis.hours,
    currency: prices.currency,
    term,
    payment,
    priceSource: prices.label,
    asOfMs,
    forecastMethod: [...methods].sort().join(', ') || 'none',
    termTrend: commitmentTermTrend,
    notRecommended,
    existing,
    totals: {
      monthlyOnDemandUsd: totals.monthlyOnDemandUsd,
      estimatedMonthlySavingsUsd: roundUsd(totals.estimatedMonthlySavingsUsd),
      pessimisticMonthlySavingsUsd: roundUsd(totals.pessimisticMonthlySavingsUsd),
      upfrontUsd: roundUsd(totals.upfrontUsd),
    },
    unpricedInstanceTypes: [...unpriced].sort(),
  };
}

// ── grouping ──────────────────────────────────────────────────────────────────────────────────

interface UsageGroup {
  region: string;
  family: string;
  /** Normalised units running on demand per hour. */
  onDemandUnits: Float64Array;
  /** Units covered by existing RIs per hour (filled in later). */
  existingUnits: Float64Array;
  /** on-demand + existing RI units: what the family needs. */
  demandUnits: Float64Array;
  /** On-demand $ of the on-demand usage per hour. */
  onDemandUsd: Float64Array;
  /** Unit-hours per instance type, to pick the purchase type. */
  typeUnitHours: Map<string, number>;
  onDemandUsdPerUnit: number;
  /** Compute Savings Plan $ per unit-hour (usage-weighted), null when the list has no SP rate. */
  spUsdPerUnit: number | null;
}

/** The time a plan on `usage` is made for: the end of its last hour (non-empty usage). */
export function planTimeMs(usage: readonly InstanceUsageHour[]): number {
  const axis = buildHourAxis(usage);
  return axis.startMs + axis.hours * HOUR_SECONDS * 1000;
}

function buildHourAxis(usage: readonly InstanceUsageHour[]): HourAxis {
  if (usage.length === 0) return { startMs: 0, hours: 0 };
  const hourMs = HOUR_SECONDS * 1000;
  let min = Infinity;
  let max = -Infinity;
  for (const u of usage) {
    min = Math.min(min, u.timestampMs);
    max = Math.max(max, u.timestampMs);
  }
  const startMs = Math.floor(min / hourMs) * hourMs;
  return { startMs, hours: Math.floor((max - startMs) / hourMs) + 1 };
}

function groupUsage(usage: InstanceUsageHour[], axis: HourAxis, prices: PriceList, unpriced: Set<string>): UsageGroup[] {
  const groups = new Map<string, UsageGroup & { spWeight: number; spUsd: number; odUsdTotal: number; unitHours: number }>();
  const hourMs = HOUR_SECONDS * 1000;
  for (const u of usage) {
    if (!(u.instances > 0)) continue;
    const price = findPrice(prices, u.region, u.instanceType);
    const parts = splitInstanceType(u.instanceType);
    const factor = normalizationFactor(u.instanceType);
    if (!price || !parts || factor === null) {
      unpriced.add(`${u.region}/${u.instanceType}`);
      continue;
    }
    const key = `${u.region}/${parts.family}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        region: u.region, family: parts.family,
        onDemandUnits: new Float64Array(axis.hours), existingUnits: new Float64Array(axis.hours), demandUnits: new Float64Array(axis.hours),
        onDemandUsd: new Float64Array(axis.hours), typeUnitHours: new Map(), onDemandUsdPerUnit: 0, spUsdPerUnit: null,
        spWeight: 0, spUsd: 0, odUsdTotal: 0, unitHours: 0,
      };
      groups.set(key, g);
    }
    const t = Math.floor((u.timestampMs - axis.startMs) / hourMs);
    const units = u.instances * factor;
    g.onDemandUnits[t]! += units;
    g.onDemandUsd[t]! += u.instances * price.onDemandHourlyUsd;
    g.typeUnitHours.set(u.instanceType, (g.typeUnitHours.get(u.instanceType) ?? 0) + units);
    g.unitHours += units;
    g.odUsdTotal += u.instances * price.onDemandHourlyUsd;
  }
  return [...groups.values()].sort((a, b) => (a.region + a.family).localeCompare(b.region + b.family)).map((g) => {
    g.onDemandUsdPerUnit = g.unitHours > 0 ? g.odUsdTotal / g.unitHours : 0;
    return g;
  });
}

function findPrice(prices: PriceList, region: string, instanceType: string): InstancePrice | undefined {
  return prices.instances.find((i) => i.region === region && i.instanceType === instanceType);
}

interface PurchaseType {
  instanceType: string;
  factor: number;
  price: InstancePrice;
  upfrontUsd: number;
  hourlyUsd: number;
}

/** RIs are bought as the family's smallest used size with a rate: finest steps, size flexibility does the rest. */
function choosePurchaseType(g: UsageGroup, prices: PriceList, term: CommitmentTerm, payment: CommitmentPayment): PurchaseType | null {
  const types = [...g.typeUnitHours.keys()].sort((a, b) => (normalizationFactor(a) ?? 0) - (normalizationFactor(b) ?? 0) || a.localeCompare(b));
  for (const instanceType of types) {
    const price = findPrice(prices, g.region, instanceType)!;
    const rate = price.reserved.find((r) => r.term === term && r.payment === payment);
    if (rate) return { instanceType, factor: normalizationFactor(instanceType)!, price, upfrontUsd: rate.upfrontUsd, hourlyUsd: rate.hourlyUsd };
  }
  return null;
}

/** Fills the group's Savings Plan rate per unit from the usage mix (weighted by unit-hours). */
function spUsdPerUnitOf(g: UsageGroup, prices: PriceList, term: CommitmentTerm, payment: CommitmentPayment): number | null {
  let usd = 0;
  let units = 0;
  for (const [instanceType, unitHours] of g.typeUnitHours) {
    const price = findPrice(prices, g.region, instanceType)!;
    const rate = price.savingsPlans.find((s) => s.term === term && s.payment === payment);
    if (!rate) return null;
    const factor = normalizationFactor(instanceType)!;
    usd += (rate.hourlyRateUsd / factor) * unitHours;
    units += unitHours;
  }
  return units > 0 ? usd / units : null;
}

// ── reserved instances ────────────────────────────────────────────────────────────────────────

function existingUnitsAt(existing: ExistingCommitment[], kind: CommitmentKind, region: string, family: string | null, ms: number): number {
  let units = 0;
  for (const e of existing) {
    if (e.kind !== kind || e.expiresMs <= ms) continue;
    if (kind === 'savings-plan') {
      units += e.hourlyCommitmentUsd;
      continue;
    }
    const parts = splitInstanceType(e.instanceType);
    if (e.region !== region || parts?.family !== family) continue;
    units += e.count * (normalizationFactor(e.instanceType) ?? 0);
  }
  return units;
}

/** Existing RIs were in use while they ran (the usage is what they did not cover): demand = on-demand + existing. */
function fillDemand(g: UsageGroup, existing: ExistingCommitment[], axis: HourAxis): void {
  const hourMs = HOUR_SECONDS * 1000;
  for (let t = 0; t < axis.hours; t++) {
    g.existingUnits[t] = existingUnitsAt(existing, 'reserved-instance', g.region, g.family, axis.startMs + t * hourMs);
    g.demandUnits[t] = g.onDemandUnits[t]! + g.existingUnits[t]!;
  }
}

/**
 * Turns usage that counts every running instance into the on-demand usage a bill would show:
 * each hour, existing RIs cover their region and family first, then existing Savings Plans cover
 * what is left, in SP-rate dollars, spread over the families in proportion (AWS applies RIs before
 * Savings Plans). From there the plan goes as for billed on-demand usage.
 */
function removeExistingCoverage(groups: UsageGroup[], existing: ExistingCommitment[], axis: HourAxis): void {
  const hourMs = HOUR_SECONDS * 1000;
  const scale = (g: UsageGroup, t: number, keep: number) => {
    g.onDemandUnits[t] = g.onDemandUnits[t]! * keep;
    g.onDemandUsd[t] = g.onDemandUsd[t]! * keep;
  };
  for (let t = 0; t < axis.hours; t++) {
    const ms = axis.startMs + t * hourMs;
    for (const g of groups) {
      const units = g.onDemandUnits[t]!;
      const covered = Math.min(units, existingUnitsAt(existing, 'reserved-instance', g.region, g.family, ms));
      if (units > 0) scale(g, t, (units - covered) / units);
    }
    const spUsd = existingUnitsAt(existing, 'savings-plan', '', null, ms);
    if (spUsd <= 0) continue;
    let demandUsd = 0;
    for (const g of groups) demandUsd += g.onDemandUnits[t]! * (g.spUsdPerUnit ?? 0);
    if (demandUsd <= 0) continue;
    const keep = 1 - Math.min(1, spUsd / demandUsd);
    for (const g of groups) if (g.spUsdPerUnit !== null) scale(g, t, keep);
  }
}

interface PlanResult {
  recommendation: CommitmentRecommendation | null;
  reason: string;
  method: string;
  /** Existing + new RI units per lookback hour (for what is left to a Savings Plan). */
  totalCommittedUnits: number[] | null;
}

function planReservedInstances(g: UsageGroup, purchase: PurchaseType, existing: ExistingCommitment[], axis: HourAxis, input: PlanCommitmentsInput, termDays: number, months: number): PlanResult {
  const hourMs = HOUR_SECONDS * 1000;
  const rates: CommitmentRates = {
    onDemandUnitUsd: purchase.price.onDemandHourlyUsd / purchase.factor,
    committedUnitUsd: (purchase.upfrontUsd / (termDays * 24) + purchase.hourlyUsd) / purchase.factor,
  };
  const discountRate = 1 - rates.committedUnitUsd / rates.onDemandUnitUsd;
  const asOfMs = axis.startMs + axis.hours * hourMs;
  const { scenario, profile } = forecastScenario(g.demandUnits, axis, termDays, (ms) => existingUnitsAt(existing, 'reserved-instance', g.region, g.family, ms), input.forecast);
  const meanEval = evaluatorOverPeriods(profile, scenario.mean, rates);
  const p10Eval = evaluatorOverPeriods(profile, scenario.p10, rates);
  // "Proven over the lookback": the lookback's demand with the commitments that will still be owned at purchase.
  const lookbackEval = evaluatorOverHours(g.demandUnits, new Float64Array(axis.hours).fill(existingUnitsAt(existing, 'reserved-instance', g.region, g.family, asOfMs)), rates);
  const maxSteps = Math.ceil(maxDemandUnits(g.demandUnits, scenario, profile) / purchase.factor) + 1;
  const forecastBest = findBestSteps(meanEval, purchase.factor, maxSteps);
  const lookbackBest = findBestSteps(lookbackEval, purchase.factor, maxSteps);
  const meanBest = preferProven(meanEval, forecastBest, lookbackBest, purchase.factor);
  const count = findLargestSafeSteps(p10Eval, purchase.factor, meanBest);
  const quantileUnits = quantileOf(g.demandUnits, discountRate);
  const base = { method: scenario.method, totalCommittedUnits: null };
  if (count === 0) {
    const reason = meanBest === 0
      ? messages.burstyUsage(g.family, g.region, discountRate, quantileUnits / purchase.factor, purchase.instanceType)
      : messages.pessimisticLoss(meanBest, purchase.instanceType);
    return { ...base, recommendation: null, reason };
  }
  const units = count * purchase.factor;
  const mean = meanEval(units);
  const p10 = p10Eval(units);
  const lookback = lookbackEval(units);
  // Buy now what both the pessimistic forecast and the lookback already use; the growth part waits a month or two.
  const p10Best = Math.min(findBestSteps(p10Eval, purchase.factor, count), lookbackBest, count);
  const reasons = [
    messages.quantileRule(discountRate, quantileUnits / purchase.factor, purchase.instanceType, lookbackBest),
    scenario.note ?? messages.forecastUsed(scenario.method, forecastBest),
  ];
  if (meanBest !== forecastBest) reasons.push(messages.keptProvenCount(forecastBest, lookbackBest));
  if (count < meanBest) reasons.push(messages.cutToP10(meanBest, count));
  const existingNow = existingUnitsAt(existing, 'reserved-instance', g.region, g.family, asOfMs);
  if (existingNow > 0) reasons.push(messages.existingCommitments(existingNow / purchase.factor, purchase.instanceType));
  const upfrontUsd = count * purchase.upfrontUsd;
  const recommendation: CommitmentRecommendation = {
    kind: 'reserved-instance',
    region: g.region,
    instanceFamily: g.family,
    instanceType: purchase.instanceType,
    count,
    hourlyCommitmentUsd: roundUsd(count * purchase.hourlyUsd, 4),
    upfrontUsd: roundUsd(upfrontUsd),
    estimatedMonthlySavingsUsd: roundUsd(mean.savingsUsd / months),
    breakEvenMonths: breakEvenMonths(mean, upfrontUsd, months),
    expectedUtilization: ratio(mean.coveredUnitHours, mean.committedUnitHours),
    expectedCoverage: ratio(mean.coveredUnitHours, mean.eligibleUnitHours),
    schedule: planSchedule(count, p10Best, asOfMs, input.scheduleSteps ?? 3, true).map((s) => ({ date: s.date, count: s.amount })),
    term: input.term,
    payment: input.payment,
    pessimisticMonthlySavingsUsd: roundUsd(p10.savingsUsd / months),
    lookbackMonthlySavingsUsd: roundUsd((lookback.savingsUsd / Math.max(1, axis.hours)) * HOURS_PER_MONTH),
    normalizedUnits: units,
    effectiveHourlyRateUsd: roundUsd(rates.committedUnitUsd * purchase.factor, 4),
    onDemandHourlyRateUsd: purchase.price.onDemandHourlyUsd,
    reasons,
  };
  return { ...base, recommendation, reason: '', totalCommittedUnits: Array.from(g.existingUnits, (e) => e + units) };
}

// ── savings plan ──────────────────────────────────────────────────────────────────────────────

function planSavingsPlan(demandUsd: Float64Array, onDemandUsd: Float64Array, families: string[], existing: ExistingCommitment[], axis: HourAxis, input: PlanCommitmentsInput, termDays: number, months: number): Omit<PlanResult, 'totalCommittedUnits'> {
  const hourMs = HOUR_SECONDS * 1000;
  // Amounts are in the price list's currency (the `Usd` names are the schema's; see PlanResult.currency).
  const currency = input.prices.currency;
  const existingUsd = new Float64Array(axis.hours);
  const demand = new Float64Array(axis.hours);
  let spTotal = 0;
  let odTotal = 0;
  for (let t = 0; t < axis.hours; t++) {
    existingUsd[t] = existingUnitsAt(existing, 'savings-plan', '', null, axis.startMs + t * hourMs);
    demand[t] = demandUsd[t]! + existingUsd[t]!;
    spTotal += demandUsd[t]!;
    odTotal += onDemandUsd[t]!;
  }
  const familyList = families.join(',');
  if (spTotal <= 0) return { recommendation: null, reason: messages.nothingLeftForSavingsPlan(), method: 'none' };
  // One $ of commitment buys on-demand usage worth odTotal/spTotal $ (the usage-weighted SP discount).
  const rates: CommitmentRates = { onDemandUnitUsd: odTotal / spTotal, committedUnitUsd: 1 };
  const discountRate = 1 - spTotal / odTotal;
  const asOfMs = axis.startMs + axis.hours * hourMs;
  const { scenario, profile } = forecastScenario(demand, axis, termDays, (ms) => existingUnitsAt(existing, 'savings-plan', '', null, ms), input.forecast);
  const meanEval = evaluatorOverPeriods(profile, scenario.mean, rates);
  const p10Eval = evaluatorOverPeriods(profile, scenario.p10, rates);
  const lookbackEval = evaluatorOverHours(demand, new Float64Array(axis.hours).fill(existingUnitsAt(existing, 'savings-plan', '', null, asOfMs)), rates);
  const maxSteps = Math.ceil(maxDemandUnits(demand, scenario, profile) / spStepUsd) + 1;
  const forecastBest = findBestSteps(meanEval, spStepUsd, maxSteps);
  const meanBest = preferProven(meanEval, forecastBest, findBestSteps(lookbackEval, spStepUsd, maxSteps), spStepUsd);
  const steps = findLargestSafeSteps(p10Eval, spStepUsd, meanBest);
  const quantileUsd = quantileOf(demand, discountRate);
  if (steps === 0) {
    const reason = meanBest === 0 ? messages.burstySavingsPlan(discountRate, quantileUsd, currency) : messages.pessimisticLossSavingsPlan(meanBest * spStepUsd, currency);
    return { recommendation: null, reason, method: scenario.method };
  }
  const commitUsd = roundUsd(steps * spStepUsd, 3);
  const mean = meanEval(commitUsd);
  const p10 = p10Eval(commitUsd);
  const lookback = lookbackEval(commitUsd);
  const upfrontShare = input.payment === 'all-upfront' ? 1 : input.payment === 'partial-upfront' ? 0.5 : 0;
  const upfrontUsd = commitUsd * termDays * 24 * upfrontShare;
  const p10BestSteps = Math.min(findBestSteps(p10Eval, spStepUsd, steps), steps);
  const reasons = [messages.quantileRuleSavingsPlan(discountRate, quantileUsd, currency), scenario.note ?? messages.forecastUsedSavingsPlan(scenario.method)];
  if (steps < meanBest) reasons.push(messages.cutToP10SavingsPlan(meanBest * spStepUsd, commitUsd, currency));
  const existingNowUsd = existingUnitsAt(existing, 'savings-plan', '', null, asOfMs);
  if (existingNowUsd > 0) reasons.push(messages.existingSavingsPlans(existingNowUsd, currency));
  return {
    method: scenario.method,
    reason: '',
    recommendation: {
      kind: 'savings-plan',
      region: 'all',
      instanceFamily: familyList,
      instanceType: '',
      count: 0,
      // The recurring part; with upfront the rest of the commitment is prepaid.
      hourlyCommitmentUsd: commitUsd,
      upfrontUsd: roundUsd(upfrontUsd),
      estimatedMonthlySavingsUsd: roundUsd(mean.savingsUsd / months),
      breakEvenMonths: breakEvenMonths(mean, upfrontUsd, months),
      expectedUtilization: ratio(mean.coveredUnitHours, mean.committedUnitHours),
      expectedCoverage: ratio(mean.coveredUnitHours, mean.eligibleUnitHours),
      schedule: planSchedule(steps, p10BestSteps, asOfMs, input.scheduleSteps ?? 3, false).map((s) => ({ date: s.date, hourlyCommitmentUsd: roundUsd(s.amount * spStepUsd, 3) })),
      term: input.term,
      payment: input.payment,
      pessimisticMonthlySavingsUsd: roundUsd(p10.savingsUsd / months),
      lookbackMonthlySavingsUsd: roundUsd((lookback.savingsUsd / Math.max(1, axis.hours)) * HOURS_PER_MONTH),
      normalizedUnits: 0,
      effectiveHourlyRateUsd: 1,
      onDemandHourlyRateUsd: roundUsd(rates.onDemandUnitUsd, 4),
      reasons,
    },
  };
}

// ── forecast of the term ──────────────────────────────────────────────────────────────────────

/**
 * How the term's forecast treats a trend: as finance's spend forecast does (both come from
 * planForecastRequest: same engine, calibration, season and bounded trend), said in every plan
 * (`termTrend`). The planner used to extrapolate the trend undamped: with the bounded mean the
 * slope's uncertainty was still extrapolated undamped on both sides, and the 80 % lower bound (the
 * P10 this planner guards with) reached zero within ~6 months on the sample's us-east-1 m5 fleet.
 * The side of a bounded trend's interval away from its drift now spans the bounded mean and the
 * trend stopping where the history ends (forecast.ts boundTrendSide), so the P10 stays near
 * today's level when growth may stop, and the undamped trend's optimism (its P10 kept a year's
 * growth) is gone. Measured on 80 seeded month-long growing series a year ahead
 * (test/unit/forecast/long-horizon-intervals.test.ts).
 */
export const commitmentTermTrend = {
  trend: 'bounded',
  reason: 'the term\'s forecast damps a trend beyond twice the history, as finance\'s spend forecast does; its P10 spans a trend that stops where the history ends',
} as const;


/**
 * Daily demand levels over the term: the forecast engine's mean and the lower bound of its 80 %
 * interval (P10), on the daily means of the lookback. Hours within a day follow the lookback's profile.
 */
function forecastScenario(hourly: Float64Array, axis: HourAxis, termDays: number, existingAt: (ms: number) => number, forecast: ForecastFn): { scenario: Scenario; profile: DemandProfile } {
  const hourMs = HOUR_SECONDS * 1000;
  const days = Math.floor(axis.hours / 24);
  // Whole days ending at the last hour, so the forecast starts right after the lookback.
  const firstHour = axis.hours - days * 24;
  const profile = buildWithinDayProfile(hourly, firstHour);
  const daily = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    let sum = 0;
    for (let h = 0; h < 24; h++) sum += hourly[firstHour + d * 24 + h]!;
    daily[d] = sum / 24;
  }
  const asOfMs = axis.startMs + axis.hours * hourMs;
  // Levels past the end of `levels` repeat it (cycle) or hold its last value.
  const periodsFrom = (levels: ArrayLike<number>, cycle = false): DemandPeriod[] =>
    Array.from({ length: termDays }, (_, d) => ({
      levelUnits: Math.max(0, levels[cycle ? d % levels.length : Math.min(d, levels.length - 1)] ?? 0),
      existingUnits: existingAt(asOfMs + d * DAY_SECONDS * 1000),
      hours: 24,
    }));
  const flat = (note: string): { scenario: Scenario; profile: DemandProfile } => {
    const sorted = Array.from(daily).sort((a, b) => a - b);
    const p10Level = sorted.length ? sorted[Math.floor(0.1 * (sorted.length - 1))]! : profile.meanUnits;
    // The lookback's days over again; pessimistically, its 10th-percentile day every day.
    return { scenario: { mean: periodsFrom(daily.length ? daily : [profile.meanUnits], true), p10: periodsFrom([p10Level]), method: 'lookback', note }, profile };
  };
  if (days < minForecastDays) return flat(messages.lookbackTooShort(days, minForecastDays));
  let f: Forecast;
  try {
    f = forecast({ startMs: axis.startMs + firstHour * hourMs, stepSeconds: DAY_SECONDS, values: daily }, planForecastRequest(termDays, [80], { trend: commitmentTermTrend.trend }));
  } catch (err) {
    return flat(messages.forecastFailed(err instanceof Error ? err.message : String(err)));
  }
  const lower = f.intervals.find((i) => i.level === 80)?.lower;
  if (!lower || f.mean.length < termDays || [...f.mean].some((v) => !Number.isFinite(v))) return flat(messages.forecastFailed('no usable 80 % interval'));
  return { scenario: { mean: periodsFrom(f.mean), p10: periodsFrom(lower), method: f.method, note: null }, profile };
}

/** Largest hourly demand the search must consider: seen in the lookback or implied by the forecast. */
function maxDemandUnits(hourly: Float64Array, scenario: Scenario, profile: DemandProfile): number {
  let max = 0;
  for (const v of hourly) max = Math.max(max, v);
  const maxRatio = profile.ratios[profile.ratios.length - 1] ?? 1;
  for (const p of scenario.mean) max = Math.max(max, p.levelUnits * maxRatio);
  return max;
}

/**
 * The lookback's best count is proven by data; the forecast's is a projection. Keep the proven
 * one unless the forecast's adds more than 1 % to the expected saving (growth or decline that matters).
 */
function preferProven(meanEval: CommitmentEvaluator, forecastBest: number, lookbackBest: number, stepUnits: number): number {
  if (forecastBest === lookbackBest) return forecastBest;
  const forecastSaving = meanEval(forecastBest * stepUnits).savingsUsd;
  const provenSaving = meanEval(lookbackBest * stepUnits).savingsUsd;
  return provenSaving >= forecastSaving - 0.01 * Math.abs(forecastSaving) ? lookbackBest : forecastBest;
}

// ── helpers ───────────────────────────────────────────────────────────────────────────────────

function breakEvenMonths(mean: CommitmentOutcome, upfrontUsd: number, months: number): number | null {
  // Savings already net of the amortised upfront; add it back to get what repays it.
  const monthlyGrossUsd = (mean.savingsUsd + upfrontUsd) / months;
  if (monthlyGrossUsd <= 0) return null;
  if (upfrontUsd <= 0) return 0;
  const m = upfrontUsd / monthlyGrossUsd;
  return m > months ? null : Math.round(m * 10) / 10;
}

function ratio(a: number, b: number): number {
  return b > 0 ? Math.round((a / b) * 10000) / 10000 : 0;
}

function roundUsd(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export type { CommitmentEvaluator };
