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
      'reachability', 'cadvisor', 'kube-state-metrics', 'node-exporter', 'cluster label', 'scrape interval', 'job intervals', 'container filter', 'staleness', 'retention', 'gaps', 'series count',
    ].filter((c) => report!.findings.some((f) => f.check === c)));
    expect(finding(report!, 'cadvisor')!.severity).toBe('ok');
    expect(finding(report!, 'kube-state-metrics')!.severity).toBe('ok');
    expect(finding(report!, 'node-exporter')!.message).toBe('11 node-exporter targets, each matched to a node (by instance-name)');
    expect(finding(report!, 'scrape interval')!.message).toBe('scrape interval 60s: rate() window 300s holds 5 samples');
    // The sample scrapes like kube-prometheus: kube-state-metrics less often than the kubelet.
    expect(finding(report!, 'job intervals')).toEqual({ check: 'job intervals', severity: 'ok', fix: '',
      message: 'scrape intervals kubelet (cAdvisor) 1m, kube-state-metrics 2m, node-exporter 1m: the 5m rate() window holds at least 4 scrapes of each rated job, and every job is scraped within Prometheus\'s 5m lookback' });
    expect(finding(report!, 'staleness')!.severity).toBe('ok');
    // The sample's last scrape is a minute before its end (the sample time, not the query's).
    expect(finding(report!, 'staleness')!.message).toBe('newest cAdvisor sample 1m old');
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

  it('says how old the newest data is and which --at to use when the last hour has none, instead of "install kube-state-metrics"', async () => {
    const elevenDaysLater = String(prom!.sample.endMs / 1000 + 11 * 86_400);
    const r = await runCli(['doctor', '--prometheus-url', prom!.url, '--at', elevenDaysLater, '--history', '7d', '--format', 'json', '--log-level', 'error']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as DoctorReport;
    // The newest sample is the last scrape of the sample's last minute.
    const newest = new Date(prom!.sample.endMs - 60_000).toISOString().replace('.000Z', 'Z');
    expect(report.findings.map((f) => [f.check, f.severity])).toEqual([['reachability', 'ok'], ['staleness', 'error']]);
    expect(finding(report, 'staleness')!.message).toBe(`no cAdvisor or kube-state-metrics series in the hour before 2026-11-27T00:00:00Z: the newest sample is 11.0 days old (${newest})`);
    expect(finding(report, 'staleness')!.fix).toMatch(new RegExp(`^pass --at ${newest} \\(the newest sample\\)`));
    // Following the advice gives a clean bill.
    const again = await runCli(['doctor', '--prometheus-url', prom!.url, '--at', newest, '--history', '6d', '--format', 'json', '--log-level', 'error']);
    expect(again.code, again.stdout).toBe(0);
    expect((JSON.parse(again.stdout) as DoctorReport).errors).toBe(0);
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
