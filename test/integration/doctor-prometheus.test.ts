/**
 * `headroom doctor` against the sample in a real Prometheus (the shared 7-day backfill): a healthy
 * source passes, asking for more history than exists is flagged, a wrong cluster is an error with
 * a non-zero exit, and an unreachable Prometheus is one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsBackends, type RunningBackend } from '../helpers/metrics-backends.js';
import { runCli } from '../helpers/cli.js';
import type { SampleCluster } from '../../src/sample/index.js';
import type { DoctorReport } from '../../src/app/doctor.js';

describe.each(metricsBackends)('headroom doctor on the sample in a real $name', (backend) => {
  let prom: (RunningBackend & { sample: SampleCluster }) | null = null;
  let at = '';

  beforeAll(async () => {
    prom = await backend.startSample({ days: 7, seed: 42 });
    at = String(prom.sample.endMs / 1000);
  }, 600_000);

  afterAll(async () => {
    await prom?.stop();
  });

  async function doctor(...args: string[]): Promise<{ code: number; report: DoctorReport | null; stdout: string; stderr: string }> {
    const r = await runCli(['doctor', '--prometheus-url', prom!.url, '--at', at, '--format', 'json', '--log-level', 'error', ...args]);
    let report: DoctorReport | null;
    try {
      report = JSON.parse(r.stdout) as DoctorReport;
    } catch {
      report = null;
    }
    return { ...r, report };
  }

  const finding = (report: DoctorReport, check: string) => report.findings.find((f) => f.check === check);

  it('passes a healthy Prometheus over the history it holds, with a finding per check', async () => {
    const { code, report } = await doctor('--history', '7d');
    expect(code).toBe(0);
    expect(report!.errors).toBe(0);
    expect(report!.findings.map((f) => f.check)).toEqual([
      'reachability', 'cadvisor', 'kube-state-metrics', 'node-exporter', 'cluster label', 'scrape interval', 'container filter', 'staleness', 'retention', 'gaps', 'series count',
    ].filter((c) => report!.findings.some((f) => f.check === c)));
    expect(finding(report!, 'cadvisor')!.severity).toBe('ok');
    expect(finding(report!, 'kube-state-metrics')!.severity).toBe('ok');
    expect(finding(report!, 'node-exporter')!.message).toBe('11 node-exporter targets, each matched to a node (by instance-name)');
    expect(finding(report!, 'scrape interval')!.message).toBe('scrape interval 60s: rate() window 300s holds 5 samples');
    expect(finding(report!, 'staleness')!.severity).toBe('ok');
    expect(finding(report!, 'gaps')!.severity).toBe('ok');
  });

  it('flags the container="" and POD series the sample has, with the filter to use', async () => {
    const { report } = await doctor('--history', '1d');
    const f = finding(report!, 'container filter')!;
    expect(f.message).toMatch(/^\d+ pod-level \(container=""\) and \d+ pause \(container="POD"\) cAdvisor series/);
    expect(f.fix).toMatch(/container!="",container!="POD"/);
  });

  it('warns when the requested history starts before the data, and says what to do', async () => {
    const { code, report, stdout } = await doctor('--history', '30d');
    expect(code).toBe(0);
    const f = finding(report!, 'retention')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toMatch(/^no cAdvisor data at the start of the requested 4w2d; about (6d|1w)[\dwdhm]* of data in the window$/);
    expect(f.fix).toMatch(/ask for less history/);
    expect(stdout).not.toBe('');
  });

  it('reports a cluster the backend does not have as an error and exits non-zero', async () => {
    const r = await runCli(['doctor', '--prometheus-url', prom!.url, '--cluster', 'prod-eu', '--at', at, '--log-level', 'error']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ERROR cluster label: no series with cluster="prod-eu" \(no series carries the label\)$/m);
    expect(r.stdout).toMatch(/^ERROR cadvisor: no cAdvisor container series/m);
    expect(r.stderr.trim()).toMatch(/^error: doctor found \d+ error\(s\) in http:\/\/127\.0\.0\.1:\d+ \(apply the fixes listed above\)$/);
  });

  it('reports an unreachable Prometheus in one finding and exits non-zero', async () => {
    const r = await runCli(['doctor', '--prometheus-url', 'http://127.0.0.1:9', '--log-level', 'error']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ERROR reachability: Prometheus at http:\/\/127\.0\.0\.1:9 is not reachable \(ECONNREFUSED\)/m);
    expect(r.stdout).toMatch(/fix: check prometheus\.url/);
  });
});
