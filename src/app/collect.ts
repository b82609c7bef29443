/**
 * collectSnapshot: one collection of every configured source into the store — Prometheus usage
 * (per workload container, nodes, capacity series, PVCs) and the Kubernetes inventory — for the
 * window [atMs − sinceSeconds, atMs]. Called by `headroom collect` and by the scheduler.
 *
 *   per source (in parallel): collect (no store access) → one transaction writes the snapshot
 *
 * A backend holding several clusters (values of `prometheus.clusterLabel`) is collected cluster by
 * cluster, each its own snapshot, unless `prometheus.clusters` or `cluster` narrows it.
 *
 * Idempotent: snapshot ids are deterministic (source, cluster, window), so collecting the same
 * window twice replaces the rows instead of adding them. A failing source is reported and the
 * others still land; a source that fails writes nothing (its transaction never starts or rolls back).
 */
import { formatCsvRow } from '../util/csv.js';
import type { Logger } from 'pino';
import type { HeadroomConfig } from '../config/index.js';
import { collectWorkloadUsage, prometheusSourceFromConfig, sourcesPerCluster, type PrometheusSourceOptions } from '../collectors/prometheus/index.js';
import { collectKubernetesInventory, loadKubeConfig, type KubernetesInventory } from '../collectors/kubernetes/index.js';
import { HeadroomError, formatErrorLine } from '../domain/errors.js';
import type { Store, StoreQueries } from '../store/index.js';
import { saveUsageCollection, usageSnapshotId } from '../store/usage-repo.js';
import { saveInventory, saveNodes } from '../store/inventory-repo.js';
import { saveCapacityInputs } from '../store/capacity-repo.js';
import type { Progress } from '../util/progress.js';

export interface CollectSnapshotOptions {
  sinceSeconds: number;
  atMs: number;
  logger: Logger;
  progress?: Progress;
  /** Overrides the configured Prometheus (the `--prometheus-url` flag). */
  prometheusSource?: PrometheusSourceOptions;
  /** Clock for `collected_at`; default: atMs. */
  collectedAtMs?: number;
  /** Only this value of the cluster label (`--cluster`); default every cluster the backend holds. */
  cluster?: string | null;
}

export interface CollectSourceResult {
  source: 'prometheus' | 'kubernetes';
  cluster: string;
  snapshotId: string;
  ok: boolean;
  /** One line: what was stored, or why nothing was. */
  summary: string;
  warnings: string[];
  stats?: { queries: number; bytesReceived: number; prometheusSeconds: number };
}

export interface CollectSnapshotResult {
  windowStartMs: number;
  windowEndMs: number;
  results: CollectSourceResult[];
  failed: number;
}

export async function collectSnapshot(config: HeadroomConfig, store: Store, options: CollectSnapshotOptions): Promise<CollectSnapshotResult> {
  const endMs = options.atMs;
  const startMs = endMs - options.sinceSeconds * 1000;
  const collectedAtMs = options.collectedAtMs ?? endMs;
  const log = options.logger;
  const tasks: Promise<CollectSourceResult>[] = [];

  const prometheusSources: PrometheusSourceOptions[] = options.prometheusSource
    ? [options.prometheusSource]
    : config.prometheus
      ? await Promise.all((config.prometheus.clusters.length ? config.prometheus.clusters : [null]).map((cluster) => prometheusSourceFromConfig(config.prometheus!, { cluster, clusterName: config.cluster })))
      : [];
  const perCluster: { source: PrometheusSourceOptions; failure?: unknown }[] = [];
  for (const source of prometheusSources) {
    try {
      for (const one of await sourcesPerCluster(source, { only: options.cluster ?? null, atMs: endMs, lookbackSeconds: options.sinceSeconds })) perCluster.push({ source: one });
    } catch (err) {
      if (err instanceof HeadroomError && err.code === 'USAGE') throw err;
      // An unreachable backend fails as its one source, reported like any collection failure.
      perCluster.push({ source, failure: err });
    }
  }
  for (const { source, failure } of perCluster) {
    const cluster = source.cluster ?? source.clusterName;
    const snapshotId = usageSnapshotId('prometheus', cluster, startMs, endMs);
    tasks.push(attempt('prometheus', cluster, snapshotId, log, async () => {
      if (failure !== undefined) throw failure;
      options.progress?.start(`collect ${cluster}`, 1);
      const collection = await collectWorkloadUsage(source, { startMs, endMs }, {
        logger: log,
        allocationLabelKeys: config.allocation.labels,
        onProgress: (done, total, label) => {
          if (done === 1) options.progress?.start(`collect ${cluster}`, total);
          options.progress?.step(1, label);
        },
      });
      options.progress?.done();
      const stored = await store.transaction(async (tx) => {
        const saved = await saveUsageCollection(tx, { snapshotId, source: 'prometheus', collectedAtMs }, collection);
        const capacity = await saveCapacityInputs(tx, { snapshotId, cluster, windowStartMs: startMs, windowEndMs: endMs, collectedAtMs }, collection);
        return { ...saved, ...capacity };
      });
      return {
        summary: `${stored.summaries} workload containers, ${stored.nodes} nodes, ${stored.volumes} PVCs, ${collection.clusterSeries.length} capacity series, ${stored.nodeUsage} nodes with node-exporter usage, ${stored.histories} hourly histories, ${stored.hpas} HPAs; ${collection.stats.queries} queries, ${(collection.stats.bytesReceived / 1024).toFixed(0)} KiB`,
        warnings: collection.warnings,
        stats: collection.stats,
      };
    }));
  }

  if (config.kubernetes) {
    const k8s = config.kubernetes;
    const contexts: (string | undefined)[] = k8s.contexts.length ? k8s.contexts : [undefined];
    for (const context of contexts) {
      const cluster = context && contexts.length > 1 ? context : config.cluster;
      const snapshotId = usageSnapshotId('kubernetes', cluster, endMs, endMs);
      tasks.push(attempt('kubernetes', cluster, snapshotId, log, async () => {
        const kc = loadKubeConfig({ kubeconfig: k8s.kubeconfig, context });
        const inventory = await collectKubernetesInventory(kc, { cluster, excludeNamespaces: k8s.excludeNamespaces });
        await store.transaction((tx) => saveKubernetesSnapshot(tx, snapshotId, inventory, endMs, collectedAtMs));
        return {
          summary: `${inventory.workloads.length} workloads, ${inventory.nodes.length} nodes, ${inventory.namespaces.length} namespaces, ${inventory.resourceQuotas.length} quotas, ${inventory.persistentVolumeClaims.length} PVCs`,
          warnings: inventory.warnings,
        };
      }));
    }
  }

  if (tasks.length === 0) {
    throw new HeadroomError('USAGE', 'nothing to collect: no prometheus or kubernetes section in the config', { hint: 'pass --prometheus-url URL, or add prometheus.url / kubernetes to headroom.yaml (see headroom.example.yaml)' });
  }
  const results = await Promise.all(tasks);
  return { windowStartMs: startMs, windowEndMs: endMs, results, failed: results.filter((r) => !r.ok).length };
}

