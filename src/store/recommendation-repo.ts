/**
 * Rightsizing results (`recommendations` table, one row per workload container per run) and the
 * effective node prices rightsizing reads from imported billing data.
 */
import type { ContainerRecommendation, RecommendationConfidence, RecommendationSeverity, RightsizeRecord } from '../domain/recommendation.js';
import { toRightsizeRecord } from '../domain/recommendation.js';
import type { StoreQueries } from './store.js';

/** What the payload column holds: the DESIGN.md rightsize object plus the fields reports and the server need. */
export interface StoredRecommendation extends RightsizeRecord {
  cluster: string;
  status: ContainerRecommendation['status'];
  severity: RecommendationSeverity;
  strategy: string;
  replicas: number;
  savings: ContainerRecommendation['savings'];
  price: ContainerRecommendation['price'];
}

export function toStoredRecommendation(rec: ContainerRecommendation): StoredRecommendation {
  return { ...toRightsizeRecord(rec), cluster: rec.ref.cluster, status: rec.status, severity: rec.severity, strategy: rec.strategy, replicas: rec.replicas, savings: rec.savings, price: rec.price };
}

/** Writes a run's recommendations; call inside `store.transaction()` so a run is stored whole or not at all. */
export async function saveRecommendations(q: StoreQueries, runId: string, recs: readonly ContainerRecommendation[]): Promise<void> {
  await q.run('DELETE FROM recommendations WHERE run_id = $1', [runId]);
  await q.insertRows(
    'recommendations',
    ['run_id', 'cluster', 'namespace', 'workload_kind', 'workload', 'container', 'confidence', 'monthly_savings_usd', 'payload'],
    recs.map((r) => [runId, r.ref.cluster, r.ref.namespace, r.ref.workloadKind, r.ref.workload, r.ref.container, r.confidence, r.monthlySavingsUsd, JSON.stringify(toStoredRecommendation(r))]),
  );
}

/** Recommendations of one run, biggest saving first. */
export async function loadRecommendations(q: StoreQueries, runId: string): Promise<StoredRecommendation[]> {
  const rows = await q.all<{ payload: StoredRecommendation }>(
    'SELECT payload FROM recommendations WHERE run_id = $1 ORDER BY monthly_savings_usd DESC NULLS LAST, namespace, workload, container', [runId]);
  return rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as StoredRecommendation);
}

/** The newest run that stored recommendations, or null. */
export async function latestRecommendationRunId(q: StoreQueries): Promise<string | null> {
  const rows = await q.all<{ run_id: string }>(
    `SELECT r.run_id FROM runs r WHERE r.kind = 'rightsize' AND r.status IN ('succeeded', 'partial')
       AND EXISTS (SELECT 1 FROM recommendations x WHERE x.run_id = r.run_id)
     ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1`);
  return rows[0]?.run_id ?? null;
}

export interface RecommendationTotalsRow {
  namespace: string;
  containers: number;
  monthlySavingsUsd: number;
  byConfidence: Record<RecommendationConfidence, number>;
}

/** Per-namespace totals of a run, for reports and /metrics. */
export async function summariseRecommendations(q: StoreQueries, runId: string): Promise<RecommendationTotalsRow[]> {
  const rows = await q.all<{ namespace: string; containers: number; savings: number | null; high: number; medium: number; low: number }>(
    `SELECT namespace, count(*) AS containers, sum(monthly_savings_usd) AS savings,
            count(*) FILTER (WHERE confidence = 'high') AS high, count(*) FILTER (WHERE confidence = 'medium') AS medium, count(*) FILTER (WHERE confidence = 'low') AS low
     FROM recommendations WHERE run_id = $1 GROUP BY namespace ORDER BY savings DESC NULLS LAST, namespace`, [runId]);
  return rows.map((r) => ({ namespace: r.namespace, containers: Number(r.containers), monthlySavingsUsd: Number(r.savings ?? 0), byConfidence: { high: Number(r.high), medium: Number(r.medium), low: Number(r.low) } }));
}

/**
 * Effective hourly cost of one instance of each type from imported billing (commitment discounts
 * and amortised upfront fees applied: FOCUS EffectiveCost / CUR amortised cost), over [fromMs, toMs).
 * Only compute lines measured in instance-hours count.
 */
export async function loadEffectiveInstanceHourlyPrices(q: StoreQueries, window: { fromMs: number; toMs: number }): Promise<Map<string, { hourlyUsd: number; instanceHours: number }>> {
  const rows = await q.all<{ instance_type: string; effective: number; hours: number }>(
    `SELECT instance_type, CAST(sum(effective_cost_usd) AS DOUBLE) AS effective, CAST(sum(usage_quantity) AS DOUBLE) AS hours
     FROM cost_line_items_one_source
     WHERE instance_type <> '' AND lower(usage_unit) IN ('hrs', 'hour', 'hours', 'instance-hours')
       AND period_start >= $1 AND period_start < $2
     GROUP BY instance_type HAVING sum(usage_quantity) > 0`,
    [new Date(window.fromMs), new Date(window.toMs)]);
  return new Map(rows.map((r) => [r.instance_type, { hourlyUsd: Number(r.effective) / Number(r.hours), instanceHours: Number(r.hours) }]));
}
