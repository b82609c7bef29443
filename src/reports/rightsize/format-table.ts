/** The terminal table: sorted by monthly saving, severity first, colour only when asked for (TTY without NO_COLOR). */
import type { RecommendationSeverity, RightsizeResult } from '../../domain/recommendation.js';
import { describeRepacking, describeTotals, describeWorkload, formatChange, formatCpuCell, formatMemoryCell, formatUsd } from './cells.js';
import { sortBySavings } from './order.js';

export interface TableOptions {
  color?: boolean;
  /** Show at most this many rows (the rest are summed in a last line). Default all. */
  limit?: number;
}

const severityColor: Record<RecommendationSeverity, string> = { critical: '\x1b[31m', warning: '\x1b[33m', ok: '\x1b[36m', good: '\x1b[32m', unknown: '\x1b[90m' };

export function formatRightsizeTable(result: RightsizeResult, options: TableOptions = {}): string {
  const header = ['SEVERITY', 'WORKLOAD / CONTAINER', 'CPU REQUEST', 'CPU LIMIT', 'MEMORY REQUEST', 'MEMORY LIMIT', 'CONF.', 'SAVINGS $/MONTH'];
  const sorted = sortBySavings(result.recommendations);
  const shown = options.limit === undefined ? sorted : sorted.slice(0, options.limit);
  const rows = shown.map((r) => [
    r.severity.toUpperCase(),
    result.clusters ? `${r.ref.cluster}: ${describeWorkload(r)}` : describeWorkload(r),
    r.status === 'recommended' ? formatChange(formatCpuCell(r.current.cpuRequestCores), formatCpuCell(r.recommended.cpuRequestCores)) : formatCpuCell(r.current.cpuRequestCores),
    r.status === 'recommended' ? formatChange(formatCpuCell(r.current.cpuLimitCores), formatCpuCell(r.recommended.cpuLimitCores)) : formatCpuCell(r.current.cpuLimitCores),
    r.status === 'recommended' ? formatChange(formatMemoryCell(r.current.memoryRequestBytes), formatMemoryCell(r.recommended.memoryRequestBytes)) : formatMemoryCell(r.current.memoryRequestBytes),
    r.status === 'recommended' ? formatChange(formatMemoryCell(r.current.memoryLimitBytes), formatMemoryCell(r.recommended.memoryLimitBytes)) : formatMemoryCell(r.current.memoryLimitBytes),
    r.confidence,
    formatUsd(r.monthlySavingsUsd),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const pad = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const lines = [pad(header)];
  shown.forEach((r, idx) => {
    const line = pad(rows[idx]!);
    lines.push(options.color ? `${severityColor[r.severity]}${line}\x1b[0m` : line);
  });
  if (shown.length < sorted.length) {
    const rest = sorted.slice(shown.length).reduce((s, r) => s + (r.monthlySavingsUsd ?? 0), 0);
    lines.push(`… ${sorted.length - shown.length} more containers, savings ${formatUsd(Math.round(rest * 100) / 100)}/month (use --format csv or json for all)`);
  }
  lines.push('', describeTotals(result));
  if (result.repacking) lines.push(describeRepacking(result.repacking));
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}
