// The HTTP API (fastify): health, /metrics, results, reports and run triggers. A composition root:
// only the CLI imports it.
export { buildServer, type BuildServerOptions } from './build-server.js';
export { HeadroomMetrics } from './metrics.js';
export { ReadCache, type ServerDeps } from './deps.js';
export { ApiError, type ApiErrorCode } from './errors.js';
