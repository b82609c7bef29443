/**
 * `headroom costs`: spend by service, namespace and day from the store, amortised
 * (EffectiveCost), with week-over-week change; optionally by provider, service, region, billing
 * account or billing period (`--by`). Sums run in DuckDB as DECIMAL.
 *
 * One source at a time (imports of the same bill from CUR and FOCUS would double it): the most
 * detailed present — cur, focus, cost-explorer, then sample — unless one is asked for. Amounts stay
 * in the bill's currency; several currencies need exchange rates (src/app/cost-currency.ts).
 */
import { HeadroomError } from '../domain/errors.js';
import type { CostBreakdownRow, CostSummary } from '../domain/commitment.js';
import { DEFAULT_MIN_CHANGE_BASELINE, relativeChange, roundCents } from '../domain/money.js';
import type { StoreQueries } from '../store/index.js';
import { costCurrencies, costWindow, sumCostsByDay, type CostDimension, type CostTotalsRow } from '../store/cost-repo.js';
import { planCurrency } from './cost-currency.js';

export const costSourcePriority = ['cur', 'focus', 'cost-explorer', 'sample'] as const;
/** What `costs --by` groups by in this summary (allocation dimensions are elsewhere). */
export const costSummaryDimensions = ['provider', 'service', 'region', 'account', 'billing-period'] as const;
export type CostSummaryDimension = (typeof costSummaryDimensions)[number];
const dayMs = 86_400_000;

export interface CostSummaryOptions {
  /** Days to summarise, ending at the last stored day. Default 28. */
  days?: number;
  source?: string;
  /** An extra breakdown. */
  by?: CostSummaryDimension;
  /** Exchange rates into USD (`{ EUR: 1.08 }`), needed when the bill mixes currencies. */
  fx?: Record<string, number>;
  /** Smallest previous-week cost a percent change is computed against. Default 1. */
  minChangeBaseline?: number;
  /** End of the window (epoch ms, rounded up to a whole day); default and latest: the last stored day. */
  endMs?: number;
}

/** True when `value` is a dimension this summary groups by. */
export function isCostSummaryDimension(value: string): value is CostSummaryDimension {
  return (costSummaryDimensions as readonly string[]).includes(value);
}

type Converted = Omit<CostTotalsRow, 'currency'>;

/** Rows in one currency: each amount times its currency's rate, summed per key and day. */
function convert(rows: CostTotalsRow[], rates: Map<string, number>): Converted[] {
  const out = new Map<string, Converted>();
  for (const r of rows) {
    const rate = rates.get(r.currency) ?? 1;
    const k = `${r.key}\u0000${r.day}`;
    const e = out.get(k) ?? { key: r.key, day: r.day, effectiveCostUsd: 0, billedCostUsd: 0 };
    e.effectiveCostUsd += r.effectiveCostUsd * rate;
    e.billedCostUsd += r.billedCostUsd * rate;
    out.set(k, e);
  }
  return [...out.values()];
}

function breakdown(rows: Converted[], lastWeekFrom: string, previousWeekFrom: string, minBaseline: number): CostBreakdownRow[] {
  const by = new Map<string, { cost: number; last: number; prev: number }>();
  for (const r of rows) {
    const e = by.get(r.key) ?? { cost: 0, last: 0, prev: 0 };
    e.cost += r.effectiveCostUsd;
    if (r.day >= lastWeekFrom) e.last += r.effectiveCostUsd;
    else if (r.day >= previousWeekFrom) e.prev += r.effectiveCostUsd;
    by.set(r.key, e);
  }
  return [...by.entries()]
    .map(([key, e]) => ({ key, costUsd: roundCents(e.cost), lastWeekCostUsd: roundCents(e.last), previousWeekCostUsd: roundCents(e.prev), weekOverWeekChange: relativeChange(e.last, e.prev, minBaseline) }))
    .sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
}

