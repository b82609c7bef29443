/**
 * Markdown for pull requests and wikis: totals, a bar chart of savings by namespace (text bars, so
 * it renders anywhere), node repacking, the table, and each recommendation's reasons.
 */
import type { RightsizeResult } from '../../domain/recommendation.js';
import { describeRepacking, describeTotals, formatChange, formatCpuCell, formatMemoryCell, formatUsd } from './cells.js';
import { sortBySavings } from './order.js';

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function renderBars(entries: [string, number][], width = 30): string[] {
  const max = Math.max(...entries.map(([, v]) => Math.abs(v)), 0);
  if (max === 0) return [];
  const labelWidth = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => {
    const n = Math.round((Math.abs(v) / max) * width);
    return `${k.padEnd(labelWidth)} ${(v < 0 ? '░' : '█').repeat(Math.max(n, 1))} ${formatUsd(v)}`;
  });
}

export function formatRightsizeMarkdown(result: RightsizeResult): string {
  const sorted = sortBySavings(result.recommendations);
  const out: string[] = ['# Rightsizing recommendations', ''];
  out.push(`Cluster \`${result.cluster}\`, history ${new Date(result.windowStartMs).toISOString()} – ${new Date(result.windowEndMs).toISOString()}.`, '');
  out.push(describeTotals(result) + '.', '');
  const byNamespace = new Map<string, number>();
  for (const r of sorted) if (r.monthlySavingsUsd !== null) byNamespace.set(r.ref.namespace, (byNamespace.get(r.ref.namespace) ?? 0) + r.monthlySavingsUsd);
  const bars = renderBars([...byNamespace.entries()].map(([k, v]) => [k, Math.round(v * 100) / 100] as [string, number]).sort((a, b) => b[1] - a[1]));
  if (bars.length) out.push('## Monthly savings by namespace', '', '```text', ...bars, '```', '(░ = the change costs money: under-provisioned workloads raised)', '');
  if (result.repacking) {
    const rp = result.repacking;
    out.push('## Node repacking', '', describeRepacking(rp) + '.', '', '| instance type | nodes now | nodes after | $/hour |', '|---|---:|---:|---:|');
    for (const p of rp.pools) out.push(`| ${p.instanceType} | ${p.nodesNow} | ${p.nodesAfter} | ${p.hourlyPriceUsd === null ? '—' : p.hourlyPriceUsd.toFixed(4)} |`);
    out.push('', ...rp.notes.map((n) => `- ${n}`), '');
  }
  out.push('## Recommendations', '', '| severity | namespace | workload | container | CPU request | memory request | memory limit | confidence | $/month |', '|---|---|---|---|---|---|---|---|---:|');
  for (const r of sorted) {
    const rec = r.status === 'recommended';
    out.push(`| ${r.severity} | ${escapeCell(r.ref.namespace)} | ${escapeCell(`${r.ref.workload} (${r.ref.workloadKind})`)} | ${escapeCell(r.ref.container)} | ${rec ? formatChange(formatCpuCell(r.current.cpuRequestCores), formatCpuCell(r.recommended.cpuRequestCores)) : '—'} | ${rec ? formatChange(formatMemoryCell(r.current.memoryRequestBytes), formatMemoryCell(r.recommended.memoryRequestBytes)) : '—'} | ${rec ? formatChange(formatMemoryCell(r.current.memoryLimitBytes), formatMemoryCell(r.recommended.memoryLimitBytes)) : '—'} | ${r.confidence} | ${formatUsd(r.monthlySavingsUsd)} |`);
  }
  out.push('', '## Reasons', '');
  for (const r of sorted) {
    out.push(`- **${escapeCell(`${r.ref.namespace}/${r.ref.workload}/${r.ref.container}`)}**: ${r.reasons.map(escapeCell).join('; ')}`);
  }
  if (result.warnings.length) out.push('', '## Warnings', '', ...result.warnings.map((w) => `- ${escapeCell(w)}`));
  return out.join('\n') + '\n';
}
