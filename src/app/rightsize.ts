/**
 * `headroom rightsize`: usage (Prometheus or the embedded sample) + inventory + prices → the
 * rightsizing model → outputs (table/JSON/CSV/Markdown, patches, in-place manifest edits) → store.
 *
 *   collect usage ─► resolve strategy & policy ─► load node prices (billing, else price list)
 *     ─► recommendRightsizing (pure) ─► format / patches / apply-to ─► store the run
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { HeadroomConfig } from '../config/index.js';
import type { RightsizeResult, ContainerRecommendation } from '../domain/recommendation.js';
import type { UsageParts, WorkloadUsageCollection } from '../domain/usage.js';
import type { NodeInfo, WorkloadInventoryItem } from '../domain/workload.js';
import { DAY_SECONDS } from '../domain/units.js';
import type { PriceList } from '../domain/pricing.js';
import {
  defaultResourcePolicy, defaultStrategyName, rightsizeErrors, findStrategy, parseStrategySettings, recommendRightsizing, usagePartsFor,
  type InstanceTypePrice, type ResourcePolicy, type RightsizingStrategy,
} from '../models/rightsizing/index.js';
import { findInstancePrice, findInstanceShape } from '../pricing/index.js';
import { applyRecommendationsToText, buildStrategicMergePatches, type ApplyChange } from '../generators/gitops/index.js';
import type { Store } from '../store/index.js';
import { loadEffectiveInstanceHourlyPrices, saveRecommendations } from '../store/recommendation-repo.js';
import { latestSnapshotWith, loadUsageSummaries } from '../store/usage-repo.js';
import { loadUsageHistories } from '../store/usage-history-repo.js';
import { loadWorkloadHpas } from '../store/hpa-repo.js';
import { loadLatestInventory, loadLatestNodes } from '../store/inventory-repo.js';
import { publishDirAtomic, writeFileAtomic } from '../util/atomic-write.js';
import { trackRun } from './runs.js';
import type { RunTrigger } from '../store/run-repo.js';

export type RightsizingConfig = HeadroomConfig['rightsizing'];

export interface ResolvedRightsizeSettings {
  strategy: RightsizingStrategy;
  settings: unknown;
  policy: ResourcePolicy;
  cpuToMemoryPriceRatio?: number;
}

/** Parses `key=value` pairs of `--set`; numbers and booleans become numbers and booleans. */
export function parseSettingPairs(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const m = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(pair);
    if (!m) {
      throw rightsizeErrors.badSetting(pair);
    }
    const raw = m[2]!;
    out[m[1]!] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

/** Config section + command-line overrides → strategy, validated settings and the resource policy. */
export function resolveRightsizeSettings(config: RightsizingConfig, overrides: { strategy?: string; settings?: Record<string, unknown>; cpuLimitPolicy?: ResourcePolicy['cpuLimitPolicy']; memoryLimitPolicy?: ResourcePolicy['memoryLimitPolicy'] } = {}): ResolvedRightsizeSettings {
  const strategy = findStrategy(overrides.strategy ?? config.strategy ?? defaultStrategyName);
  const settings = parseStrategySettings(strategy, { ...config.settings, ...overrides.settings });
  const policy: ResourcePolicy = {
    ...defaultResourcePolicy,
    cpuLimitPolicy: overrides.cpuLimitPolicy ?? config.cpuLimitPolicy,
    cpuLimitRatio: config.cpuLimitRatio,
    memoryLimitPolicy: overrides.memoryLimitPolicy ?? config.memoryLimitPolicy,
    memoryLimitRatio: config.memoryLimitRatio,
  };
  return { strategy, settings, policy, cpuToMemoryPriceRatio: config.cpuToMemoryPriceRatio };
}

/** What a collection for this rightsizing run must compute (its strategy's and the safety rules' figures, nothing else). */
export function usagePartsForRightsizing(resolved: ResolvedRightsizeSettings): UsageParts {
  return usagePartsFor(resolved.strategy, resolved.settings);
}

/**
 * Effective hourly price per instance type of the cluster's nodes: billing (effective cost per
 * instance-hour over the 30 days before `windowEndMs`, commitments applied) where the store has it,
 * else the price list's on-demand rate. Types found in neither are reported.
 */
export async function loadInstancePrices(options: { nodes: readonly NodeInfo[]; priceList: PriceList; store?: Store | null; windowEndMs: number }): Promise<{ prices: Map<string, InstanceTypePrice>; warnings: string[] }> {
  const warnings: string[] = [];
  const billing = options.store
    ? await loadEffectiveInstanceHourlyPrices(options.store, { fromMs: options.windowEndMs - 30 * DAY_SECONDS * 1000, toMs: options.windowEndMs })
    : new Map<string, { hourlyUsd: number; instanceHours: number }>();
  const prices = new Map<string, InstanceTypePrice>();
  const types = new Map<string, string>();
  for (const n of options.nodes) if (!types.has(n.instanceType)) types.set(n.instanceType, n.region);
  for (const [instanceType, region] of types) {
    const listed = findInstancePrice(options.priceList, region, instanceType);
    const shape = listed && listed.vcpu !== null && listed.memoryGiB !== null ? { vcpu: listed.vcpu, memoryGiB: listed.memoryGiB } : findInstanceShape(options.priceList, instanceType);
    const billed = billing.get(instanceType);
    if (billed) {
      prices.set(instanceType, { instanceType, hourlyUsd: billed.hourlyUsd, source: 'billing', vcpu: shape?.vcpu ?? null, memoryGiB: shape?.memoryGiB ?? null });
    } else if (listed) {
      prices.set(instanceType, { instanceType, hourlyUsd: listed.onDemandHourlyUsd, source: 'price-list', vcpu: shape?.vcpu ?? null, memoryGiB: shape?.memoryGiB ?? null });
    } else {
      warnings.push(rightsizeErrors.noPrice(instanceType, region, options.priceList.label));
    }
  }
  return { prices, warnings };
}

/**
 * The latest usage collected into the store (`headroom collect`), as a collection: the newest
 * snapshot's summaries, hourly histories and HPAs (so every strategy works as it does on Prometheus).
 * Snapshots stored before histories were kept have none; strategies that need them say so.
 */
export async function loadStoredUsage(store: Store, cluster?: string, atMs?: number): Promise<{ usage: WorkloadUsageCollection; inventory: WorkloadInventoryItem[] } | null> {
  const snapshotId = await latestSnapshotWith(store, 'usage_snapshots', cluster, atMs);
  if (snapshotId === null) return null;
  const [summaries, histories, hpas] = await Promise.all([loadUsageSummaries(store, snapshotId), loadUsageHistories(store, snapshotId), loadWorkloadHpas(store, snapshotId)]);
  if (!summaries.length) return null;
  const [nodes, inventory] = await Promise.all([loadLatestNodes(store, cluster, atMs), loadLatestInventory(store, cluster, atMs)]);
  const first = summaries[0]!;
  return {
    usage: {
      cluster: first.ref.cluster, windowStartMs: first.windowStartMs, windowEndMs: first.windowEndMs, summaries, histories, nodes, volumes: [], clusterSeries: [],
      // The snapshot's HPAs stand in for a Kubernetes inventory, as on a live run (runRightsizeModel).
      hpas,
      stats: { queries: 0, bytesReceived: 0, prometheusSeconds: 0 }, warnings: [],
    },
    inventory,
  };
}

export interface RightsizeRunInput {
  usage: WorkloadUsageCollection;
  inventory: readonly WorkloadInventoryItem[];
  prices: ReadonlyMap<string, InstanceTypePrice>;
  resolved: ResolvedRightsizeSettings;
  /** Node names per workload (`cluster/namespace/Kind/workload`), to price each at its own nodes. */
  workloadNodes?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Inventory items built from the HPAs a usage collection carries (kube-state-metrics), for runs
 * without a Kubernetes inventory: enough for the model to honour HPA targets. Replicas and
 * containers come from the usage summaries; VPAs are unknown from metrics, so `hasVpa` is false.
 */
export function inventoryFromCollectedHpas(usage: WorkloadUsageCollection): WorkloadInventoryItem[] {
  const hpas = usage.hpas ?? [];
  if (hpas.length === 0) return [];
  // One pass over the summaries: at 10,000 containers a filter per HPA costs more than the model.
  const keyOf = (r: { cluster: string; namespace: string; workloadKind: string; workload: string }) => `${r.cluster}\u0000${r.namespace}\u0000${r.workloadKind}\u0000${r.workload}`;
  const byWorkload = new Map<string, WorkloadUsageCollection['summaries']>();
  for (const s of usage.summaries) {
    const k = keyOf(s.ref);
    const list = byWorkload.get(k);
    if (list) list.push(s);
    else byWorkload.set(k, [s]);
  }
  return hpas.map((h) => {
    const containers = byWorkload.get(keyOf(h)) ?? [];
    return {
      cluster: h.cluster, namespace: h.namespace, workloadKind: h.workloadKind, workload: h.workload,
      replicas: Math.round(Math.max(0, ...containers.map((c) => c.replicasAvg))),
      containers: containers.map((c) => ({ name: c.ref.container, resources: { ...c.current } })),
      hpa: { ...h.hpa }, hasVpa: false, labels: {},
    };
  });
}

/**
 * Runs the pure model on a usage collection; collection warnings are carried into the result.
 * A Kubernetes inventory, when given, wins; without one the collection's HPAs stand in for it.
 */
export function runRightsizeModel(input: RightsizeRunInput): RightsizeResult {
  const { usage, resolved } = input;
  const inventory = input.inventory.length ? input.inventory : inventoryFromCollectedHpas(usage);
  const result = recommendRightsizing({
    cluster: usage.cluster,
    windowStartMs: usage.windowStartMs,
    windowEndMs: usage.windowEndMs,
    summaries: usage.summaries,
    histories: usage.histories,
    inventory,
    nodes: usage.nodes,
    prices: input.prices,
    workloadNodes: input.workloadNodes,
    strategy: resolved.strategy,
    settings: resolved.settings,
    policy: resolved.policy,
    cpuToMemoryPriceRatio: resolved.cpuToMemoryPriceRatio,
  });
  return { ...result, warnings: [...usage.warnings, ...result.warnings] };
}

/**
 * One result from the per-cluster runs of a multi-cluster backend: recommendations side by side
 * (each carries its cluster), totals summed, warnings prefixed with their cluster. Node repacking
 * is per cluster (pods cannot move between clusters), so it is kept only for a single cluster.
 */
export function combineClusterResults(results: RightsizeResult[]): RightsizeResult {
  if (results.length === 1) return { ...results[0]!, clusters: [results[0]!.cluster] };
  const clusters = results.map((r) => r.cluster);
  return {
    cluster: clusters.join(','),
    clusters,
    windowStartMs: Math.min(...results.map((r) => r.windowStartMs)),
    windowEndMs: Math.max(...results.map((r) => r.windowEndMs)),
    strategy: results[0]!.strategy,
    recommendations: results.flatMap((r) => r.recommendations),
    repacking: null,
    totals: {
      containers: results.reduce((a, r) => a + r.totals.containers, 0),
      recommended: results.reduce((a, r) => a + r.totals.recommended, 0),
      noRecommendation: results.reduce((a, r) => a + r.totals.noRecommendation, 0),
      monthlySavingsUsd: results.reduce((a, r) => a + r.totals.monthlySavingsUsd, 0),
    },
    warnings: results.flatMap((r) => r.warnings.map((w) => `cluster ${r.cluster}: ${w}`)),
  };
}

/** Writes one strategic-merge patch per workload (and a kustomization.yaml) into `dir`, replacing it whole. */
export async function writePatches(dir: string, recs: readonly ContainerRecommendation[]): Promise<string[]> {
  const files = buildStrategicMergePatches(recs);
  await publishDirAtomic(dir, async (tmp) => {
    for (const f of files) await writeFileAtomic(join(tmp, f.path), f.text);
  });
  return files.map((f) => join(dir, f.path));
}

async function listYamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw rightsizeErrors.applyToUnreadable(dir, err);
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listYamlFiles(p)));
    else if (/\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

export interface ApplyToSummary {
  filesScanned: number;
  filesChanged: string[];
  changes: (ApplyChange & { file: string })[];
  notes: string[];
}

/** Edits every manifest and Helm values file below `dir` in place (each file written atomically). */
export async function applyToDirectory(dir: string, recs: readonly ContainerRecommendation[]): Promise<ApplyToSummary> {
  const files = await listYamlFiles(dir);
  const summary: ApplyToSummary = { filesScanned: files.length, filesChanged: [], changes: [], notes: [] };
  for (const file of files) {
    const rel = relative(dir, file);
    const before = await readFile(file, 'utf8');
    const result = applyRecommendationsToText(before, recs, { relativePath: rel });
    summary.notes.push(...result.notes);
    if (result.text !== before) {
      await writeFileAtomic(file, result.text);
      summary.filesChanged.push(file);
      summary.changes.push(...result.changes.map((c) => ({ ...c, file: rel })));
    }
  }
  return summary;
}

/** Stores a rightsizing result as a run with its recommendations, in one transaction per step. */
export async function storeRightsizeRun(store: Store, result: RightsizeResult, options: { nowMs: () => number; trigger?: RunTrigger }): Promise<string> {
  const { run } = await trackRun({ store, kind: 'rightsize', trigger: options.trigger ?? 'manual', nowMs: options.nowMs }, async (runId) => {
    await store.transaction((tx) => saveRecommendations(tx, runId, result.recommendations));
    return {
      status: result.warnings.length ? 'partial' : 'succeeded',
      detail: {
        cluster: result.cluster,
        windowStartMs: result.windowStartMs,
        windowEndMs: result.windowEndMs,
        strategy: result.strategy,
        totals: result.totals,
        repacking: result.repacking,
        warnings: result.warnings.slice(0, 50),
      },
      value: runId,
    };
  });
  return run.runId;
}
