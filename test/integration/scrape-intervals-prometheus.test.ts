/**
 * Figures must not depend on how often each job is scraped. The sample is backfilled into a real
 * Prometheus with its exaggerated intervals (kube-state-metrics every 4 minutes, the kubelet's
 * cAdvisor every minute, node-exporter every 2 minutes), then `headroom collect` and
 * `headroom capacity` run on it as a user would: the cluster's allocatable and requested CPU and
 * memory must be Prometheus's own sums at the window end, within 1 %. (They were exactly a
 * quarter when kube-state-metrics' samples per hour were divided by cAdvisor's.)
 *
 * Small on purpose: 3 days, 2 namespaces (node series are always all written).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryInstant, startSamplePrometheus, type PrometheusHandle } from '../helpers/prometheus.js';
import { runCli } from '../helpers/cli.js';
import type { SampleCluster } from '../../src/sample/index.js';
import type { CapacityReport } from '../../src/domain/index.js';
import type { DoctorReport } from '../../src/app/doctor.js';

let prom: (PrometheusHandle & { sample: SampleCluster }) | null = null;
let dir: string;
let endSeconds: number;
let report: CapacityReport;

beforeAll(async () => {
  prom = await startSamplePrometheus({ days: 3, seed: 42, openMetrics: { namespaces: ['shop', 'auth'], scrapeIntervals: 'exaggerated' } });
  endSeconds = prom.sample.endMs / 1000;
  dir = await mkdtemp(join(tmpdir(), 'hr-scrape-intervals-'));
  await writeFile(join(dir, 'headroom.yaml'), `cluster: sample\nstore:\n  path: ${join(dir, 'store.duckdb')}\nprometheus:\n  url: ${prom.url}\n  timeout: 120s\n`);
  const collect = await runCli(['collect', '--config', 'headroom.yaml', '--since', '3d', '--at', String(endSeconds), '--log-level', 'error'], { cwd: dir, timeoutMs: 400_000 });
  expect(collect.code, collect.stderr).toBe(0);
  const capacity = await runCli(['capacity', '--config', 'headroom.yaml', '--format', 'json', '--output', 'capacity.json', '--log-level', 'error'], { cwd: dir, timeoutMs: 120_000 });
  expect(capacity.code, capacity.stderr).toBe(0);
  report = JSON.parse(await readFile(join(dir, 'capacity.json'), 'utf8')) as CapacityReport;
}, 600_000);

afterAll(async () => {
  await prom?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function promSum(expr: string): Promise<number> {
  const [row] = await queryInstant(prom!.url, `sum(${expr})`, endSeconds);
  return row!.value;
}

/** Relative difference. */
const offBy = (actual: number, expected: number) => Math.abs(actual / expected - 1);

describe('figures on a Prometheus whose jobs scrape at different intervals', () => {
  it('capacity gives the cluster allocatable CPU and memory Prometheus sums at the window end, within 1 %', async () => {
    const cluster = report.scopes.find((s) => s.scope === 'cluster')!;
    const cpu = await promSum('kube_node_status_allocatable{resource="cpu"}');
    const memory = await promSum('kube_node_status_allocatable{resource="memory"}');
    expect(cpu).toBeCloseTo(prom!.sample.nodes.reduce((a, n) => a + n.allocatableCpuCores, 0), 6);
    expect(offBy(cluster.cpu.allocatable ?? 0, cpu), `allocatable CPU ${cluster.cpu.allocatable} vs Prometheus ${cpu}`).toBeLessThan(0.01);
    expect(offBy(cluster.memory.allocatable ?? 0, memory), `allocatable memory ${cluster.memory.allocatable} vs Prometheus ${memory}`).toBeLessThan(0.01);
  });

  it('capacity gives the cluster requested CPU and memory Prometheus sums over the last hour, within 1 %', async () => {
    // Capacity's "now" is the last whole hour's mean (hourly series). The sample's shop namespace
    // scales by HPA in that hour (26 → 24 pods), so the instant sum at the end is lower than the
    // hour's mean; both are Prometheus's own figures, the mean is the one capacity reports.
    const cluster = report.scopes.find((s) => s.scope === 'cluster')!;
    const hourMean = async (expr: string) => {
      // The last hour [end − 1h, end), evaluated at its last minute, at 1-minute steps.
      const [row] = await queryInstant(prom!.url, `avg_over_time(sum(${expr})[3599999ms:1m])`, endSeconds - 60);
      return row!.value;
    };
    const cpu = await hourMean('kube_pod_container_resource_requests{resource="cpu"}');
    const memory = await hourMean('kube_pod_container_resource_requests{resource="memory"}');
    expect(cpu).toBeGreaterThan(0);
    expect(offBy(cluster.cpu.requestsNow, cpu), `requested CPU ${cluster.cpu.requestsNow} vs Prometheus ${cpu}`).toBeLessThan(0.01);
    expect(offBy(cluster.memory.requestsNow, memory), `requested memory ${cluster.memory.requestsNow} vs Prometheus ${memory}`).toBeLessThan(0.01);
  });

  it('capacity gives a namespace whose pods did not change in the last hour the requests Prometheus sums at the window end, within 1 %', async () => {
    const auth = report.scopes.find((s) => s.scope === 'namespace' && s.name === 'auth')!;
    const cpu = await promSum('kube_pod_container_resource_requests{namespace="auth",resource="cpu"}');
    const memory = await promSum('kube_pod_container_resource_requests{namespace="auth",resource="memory"}');
    expect(cpu).toBeGreaterThan(0);
    expect(offBy(auth.cpu.requestsNow, cpu), `auth requested CPU ${auth.cpu.requestsNow} vs Prometheus ${cpu}`).toBeLessThan(0.01);
    expect(offBy(auth.memory.requestsNow, memory), `auth requested memory ${auth.memory.requestsNow} vs Prometheus ${memory}`).toBeLessThan(0.01);
  });

  it('doctor names the job whose scrape interval the rate window does not fit (node-exporter every 2m in a 5m window)', async () => {
    const r = await runCli(['doctor', '--prometheus-url', prom!.url, '--at', String(endSeconds), '--history', '2d', '--format', 'json', '--log-level', 'error']);
    const doctor = JSON.parse(r.stdout) as DoctorReport;
    const jobs = doctor.findings.filter((f) => f.check === 'job intervals');
    expect(jobs.map((f) => [f.severity, f.message])).toEqual([[
      'warning',
      'node-exporter is scraped every 2m: the 5m rate() window Headroom uses (chosen from the kubelet\'s interval) holds 2.5 of its scrapes; a window needs at least 4 (under 2, rate() returns nothing at some steps)',
    ]]);
    expect(jobs[0]!.fix).toBe('scrape node-exporter at least every 1m15s (the interval of its ServiceMonitor or scrape_config), a quarter of the rate window');
    expect(doctor.errors).toBe(0);
  });
});
