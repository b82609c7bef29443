/** CSV for spreadsheets and finance: one row per container, units in the column names, empty where unset. */
import type { RightsizeResult } from '../../domain/recommendation.js';
import { sortBySavings } from './order.js';

export const rightsizeCsvColumns = [
  'cluster', 'namespace', 'workload_kind', 'workload', 'container', 'status', 'severity', 'confidence', 'replicas',
  'current_cpu_request_cores', 'current_cpu_limit_cores', 'current_memory_request_bytes', 'current_memory_limit_bytes',
  'recommended_cpu_request_cores', 'recommended_cpu_limit_cores', 'recommended_memory_request_bytes', 'recommended_memory_limit_bytes',
  'cpu_core_hour_usd', 'memory_gib_hour_usd', 'monthly_savings_usd', 'strategy', 'reasons',
] as const;

function escapeCsv(value: string | number | null): string {
  if (value === null) return '';
  const s = typeof value === 'number' ? String(Number(value.toPrecision(12))) : value;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatRightsizeCsv(result: RightsizeResult): string {
  const lines = [rightsizeCsvColumns.join(',')];
  for (const r of sortBySavings(result.recommendations)) {
    const row: (string | number | null)[] = [
      r.ref.cluster, r.ref.namespace, r.ref.workloadKind, r.ref.workload, r.ref.container, r.status, r.severity, r.confidence, Number(r.replicas.toFixed(2)),
      r.current.cpuRequestCores, r.current.cpuLimitCores, r.current.memoryRequestBytes, r.current.memoryLimitBytes,
      r.recommended.cpuRequestCores, r.recommended.cpuLimitCores, r.recommended.memoryRequestBytes, r.recommended.memoryLimitBytes,
      r.price ? Number(r.price.cpuCoreHourUsd.toFixed(6)) : null, r.price ? Number(r.price.memoryGibHourUsd.toFixed(6)) : null,
      r.monthlySavingsUsd, r.strategy, r.reasons.join('; '),
    ];
    lines.push(row.map(escapeCsv).join(','));
  }
  return lines.join('\n') + '\n';
}
