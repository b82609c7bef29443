/**
 * Commitment plans (`commitment_recommendations`): one row per recommendation of a run, the plan
 * itself in the run's detail; and the commitment lines of imported bills (`bill_commitment_lines`).
 */
import type { CommitmentKind, CommitmentPlan, CommitmentRecommendation } from '../domain/commitment.js';
import type { BillCommitmentLine, BillCommitmentRole } from '../models/commitments/index.js';
import type { StoreQueries } from './store.js';

/** Replaces the recommendations stored for `runId` with the plan's. Call inside a transaction. */
export async function saveCommitmentRecommendations(q: StoreQueries, runId: string, plan: CommitmentPlan): Promise<void> {
  await q.run('DELETE FROM commitment_recommendations WHERE run_id = $1', [runId]);
  await q.insertRows('commitment_recommendations', ['run_id', 'seq', 'kind', 'region', 'payload'],
    plan.recommendations.map((r, i) => [runId, i, r.kind, r.region, JSON.stringify(r)]));
}

/** Recommendations of the latest commitments run that has any, with its run id. */
export async function loadLatestCommitmentRecommendations(q: StoreQueries): Promise<{ runId: string; recommendations: CommitmentRecommendation[] } | null> {
  const rows = await q.all<{ run_id: string; payload: CommitmentRecommendation }>(
    `SELECT c.run_id, c.payload FROM commitment_recommendations c JOIN runs r USING (run_id)
     WHERE r.run_id = (SELECT r2.run_id FROM runs r2 JOIN commitment_recommendations c2 USING (run_id) ORDER BY r2.started_at DESC, r2.run_id DESC LIMIT 1)
     ORDER BY c.seq`);
  if (!rows.length) return null;
  return { runId: rows[0]!.run_id, recommendations: rows.map((r) => r.payload) };
}

/** The JSON shape of a BillCommitmentLine, for DuckDB's from_json. */
const lineJsonShape = JSON.stringify([{ source: 'VARCHAR', commitmentId: 'VARCHAR', kind: 'VARCHAR', role: 'VARCHAR', periodStartMs: 'BIGINT', periodEndMs: 'BIGINT', region: 'VARCHAR',
  instanceType: 'VARCHAR', hours: 'DOUBLE', hoursMeasureCommitment: 'BOOLEAN', reservations: 'DOUBLE', commitmentUsd: 'DOUBLE', endMs: 'BIGINT', currency: 'VARCHAR' }]);

/** Replaces the bill commitment lines of `importId` (re-importing a file replaces, never doubles). Call inside a transaction. */
export async function replaceBillCommitmentLines(q: StoreQueries, importId: string, lines: readonly BillCommitmentLine[]): Promise<void> {
  await q.run('DELETE FROM bill_commitment_lines WHERE import_id = $1', [importId]);
  if (!lines.length) return;
  // One statement with the lines as one JSON parameter: batched VALUES with thousands of
  // parameters took half a second for 1,700 lines.
  await q.run(`INSERT INTO bill_commitment_lines (import_id, source, commitment_id, kind, role, period_start, period_end, region, instance_type, hours, hours_measure_commitment, reservations, commitment_usd, end_time, currency)
    SELECT $1, l.source, l.commitmentId, l.kind, l.role, epoch_ms(l.periodStartMs), epoch_ms(l.periodEndMs), l.region, l.instanceType, l.hours, l.hoursMeasureCommitment,
           l.reservations, l.commitmentUsd, CASE WHEN l.endMs IS NULL THEN NULL ELSE epoch_ms(l.endMs) END, l.currency
    FROM (SELECT unnest(from_json(CAST($2 AS JSON), '${lineJsonShape}')) AS l)`, [importId, JSON.stringify(lines)]);
}

/**
 * Every stored bill commitment line, over all imports; the same line from two imports of one bill
 * (a CSV and its Parquet copy, an export re-delivered under another name) is returned once.
 */
export async function loadBillCommitmentLines(q: StoreQueries): Promise<BillCommitmentLine[]> {
  const rows = await q.all<{ source: 'cur' | 'focus'; commitment_id: string; kind: CommitmentKind | null; role: BillCommitmentRole; start_ms: number; end_ms: number; region: string; instance_type: string;
    hours: number; hours_measure_commitment: boolean; reservations: number | null; commitment_usd: number | null; end_time_ms: number | null; currency: string | null }>(
    `SELECT source, commitment_id, max(kind) AS kind, role, epoch_ms(period_start) AS start_ms, epoch_ms(period_end) AS end_ms, region, instance_type, max(hours) AS hours,
            bool_or(hours_measure_commitment) AS hours_measure_commitment, max(reservations) AS reservations, max(commitment_usd) AS commitment_usd, epoch_ms(max(end_time)) AS end_time_ms, currency
     FROM bill_commitment_lines
     GROUP BY source, commitment_id, role, period_start, period_end, region, instance_type, currency
     ORDER BY commitment_id, source, start_ms, role, region, instance_type, currency`);
  return rows.map((r) => ({
    source: r.source, commitmentId: r.commitment_id, kind: r.kind, role: r.role, periodStartMs: Number(r.start_ms), periodEndMs: Number(r.end_ms), region: r.region, instanceType: r.instance_type,
    hours: Number(r.hours), hoursMeasureCommitment: r.hours_measure_commitment, reservations: r.reservations === null ? null : Number(r.reservations),
    commitmentUsd: r.commitment_usd === null ? null : Number(r.commitment_usd), endMs: r.end_time_ms === null ? null : Number(r.end_time_ms), currency: r.currency,
  }));
}
