/** Every sentence and number format the report shows people, in one place (tests assert against these). */
import type { AccountabilitySection, AlertsSection, CapacitySection, ExhaustionItem, ReportSummary, SloBudgetRow } from './report-types.js';
import { scoreForecastErrors } from './forecast-rows.js';
import { formatMoney, roundCents } from '../domain/money.js';

/** An amount in `currency` as the report shows it ("$1,234.56", "€1,234.56", "−€3.00"); '—' for none. */
export function formatAmount(x: number | null, currency: string): string {
  if (x === null) return '—';
  const text = formatMoney(Math.abs(x), currency);
  return roundCents(x) < 0 ? `−${text}` : text;
}

/** A change in `currency`, signed: "+€12.00", "−$3.50". */
export function formatSignedAmount(x: number | null, currency: string): string {
  if (x === null) return '—';
  return roundCents(x) > 0 ? `+${formatAmount(x, currency)}` : formatAmount(x, currency);
}

/** An amount that is USD by construction (price-list savings); bill amounts use formatAmount with the report's currency. */
export function formatUsd(x: number | null): string {
  return formatAmount(x, 'USD');
}

export function formatSignedUsd(x: number | null): string {
  return formatSignedAmount(x, 'USD');
}

/** USD savings next to a bill in another currency say where they come from, so no one adds them up. */
export function priceListNote(billCurrency: string): string {
  return billCurrency === 'USD' ? '' : ` (USD, from the price list; the bill is in ${billCurrency})`;
}

export function formatPercent(ratio: number | null, signed = false): string {
  if (ratio === null) return '—';
  const p = (ratio * 100).toFixed(1);
  // A ratio that rounds to zero is "0.0%", not "−0.0%" or "+0.0%".
  if (Number(p) === 0) return '0.0%';
  if (!signed) return `${p}%`;
  return ratio > 0 ? `+${p}%` : ratio < 0 ? `−${p.replace('-', '')}%` : '0.0%';
}

/**
 * The sentence under a spend forecast that names the steps it modelled (a pool added, a price
 * change) and says when it is only indicative; '' when there is nothing to say.
 */
export function describeForecastSteps(f: { levelShifts?: { date: string; sizeUsdPerDay: number }[]; indicative?: string | null }, currency = 'USD'): string {
  const parts: string[] = [];
  const shifts = f.levelShifts ?? [];
  if (shifts.length > 0) {
    const named = shifts.map((x) => `${formatSignedAmount(x.sizeUsdPerDay, currency)} a day from ${x.date}`).join(', ');
    parts.push(`Step${shifts.length > 1 ? 's' : ''} in the spend, forecast as a new level rather than growth: ${named}.`);
  }
  if (f.indicative) parts.push(`This forecast is ${f.indicative}.`);
  return parts.join(' ');
}

export function formatDate(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString().slice(0, 10);
}

export function formatQuantity(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === 'bytes') return `${(value / 2 ** 30).toFixed(1)} GiB`;
  if (unit === 'cores') return `${value.toFixed(value < 10 ? 2 : 1)} cores`;
  return `${value.toFixed(2)} ${unit}`;
}

export function formatDays(days: number | null): string {
  if (days === null) return 'not within the horizon';
  const whole = Math.round(days);
  return whole <= 0 ? 'now' : whole === 1 ? '1 day' : `${whole} days`;
}

/** One sentence for a crossing, e.g. "node-pool m5.xlarge cpu requests reach allocatable on 2026-12-01 (15 days); as early as 2026-11-25 at 80% confidence". */
export function describeExhaustion(e: ExhaustionItem): string {
  const what = `${e.scope} ${e.name} ${e.resource} requests ${e.threshold === 'allocatable' ? 'reach allocatable' : 'pass the utilisation target'}`;
  const expected = e.exhaustionDateMs !== null ? ` on ${formatDate(e.exhaustionDateMs)} (${formatDays(e.daysToExhaustion)})` : ' (mean forecast: not within the horizon)';
  const earliest = e.earliestDateMs !== null ? `; as early as ${formatDate(e.earliestDateMs)} (${formatDays(e.daysToExhaustionLower)}) at 80% confidence` : '';
  return `${what}${expected}${earliest}`;
}

