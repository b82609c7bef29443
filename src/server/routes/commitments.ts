/** GET /api/v1/commitments: the latest commitment plan's recommendations (DESIGN.md fields and additions). */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { readLatestPayloads } from '../../store/report-repo.js';

export const commitmentRoutes: FastifyPluginAsync<ServerDeps> = async (app, deps) => {
  app.get('/api/v1/commitments', {
    schema: {
      tags: ['results'], summary: 'Commitment (RI / Savings Plan) recommendations of the latest run',
      response: {
        200: {
          type: 'object', required: ['runId', 'recommendations'],
          properties: {
            runId: { type: ['string', 'null'] }, runAtMs: { type: ['number', 'null'] },
            recommendations: { type: 'array', items: { type: 'object', additionalProperties: true, properties: { kind: { type: 'string' }, region: { type: 'string' }, estimatedMonthlySavingsUsd: { type: 'number' } } } },
          },
        },
      },
    },
  }, async () => deps.cache.get('commitments', async () => {
    const rows = (await readLatestPayloads(deps.store, 'commitment_recommendations', deps.nowMs())).sort((a, b) => Number(a.columns.seq) - Number(b.columns.seq));
    return { runId: rows[0]?.runId ?? null, runAtMs: rows[0]?.runAtMs ?? null, recommendations: rows.map((r) => r.payload) };
  }));
};
