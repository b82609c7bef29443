/** Every sentence the commitment planner says, in one place (tests assert against these). */
import { formatPerHour } from '../../domain/money.js';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const num = (x: number) => (Math.round(x * 100) / 100).toString();
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** "$0.300/h" in USD, "0.300 EUR/h" in another currency. */
const perHour = (amount: number, currency: string) => formatPerHour(amount.toFixed(3), currency);
/** "$1.5/h" in USD, "1.5 EUR/h" in another currency (two decimals at most). */
const perHourShort = (amount: number, currency: string) => formatPerHour(num(amount), currency);

export const messages = {
  noReservedRate: (family: string, region: string, term: string, payment: string) =>
    `no ${term} ${payment} Reserved Instance rate for ${family} in ${region} in the price list`,
  burstyUsage: (family: string, region: string, discountRate: number, quantileCount: number, instanceType: string) =>
    `usage of ${family} in ${region} is too bursty: a commitment pays off only for capacity used in more than ${pct(1 - discountRate)} of hours, and that level is ${num(quantileCount)} × ${instanceType}`,
  pessimisticLoss: (meanBest: number, instanceType: string) =>
    `the expected optimum of ${meanBest} × ${instanceType} loses money under the pessimistic (P10) forecast, and so does any smaller count`,
  quantileRule: (discountRate: number, quantileCount: number, instanceType: string, lookbackBest: number) =>
    `discount ${pct(discountRate)}: over the lookback the ${pct(discountRate)} quantile of hourly demand is ${num(quantileCount)} × ${instanceType} (best whole count over the lookback: ${lookbackBest})`,
  forecastUsed: (method: string, meanBest: number) =>
    `sized on the forecast of the term (${method}): the expected optimum is ${meanBest}`,
  keptProvenCount: (forecastBest: number, lookbackBest: number) =>
    `the forecast's optimum (${forecastBest}) adds less than 1 % to the expected saving, so the count the lookback proves (${lookbackBest}) stands`,
  cutToP10: (meanBest: number, count: number) =>
    `cut from ${meanBest} to ${count} so that the pessimistic (P10) forecast still saves money`,
  existingCommitments: (count: number, instanceType: string) =>
    `existing Reserved Instances worth ${num(count)} × ${instanceType} are counted until they expire`,
  existingSavingsPlans: (hourly: number, currency: string) => `existing Savings Plans of ${perHour(hourly, currency)} are counted until they expire`,
  nothingLeftForSavingsPlan: () => 'Reserved Instances leave no on-demand usage for a Savings Plan',
  burstySavingsPlan: (discountRate: number, quantile: number, currency: string) =>
    `on-demand usage left after Reserved Instances is too bursty for a Savings Plan (discount ${pct(discountRate)}; the ${pct(discountRate)} quantile of hourly SP-rate spend is ${perHourShort(quantile, currency)})`,
  pessimisticLossSavingsPlan: (meanBest: number, currency: string) =>
    `the expected optimum of ${perHourShort(meanBest, currency)} loses money under the pessimistic (P10) forecast`,
  quantileRuleSavingsPlan: (discountRate: number, quantile: number, currency: string) =>
    `Compute Savings Plan over what Reserved Instances leave: discount ${pct(discountRate)}, the ${pct(discountRate)} quantile of hourly SP-rate spend is ${perHourShort(quantile, currency)}`,
  forecastUsedSavingsPlan: (method: string) => `sized on the forecast of the term (${method})`,
  cutToP10SavingsPlan: (meanBest: number, commit: number, currency: string) =>
    `cut from ${perHourShort(meanBest, currency)} to ${perHourShort(commit, currency)} so that the pessimistic (P10) forecast still saves money`,
  lookbackTooShort: (days: number, minDays: number) =>
    `only ${days} days of usage (a forecast needs ${minDays}): the term is assumed to look like the lookback, P10 = its 10th-percentile day`,
  forecastFailed: (why: string) => `the forecast failed (${why}): the term is assumed to look like the lookback`,
  // ── commitments read from the bill ──
  billedKindUnknown: () => 'the bill does not say whether it is a Reserved Instance or a Savings Plan',
  billedExpired: (expiresMs: number) => `expired on ${day(expiresMs)}`,
  billedGone: (lastSeenMs: number) => `not on the bill since ${day(lastSeenMs)}`,
  billedCountUnknown: () => 'the bill shows no reserved hours for it (a FOCUS export without CommitmentDiscountQuantity): to count it, list what you own with --existing FILE',
  billedTypeUnknown: () => 'the bill names no instance type for it: to count it, list what you own with --existing FILE',
  billedCommitmentUnknown: () => 'the bill shows no hourly commitment for it (no SavingsPlanRecurringFee line): to count it, list what you own with --existing FILE',
  /** One line: what the plan counted from the bill. */
  /**
   * One line: what the plan counted from the bill. A Savings Plan's amount is in `currency`
   * (USD when absent); `billed` is what the bill said when it was converted.
   */
  billedCounted: (items: readonly { kind: string; region: string; instanceType: string; count: number; hourlyCommitmentUsd: number; expiresMs: number | null; currency?: string | null; billed?: { currency: string; hourly: number; rate: number } }[]) =>
    `counted ${items.length} existing commitment${items.length === 1 ? '' : 's'} from the bill${items.length ? ': ' : ''}${items.map((c) =>
      `${c.kind === 'reserved-instance' ? `${num(c.count)} × ${c.instanceType} RI in ${c.region}` : `Savings Plan ${perHour(c.hourlyCommitmentUsd, c.currency ?? 'USD')}${c.billed ? ` (billed ${perHour(c.billed.hourly, c.billed.currency)} at 1 ${c.billed.currency} = ${c.billed.rate} ${c.currency ?? 'USD'})` : ''}`} ${c.expiresMs === null ? '(no expiry in the bill: counted for the whole term)' : `until ${day(c.expiresMs)}`}`).join('; ')}`,
  /** A Savings Plan on the bill in another currency than the price list, without a rate. */
  billedCurrencyMismatch: (id: string, hourly: number, currency: string, planCurrency: string) =>
    `the bill's Savings Plan ${id} commits ${perHour(hourly, currency)}, the price list is in ${planCurrency}`,
  /** A Savings Plan whose bill lines do not say their currency (or disagree). */
  billedCurrencyUnknown: (id: string) => `the bill's Savings Plan ${id} was stored without a currency (or in several), so its hourly commitment cannot be set beside the price list`,
  billedNotCounted: (items: readonly { id: string; reason: string }[]) => `not counted: ${items.map((c) => `${c.id} (${c.reason})`).join('; ')}`,
} as const;
