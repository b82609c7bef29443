// `headroom sample` as a user runs it: the OpenMetrics it writes is accepted by promtool and, once
// backfilled into a real Prometheus, shows every family with the sample's OOM kills, throttling,
// HPA and nodes. 3 days of namespace `data` at 5-minute steps (~0.7 M samples).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { queryInstant, startPrometheus, type PrometheusHandle } from '../helpers/prometheus.js';
import { generateSampleCluster, openMetricsFamilies, truthCsvColumns } from '../../src/sample/index.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-sample-cli-'));
const sample = generateSampleCluster({ days: 3, stepSeconds: 300 });
const T = sample.endMs / 1000;
let prom: PrometheusHandle | null = null;

beforeAll(async () => {
  const r = await runCli(['sample', '--openmetrics', join(dir, 'data.om'), '--truth', join(dir, 'truth.csv'), '--days', '3', '--step', '5m', '--namespaces', 'data']);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  prom = await startPrometheus({ openMetricsFile: join(dir, 'data.om') });
});

afterAll(async () => {
  await prom?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const one = async (expr: string) => {
  const r = await queryInstant(prom!.url, expr, T);
  expect(r, expr).toHaveLength(1);
  return r[0]!.value;
};
const truthOf = (workload: string) => sample.truth.find((t) => t.ref.workload === workload)!;

describe('headroom sample --openmetrics, backfilled with promtool', () => {
  it('ends with # EOF and has every metric family, each declared once', async () => {
    const text = readFileSync(join(dir, 'data.om'), 'utf8');
    expect(text.endsWith('# EOF\n')).toBe(true);
    const types = text.match(/^# TYPE \S+/gm)!;
    expect(new Set(types).size).toBe(types.length);
    // Over the whole window: kube_job_owner exists only while a Job does.
    const names = (await queryInstant(prom!.url, 'count by (__name__) (last_over_time({__name__=~".+"}[3d]))', T)).map((r) => r.metric.__name__);
    expect(new Set(names)).toEqual(new Set(openMetricsFamilies));
  });

  it('shows the OOM kills: last terminated reason OOMKilled and restarts matching the truth', async () => {
    const t = truthOf('analytics-api');
    expect(t.oomKills).toBeGreaterThan(0);
    const restarts = await one('sum(max_over_time(kube_pod_container_status_restarts_total{namespace="data",container="api"}[3d]))');
    expect(restarts).toBe(t.restarts);
    const oomPods = await one('count(max_over_time(kube_pod_container_status_last_terminated_reason{namespace="data",container="api",reason="OOMKilled"}[3d]))');
    expect(oomPods).toBeGreaterThanOrEqual(1);
    const peak = await one('max(max_over_time(container_memory_working_set_bytes{namespace="data",container="api"}[3d]))');
    expect(peak).toBe(t.oomKilledAtMemoryLimitBytes);
  });

  it('gives the CPU p95 of the truth through OOM restarts (counter resets) at 5-minute steps, within 2 %', async () => {
    const t = truthOf('analytics-api');
    expect(sample.cpuRateWindowSeconds).toBe(600);
    const p95 = await one(`max by (namespace, owner_name) (
      quantile_over_time(0.95, rate(container_cpu_usage_seconds_total{namespace="data",container="api"}[10m])[3d:5m])
      * on (namespace, pod) group_left (replicaset) label_replace(max by (namespace, pod, owner_name) (max_over_time(kube_pod_owner{owner_kind="ReplicaSet"}[3d])), "replicaset", "$1", "owner_name", "(.*)")
      * on (namespace, replicaset) group_left (owner_name) max by (namespace, replicaset, owner_name) (max_over_time(kube_replicaset_owner{owner_kind="Deployment"}[3d])))`);
    expect(Math.abs(p95 - t.cpuP95Cores) / t.cpuP95Cores).toBeLessThan(0.02);
  });

  it('gives the throttling ratio of the truth with sum(increase(throttled)) / sum(increase(periods)) within 2 %', async () => {
    const t = truthOf('warehouse-loader');
    const ratio = await one('sum(increase(container_cpu_cfs_throttled_periods_total{namespace="data",container="loader"}[3d])) / sum(increase(container_cpu_cfs_periods_total{namespace="data",container="loader"}[3d]))');
    expect(Math.abs(ratio - t.cpuThrottlingRatio!) / t.cpuThrottlingRatio!).toBeLessThan(0.02);
  });

  it('shows the HPA changing replicas and the nodes with their instance types', async () => {
    const hi = await one('max_over_time(kube_horizontalpodautoscaler_status_current_replicas{horizontalpodautoscaler="stream-processor"}[3d])');
    const lo = await one('min_over_time(kube_horizontalpodautoscaler_status_current_replicas{horizontalpodautoscaler="stream-processor"}[3d])');
    expect(hi).toBeGreaterThan(lo);
    const byType = await queryInstant(prom!.url, 'count by (label_node_kubernetes_io_instance_type) (kube_node_labels)', T);
    const expected = new Map<string, number>();
    for (const n of sample.nodes) expected.set(n.instanceType, (expected.get(n.instanceType) ?? 0) + 1);
    expect(new Map(byType.map((r) => [r.metric.label_node_kubernetes_io_instance_type!, r.value]))).toEqual(expected);
    expect(await one('sum(up)')).toBe(2 * sample.nodes.length + 1);
  });

  it('writes the ground truth as CSV, one row per workload container', () => {
    const lines = readFileSync(join(dir, 'truth.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(truthCsvColumns.join(','));
    expect(lines).toHaveLength(sample.truth.length + 1);
    const loader = lines.find((l) => l.includes(',warehouse-loader,'))!.split(',');
    expect(Number(loader[truthCsvColumns.indexOf('cpu_p95_cores')])).toBeCloseTo(truthOf('warehouse-loader').cpuP95Cores, 6);
  });
});

describe('headroom sample with bad input', () => {
  it('shows examples in --help', async () => {
    const r = await runCli(['sample', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ headroom sample --openmetrics/);
  });

  it('rejects a bad flag with one line naming it and the fix, exit 2', async () => {
    for (const args of [['--days', '0', '--truth', 'x.csv'], ['--openmetrics', join(dir, 'x.om'), '--days', '1', '--families', 'nope_total']]) {
      const r = await runCli(['sample', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: .*\(.+\)$/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(dir, 'x.om'))).toBe(false);
  });

  it('fails on an unwritable output with one line and leaves no partial file', async () => {
    const target = join('/proc', 'headroom-sample.om');
    const r = await runCli(['sample', '--openmetrics', target, '--days', '1']);
    // An unwritable output is the user's input to fix: exit 2 like every usage error, with the fix named.
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot write \/proc\/headroom-sample\.om .*choose a writable path/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
