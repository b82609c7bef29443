/**
 * Child process of bench/collect.ts: runs one collection and prints its figures as JSON, so the
 * peak RSS measured is the collector's alone (not the sample generator's of the parent).
 * Usage: node bin/run-ts.mjs bench/_collect-child.ts URL START_MS END_MS CLUSTER [CONCURRENCY]
 */
import { collectWorkloadUsage, prometheusSourceFromUrl } from '../src/collectors/prometheus/index.js';

const [url, startMs, endMs, cluster, concurrency] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const collection = await collectWorkloadUsage(prometheusSourceFromUrl(url!, { clusterName: cluster!, concurrency: Number(concurrency ?? 4), timeoutMs: 600_000 }), { startMs: Number(startMs), endMs: Number(endMs) });
const wallSeconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(`${JSON.stringify({
  wallSeconds,
  collectorCpuSeconds: (cpu.user + cpu.system) / 1e6,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  stats: collection.stats,
  summaries: collection.summaries.length,
  histories: collection.histories.length,
  nodes: collection.nodes.length,
  volumes: collection.volumes.length,
  clusterSeries: collection.clusterSeries.length,
  warnings: collection.warnings.length,
})}\n`);
