/** The ground truth as CSV (one row per workload container), for `headroom sample --truth` and the demo. */
import type { SampleContainerTruth } from './types.js';

export const truthCsvColumns = [
  'cluster', 'namespace', 'workload_kind', 'workload', 'container', 'pattern', 'steady', 'history_seconds',
  'cpu_p50_cores', 'cpu_p90_cores', 'cpu_p95_cores', 'cpu_p99_cores', 'cpu_max_cores', 'memory_p95_bytes', 'memory_peak_bytes',
  'cpu_throttling_ratio', 'oom_kills', 'oom_killed_at_memory_limit_bytes', 'restarts',
  'cpu_request_cores', 'cpu_limit_cores', 'memory_request_bytes', 'memory_limit_bytes',
] as const;

/** Numbers keep 9 significant digits (well below the 2 % the truth is checked to); unset values are empty. */
function cell(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(9)));
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function formatTruthCsv(truth: SampleContainerTruth[]): string {
  const lines = [truthCsvColumns.join(',')];
  for (const t of truth) {
    lines.push([
      t.ref.cluster, t.ref.namespace, t.ref.workloadKind, t.ref.workload, t.ref.container, t.pattern, t.steady, t.historySeconds,
      t.cpuP50Cores, t.cpuP90Cores, t.cpuP95Cores, t.cpuP99Cores, t.cpuMaxCores, t.memoryP95Bytes, t.memoryPeakBytes,
      t.cpuThrottlingRatio, t.oomKills, t.oomKilledAtMemoryLimitBytes, t.restarts,
      t.current.cpuRequestCores, t.current.cpuLimitCores, t.current.memoryRequestBytes, t.current.memoryLimitBytes,
    ].map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}
