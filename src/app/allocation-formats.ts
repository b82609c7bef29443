/**
 * Formatters for `headroom costs --by …`: pure functions in a registry (table, json, csv); the
 * command does the I/O. JSON is the DESIGN.md "Allocation" contract, exactly; the table adds the
 * reconciliation line, what stayed unallocated and why, and idle per node.
 */
import { formatMoney } from '../domain/money.js';
import type { AllocationReport } from '../domain/allocation.js';
import { allocationMessages, type CostAllocation } from '../models/allocation/index.js';
import type { CostFormat } from './cost-formats.js';

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

function formatCsv(v: AllocationView): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['key,cpuUsd,memoryUsd,storageUsd,gpuUsd,sharedUsd,totalUsd,efficiency'];
  for (const a of v.report.allocations) lines.push([q(a.key), a.cpuUsd, a.memoryUsd, a.storageUsd, a.gpuUsd, a.sharedUsd, a.totalUsd, a.efficiency ?? ''].join(','));
  // Idle and unallocated as rows of their own, so the CSV adds up to the total like the bill.
  lines.push(['(idle)', '', '', '', '', '', v.report.idleUsd, ''].join(','));
  lines.push(['(unallocated)', '', '', '', '', '', v.report.unallocatedUsd, ''].join(','));
  return `${lines.join('\n')}\n`;
}

export const allocationFormatters: Record<CostFormat, (v: AllocationView) => string> = {
  table: (v) => formatTable(v),
  json: (v) => `${JSON.stringify(v.report, null, 2)}\n`,
  csv: formatCsv,
};
