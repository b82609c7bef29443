/**
 * Rightsizing one cluster:
 *
 *   per container: enough data? ─► strategy (raw requests) ─► safety rules ─► floors, rounding
 *     ─► limit policy ─► confidence ─► price split × replicas ─► severity
 *   then: node repacking of the recommended requests
 *
 * Pure: usage, inventory, nodes and prices in; recommendations out. One container that cannot be
 * recommended becomes a "no recommendation" value with its reason; the rest proceed.
 */
import type { ContainerRecommendation, RecommendationSeverity, RightsizeResult } from '../../domain/recommendation.js';
import type { ContainerUsageHistory, ContainerUsageSummary } from '../../domain/usage.js';
import { containerKey, type NodeInfo, type ResourceSettings, type WorkloadInventoryItem } from '../../domain/workload.js';
import { GIB_BYTES, HOURS_PER_MONTH, MIB_BYTES } from '../../domain/units.js';
import { hasEnoughData, rateConfidence, defaultConfidenceThresholds, type ConfidenceThresholds } from './confidence.js';
import { reasons } from './messages.js';
import { repackNodes } from './node-repacking.js';
import { deriveLimit, defaultResourcePolicy, roundCpuCores, roundMemoryBytes, type ResourcePolicy } from './resource-policy.js';
import { deriveResourcePrice, defaultCpuToMemoryPriceRatio, type InstanceTypePrice } from './resource-pricing.js';
import { applySafetyRules } from './safety.js';
import type { RightsizingStrategy } from './strategy.js';

export interface RightsizeModelInput {
  cluster: string;
  windowStartMs: number;
  windowEndMs: number;
  summaries: readonly ContainerUsageSummary[];
  histories: readonly ContainerUsageHistory[];
  /** For HPAs, VPAs and replicas; may be empty (then the summaries' replicas are used). */
  inventory: readonly WorkloadInventoryItem[];
  nodes: readonly NodeInfo[];
  /** Effective hourly price per instance type. */
  prices: ReadonlyMap<string, InstanceTypePrice>;
  /** Optional: node names where each workload's pods ran (key `workloadKey`), to price at those nodes. */
  workloadNodes?: ReadonlyMap<string, readonly string[]>;
  strategy: RightsizingStrategy;
  /** Already validated with `parseStrategySettings`. */
  settings: unknown;
  policy?: ResourcePolicy;
  confidence?: ConfidenceThresholds;
  cpuToMemoryPriceRatio?: number;
  /** Skip node repacking (e.g. no nodes known). Default false. */
  skipRepacking?: boolean;
}

/** `cluster/namespace/Kind/workload`: groups containers into pods. */
export function workloadKey(ref: { cluster: string; namespace: string; workloadKind: string; workload: string }): string {
  return `${ref.cluster}/${ref.namespace}/${ref.workloadKind}/${ref.workload}`;
}

const noSettings: ResourceSettings = { cpuRequestCores: null, cpuLimitCores: null, memoryRequestBytes: null, memoryLimitBytes: null };

/** What the scheduler reserves today: the request, or the limit when only a limit is set (Kubernetes defaults the request to it). */
export function effectiveRequests(settings: ResourceSettings): { cpuCores: number; memoryBytes: number } {
  return {
    cpuCores: settings.cpuRequestCores ?? settings.cpuLimitCores ?? 0,
    memoryBytes: settings.memoryRequestBytes ?? settings.memoryLimitBytes ?? 0,
  };
}

function roundUsd(usd: number): number {
  return Math.round(usd * 100) / 100;
}

