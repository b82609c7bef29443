/**
 * The capacity series queries, evaluated by Prometheus's own PromQL engine (`promtool test rules`)
 * on series scraped at different intervals per job: cAdvisor every minute, kube-state-metrics
 * every 4 minutes. Each hourly figure must be the value the cluster had, whatever the intervals.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capacitySeriesQueries, type QueryScope, type WindowShape } from '../../../src/collectors/prometheus/queries.js';
import { sourceLabels as L } from '../../../src/domain/conventions.js';

const scope: QueryScope = { clusterLabel: 'cluster', cluster: null, namespace: null };
/** Two hours of data; the figures of the second hour are evaluated at its last cAdvisor scrape (1h59m). */
const shape: WindowShape = { windowSeconds: 7200, stepSeconds: 60, rateWindowSeconds: 300, endSeconds: 7200 };
const MINUTES = 130;
const NODE_MEMORY_BYTES = 16 * 2 ** 30;

/** promtool's value notation at a 1-minute interval: the value every `everyMinutes`, missing in between. */
function scrapedEvery(everyMinutes: number, value: number): string {
  return Array.from({ length: MINUTES }, (_, m) => (m % everyMinutes === 0 ? String(value) : '_')).join(' ');
}

function labels(metric: string, l: Record<string, string>): string {
  return `${metric}{${Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
}

const pod = { namespace: 'shop', pod: 'cart-1', container: 'cart' };
const ksm = { job: 'kube-state-metrics' };
const inputSeries = [
  [labels('kube_node_status_allocatable', { ...ksm, node: 'n1', resource: 'cpu', unit: 'core' }), scrapedEvery(4, 4)],
  [labels('kube_node_status_allocatable', { ...ksm, node: 'n1', resource: 'memory', unit: 'byte' }), scrapedEvery(4, NODE_MEMORY_BYTES)],
  [labels('kube_node_labels', { ...ksm, node: 'n1', [L.instanceType]: 'm5.xlarge' }), scrapedEvery(4, 1)],
  [labels('kube_pod_info', { ...ksm, namespace: pod.namespace, pod: pod.pod, node: 'n1' }), scrapedEvery(4, 1)],
  [labels('kube_pod_container_resource_requests', { ...ksm, ...pod, resource: 'cpu', unit: 'core' }), scrapedEvery(4, 0.5)],
  [labels('kube_pod_container_resource_requests', { ...ksm, ...pod, resource: 'memory', unit: 'byte' }), scrapedEvery(4, 2 ** 30)],
  [labels('container_memory_working_set_bytes', { job: 'kubelet', ...pod }), scrapedEvery(1, 2 ** 29)],
] as const;

/** Runs promtool's PromQL engine on the input series; returns promtool's output ('' when every expectation holds). */
async function promtoolFailures(tests: { expr: string; exp: { labels: string; value: number }[] }[], extraSeries: (readonly [string, string])[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hr-capacity-queries-'));
  try {
    const yaml = [
      'rule_files: []',
      'evaluation_interval: 1m',
      'tests:',
      '  - interval: 1m',
      '    input_series:',
      ...[...inputSeries, ...extraSeries].flatMap(([series, values]) => [`      - series: ${JSON.stringify(series)}`, `        values: ${JSON.stringify(values)}`]),
      '    promql_expr_test:',
      ...tests.flatMap((t) => [
        `      - expr: ${JSON.stringify(t.expr)}`,
        '        eval_time: 119m',
        '        exp_samples:',
        ...t.exp.flatMap((e) => [`          - labels: ${JSON.stringify(e.labels)}`, `            value: ${e.value}`]),
      ]),
    ].join('\n');
    await writeFile(join(dir, 'test.yaml'), yaml + '\n');
    const r = spawnSync('promtool', ['test', 'rules', 'test.yaml'], { cwd: dir, encoding: 'utf8' });
    if (r.error) throw r.error;
    return r.status === 0 ? '' : `${r.stdout}\n${r.stderr}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('capacity series queries on jobs scraped at different intervals', () => {
  it('give each hour the allocatable, requests and node count the cluster had, not scaled by the ratio of scrape intervals', async () => {
    const q = capacitySeriesQueries(scope, shape, 3600);
    const pool = `{${L.instanceType}="m5.xlarge"}`;
    const ns = '{namespace="shop"}';
    const failures = await promtoolFailures([
      { expr: q.poolCpuAllocatable!, exp: [{ labels: pool, value: 4 }] },
      { expr: q.poolMemoryAllocatable!, exp: [{ labels: pool, value: NODE_MEMORY_BYTES }] },
      { expr: q.poolNodes!, exp: [{ labels: pool, value: 1 }] },
      { expr: q.namespaceCpuRequests!, exp: [{ labels: ns, value: 0.5 }] },
      { expr: q.namespaceMemoryRequests!, exp: [{ labels: ns, value: 2 ** 30 }] },
      { expr: q.poolCpuRequests!, exp: [{ labels: pool, value: 0.5 }] },
      { expr: q.poolMemoryRequests!, exp: [{ labels: pool, value: 2 ** 30 }] },
      { expr: q.namespaceMemoryUsage!, exp: [{ labels: ns, value: 2 ** 29 }] },
      { expr: q.poolMemoryUsage!, exp: [{ labels: pool, value: 2 ** 29 }] },
    ]);
    expect(failures).toBe('');
  });

  it('count a pod that lived half the hour as half its requests (the hour is a time-weighted mean)', async () => {
    // A second pod whose kube-state-metrics series exists from minute 90 to the end.
    const half = [labels('kube_pod_container_resource_requests', { ...ksm, namespace: 'shop', pod: 'cart-2', container: 'cart', resource: 'cpu', unit: 'core' }),
      Array.from({ length: MINUTES }, (_, m) => (m >= 90 && m % 4 === 2 ? '1' : '_')).join(' ')] as const;
    const q = capacitySeriesQueries(scope, shape, 3600);
    // cart-2 is visible from minute 90 (its first scrape) to 119: 30 of the hour's 60 steps.
    const failures = await promtoolFailures([{ expr: q.namespaceCpuRequests!, exp: [{ labels: '{namespace="shop"}', value: 0.5 + 30 / 60 }] }], [half]);
    expect(failures).toBe('');
  });
});
