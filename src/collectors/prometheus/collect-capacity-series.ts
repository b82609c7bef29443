/** Hourly namespace and node-pool capacity series (usage, requests, allocatable, nodes) for the capacity models. */
import type { NamedSeries } from '../../domain/usage.js';
import { sourceLabels as L } from '../../domain/conventions.js';
import type { PrometheusClient } from './client.js';
import * as Q from './queries.js';
import { alignUp } from './window-steps.js';
import type { CollectWindow } from './collect-usage.js';

export async function collectCapacitySeries(client: PrometheusClient, scope: Q.QueryScope, shape: Q.WindowShape, window: CollectWindow, historyStepSeconds: number, cluster: string): Promise<NamedSeries[]> {
  const q = Q.capacitySeriesQueries(scope, shape, historyStepSeconds);
  const stepMs = historyStepSeconds * 1000;
  // Each hour is evaluated at its last scrape and stamped with its start.
  const lastScrapeMs = stepMs - shape.stepSeconds * 1000;
  const firstHourMs = alignUp(window.startMs, stepMs);
  const lastHourMs = Math.floor((window.endMs - stepMs) / stepMs) * stepMs;
  if (lastHourMs < firstHourMs) return [];
  const names: [keyof typeof q, string, 'namespace' | 'node_pool', boolean][] = [
    ['namespaceCpuUsage', 'cpu_usage_cores', 'namespace', true],
    ['namespaceMemoryUsage', 'memory_usage_bytes', 'namespace', true],
    ['namespaceCpuRequests', 'cpu_requests_cores', 'namespace', true],
    ['namespaceMemoryRequests', 'memory_requests_bytes', 'namespace', true],
    ['poolCpuUsage', 'cpu_usage_cores', 'node_pool', false],
    ['poolMemoryUsage', 'memory_usage_bytes', 'node_pool', false],
    ['poolCpuRequests', 'cpu_requests_cores', 'node_pool', false],
    ['poolMemoryRequests', 'memory_requests_bytes', 'node_pool', false],
    ['poolCpuAllocatable', 'cpu_allocatable_cores', 'node_pool', true],
    ['poolMemoryAllocatable', 'memory_allocatable_bytes', 'node_pool', true],
    ['poolNodes', 'nodes', 'node_pool', true],
  ];
  const results = await Promise.all(names.map(([k]) => client.queryRange(`capacity ${k}`, q[k], firstHourMs + lastScrapeMs, lastHourMs + lastScrapeMs, historyStepSeconds)));
  const out: NamedSeries[] = [];
  names.forEach(([, metric, scopeName, feedsClusterTotal], i) => {
    const clusterTotals = new Map<number, number>();
    for (const s of results[i]!) {
      const name = scopeName === 'namespace' ? s.metric[L.namespace] : s.metric[L.instanceType];
      if (!name) continue;
      const points = s.timestampsMs.map((t, j) => ({ timestampMs: t - lastScrapeMs, value: s.values[j]! }));
      out.push({ series: `${scopeName}=${name}/${metric}`, points });
      if (feedsClusterTotal) for (const p of points) clusterTotals.set(p.timestampMs, (clusterTotals.get(p.timestampMs) ?? 0) + p.value);
    }
    // Cluster totals are the sum of one partition (namespaces for usage and requests, node pools
    // for allocatable and nodes), so scopes and cluster always agree.
    if (feedsClusterTotal) out.push({ series: `cluster=${cluster}/${metric}`, points: [...clusterTotals].sort(([a], [b]) => a - b).map(([timestampMs, value]) => ({ timestampMs, value })) });
  });
  return out.sort((a, b) => a.series.localeCompare(b.series));
}