function rateSeverity(current: ResourceSettings, recommended: ResourceSettings, risk: boolean): RecommendationSeverity {
  if (risk) return 'critical';
  const cur = effectiveRequests(current);
  const cpu = recommended.cpuRequestCores ?? 0;
  const memory = recommended.memoryRequestBytes ?? 0;
  // Under-provisioned by more than 10 % (and more than rounding or floors explain): risk of throttling or eviction.
  const cpuRaised = cur.cpuCores > 0 && cpu > cur.cpuCores * 1.1 && cpu - cur.cpuCores > 0.01;
  const memoryRaised = cur.memoryBytes > 0 && memory > cur.memoryBytes * 1.1 && memory - cur.memoryBytes > 16 * MIB_BYTES;
  if (cpuRaised || memoryRaised) return 'critical';
  if (cur.cpuCores === 0 || cur.memoryBytes === 0) return 'warning';
  const cpuRatio = cpu / cur.cpuCores;
  const memoryRatio = memory / cur.memoryBytes;
  if (cpuRatio < 0.5 || memoryRatio < 0.5) return 'warning';
  if (Math.abs(cpuRatio - 1) <= 0.1 && Math.abs(memoryRatio - 1) <= 0.1) return 'good';
  return 'ok';
}

function noRecommendation(summary: ContainerUsageSummary, strategyId: string, reason: string, replicas: number): ContainerRecommendation {
  return {
    ref: summary.ref,
    status: 'no-recommendation',
    strategy: strategyId,
    current: { ...summary.current },
    recommended: { ...noSettings },
    confidence: 'low',
    severity: 'unknown',
    reasons: [reason],
    replicas,
    monthlySavingsUsd: null,
    savings: null,
    price: null,
  };
}

