/** Formatters for a cost summary: pure functions in a registry (table, json, csv); the command does the I/O. */
import type { CostBreakdownRow, CostSummary } from '../domain/commitment.js';
import { formatChange, formatMoney } from '../domain/money.js';
import { describeFxRates } from './cost-currency.js';

export type CostFormat = 'table' | 'json' | 'csv';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function table(s: CostSummary, title: string, rows: CostBreakdownRow[], limit: number, compared: [string, string] = ['last 7 d', 'previous 7 d']): string[] {
  const money = (x: number) => formatMoney(x, s.currency);
  const body = rows.slice(0, limit).map((r) => [r.key, money(r.costUsd), money(r.lastWeekCostUsd), money(r.previousWeekCostUsd), formatChange(r.weekOverWeekChange, r.lastWeekCostUsd, s.minChangeBaseline)]);
  const all = [[title, 'cost (amortised)', ...compared, 'change'], ...body];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const lines = all.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  if (rows.length > limit) lines.push(`… and ${rows.length - limit} more`);
  return lines;
}

function formatTable(s: CostSummary): string {
  const money = (x: number) => formatMoney(x, s.currency);
  const rates = describeFxRates(s.fxRates ?? {}, s.currency);
  const out = [
    `Spend ${day(s.windowStartMs)} → ${day(s.windowEndMs)} (amortised, ${s.currency === 'USD' ? '' : `in ${s.currency}, `}source: ${s.sources.join(', ')}${rates.length ? `; ${rates.join(', ')}` : ''}): ${money(s.totalEffectiveCostUsd)} (billed ${money(s.totalBilledCostUsd)})`,
    `Last 7 days ${money(s.lastWeekCostUsd)} vs previous 7 days ${money(s.previousWeekCostUsd)}: ${formatChange(s.weekOverWeekChange, s.lastWeekCostUsd, s.minChangeBaseline)}`,
    '',
    ...(s.groupBy
      ? table(s, s.groupBy.dimension, s.groupBy.rows, 30)
      : [...table(s, 'service', s.byService, 15), '', ...table(s, 'namespace', s.byNamespace, 20)]),
    '',
    ...table(s, 'day', [...s.byDay].reverse(), 14, ['that day', 'a week before']),
  ];
  return out.join('\n') + '\n';
}

function formatCsv(s: CostSummary): string {
  const lines = ['dimension,key,currency,cost,lastWeekCost,previousWeekCost,weekOverWeekChange'];
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  // The table's headline figures as rows too: the amortised total with its week-over-week change, and the billed total.
  const amortised: CostBreakdownRow = { key: 'amortised', costUsd: s.totalEffectiveCostUsd, lastWeekCostUsd: s.lastWeekCostUsd, previousWeekCostUsd: s.previousWeekCostUsd, weekOverWeekChange: s.weekOverWeekChange };
  const groups: [string, CostBreakdownRow[]][] = [['total', [amortised]], ['service', s.byService], ['namespace', s.byNamespace], ['day', s.byDay]];
  if (s.groupBy && !['service', 'namespace'].includes(s.groupBy.dimension)) groups.splice(1, 0, [s.groupBy.dimension, s.groupBy.rows]);
  for (const [dim, rows] of groups) {
    for (const r of rows) lines.push([dim, q(r.key), s.currency, r.costUsd, r.lastWeekCostUsd, r.previousWeekCostUsd, r.weekOverWeekChange ?? ''].join(','));
    if (dim === 'total') lines.push(['total', 'billed', s.currency, s.totalBilledCostUsd, '', '', ''].join(','));
  }
  return lines.join('\n') + '\n';
}

export const costFormatters: Record<CostFormat, (s: CostSummary) => string> = {
  table: formatTable,
  json: (s) => JSON.stringify(s, null, 2) + '\n',
  csv: formatCsv,
};
