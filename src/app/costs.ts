/**
 * `headroom costs`: spend by service, namespace and day from the store, amortised
 * (EffectiveCost), with week-over-week change. Sums run in DuckDB as DECIMAL.
 *
 * One source at a time (imports of the same bill from CUR and FOCUS would double it): the most
 * detailed present — cur, focus, cost-explorer, then sample — unless one is asked for.
 */
import { HeadroomError } from '../domain/errors.js';
import type { CostBreakdownRow, CostSummary } from '../domain/commitment.js';
import type { StoreQueries } from '../store/index.js';
import { costWindow, sumCostsByDay, type CostTotalsRow } from '../store/cost-repo.js';

export const costSourcePriority = ['cur', 'focus', 'cost-explorer', 'sample'] as const;
const dayMs = 86_400_000;

export interface CostSummaryOptions {
  /** Days to summarise, ending at the last stored day. Default 28. */
  days?: number;
  source?: string;
  /** End of the window (epoch ms, rounded up to a whole day); default and latest: the last stored day. */
  endMs?: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

function change(last: number, previous: number): number | null {
  return previous > 0 ? Math.round(((last - previous) / previous) * 10000) / 10000 : null;
}

function breakdown(rows: CostTotalsRow[], lastWeekFrom: string, previousWeekFrom: string): CostBreakdownRow[] {
  const by = new Map<string, { cost: number; last: number; prev: number }>();
  for (const r of rows) {
    const e = by.get(r.key) ?? { cost: 0, last: 0, prev: 0 };
    e.cost += r.effectiveCostUsd;
    if (r.day >= lastWeekFrom) e.last += r.effectiveCostUsd;
    else if (r.day >= previousWeekFrom) e.prev += r.effectiveCostUsd;
    by.set(r.key, e);
  }
  return [...by.entries()]
    .map(([key, e]) => ({ key, costUsd: round(e.cost), lastWeekCostUsd: round(e.last), previousWeekCostUsd: round(e.prev), weekOverWeekChange: change(e.last, e.prev) }))
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
  const endDayMs = Math.ceil(Math.min(window.toMs, options.endMs ?? Number.POSITIVE_INFINITY) / dayMs) * dayMs;
  const fromMs = Math.max(Math.floor(window.fromMs / dayMs) * dayMs, endDayMs - days * dayMs);
  const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const lastWeekFrom = dayKey(endDayMs - 7 * dayMs);
  const previousWeekFrom = dayKey(endDayMs - 14 * dayMs);
  const range = { fromMs, toMs: endDayMs };
  const [services, namespaces, totals] = await Promise.all([
    sumCostsByDay(q, 'service', range, [source]),
    sumCostsByDay(q, 'namespace', range, [source]),
    sumCostsByDay(q, 'all', range, [source]),
  ]);
  const byDayMap = new Map(totals.map((t) => [t.day, t]));
  const byDay: CostBreakdownRow[] = totals.map((t) => {
    const weekAgo = byDayMap.get(dayKey(Date.parse(`${t.day}T00:00:00Z`) - 7 * dayMs));
    return { key: t.day, costUsd: round(t.effectiveCostUsd), lastWeekCostUsd: round(t.effectiveCostUsd), previousWeekCostUsd: round(weekAgo?.effectiveCostUsd ?? 0), weekOverWeekChange: weekAgo ? change(t.effectiveCostUsd, weekAgo.effectiveCostUsd) : null };
  });
  const sum = (rows: CostTotalsRow[], pick: (r: CostTotalsRow) => number, from = '') => rows.filter((r) => r.day >= from).reduce((a, r) => a + pick(r), 0);
  const lastWeek = sum(totals, (r) => r.effectiveCostUsd, lastWeekFrom);
  const previousWeek = sum(totals.filter((r) => r.day < lastWeekFrom), (r) => r.effectiveCostUsd, previousWeekFrom);
  return {
    windowStartMs: fromMs,
    windowEndMs: endDayMs,
    currency: 'USD',
    totalEffectiveCostUsd: round(sum(totals, (r) => r.effectiveCostUsd)),
    totalBilledCostUsd: round(sum(totals, (r) => r.billedCostUsd)),
    lastWeekCostUsd: round(lastWeek),
    previousWeekCostUsd: round(previousWeek),
    weekOverWeekChange: change(lastWeek, previousWeek),
    byService: breakdown(services, lastWeekFrom, previousWeekFrom),
    byNamespace: breakdown(namespaces, lastWeekFrom, previousWeekFrom),
    byDay,
    sources: [source],
  };
}
