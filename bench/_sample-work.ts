/**
 * The sample work the collector and rightsizing benchmarks share: the same metric families and
 * the same backfill cache key, so the second benchmark reuses the first one's Prometheus data.
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
import { backfillOpenMetrics } from '../test/helpers/prometheus.js';

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
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) h.update(f).update(readFileSync(join(dir, f)));
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
