/**
 * GET /api/v1/allocations: the latest allocation run grouped by one key, in the DESIGN.md
 * "Allocation" contract (the JSON `headroom costs --by KEY` writes), with the run's id.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { ApiError, errorResponseSchema } from '../errors.js';
import { loadAllocationGrouping, loadLatestAllocationRun } from '../../store/allocation-repo.js';

const money = { type: 'number' } as const;
const entrySchema = {
  type: 'object', required: ['key', 'cpuUsd', 'memoryUsd', 'storageUsd', 'gpuUsd', 'sharedUsd', 'totalUsd', 'efficiency'],
  properties: { key: { type: 'string' }, cpuUsd: money, memoryUsd: money, storageUsd: money, gpuUsd: money, sharedUsd: money, totalUsd: money, efficiency: { type: ['number', 'null'] } },
} as const;

export const allocationRoutes: FastifyPluginAsync<ServerDeps> = async (app, deps) => {
  app.get<{ Querystring: { by: string } }>('/api/v1/allocations', {
    schema: {
      tags: ['results'], summary: 'Cost allocation of the latest allocation run, grouped by namespace, workload, container, node, node-pool, cluster or label:KEY',
      querystring: { type: 'object', additionalProperties: false, properties: { by: { type: 'string', pattern: '^(namespace|workload|container|node|node-pool|cluster|label:[A-Za-z0-9_./-]+)$', default: 'namespace' } } },
      response: {
        200: {
          type: 'object', required: ['runId', 'currency', 'windowStart', 'windowEnd', 'totalUsd', 'idleUsd', 'unallocatedUsd', 'allocations'],
          properties: {
            runId: { type: 'string' }, by: { type: 'string' }, currency: { type: 'string' }, windowStart: { type: 'string' }, windowEnd: { type: 'string' },
            totalUsd: money, idleUsd: money, unallocatedUsd: money, allocations: { type: 'array', items: entrySchema },
          },
        },
        400: errorResponseSchema,
        404: errorResponseSchema,
      },
    },
  }, async (req) => deps.cache.get(`allocations?${req.query.by}`, async () => {
    const run = await loadLatestAllocationRun(deps.store);
    if (!run) throw new ApiError(404, 'NOT_FOUND', 'no allocation run in the store', 'run headroom costs --by namespace (or headroom demo) after collect and import');
    const grouping = await loadAllocationGrouping(deps.store, run.runId, req.query.by);
    if (!grouping) throw new ApiError(404, 'NOT_FOUND', `the latest allocation run has no grouping ${req.query.by}`, `stored groupings: ${run.detail.groupings.join(', ')}; add the label to allocation.labels`);
    const d = run.detail;
    return {
      runId: run.runId, by: req.query.by, currency: d.currency, windowStart: new Date(d.windowStartMs).toISOString(), windowEnd: new Date(d.windowEndMs).toISOString(),
      totalUsd: d.totalUsd, idleUsd: d.idleUsd, unallocatedUsd: d.unallocatedUsd, allocations: grouping.entries,
    };
  }));
};