/** Firing time as people read it: `45 min`, `2 h 30 min`, `3 d 4 h`. */
export function formatDurationSeconds(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A burn rate: `0.42×`, `2.4×`, `180×`. */
export function formatBurnRate(x: number | null): string {
  if (x === null) return '—';
  return `${Number(x.toFixed(x < 1 ? 2 : x < 10 ? 1 : 0))}×`;
}

export const budgetStatusLabels: Record<SloBudgetRow['budgetStatus'], string> = {
  healthy: 'healthy', 'at-risk': 'at risk', exhausted: 'exhausted', 'no-data': 'no data', unknown: 'no live data',
};

export const reportMessages = {
  noTeamAllocation: 'No allocation run yet: run `headroom costs --by label:team` (or `headroom demo`) after collect and import to split the bill by team.',
  teamAllocationOutsideWeek: (runId: string) => `Allocation run ${runId} does not cover this week or the one before: run \`headroom costs --by label:team\` again after collecting them.`,
  teamAllocationNote: (label: string, runId: string) => `The bill split by the pod or namespace label ${label} (OpenCost's method: max(request, usage) per resource and hour at each node's effective price), from allocation run ${runId}; idle and non-Kubernetes spend are not any team's.`,
  noCapacity: 'No capacity run in the store: run `headroom collect`, then `headroom capacity` (or `headroom demo`) to forecast headroom.',
  capacityFrom: (runId: string) => `From capacity run ${runId}.`,
  /** A run made after the week's report was due (data for a past `--at`, analysed later): shown, and said. */
  runAfterDue: (what: string, runId: string, runAtMs: number, week: string) =>
    `From ${what} run ${runId} of ${new Date(runAtMs).toISOString().slice(0, 10)}, made after ${week} was due: it shows what is known now, not what was known then.`,
  noCost: 'No cost data for this period: import billing (`headroom import --focus FILE`, `--cur FILE` or `--cost-explorer`).',
  noCostForecast: 'No cost forecast yet: import billing, then run `headroom capacity` to forecast spend.',
  noRightsizing: 'No rightsizing run in the store: run `headroom rightsize --save` (or `--from-store --save` after `headroom collect`) to find savings.',
  noCommitments: 'No commitment plan in the store: run `headroom commitments --save` to size Reserved Instances and Savings Plans.',
  noAlerts: 'No generated alert rules or SLO specs found: run `headroom generate`.',
  noLiveAlertData: 'Headroom has no live alert or SLI data; budget status shows the generated rules and SLO objectives only.',
  noLiveSli: 'No live SLI data: pass --prometheus-url (or set prometheus.url) to compute error budgets.',
  noSliData: (kind: 'prometheus' | 'sample') => (kind === 'prometheus' ? 'the SLI queries returned no series for this SLO' : 'the embedded sample has no SLI events for this SLO'),
  noAlertHistory: 'The alert history (ALERTS series) could not be read, so fired alerts are not listed.',
  noAlertsFired: 'No alert fired during the week.',
  noObjective: 'the spec has no numeric objective',
  liveAlertDataFrom: (kind: 'prometheus' | 'sample', origin: string, windowSeconds: number, someOwnWindows = false) => {
    const budgets = someOwnWindows
      ? `error budgets over each SLO's window ending with the week (${Math.round(windowSeconds / 86_400)} days unless its spec sets its own)`
      : `error budgets over the ${Math.round(windowSeconds / 86_400)}-day SLO window ending with the week`;
    return kind === 'prometheus'
      ? `SLI and alert figures from Prometheus at ${origin}; ${budgets}.`
      : `SLI and alert figures from the embedded sample (${origin}), not from a live Prometheus; ${budgets}.`;
  },
  liveDataProblems: (problems: string[]) => `Partial: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''}.`,
  sloSpecProblems: (problems: string[]) => `${problems.length} SLO spec problem${problems.length === 1 ? '' : 's'} (run \`headroom generate\` to see them): ${problems[0]}.`,
  /** Under the title: the currency of the page's amounts, and the rates a mixed bill was converted at. */
  amountsIn: (currency: string, rates: Record<string, number>) => {
    const used = Object.entries(rates).map(([c, r]) => `1 ${c} = ${r} ${currency}`);
    return `Amounts in ${currency}${used.length ? ` (a bill in several currencies, converted at ${used.join(', ')})` : ''}, effective (amortised) cost${currency === 'USD' ? '' : '; rightsizing and commitment savings in USD (price list)'}.`;
  },
  /** A forecast or allocation run made in another currency than the report's is left out rather than mixed in. */
  otherCurrency: (what: string, runId: string, runCurrency: string, currency: string) =>
    `${what} run ${runId} is in ${runCurrency}, the report in ${currency}: it is left out rather than mixed in; rerun it with the report's currency (the same --fx).`,
  noAccountability: 'No earlier forecasts to check yet: accountability starts one week after the first cost forecast.',

  /** One sentence on how the capacity (requests) forecasts did; null without any judged. */
  capacityAccountability(accountability: AccountabilitySection): string | null {
    const rows = accountability.capacityRows;
    if (rows.length === 0) return null;
    const { meanAbsErrorRatio: mae, interval80HitRatio: held } = scoreForecastErrors(rows);
    const worst = rows.reduce((a, r) => (Math.abs(r.errorRatio) > Math.abs(a.errorRatio) ? r : a));
    return `Capacity forecasts of requests were off by ${formatPercent(mae)} on average${held === null ? '' : ` and their 80% interval held ${formatPercent(held)} of the time`}; furthest off: ${worst.scope} ${worst.name} ${worst.resource} in ${worst.week} (${formatPercent(worst.errorRatio, true)}).`;
  },
  sloHighlight: (s: SloBudgetRow) => `SLO ${s.service}/${s.name} is ${budgetStatusLabels[s.budgetStatus]}: ${s.reasons[0] ?? ''}.`,

  highlights(summary: ReportSummary, capacity: CapacitySection, accountability: AccountabilitySection, alerts?: AlertsSection, currency = 'USD'): string[] {
    const out: string[] = [];
    const money = (x: number | null) => formatAmount(x, currency);
    const s = summary.spend;
    if (s.lastWeekUsd !== null) {
      const vsPrev = s.changeRatio === null ? '' : ` (${formatPercent(s.changeRatio, true)} vs the week before)`;
      const vsForecast = s.forecastUsd === null ? '' : `; forecast was ${money(s.forecastUsd)} (${formatPercent(s.vsForecastRatio, true)})`;
      out.push(`Spend last week: ${money(s.lastWeekUsd)}${vsPrev}${vsForecast}.`);
    }
    const mover = summary.topMovers[0];
    if (mover) out.push(`Biggest mover: ${mover.dimension} ${mover.name}, ${formatSignedAmount(mover.changeUsd, currency)} week over week.`);
    const runsOut = summary.nearestExhaustion.find((e) => e.threshold === 'allocatable');
    if (runsOut) out.push(`Nearest exhaustion: ${describeExhaustion(runsOut)}.`);
    else if (capacity.status === 'ok') out.push('No cluster or node pool runs out of CPU or memory within the forecast horizon.');
    const target = summary.nearestExhaustion.find((e) => e.threshold === 'target');
    if (target) out.push(`Planning: ${describeExhaustion(target)}.`);
    // Budgets in trouble, worst first: an exhausted budget is news for the whole team.
    const rank = { exhausted: 0, 'at-risk': 1 } as Record<string, number>;
    for (const slo of (alerts?.slos ?? []).filter((x) => x.budgetStatus in rank).sort((a, b) => rank[a.budgetStatus]! - rank[b.budgetStatus]! || (a.budgetRemainingRatio ?? 0) - (b.budgetRemainingRatio ?? 0)).slice(0, 3)) {
      out.push(reportMessages.sloHighlight(slo));
    }
    if (summary.rightsizingMonthlySavingsUsd !== null) out.push(`Rightsizing would save ${formatUsd(summary.rightsizingMonthlySavingsUsd)} a month${priceListNote(currency)}.`);
    if (summary.commitmentMonthlySavingsUsd !== null && summary.commitmentMonthlySavingsUsd > 0) out.push(`Recommended commitments would save ${formatUsd(summary.commitmentMonthlySavingsUsd)} a month${priceListNote(currency)}.`);
    if (accountability.status === 'ok' && accountability.meanAbsErrorRatio !== null) {
      out.push(`Past forecasts were off by ${formatPercent(accountability.meanAbsErrorRatio)} on average; the 80% interval held ${formatPercent(accountability.interval80HitRatio)} of the time.`);
    }
    const capacityLine = reportMessages.capacityAccountability(accountability);
    if (capacityLine) out.push(capacityLine);
    return out;
  },
};