export function recommendRightsizing(input: RightsizeModelInput): RightsizeResult {
  const policy = input.policy ?? defaultResourcePolicy;
  const thresholds = input.confidence ?? defaultConfidenceThresholds;
  const ratio = input.cpuToMemoryPriceRatio ?? defaultCpuToMemoryPriceRatio;
  const strategyId = `${input.strategy.name}@${input.strategy.version}`;
  const histories = new Map(input.histories.map((h) => [containerKey(h.ref), h]));
  const inventory = new Map(input.inventory.map((w) => [workloadKey(w), w]));
  const nodesByName = new Map(input.nodes.map((n) => [n.node, n]));
  const clusterPrice = deriveResourcePrice(input.nodes, input.prices, ratio);
  const warnings: string[] = [];

  const recommendations: ContainerRecommendation[] = [];
  for (const summary of input.summaries) {
    const wKey = workloadKey(summary.ref);
    const workload = inventory.get(wKey) ?? null;
    const replicas = summary.replicasAvg;
    try {
      if (!hasEnoughData(summary.historySeconds, summary.sampleCount, thresholds)) {
        recommendations.push(noRecommendation(summary, strategyId, reasons.insufficientData(summary.sampleCount, summary.historySeconds, thresholds.minSamples, thresholds.minHistorySeconds), replicas));
        continue;
      }
      const raw = input.strategy.recommend({ summary, history: histories.get(containerKey(summary.ref)) ?? null }, input.settings);
      if (raw.kind === 'none') {
        recommendations.push(noRecommendation(summary, strategyId, raw.reason, replicas));
        continue;
      }
      const safety = applySafetyRules({ summary, hpa: workload?.hpa ?? null, cpuRequestCores: raw.cpuRequestCores, memoryRequestBytes: raw.memoryRequestBytes });
      const extra: string[] = [];
      let cpu = safety.cpuRequestCores;
      let memory = safety.memoryRequestBytes;
      const cpuFloored = cpu < policy.cpuFloorCores;
      const memoryFloored = memory < policy.memoryFloorBytes;
      if (cpuFloored) cpu = policy.cpuFloorCores;
      if (memoryFloored) memory = policy.memoryFloorBytes;
      cpu = roundCpuCores(cpu);
      memory = roundMemoryBytes(memory);
      // One reason per decision, quoting the final (rounded) number the outputs show: the last
      // step that set a value explains it — a safety rule first, then a floor, else the strategy.
      const decided = [
        ...(safety.cpuReason && !cpuFloored ? [safety.cpuReason(cpu)] : []),
        ...(safety.memoryReason && !memoryFloored ? [safety.memoryReason(memory)] : []),
        ...(cpuFloored ? [reasons.cpuFloor(policy.cpuFloorCores)] : []),
        ...(memoryFloored ? [reasons.memoryFloor(policy.memoryFloorBytes)] : []),
        ...(!safety.cpuReason && !cpuFloored ? [raw.cpuReason(cpu)] : []),
        ...(!safety.memoryReason && !memoryFloored ? [raw.memoryReason(memory)] : []),
      ];
      const recommended: ResourceSettings = {
        cpuRequestCores: cpu,
        cpuLimitCores: deriveLimit(cpu, policy.cpuLimitPolicy, policy.cpuLimitRatio, roundCpuCores),
        memoryRequestBytes: memory,
        memoryLimitBytes: deriveLimit(memory, policy.memoryLimitPolicy, policy.memoryLimitRatio, roundMemoryBytes),
      };
      if (safety.throttled && recommended.cpuLimitCores === null && summary.current.cpuLimitCores !== null) extra.push(reasons.throttlingLimitRemoved());
      if (summary.current.cpuRequestCores === null && summary.current.cpuLimitCores === null) extra.push(reasons.noCurrentRequest('CPU'));
      if (summary.current.memoryRequestBytes === null && summary.current.memoryLimitBytes === null) extra.push(reasons.noCurrentRequest('memory'));
      if (workload?.hasVpa) extra.push(reasons.hasVpa());

      const confidence = rateConfidence(summary.historySeconds, summary.sampleCount, thresholds);
      const confidenceReasons = [reasons.confidence(confidence, summary.historySeconds, summary.sampleCount)];
      if (summary.historySeconds < 3 * 86_400) confidenceReasons.push(reasons.shortHistory(summary.historySeconds));

      const nodeNames = input.workloadNodes?.get(wKey);
      const workloadNodeInfos = nodeNames?.map((n) => nodesByName.get(n)).filter((n): n is NodeInfo => n !== undefined) ?? [];
      const price = workloadNodeInfos.length ? deriveResourcePrice(workloadNodeInfos, input.prices, ratio) : clusterPrice;
      const cur = effectiveRequests(summary.current);
      const cpuCoresPerReplica = cur.cpuCores - cpu;
      const memoryBytesPerReplica = cur.memoryBytes - memory;
      const cpuMonthlyUsd = cpuCoresPerReplica * price.cpuCoreHourUsd * HOURS_PER_MONTH * replicas;
      const memoryMonthlyUsd = (memoryBytesPerReplica / GIB_BYTES) * price.memoryGibHourUsd * HOURS_PER_MONTH * replicas;
      const severity = rateSeverity(summary.current, recommended, safety.oomRaised || safety.throttled);
      const all = [...decided, ...raw.reasons, ...extra, ...safety.notes, ...confidenceReasons];
      if (severity === 'good') all.push(reasons.unchanged());
      recommendations.push({
        ref: summary.ref,
        status: 'recommended',
        strategy: strategyId,
        current: { ...summary.current },
        recommended,
        confidence,
        severity,
        reasons: all,
        replicas,
        monthlySavingsUsd: roundUsd(cpuMonthlyUsd + memoryMonthlyUsd),
        savings: { cpuCoresPerReplica, memoryBytesPerReplica, cpuMonthlyUsd: roundUsd(cpuMonthlyUsd), memoryMonthlyUsd: roundUsd(memoryMonthlyUsd), replicas },
        price,
      });
    } catch (err) {
      // One failing container is reported and skipped; the rest proceed.
      const message = err instanceof Error ? err.message : String(err);
      warnings.push(`${containerKey(summary.ref)}: ${message}`);
      recommendations.push(noRecommendation(summary, strategyId, `no recommendation: ${message}`, replicas));
    }
  }
  const repacking = input.skipRepacking || input.nodes.length === 0 ? null : repackNodes({ nodes: input.nodes, recommendations, prices: input.prices });
  const recommended = recommendations.filter((r) => r.status === 'recommended');
  return {
    cluster: input.cluster,
    windowStartMs: input.windowStartMs,
    windowEndMs: input.windowEndMs,
    strategy: strategyId,
    recommendations,
    repacking,
    totals: {
      containers: recommendations.length,
      recommended: recommended.length,
      noRecommendation: recommendations.length - recommended.length,
      monthlySavingsUsd: roundUsd(recommended.reduce((s, r) => s + (r.monthlySavingsUsd ?? 0), 0)),
    },
    warnings,
  };
}
