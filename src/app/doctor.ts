/**
 * `headroom doctor`: checks the Prometheus the collectors read and reports every finding with
 * its fix. The report is a value; the CLI prints it and exits non-zero when any finding is an error.
 */
import { formatCsvRow } from '../util/csv.js';
import { formatDuration } from '../domain/units.js';
import { PrometheusClient, runPrometheusChecks, type DoctorFinding, type PrometheusSourceOptions } from '../collectors/prometheus/index.js';

export interface DoctorReport {
  source: string;
  cluster: string | null;
  atMs: number;
  historySeconds: number;
  findings: DoctorFinding[];
  errors: number;
  warnings: number;
}

export async function runDoctor(source: PrometheusSourceOptions, options: { atMs: number; historySeconds: number }): Promise<DoctorReport> {
  // A down or hung backend is found by the first check (reachability) within its own short limit.
  const client = new PrometheusClient(source);
  try {
    const findings = await runPrometheusChecks(client, options);
    return {
      source: source.url,
      cluster: source.cluster,
      atMs: options.atMs,
      historySeconds: options.historySeconds,
      findings,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    };
  } finally {
    await client.close();
  }
}

const marks: Record<DoctorFinding['severity'], string> = { ok: 'ok   ', info: 'info ', warning: 'WARN ', error: 'ERROR' };

/** One row per finding: what the table shows, for spreadsheets and CI. */
export function formatDoctorCsv(report: DoctorReport): string {
  const rows = [['source', 'cluster', 'at', 'window_seconds', 'check', 'severity', 'message', 'fix'], ...report.findings.map((f) => [report.source, report.cluster, new Date(report.atMs).toISOString(), report.historySeconds, f.check, f.severity, f.message, f.fix])];
  return rows.map(formatCsvRow).join('\n') + '\n';
}

/** Plain-text report: what was checked (window, end), one line per finding, its fix indented below, a summary line last. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = [`headroom doctor: ${report.source}${report.cluster ? ` (cluster ${report.cluster})` : ''} — window ${formatDuration(report.historySeconds)} ending ${new Date(report.atMs).toISOString()}`];
  for (const f of report.findings) {
    lines.push(`${marks[f.severity]} ${f.check}: ${f.message}`);
    if (f.fix && f.severity !== 'ok') lines.push(`      fix: ${f.fix}`);
  }
  lines.push(`${report.errors} error(s), ${report.warnings} warning(s)`);
  return `${lines.join('\n')}\n`;
}
