/**
 * Formatters for `headroom costs --by …`: pure functions in a registry (table, json, csv); the
 * command does the I/O. JSON is the DESIGN.md "Allocation" contract, exactly; the table adds the
 * reconciliation line, what stayed unallocated and why, and idle per node — and so does the CSV,
 * which carries every figure the table shows.
 */
import { formatMoney } from '../domain/money.js';
import type { AllocationReport } from '../domain/allocation.js';
import { allocationMessages, type CostAllocation } from '../models/allocation/index.js';
import type { CostFormat } from './cost-formats.js';
import { formatCsvRow } from '../util/csv.js';

export interface AllocationView {
  by: string;
  report: AllocationReport;
  allocation: CostAllocation;
  billSource: string | null;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(0)}%`);
const cents = (x: number) => Math.round(x * 100);

/** The one-line reconciliation the table, the report and the demo print. */
export function reconciliationLine(report: AllocationReport, fromBill: boolean): string {
  const allocatedCents = report.allocations.reduce((s, a) => s + cents(a.totalUsd), 0);
  const holds = allocatedCents + cents(report.idleUsd) + cents(report.unallocatedUsd) === cents(report.totalUsd);
  const line = allocationMessages.reconciliation(allocatedCents / 100, report.idleUsd, report.unallocatedUsd, report.totalUsd, fromBill, report.currency);
  return holds ? line : `${line.replace(' (to the cent)', '')} — DOES NOT RECONCILE`;
}

function grid(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

function formatTable(v: AllocationView, limit = 40): string {
  const { report, allocation } = v;
  // Amounts in the bill's currency (the allocation run carries it).
  const usd = (x: number) => formatMoney(x, report.currency);
  const priced = v.billSource ? `the ${v.billSource} bill's effective cost (amortised RIs and Savings Plans, spot)` : 'the price list (no bill imported)';
  const out = [
    `Cost by ${v.by}, ${report.windowStart.slice(0, 16)}Z → ${report.windowEnd.slice(0, 16)}Z, nodes priced at ${priced}`,
    reconciliationLine(report, v.billSource !== null),
    '',
    ...grid([
      [v.by, 'CPU', 'memory', 'storage', 'GPU', 'shared', 'total', 'efficiency'],
      ...report.allocations.slice(0, limit).map((a) => [a.key, usd(a.cpuUsd), usd(a.memoryUsd), usd(a.storageUsd), usd(a.gpuUsd), usd(a.sharedUsd), usd(a.totalUsd), pct(a.efficiency)]),
    ]),
  ];
  if (report.allocations.length > limit) out.push(`… and ${report.allocations.length - limit} more`);
  out.push('', `Idle (what nodes cost that no container paid for): ${usd(report.idleUsd)}`);
  const idle = [...allocation.nodes].sort((a, b) => b.idleUsd - a.idleUsd).slice(0, v.by === 'node' ? allocation.nodes.length : 5);
  out.push(...grid([['  node', 'pool', 'cost', 'idle', 'priced by'], ...idle.map((n) => [`  ${n.node}`, n.nodePool, usd(n.costUsd), usd(n.idleUsd), n.pricedBy])]));
  out.push('', `Unallocated (spend that is no node's or PVC's): ${usd(report.unallocatedUsd)}`);
  if (allocation.unallocated.length) {
    const rows = grid([['  service', 'cost'], ...allocation.unallocated.map((u) => [`  ${u.service}`, usd(u.costUsd)])]);
    out.push(`${rows[0]}  why`, ...allocation.unallocated.map((u, i) => `${rows[i + 1]}  ${allocationMessages.reasons[u.reason]}`));
  }
  for (const note of allocation.notes) out.push(`Note: ${note}`);
  return `${out.join('\n')}\n`;
}

/**
 * One row per allocation, then idle and unallocated, then the detail the table shows: idle per node
 * (with its cost, pool and how it was priced) and unallocated spend per service (with why), and the
 * bill's total with the window and currency. `row` says what a row is: the allocation, idle and
 * unallocated rows add up to the total like the bill; the node and service rows break those down.
 */
function formatCsv(v: AllocationView): string {
  const { report, allocation } = v;
  const header = ['key', 'cpuUsd', 'memoryUsd', 'storageUsd', 'gpuUsd', 'sharedUsd', 'totalUsd', 'efficiency', 'row', 'nodeCostUsd', 'nodePool', 'pricedBy', 'reason', 'currency', 'windowStart', 'windowEnd', 'billSource'];
  const line = (cells: Record<string, string | number | null | undefined>) => formatCsvRow(header.map((h) => cells[h]));
  const lines = [header.join(',')];
  for (const a of report.allocations) lines.push(line({ ...a, row: 'allocation' }));
  lines.push(line({ key: '(idle)', totalUsd: report.idleUsd, row: 'idle' }));
  lines.push(line({ key: '(unallocated)', totalUsd: report.unallocatedUsd, row: 'unallocated' }));
  for (const n of allocation.nodes) lines.push(line({ key: n.node, totalUsd: n.idleUsd, row: 'idle-node', nodeCostUsd: n.costUsd, nodePool: n.nodePool, pricedBy: n.pricedBy }));
  for (const u of allocation.unallocated) lines.push(line({ key: u.service, totalUsd: u.costUsd, row: 'unallocated-service', reason: allocationMessages.reasons[u.reason] }));
  for (const note of allocation.notes) lines.push(line({ key: '(note)', row: 'note', reason: note }));
  lines.push(line({ key: '(total)', totalUsd: report.totalUsd, row: 'total', currency: report.currency, windowStart: report.windowStart, windowEnd: report.windowEnd, billSource: v.billSource ?? 'price list' }));
  return `${lines.join('\n')}\n`;
}

export const allocationFormatters: Record<CostFormat, (v: AllocationView) => string> = {
  table: (v) => formatTable(v),
  json: (v) => `${JSON.stringify(v.report, null, 2)}\n`,
  csv: formatCsv,
};