/** Runs one source; its failure becomes a result (reported), never an exception that stops the others. */
async function attempt(source: CollectSourceResult['source'], cluster: string, snapshotId: string, log: Logger,
  run: () => Promise<Pick<CollectSourceResult, 'summary' | 'warnings' | 'stats'>>): Promise<CollectSourceResult> {
  try {
    const r = await run();
    for (const w of r.warnings) log.warn({ source, cluster }, w);
    return { source, cluster, snapshotId, ok: true, ...r };
  } catch (err) {
    log.debug({ err, source, cluster }, 'collect failed');
    return { source, cluster, snapshotId, ok: false, summary: formatErrorLine(err).replace(/^error: /, ''), warnings: [] };
  }
}

/**
 * The Kubernetes inventory as a snapshot of the instant `atMs`: a `snapshots` row (source
 * `kubernetes`), its nodes and workloads. Quotas and PVC specs are kept in the row's detail.
 */
async function saveKubernetesSnapshot(tx: StoreQueries, snapshotId: string, inventory: KubernetesInventory, atMs: number, collectedAtMs: number): Promise<void> {
  await tx.run('DELETE FROM snapshots WHERE snapshot_id = $1', [snapshotId]);
  await tx.run(
    'INSERT INTO snapshots (snapshot_id, source, cluster, window_start, window_end, collected_at, status, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [snapshotId, 'kubernetes', inventory.cluster, new Date(atMs), new Date(atMs), new Date(collectedAtMs), inventory.warnings.length ? 'partial' : 'complete',
      JSON.stringify({ warnings: inventory.warnings, namespaces: inventory.namespaces, resourceQuotas: inventory.resourceQuotas, persistentVolumeClaims: inventory.persistentVolumeClaims })],
  );
  await saveNodes(tx, snapshotId, inventory.nodes);
  await saveInventory(tx, snapshotId, inventory.workloads);
}

/** One row per source: what the text summary says, for spreadsheets and CI. */
export function formatCollectCsv(result: CollectSnapshotResult): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows = [['window_start', 'window_end', 'source', 'cluster', 'snapshot_id', 'ok', 'summary', 'warnings'],
    ...result.results.map((r) => [iso(result.windowStartMs), iso(result.windowEndMs), r.source, r.cluster, r.snapshotId, r.ok, r.summary, r.warnings.join('; ')])];
  return rows.map(formatCsvRow).join('\n') + '\n';
}

/** Plain-text summary of a collection: one line per source. */
export function formatCollectResult(result: CollectSnapshotResult): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const lines = [`collected ${iso(result.windowStartMs)} → ${iso(result.windowEndMs)}`];
  for (const r of result.results) lines.push(`${r.ok ? 'ok    ' : 'FAILED'} ${r.source} ${r.cluster}: ${r.summary}${r.warnings.length ? ` (${r.warnings.length} warning(s))` : ''}`);
  return `${lines.join('\n')}\n`;
}
