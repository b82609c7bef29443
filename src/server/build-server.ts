/**
 * The API server: fastify with one encapsulated plugin per route group, JSON schemas on every
 * route (validation and serialisation), OpenAPI at /openapi.json, structured JSON errors.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { Logger } from '../util/logger.js';
import type { Store } from '../store/index.js';
import type { Scheduler } from '../app/scheduler.js';
import { ReadCache, type ServerDeps } from './deps.js';
import { handleError } from './errors.js';
import { HeadroomMetrics } from './metrics.js';
import { readRunsVersion } from './runs-version.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { commitmentRoutes } from './routes/commitments.js';
import { forecastRoutes } from './routes/forecasts.js';
import { costRoutes } from './routes/costs.js';
import { allocationRoutes } from './routes/allocations.js';
import { reportRoutes } from './routes/reports.js';
import { runRoutes } from './routes/runs.js';

export interface BuildServerOptions {
  store: Store;
  reportsDir: string;
  scheduler?: Scheduler | null;
  /** Bearer token for POST routes; null → they answer 403 AUTH_NOT_CONFIGURED. */
  token: string | null;
  bodyLimitBytes?: number;
  logger: Logger;
  nowMs?: () => number;
  metrics?: HeadroomMetrics;
  /** How often cached results are checked against the store's runs (default 5,000 ms). */
  cacheRevalidateMs?: number;
}

export async function buildServer(options: BuildServerOptions): Promise<{ app: FastifyInstance; deps: ServerDeps }> {
  const nowMs = options.nowMs ?? (() => Date.now());
  const app = Fastify({
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  });
  const deps: ServerDeps = {
    store: options.store,
    reportsDir: options.reportsDir,
    scheduler: options.scheduler ?? null,
    token: options.token,
    nowMs,
    logger: options.logger,
    metrics: options.metrics ?? new HeadroomMetrics(options.store, nowMs, { logger: options.logger }),
    cache: new ReadCache({ revalidateMs: options.cacheRevalidateMs ?? 5_000, version: () => readRunsVersion(options.store, nowMs()) }),
  };
  await deps.cache.revalidate();
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}`, hint: 'see /openapi.json' } }));
  await app.register(swagger, {
    openapi: {
      info: { title: 'Headroom API', version: '1', description: 'Forecasts, rightsizing, commitments, costs and weekly reports. POST routes need a bearer token.' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });
  for (const plugin of [healthRoutes, metricsRoutes, recommendationRoutes, commitmentRoutes, forecastRoutes, costRoutes, allocationRoutes, reportRoutes, runRoutes]) await app.register(plugin, deps);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return { app, deps };
}
