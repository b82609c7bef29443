/** Formatters for a cost summary: pure functions in a registry (table, json, csv); the command does the I/O. */
import type { CostBreakdownRow, CostSummary } from '../domain/commitment.js';

export type CostFormat = 'table' | 'json' | 'csv';

const usd = (x: number) => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function table(title: string, rows: CostBreakdownRow[], limit: number, compared: [string, string] = ['last 7 d $', 'previous 7 d $']): string[] {
  const body = rows.slice(0, limit).map((r) => [r.key, usd(r.costUsd), usd(r.lastWeekCostUsd), usd(r.previousWeekCostUsd), pct(r.weekOverWeekChange)]);
  const all = [[title, 'cost $ (amortised)', ...compared, 'change'], ...body];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const lines = all.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  if (rows.length > limit) lines.push(`… and ${rows.length - limit} more`);
  return lines;
}

function formatTable(s: CostSummary): string {
  const out = [
    `Spend ${day(s.windowStartMs)} → ${day(s.windowEndMs)} (amortised, source: ${s.sources.join(', ')}): ${usd(s.totalEffectiveCostUsd)} (billed ${usd(s.totalBilledCostUsd)})`,
    `Last 7 days ${usd(s.lastWeekCostUsd)} vs previous 7 days ${usd(s.previousWeekCostUsd)}: ${pct(s.weekOverWeekChange)}`,
    '',
    ...table('service', s.byService, 15),
    '',
    ...table('namespace', s.byNamespace, 20),
    '',
    ...table('day', [...s.byDay].reverse(), 14, ['that day $', 'a week before $']),
  ];
  return out.join('\n') + '\n';
}

function formatCsv(s: CostSummary): string {
  const lines = ['dimension,key,costUsd,lastWeekCostUsd,previousWeekCostUsd,weekOverWeekChange'];
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  // The table's headline figures as rows too: the amortised total with its week-over-week change, and the billed total.
  const amortised: CostBreakdownRow = { key: 'amortised', costUsd: s.totalEffectiveCostUsd, lastWeekCostUsd: s.lastWeekCostUsd, previousWeekCostUsd: s.previousWeekCostUsd, weekOverWeekChange: s.weekOverWeekChange };
  for (const [dim, rows] of [['total', [amortised]], ['service', s.byService], ['namespace', s.byNamespace], ['day', s.byDay]] as const) {
    for (const r of rows) lines.push([dim, q(r.key), r.costUsd, r.lastWeekCostUsd, r.previousWeekCostUsd, r.weekOverWeekChange ?? ''].join(','));
    if (dim === 'total') lines.push(['total', 'billed', s.totalBilledCostUsd, '', '', ''].join(','));
  }
  return lines.join('\n') + '\n';
}

export const costFormatters: Record<CostFormat, (s: CostSummary) => string> = {
  table: formatTable,
  json: (s) => JSON.stringify(s, null, 2) + '\n',
  csv: formatCsv,
};