export async function summarizeCosts(q: StoreQueries, options: CostSummaryOptions = {}): Promise<CostSummary> {
  const all = await costWindow(q);
  if (!all) throw new HeadroomError('NOT_FOUND', 'no billing data in the store', { hint: 'import some first: headroom import --focus FILE or --cur FILE (or run headroom demo)' });
  let source = options.source;
  if (source && !all.sources.includes(source)) throw new HeadroomError('USAGE', `--source ${source}: the store has ${all.sources.join(', ')}`, { hint: `use one of ${all.sources.join(', ')}` });
  source ??= costSourcePriority.find((s) => all.sources.includes(s)) ?? all.sources[0]!;
  const window = (await costWindow(q, [source]))!;
  const days = options.days ?? 28;
  const minBaseline = options.minChangeBaseline ?? DEFAULT_MIN_CHANGE_BASELINE;
  const endDayMs = Math.ceil(Math.min(window.toMs, options.endMs ?? Number.POSITIVE_INFINITY) / dayMs) * dayMs;
  const fromMs = Math.max(Math.floor(window.fromMs / dayMs) * dayMs, endDayMs - days * dayMs);
  const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const lastWeekFrom = dayKey(endDayMs - 7 * dayMs);
  const previousWeekFrom = dayKey(endDayMs - 14 * dayMs);
  const range = { fromMs, toMs: endDayMs };
  const plan = planCurrency(await costCurrencies(q, range, [source]), options.fx ?? {});
  const read = async (dimension: CostDimension) => convert(await sumCostsByDay(q, dimension, range, [source]), plan.rates);
  const [services, namespaces, totals, extra] = await Promise.all([
    read('service'), read('namespace'), read('all'), options.by ? read(options.by) : Promise.resolve(null),
  ]);
  totals.sort((a, b) => a.day.localeCompare(b.day));
  const byDayMap = new Map(totals.map((t) => [t.day, t]));
  const byDay: CostBreakdownRow[] = totals.map((t) => {
    const weekAgo = byDayMap.get(dayKey(Date.parse(`${t.day}T00:00:00Z`) - 7 * dayMs));
    return {
      key: t.day, costUsd: roundCents(t.effectiveCostUsd), lastWeekCostUsd: roundCents(t.effectiveCostUsd), previousWeekCostUsd: roundCents(weekAgo?.effectiveCostUsd ?? 0),
      weekOverWeekChange: weekAgo ? relativeChange(t.effectiveCostUsd, weekAgo.effectiveCostUsd, minBaseline) : null,
    };
  });
  const sum = (rows: Converted[], pick: (r: Converted) => number, from = '') => rows.filter((r) => r.day >= from).reduce((a, r) => a + pick(r), 0);
  const lastWeek = sum(totals, (r) => r.effectiveCostUsd, lastWeekFrom);
  const previousWeek = sum(totals.filter((r) => r.day < lastWeekFrom), (r) => r.effectiveCostUsd, previousWeekFrom);
  return {
    windowStartMs: fromMs,
    windowEndMs: endDayMs,
    currency: plan.currency,
    totalEffectiveCostUsd: roundCents(sum(totals, (r) => r.effectiveCostUsd)),
    totalBilledCostUsd: roundCents(sum(totals, (r) => r.billedCostUsd)),
    lastWeekCostUsd: roundCents(lastWeek),
    previousWeekCostUsd: roundCents(previousWeek),
    weekOverWeekChange: relativeChange(lastWeek, previousWeek, minBaseline),
    byService: breakdown(services, lastWeekFrom, previousWeekFrom, minBaseline),
    byNamespace: breakdown(namespaces, lastWeekFrom, previousWeekFrom, minBaseline),
    byDay,
    sources: [source],
    ...(extra && options.by ? { groupBy: { dimension: options.by, rows: breakdown(extra, lastWeekFrom, previousWeekFrom, minBaseline) } } : {}),
    minChangeBaseline: minBaseline,
    fxRates: plan.used,
  };
}
