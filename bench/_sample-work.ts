/**
 * The sample work the collector and rightsizing benchmarks share: the same metric families and
 * the same backfill cache key, so the second benchmark reuses the first one's Prometheus data.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceMetrics as M } from '../src/domain/conventions.js';

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
