/** Cell text shared by the terminal table and Markdown: `250m → 120m`, `1 GiB → 512 MiB`, `$12.30/mo`. */
import type { ContainerRecommendation, NodeRepackingResult, RightsizeResult } from '../../domain/recommendation.js';
import { formatCpu, formatMemory } from '../../models/rightsizing/messages.js';

export function formatCpuCell(cores: number | null): string {
  return cores === null ? 'unset' : formatCpu(cores);
}

export function formatMemoryCell(bytes: number | null): string {
  return bytes === null ? 'unset' : formatMemory(bytes);
}

export function formatChange(from: string, to: string): string {
  return from === to ? to : `${from} → ${to}`;
}

export function formatUsd(usd: number | null): string {
  if (usd === null) return '—';
  const sign = usd < 0 ? '-' : '';
  return `${sign}$${Math.abs(usd).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function describeWorkload(r: ContainerRecommendation): string {
  return `${r.ref.namespace}/${r.ref.workload} (${r.ref.workloadKind}) ${r.ref.container}`;
}

export function describeTotals(result: RightsizeResult): string {
  const t = result.totals;
  return `${t.containers} containers, ${t.recommended} recommended, ${t.noRecommendation} without recommendation; estimated savings ${formatUsd(t.monthlySavingsUsd)}/month (${result.strategy})`;
}

export function describeRepacking(r: NodeRepackingResult): string {
  return `nodes: ${r.nodesNow} running, ${r.nodesNeededCurrent} needed for today's requests, ${r.nodesAfter} after rightsizing (requests packed first-fit to 100 % of allocatable); savings ${formatUsd(r.monthlySavingsUsd)}/month`;
}
