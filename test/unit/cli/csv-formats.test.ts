import { describe, expect, it } from 'vitest';
import { formatDoctorCsv, formatDoctorReport } from '../../../src/app/doctor.js';
import { formatCollectCsv } from '../../../src/app/collect.js';

describe('--format csv of doctor and collect', () => {
  it('doctor: one row per finding with its fix, quoted where needed', () => {
    const csv = formatDoctorCsv({
      source: 'http://127.0.0.1:9090', cluster: null, atMs: Date.UTC(2026, 10, 16), historySeconds: 1_209_600, errors: 1, warnings: 0,
      findings: [{ check: 'reachability', severity: 'error', message: 'Prometheus is not reachable (ECONNREFUSED), after 2 attempts', fix: 'check prometheus.url' }],
    });
    expect(csv).toBe('source,cluster,at,window_seconds,check,severity,message,fix\n'
      + 'http://127.0.0.1:9090,,2026-11-16T00:00:00.000Z,1209600,reachability,error,"Prometheus is not reachable (ECONNREFUSED), after 2 attempts",check prometheus.url\n');
  });

  it('collect: one row per source, as the text summary has', () => {
    const csv = formatCollectCsv({
      windowStartMs: Date.UTC(2026, 10, 2), windowEndMs: Date.UTC(2026, 10, 16), failed: 1,
      results: [{ source: 'prometheus', cluster: 'prod', snapshotId: 's1', ok: false, summary: 'timed out', warnings: ['a', 'b'] }],
    });
    expect(csv.split('\n')).toEqual(['window_start,window_end,source,cluster,snapshot_id,ok,summary,warnings', '2026-11-02T00:00:00.000Z,2026-11-16T00:00:00.000Z,prometheus,prod,s1,false,timed out,a; b', '']);
  });

  it('doctor: the table says the window and its end, which the CSV and JSON carry too', () => {
    const report = {
      source: 'http://127.0.0.1:9090', cluster: 'prod', atMs: Date.UTC(2026, 10, 16), historySeconds: 1_209_600, errors: 0, warnings: 1,
      findings: [{ check: 'retention', severity: 'warning' as const, message: 'retention 10d is shorter than the window', fix: 'raise --storage.tsdb.retention.time' }],
    };
    const table = formatDoctorReport(report);
    expect(table.split('\n')[0]).toBe('headroom doctor: http://127.0.0.1:9090 (cluster prod) — window 2w ending 2026-11-16T00:00:00.000Z');
    expect(table).toContain('WARN  retention: retention 10d is shorter than the window\n      fix: raise --storage.tsdb.retention.time\n0 error(s), 1 warning(s)');
    expect(formatDoctorCsv(report).split('\n')[1]).toBe('http://127.0.0.1:9090,prod,2026-11-16T00:00:00.000Z,1209600,retention,warning,retention 10d is shorter than the window,raise --storage.tsdb.retention.time');
  });
});
