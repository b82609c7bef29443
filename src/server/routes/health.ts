/** Liveness and readiness: /healthz says the process serves; /readyz that the store answers. */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { errorResponseSchema } from '../errors.js';

export const healthRoutes: FastifyPluginAsync<ServerDeps> = async (app, deps) => {
  app.get('/healthz', {
    schema: { tags: ['health'], summary: 'Liveness', response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } } } },
  }, async () => ({ status: 'ok' }));

  app.get('/readyz', {
    schema: {
      tags: ['health'], summary: 'Readiness: the store answers queries',
      response: { 200: { type: 'object', required: ['status', 'schemaVersion'], properties: { status: { type: 'string' }, schemaVersion: { type: 'integer' }, runningJob: { type: ['string', 'null'] } } }, 503: errorResponseSchema },
    },
  }, async (_req, reply) => {
    try {
      const schemaVersion = await deps.store.schemaVersion();
      return { status: 'ready', schemaVersion, runningJob: deps.scheduler?.runningKind ?? null };
    } catch (err) {
      return reply.status(503).send({ error: { code: 'STORE_FAILED', message: `store not ready: ${(err as Error).message}` } });
    }
  });
};
