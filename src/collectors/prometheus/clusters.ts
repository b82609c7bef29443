/**
 * Several clusters behind one backend (Thanos, Mimir, VictoriaMetrics, a federating Prometheus),
 * told apart by the cluster label (`prometheus.clusterLabel`). Every per-workload query joins on
 * namespace and pod, so reading two clusters in one query would merge same-named workloads:
 * instead a source without a fixed cluster becomes one source per value of the label, each
 * collected and reported on its own.
 */
import { HeadroomError } from '../../domain/errors.js';
import { sourceMetrics as M } from '../../domain/conventions.js';
import { formatDuration } from '../../domain/units.js';
import { PrometheusClient } from './client.js';
import { prometheusMessages as msg } from './messages.js';
import type { PrometheusSourceOptions } from './source.js';

/**
 * Values of the cluster label on kube-state-metrics' pod-owner series over the look-back ending at
 * `atMs`, sorted; empty when no series carries the label (a single-cluster Prometheus).
 */
export async function listBackendClusters(client: PrometheusClient, atMs: number, lookbackSeconds: number): Promise<string[]> {
  const label = client.source.clusterLabel;
  const rows = await client.query('clusters', `count by (${label}) (last_over_time(${M.kubePodOwner}[${formatDuration(lookbackSeconds)}]))`, atMs);
  return rows.map((r) => r.metric[label] ?? '').filter(Boolean).sort();
}

export interface ClusterSourcesOptions {
  /** Only this cluster (`--cluster`); on a backend without the label it names the one cluster. */
  only?: string | null;
  /** End of the window the clusters must have data in, and its length. */
  atMs: number;
  lookbackSeconds: number;
}

/**
 * One source per cluster the backend holds. A source that already selects a cluster stays as it
 * is; on a backend whose series carry no cluster label the one source is returned, named by
 * `only` (or its `clusterName`). Asking for a cluster the backend does not have is a usage error.
 */
export async function sourcesPerCluster(source: PrometheusSourceOptions, options: ClusterSourcesOptions): Promise<PrometheusSourceOptions[]> {
  if (source.cluster !== null) return [source];
  const client = new PrometheusClient(source);
  let clusters: string[];
  try {
    // The first request of a command: a hung backend is found here in seconds (see checkReachable).
    await client.checkReachable();
    clusters = await listBackendClusters(client, options.atMs, options.lookbackSeconds);
  } finally {
    await client.close();
  }
  const only = options.only ?? null;
  if (clusters.length === 0) return [only === null ? source : { ...source, clusterName: only }];
  if (only !== null && !clusters.includes(only)) {
    throw new HeadroomError('USAGE', msg.clusterNotOnBackend(source.url, source.clusterLabel, only, clusters), { hint: msg.clusterNotOnBackendHint(clusters) });
  }
  return (only === null ? clusters : [only]).map((cluster) => ({ ...source, cluster, clusterName: cluster }));
}
