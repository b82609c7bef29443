/** Run history and POST /api/v1/runs to trigger a collection or a report (bearer token required). */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { ApiError, errorResponseSchema } from '../errors.js';
import { createBearerAuth } from '../auth.js';
import { listRuns } from '../../store/run-repo.js';

const run = {
  type: 'object',
  properties: { runId: { type: 'string' }, kind: { type: 'string' }, startedAtMs: { type: 'number' }, finishedAtMs: { type: ['number', 'null'] }, status: { type: 'string' }, trigger: { type: 'string' }, detail: { type: ['object', 'null'], additionalProperties: true } },
} as const;

export const runRoutes: FastifyPluginAsync<ServerDeps> = async (app, deps) => {
  app.get<{ Querystring: { kind?: string; limit: number } }>('/api/v1/runs', {
    schema: {
      tags: ['runs'], summary: 'Run history, newest first',
      querystring: { type: 'object', additionalProperties: false, properties: { kind: { type: 'string', maxLength: 64 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } } },
      response: { 200: { type: 'object', properties: { runs: { type: 'array', items: run } } }, 400: errorResponseSchema },
    },
  }, async (req) => ({ runs: await listRuns(deps.store, { kind: req.query.kind, limit: req.query.limit }) }));

  app.post<{ Body: { kind: 'collect' | 'capacity' | 'report'; week?: string } }>('/api/v1/runs', {
    preHandler: createBearerAuth(deps.token),
    schema: {
      tags: ['runs'], summary: 'Start a collection, a capacity run or a weekly report (needs Authorization: Bearer <server.token>)',
      security: [{ bearerAuth: [] }],
      body: { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { type: 'string', enum: ['collect', 'capacity', 'report'] }, week: { type: 'string', pattern: '^\\d{4}-W\\d{2}$' } } },
      response: {
        202: { type: 'object', required: ['runId', 'kind', 'status'], properties: { runId: { type: 'string' }, kind: { type: 'string' }, status: { type: 'string' }, statusUrl: { type: 'string' } } },
        400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 409: errorResponseSchema, 503: errorResponseSchema,
      },
    },
  }, async (req, reply) => {
    if (!deps.scheduler) throw new ApiError(503, 'MISSING_DEPENDENCY', 'this server runs without a scheduler');
    const { kind, week } = req.body;
    const started = await deps.scheduler.startJob(kind, 'api', week ? { week } : {});
    if (!started.accepted) throw new ApiError(409, 'RUN_IN_PROGRESS', `cannot start ${kind}: ${started.reason}`, 'retry when GET /api/v1/runs shows it finished');
    void started.done.then(() => deps.cache.invalidate());
    return reply.status(202).send({ runId: started.runId, kind, status: 'running', statusUrl: `/api/v1/runs?kind=${kind}` });
  });
};
