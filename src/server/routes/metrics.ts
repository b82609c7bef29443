/** Prometheus exposition of Headroom's own health and the gauges its alert rules use. */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerDeps } from '../deps.js';

export const metricsRoutes: FastifyPluginAsync<ServerDeps> = async (app, deps) => {
  app.get('/metrics', {
    schema: { tags: ['health'], summary: 'Prometheus metrics (text exposition format)', response: { 200: { type: 'string' } } },
  }, async (_req, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
};
