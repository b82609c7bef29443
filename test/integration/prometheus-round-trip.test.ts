// The round trip: the sample's OpenMetrics, backfilled into a real Prometheus with promtool,
// queried with the PromQL of src/sample/truth.ts, must give the generator's ground truth.
// Backfill: 7 days at 60 s steps of namespace `auth` (cAdvisor CPU and memory plus the owner
// series, ~0.4 M samples, ~3 s of promtool; cached under .cache/prometheus-tsdb afterwards).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryInstant, startSamplePrometheus, type PrometheusHandle } from '../helpers/prometheus.js';
import type { SampleCluster, SampleContainerTruth } from '../../src/sample/index.js';

let prom: (PrometheusHandle & { sample: SampleCluster }) | null = null;

beforeAll(async () => {
  prom = await startSamplePrometheus({
    days: 7,
    openMetrics: { namespaces: ['auth'], families: ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes', 'kube_pod_owner', 'kube_replicaset_owner', 'kube_job_owner'] },
  });
});

afterAll(async () => {
  await prom?.stop();
});

function truthOf(workload: string, container: string): SampleContainerTruth {
  const t = prom!.sample.truth.find((x) => x.ref.workload === workload && x.ref.container === container);
  if (!t) throw new Error(`no truth for ${workload}/${container}`);
  return t;
}

const W = '7d';
/** Pod → ReplicaSet → Deployment, over the whole window (pods come and go). */
const deploymentPods = `label_replace(max by (namespace, pod, owner_name) (max_over_time(kube_pod_owner{owner_kind="ReplicaSet"}[${W}])), "replicaset", "$1", "owner_name", "(.*)")`;
const replicaSetOwners = `max by (namespace, replicaset, owner_name) (max_over_time(kube_replicaset_owner{owner_kind="Deployment"}[${W}]))`;
const perDeployment = (inner: string) => `max by (namespace, owner_name) (
  (${inner}) * on (namespace, pod) group_left (replicaset) ${deploymentPods}
  * on (namespace, replicaset) group_left (owner_name) ${replicaSetOwners})`;

async function queryOne(expr: string): Promise<number> {
  const result = await queryInstant(prom!.url, expr, prom!.sample.endMs / 1000);
  expect(result).toHaveLength(1);
  return result[0]!.value;
}

describe('the sample backfilled into a real Prometheus', () => {
  it('has the rollout history the owner chain must follow (two ReplicaSets of auth in the window)', async () => {
    const rs = await queryInstant(prom!.url, `count(max_over_time(kube_replicaset_owner{namespace="auth",owner_name="auth"}[${W}]))`, prom!.sample.endMs / 1000);
    expect(rs[0]!.value).toBeGreaterThanOrEqual(2);
  });

  it('gives the ground-truth CPU p95 of a Deployment container, aggregated over its pods through the owner chain, within 2 %', async () => {
    const truth = truthOf('auth', 'auth');
    const p95 = await queryOne(perDeployment(`quantile_over_time(0.95, rate(container_cpu_usage_seconds_total{namespace="auth",container="auth"}[5m])[${W}:1m])`));
    expect(truth.cpuP95Cores).toBeGreaterThan(0.05);
    expect(Math.abs(p95 - truth.cpuP95Cores) / truth.cpuP95Cores).toBeLessThan(0.02);
  });

  it('gives the ground-truth CPU p50, p99 and max of the sidecar within 2 %', async () => {
    const truth = truthOf('auth', 'envoy');
    for (const [q, expected] of [[0.5, truth.cpuP50Cores], [0.99, truth.cpuP99Cores]] as const) {
      const v = await queryOne(perDeployment(`quantile_over_time(${q}, rate(container_cpu_usage_seconds_total{namespace="auth",container="envoy"}[5m])[${W}:1m])`));
      expect(Math.abs(v - expected) / expected).toBeLessThan(0.02);
    }
    const max = await queryOne(perDeployment(`max_over_time(rate(container_cpu_usage_seconds_total{namespace="auth",container="envoy"}[5m])[${W}:1m])`));
    expect(Math.abs(max - truth.cpuMaxCores) / truth.cpuMaxCores).toBeLessThan(0.02);
  });

  it('gives the ground-truth memory peak and p95 of a Deployment container within 2 %', async () => {
    const truth = truthOf('auth', 'auth');
    const peak = await queryOne(perDeployment(`max_over_time(container_memory_working_set_bytes{namespace="auth",container="auth"}[${W}])`));
    const p95 = await queryOne(perDeployment(`quantile_over_time(0.95, container_memory_working_set_bytes{namespace="auth",container="auth"}[${W}])`));
    expect(Math.abs(peak - truth.memoryPeakBytes) / truth.memoryPeakBytes).toBeLessThan(0.02);
    expect(Math.abs(p95 - truth.memoryP95Bytes) / truth.memoryP95Bytes).toBeLessThan(0.02);
  });

  it('gives the ground-truth CPU p95 of a CronJob through Job owners within 2 %', async () => {
    const truth = truthOf('key-rotation', 'rotate');
    const jobPods = `label_replace(max by (namespace, pod, owner_name) (max_over_time(kube_pod_owner{owner_kind="Job"}[${W}])), "job_name", "$1", "owner_name", "(.*)")`;
    const jobOwners = `max by (namespace, job_name, owner_name) (max_over_time(kube_job_owner{owner_kind="CronJob"}[${W}]))`;
    const p95 = await queryOne(`max by (namespace, owner_name) (
      quantile_over_time(0.95, rate(container_cpu_usage_seconds_total{namespace="auth",container="rotate"}[5m])[${W}:1m])
      * on (namespace, pod) group_left (job_name) ${jobPods} * on (namespace, job_name) group_left (owner_name) ${jobOwners})`);
    expect(Math.abs(p95 - truth.cpuP95Cores) / truth.cpuP95Cores).toBeLessThan(0.02);
  });
});
