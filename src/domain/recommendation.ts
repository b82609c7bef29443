/**
 * Rightsizing results: the DESIGN.md `rightsize` object (what `--format json` writes and other
 * tools read) and the richer in-process recommendation it is projected from (reports, server,
 * store and the weekly report read the latter).
 */
import type { ContainerRef, ResourceSettings, WorkloadKind } from './workload.js';

export type RecommendationConfidence = 'high' | 'medium' | 'low';

/**
 * How urgent a change is, KRR-style: `critical` = under-provisioned or OOM-killed (risk), `warning`
 * = large waste, `ok` = small change, `good` = already right, `unknown` = no recommendation.
 */
export type RecommendationSeverity = 'critical' | 'warning' | 'ok' | 'good' | 'unknown';

/**
 * The DESIGN.md contract, one per workload container aggregated over all its pods and rollouts.
 * Exactly these keys, `null` where a value is unset. Stable: other tools parse it.
 */
export interface RightsizeRecord {
  namespace: string;
  workloadKind: WorkloadKind;
  workload: string;
  container: string;
  current: ResourceSettings;
  recommended: ResourceSettings;
  confidence: RecommendationConfidence;
  reasons: string[];
  /** Positive = money saved per month (all replicas); negative = the change costs money; null = no price or no recommendation. */
  monthlySavingsUsd: number | null;
}

/** Prices a recommendation used: a node's effective hourly price split into CPU and memory. */
export interface ResourcePrice {
  cpuCoreHourUsd: number;
  memoryGibHourUsd: number;
  /** Where the node price came from: billing effective cost (commitments applied), or the bundled price list, or a fallback. */
  source: 'billing' | 'price-list' | 'fallback';
  /** Instance type the price rests on (the most common one where the workload runs, or the cluster's). */
  instanceType: string | null;
}

/** Monthly cost change of one recommendation, split by resource, for all replicas. */
export interface RecommendationSavings {
  /** Request cores freed per replica (negative = raised). */
  cpuCoresPerReplica: number;
  memoryBytesPerReplica: number;
  cpuMonthlyUsd: number;
  memoryMonthlyUsd: number;
  replicas: number;
}

/** One workload container's recommendation as the model returns it. */
export interface ContainerRecommendation {
  ref: ContainerRef;
  /** 'no-recommendation' is a value with its reason in `reasons`, not an error. */
  status: 'recommended' | 'no-recommendation';
  /** Strategy that produced it, `name@version` (e.g. `percentile@1`). */
  strategy: string;
  current: ResourceSettings;
  /** All null when `status` is 'no-recommendation'. */
  recommended: ResourceSettings;
  confidence: RecommendationConfidence;
  severity: RecommendationSeverity;
  /** Human-readable, one sentence each, most important first. */
  reasons: string[];
  /** Replicas the savings are multiplied by (average over the window). */
  replicas: number;
  monthlySavingsUsd: number | null;
  savings: RecommendationSavings | null;
  price: ResourcePrice | null;
}

/** Node repacking: recommended requests bin-packed onto the cluster's instance types. */
export interface NodePoolRepacking {
  instanceType: string;
  nodesNow: number;
  nodesAfter: number;
  hourlyPriceUsd: number | null;
}

export interface NodeRepackingResult {
  /** Nodes running now, and nodes needed to place today's requests (first-fit decreasing). */
  nodesNow: number;
  nodesNeededCurrent: number;
  /** Nodes needed to place the recommended requests. */
  nodesAfter: number;
  pools: NodePoolRepacking[];
  monthlyCostNowUsd: number | null;
  monthlyCostAfterUsd: number | null;
  monthlySavingsUsd: number | null;
  /** Pods that fit on no instance type (too big); reported, not packed. */
  unplaceable: string[];
  notes: string[];
}

/** A whole rightsizing run. */
export interface RightsizeResult {
  /** The cluster; several joined by `,` when the run spans a multi-cluster backend (`clusters`). */
  cluster: string;
  /**
   * Values of the backend's cluster label the run covers, when its series carry one; absent for
   * a single unlabelled cluster. JSON records then carry their `cluster`, since the same workload
   * name can exist in every cluster.
   */
  clusters?: string[];
  windowStartMs: number;
  windowEndMs: number;
  strategy: string;
  recommendations: ContainerRecommendation[];
  repacking: NodeRepackingResult | null;
  totals: {
    containers: number;
    recommended: number;
    noRecommendation: number;
    /** Sum of positive and negative monthly savings. */
    monthlySavingsUsd: number;
  };
  warnings: string[];
}

/** Projects a recommendation onto the DESIGN.md contract (exact keys, in contract order). */
export function toRightsizeRecord(rec: ContainerRecommendation): RightsizeRecord {
  return {
    namespace: rec.ref.namespace,
    workloadKind: rec.ref.workloadKind,
    workload: rec.ref.workload,
    container: rec.ref.container,
    current: { ...rec.current },
    recommended: { ...rec.recommended },
    confidence: rec.confidence,
    reasons: [...rec.reasons],
    monthlySavingsUsd: rec.monthlySavingsUsd,
  };
}

/**
 * What `rightsize --format json` writes per container: the DESIGN.md contract's keys first (in
 * contract order), then every other field the table and CSV show — JSON is the superset.
 */
export interface RightsizeOutputRecord extends RightsizeRecord {
  cluster: string;
  status: ContainerRecommendation['status'];
  severity: RecommendationSeverity;
  /** Average replicas over the window (savings are for all of them). */
  replicas: number;
  /** Strategy and version that produced it, e.g. `percentile@1`. */
  strategy: string;
  /** The prices the savings rest on; null when none was known. */
  price: Pick<ResourcePrice, 'cpuCoreHourUsd' | 'memoryGibHourUsd' | 'source' | 'instanceType'> | null;
}

export function toRightsizeOutputRecord(rec: ContainerRecommendation): RightsizeOutputRecord {
  return {
    ...toRightsizeRecord(rec),
    cluster: rec.ref.cluster,
    status: rec.status,
    severity: rec.severity,
    replicas: Number(rec.replicas.toFixed(2)),
    strategy: rec.strategy,
    price: rec.price ? { cpuCoreHourUsd: rec.price.cpuCoreHourUsd, memoryGibHourUsd: rec.price.memoryGibHourUsd, source: rec.price.source, instanceType: rec.price.instanceType } : null,
  };
}
