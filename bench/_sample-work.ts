/**
 * The sample work the collector and rightsizing benchmarks share: the same metric families and
 * the same backfill cache key, so the second benchmark reuses the first one's Prometheus data,
 * and the backends they run it on side by side (Prometheus and VictoriaMetrics, same samples).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { sourceMetrics as M } from '../src/domain/conventions.js';
import { writeOpenMetrics, type OpenMetricsStats, type SampleCluster } from '../src/sample/index.js';
import { backfillOpenMetrics, startPrometheusOnTsdb } from '../test/helpers/prometheus.js';
import { startVictoriaMetrics } from '../test/helpers/victoria-metrics.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** The 26 metric families the collector reads: cAdvisor, kube-state-metrics (pods, owners, nodes, HPAs), kubelet volumes, node-exporter. */
export const benchFamilies: string[] = [
  M.containerCpuUsageSecondsTotal, M.containerMemoryWorkingSetBytes, M.containerCpuCfsPeriodsTotal, M.containerCpuCfsThrottledPeriodsTotal,
  M.kubePodOwner, M.kubeReplicasetOwner, M.kubeJobOwner, M.kubePodInfo,
  M.kubePodContainerResourceRequests, M.kubePodContainerResourceLimits, M.kubePodContainerStatusRestartsTotal, M.kubePodContainerStatusLastTerminatedReason,
  M.kubeNodeLabels, M.kubeNodeInfo, M.kubeNodeStatusAllocatable, M.kubeletVolumeStatsCapacityBytes, M.kubeletVolumeStatsUsedBytes,
  M.kubeHpaInfo, M.kubeHpaSpecMinReplicas, M.kubeHpaSpecMaxReplicas, M.kubeHpaSpecTargetMetric,
  M.nodeCpuSecondsTotal, M.nodeMemoryMemTotalBytes, M.nodeMemoryMemAvailableBytes, M.nodeFilesystemSizeBytes, M.nodeFilesystemAvailBytes,
];

/** promtool block length: the whole day in one block (promtool re-reads its input once per block). */
export const benchBlockHours = 24;

/** A hash of the sample generator's sources and promtool's version: cached TSDBs go stale when either changes. */
export function sampleSourceVersion(): string {
  const h = createHash('sha256');
  const dir = join(repoRoot, 'src', 'sample');
  // The multi-cluster writer (clusters.ts) does not shape the one-cluster bench sample.
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && n !== 'clusters.ts').sort()) h.update(f).update(readFileSync(join(dir, f)));
  const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  return h.update(promtool.stdout || promtool.stderr || '').digest('hex');
}

/** The backfill cache key of one sample size (the same for both benchmarks). */
export function benchCacheKey(version: string, sampleOptions: unknown): string {
  return createHash('sha256').update(JSON.stringify({ version, options: sampleOptions, families: benchFamilies, bench: 'collect' })).digest('hex');
}

/**
 * The cached TSDB of `sample` under .cache/prometheus-tsdb, backfilled first when missing: the
 * OpenMetrics of the bench families goes to the disk (not /dev/shm: at 10,000 containers the text
 * is several GiB) and is deleted after the backfill. `onWritten` hears of it before the backfill
 * starts (not called when the cache held the TSDB; backfillSeconds is then 0).
 */
export async function benchTsdb(sample: SampleCluster, version: string, onWritten?: (stats: OpenMetricsStats, seconds: number) => void): Promise<{ tsdbDir: string; backfillSeconds: number }> {
  const key = benchCacheKey(version, sample.options);
  const tsdbDir = join(repoRoot, '.cache', 'prometheus-tsdb', key);
  if (existsSync(join(tsdbDir, '.complete'))) return { tsdbDir, backfillSeconds: 0 };
  const tmp = await mkdtemp(join(tmpdir(), 'headroom-bench-om-'));
  try {
    const file = join(tmp, 'sample.om');
    const out = createWriteStream(file);
    const t0 = performance.now();
    const stats = await writeOpenMetrics(sample, out, { families: benchFamilies });
    out.end();
    await finished(out);
    onWritten?.(stats, (performance.now() - t0) / 1000);
    return { tsdbDir, backfillSeconds: (await backfillOpenMetrics(file, key, benchBlockHours)).seconds };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export interface BenchBackend {
  /** Column value in the tables. */
  name: 'Prometheus' | 'VictoriaMetrics';
  /**
   * Starts the backend holding the bench families of `sample` (loaded once, then cached under
   * .cache/); `loadSeconds` is 0 when the cache held it. Stop it with `stop()`.
   */
  start(sample: SampleCluster, version: string, onWritten?: (stats: OpenMetricsStats, seconds: number) => void): Promise<{ url: string; pid: number; stop(): Promise<void>; loadSeconds: number }>;
}

const prometheusBench: BenchBackend = {
  name: 'Prometheus',
  async start(sample, version, onWritten) {
    const { tsdbDir, backfillSeconds } = await benchTsdb(sample, version, onWritten);
    return { ...(await startPrometheusOnTsdb(tsdbDir)), loadSeconds: backfillSeconds };
  },
};

const victoriaMetricsBench: BenchBackend = {
  name: 'VictoriaMetrics',
  async start(sample, version) {
    // Same content as the Prometheus TSDB (same key), imported through /api/v1/import/prometheus.
    return startVictoriaMetrics({ cacheKey: benchCacheKey(version, sample.options), writeOpenMetrics: (out) => writeOpenMetrics(sample, out, { families: benchFamilies }) });
  },
};

/**
 * The backends every size runs on, side by side: both by default; `BENCH_BACKENDS=prometheus` or
 * `=victoriametrics` runs one.
 */
export function benchBackends(): BenchBackend[] {
  const all = [prometheusBench, victoriaMetricsBench];
  const wanted = (process.env.BENCH_BACKENDS ?? '').toLowerCase().split(',').map((s) => s.trim()).filter(Boolean);
  if (wanted.length === 0) return all;
  const chosen = all.filter((b) => wanted.includes(b.name.toLowerCase()));
  if (chosen.length === 0) throw new Error(`BENCH_BACKENDS=${process.env.BENCH_BACKENDS}: expected prometheus and/or victoriametrics`);
  return chosen;
}
