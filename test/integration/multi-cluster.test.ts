/**
 * Three sample clusters behind one backend (Prometheus and VictoriaMetrics), told apart by the
 * `cluster` label, as Thanos, Mimir or VictoriaMetrics hold a fleet. Each cluster is the sample
 * with its own seed: the same workload names everywhere, different usage, pods and churn.
 * Small on purpose: 2 days at a 5-minute scrape, namespaces shop and auth (node series are whole).
 *
 *   collect (every cluster, one snapshot each) → capacity --cluster X  ≈ backend's sum by (cluster)
 *   rightsize (every cluster)                   → records carry their cluster, none merged
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsBackends, type RunningBackend } from '../helpers/metrics-backends.js';
import { queryInstant } from '../helpers/prometheus.js';
import { runCli } from '../helpers/cli.js';
import type { SampleCluster } from '../../src/sample/index.js';
import type { RightsizeRecord } from '../../src/domain/recommendation.js';
import type { CapacityReport } from '../../src/domain/capacity.js';
import type { DoctorReport } from '../../src/app/doctor.js';

const namespaces = ['shop', 'auth'];
const keyOf = (r: { namespace: string; workloadKind: string; workload: string; container: string }) => `${r.namespace}/${r.workloadKind}/${r.workload}/${r.container}`;
type ClusterRecord = RightsizeRecord & { cluster: string };

describe.each(metricsBackends)('three clusters in one $name', (backend) => {
  let fleet: (RunningBackend & { samples: SampleCluster[] }) | null = null;
  let dir: string;
  let at: string;
  let endSeconds: number;
  let collectStdout = '';
  let recs: ClusterRecord[] = [];

  beforeAll(async () => {
    fleet = await backend.startClusters(3, { days: 2, stepSeconds: 300, seed: 7, openMetrics: { namespaces } });
    endSeconds = fleet.samples[0]!.endMs / 1000;
    at = String(endSeconds);
    dir = await mkdtemp(join(tmpdir(), 'hr-multi-cluster-'));
    await writeFile(join(dir, 'headroom.yaml'), `store:\n  path: ${join(dir, 'store.duckdb')}\nprometheus:\n  url: ${fleet.url}\n  timeout: 120s\n  clusterLabel: cluster\n`);
    const collect = await runCli(['collect', '--config', 'headroom.yaml', '--since', '2d', '--at', at, '--log-level', 'error'], { cwd: dir, timeoutMs: 500_000 });
    expect(collect.code, collect.stderr).toBe(0);
    collectStdout = collect.stdout;
    const out = join(dir, 'recs.json');
    const rightsize = await runCli(['rightsize', '--prometheus-url', fleet.url, '--history', '2d', '--at', at, '--format', 'json', '--output', out, '--log-level', 'error'], { cwd: dir, timeoutMs: 500_000 });
    expect(rightsize.code, rightsize.stderr).toBe(0);
    recs = JSON.parse(await readFile(out, 'utf8')) as ClusterRecord[];
  }, 1_200_000);

  afterAll(async () => {
    await fleet?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('collects every value of the cluster label as its own snapshot', () => {
    const lines = collectStdout.trim().split('\n').filter((l) => l.includes(' prometheus '));
    expect(lines.map((l) => l.match(/^ok +prometheus (\S+):/)?.[1])).toEqual(['sample-a', 'sample-b', 'sample-c']);
    for (const [i, sample] of fleet!.samples.entries()) {
      const containers = sample.truth.filter((t) => namespaces.includes(t.ref.namespace)).length;
      expect(lines[i]).toMatch(new RegExp(`: ${containers} workload containers, ${sample.nodes.length} nodes`));
    }
  });

  it('plans each cluster with allocatable and requests equal to the backend\'s own sum by (cluster) within 1 %', async () => {
    const sums = async (expr: string) => new Map((await queryInstant(fleet!.url, expr, endSeconds)).map((r) => [r.metric.cluster!, r.value]));
    // Capacity's "requests now" is the mean of the last hour's per-scrape sums (CronJob pods that
    // ran in that hour count for their share of it): the backend's sum by (cluster), averaged over
    // the hour at the scrape interval. Nodes did not change in that hour: allocatable is instant.
    const hourMean = (expr: string) => `avg_over_time((${expr})[1h:5m])`;
    const [allocCpu, allocMem, reqCpu, reqMem] = await Promise.all([
      sums('sum by (cluster) (kube_node_status_allocatable{resource="cpu"})'),
      sums('sum by (cluster) (kube_node_status_allocatable{resource="memory"})'),
      sums(hourMean('sum by (cluster) (kube_pod_container_resource_requests{resource="cpu"})')),
      sums(hourMean('sum by (cluster) (kube_pod_container_resource_requests{resource="memory"})')),
    ]);
    expect([...allocCpu.keys()].sort()).toEqual(['sample-a', 'sample-b', 'sample-c']);
    const within1 = (actual: number, expected: number, what: string) => expect(Math.abs(actual - expected), `${what}: ${actual} vs ${backend.name} ${expected}`).toBeLessThanOrEqual(0.01 * expected);
    const requestsNow: number[] = [];
    for (const sample of fleet!.samples) {
      const c = sample.cluster;
      const r = await runCli(['capacity', '--config', 'headroom.yaml', '--cluster', c, '--weeks', '2', '--format', 'json', '--log-level', 'error'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as CapacityReport;
      expect(report.cluster).toBe(c);
      const scope = report.scopes.find((s) => s.scope === 'cluster')!;
      within1(scope.cpu.allocatable!, allocCpu.get(c)!, `${c} CPU allocatable`);
      within1(scope.memory.allocatable!, allocMem.get(c)!, `${c} memory allocatable`);
      within1(scope.cpu.requestsNow!, reqCpu.get(c)!, `${c} CPU requests`);
      within1(scope.memory.requestsNow!, reqMem.get(c)!, `${c} memory requests`);
      requestsNow.push(scope.cpu.requestsNow!);
    }
    // Not the fleet in each cluster: the clusters add up to the backend's fleet-wide sum.
    const fleetCpu = (await queryInstant(fleet!.url, hourMean('sum(kube_pod_container_resource_requests{resource="cpu"})'), endSeconds))[0]!.value;
    within1(requestsNow.reduce((a, b) => a + b, 0), fleetCpu, 'fleet CPU requests');
  });

  it('rightsizes every container of every cluster, each record with its cluster, same-named workloads kept apart', () => {
    expect(recs.every((r) => Object.keys(r)[0] === 'cluster')).toBe(true);
    for (const sample of fleet!.samples) {
      const truth = sample.truth.filter((t) => namespaces.includes(t.ref.namespace));
      const mine = recs.filter((r) => r.cluster === sample.cluster);
      expect(mine.map(keyOf).sort(), sample.cluster).toEqual(truth.map((t) => keyOf(t.ref)).sort());
      // Each record rests on its own cluster's pods: current settings and the memory floor are that cluster's.
      const byKey = new Map(truth.map((t) => [keyOf(t.ref), t]));
      for (const r of mine) {
        const t = byKey.get(keyOf(r))!;
        expect(r.current, `${sample.cluster} ${keyOf(r)}`).toEqual(t.current);
        if (r.recommended.memoryRequestBytes !== null) expect(r.recommended.memoryRequestBytes, `${sample.cluster} ${keyOf(r)}`).toBeGreaterThanOrEqual(t.memoryPeakBytes);
      }
    }
    // The same workload name in three clusters is three recommendations with the clusters' own figures.
    const web = recs.filter((r) => keyOf(r) === keyOf(fleet!.samples[0]!.truth.find((t) => t.ref.namespace === 'shop' && t.steady)!.ref));
    expect(web.map((r) => r.cluster).sort()).toEqual(['sample-a', 'sample-b', 'sample-c']);
  });

  it('rightsizes one cluster with --cluster exactly as in the run over all, and names a cluster the backend lacks', async () => {
    const out = join(dir, 'recs-b.json');
    const r = await runCli(['rightsize', '--prometheus-url', fleet!.url, '--cluster', 'sample-b', '--history', '2d', '--at', at, '--format', 'json', '--output', out, '--log-level', 'error'], { cwd: dir, timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    const only = JSON.parse(await readFile(out, 'utf8')) as ClusterRecord[];
    const sorted = (xs: ClusterRecord[]) => [...xs].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    expect(sorted(only)).toEqual(sorted(recs.filter((x) => x.cluster === 'sample-b')));
    const missing = await runCli(['rightsize', '--prometheus-url', fleet!.url, '--cluster', 'prod-eu', '--history', '2d', '--at', at, '--format', 'json', '--log-level', 'error'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/--cluster prod-eu: no series with cluster="prod-eu" at http:\/\/127\.0\.0\.1:\d+ \(it has 3 cluster\(s\)\).*sample-a, sample-b, sample-c/);
  }, 300_000);

  it('has doctor name the clusters it found without failing, and check one with --cluster', async () => {
    const doctor = async (...args: string[]) => {
      const r = await runCli(['doctor', '--prometheus-url', fleet!.url, '--at', at, '--history', '2d', '--format', 'json', '--log-level', 'error', ...args]);
      return { code: r.code, report: JSON.parse(r.stdout) as DoctorReport };
    };
    const all = await doctor();
    expect(all.code).toBe(0);
    const label = all.report.findings.find((f) => f.check === 'cluster label')!;
    expect(label.severity).toBe('info');
    expect(label.message).toMatch(/^the backend holds 3 clusters \(cluster: sample-a, sample-b, sample-c\): collect and rightsize read each on its own/);
    const one = await doctor('--cluster', 'sample-b');
    expect(one.code).toBe(0);
    expect(one.report.findings.find((f) => f.check === 'cluster label')!.severity).toBe('ok');
  }, 120_000);
});
