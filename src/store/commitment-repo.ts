/** Commitment plans (`commitment_recommendations`): one row per recommendation of a run, the plan itself in the run's detail. */
import type { CommitmentPlan, CommitmentRecommendation } from '../domain/commitment.js';
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
