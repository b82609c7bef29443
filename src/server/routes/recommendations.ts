/** GET /api/v1/recommendations: the latest rightsizing run, largest savings first, filterable and paged. */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { errorResponseSchema } from '../errors.js';
import { readLatestPayloads } from '../../store/report-repo.js';
import { createCachedJson, notModifiedSchema, sendCachedJson } from '../cached-json.js';

const settings = {
  type: 'object',
  properties: { cpuRequestCores: { type: ['number', 'null'] }, cpuLimitCores: { type: ['number', 'null'] }, memoryRequestBytes: { type: ['number', 'null'] }, memoryLimitBytes: { type: ['number', 'null'] } },
} as const;

const item = {
  type: 'object',
  required: ['cluster', 'namespace', 'workloadKind', 'workload', 'container', 'confidence'],
  properties: {
    cluster: { type: 'string' }, namespace: { type: 'string' }, workloadKind: { type: 'string' }, workload: { type: 'string' }, container: { type: 'string' },
    confidence: { type: 'string' }, monthlySavingsUsd: { type: ['number', 'null'] }, current: settings, recommended: settings, reasons: { type: 'array', items: { type: 'string' } },
  },
} as const;

interface Query { namespace?: string; cluster?: string; minSavingsUsd?: number; limit: number; offset: number }
interface Item { cluster: string; namespace: string; workloadKind: string; workload: string; container: string; confidence: string; monthlySavingsUsd: number | null; current: unknown; recommended: unknown; reasons: string[] }

export const recommendationRoutes: FastifyPluginAsync<ServerDeps> = async (app, deps) => {
  const load = () => deps.cache.get('recommendations', async () => {
    const rows = await readLatestPayloads(deps.store, 'recommendations', deps.nowMs());
    const items: Item[] = rows.map(({ payload: p, columns: c }) => ({
      cluster: String(c.cluster), namespace: String(c.namespace), workloadKind: String(c.workload_kind), workload: String(c.workload), container: String(c.container),
      confidence: String(c.confidence), monthlySavingsUsd: typeof c.monthly_savings_usd === 'number' ? c.monthly_savings_usd : null,
      current: p.current ?? {}, recommended: p.recommended ?? {}, reasons: Array.isArray(p.reasons) ? p.reasons.map(String) : [],
    }));
    items.sort((a, b) => (b.monthlySavingsUsd ?? -Infinity) - (a.monthlySavingsUsd ?? -Infinity) || `${a.namespace}/${a.workload}/${a.container}`.localeCompare(`${b.namespace}/${b.workload}/${b.container}`));
    return { runId: rows[0]?.runId ?? null, runAtMs: rows[0]?.runAtMs ?? null, items };
  });

  app.get<{ Querystring: Query }>('/api/v1/recommendations', {
    schema: {
      tags: ['results'], summary: 'Rightsizing recommendations of the latest run',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          namespace: { type: 'string', maxLength: 253 }, cluster: { type: 'string', maxLength: 253 },
          minSavingsUsd: { type: 'number' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, offset: { type: 'integer', minimum: 0, default: 0 },
        },
      },
      response: {
        200: { type: 'object', required: ['runId', 'total', 'items'], properties: { runId: { type: ['string', 'null'] }, runAtMs: { type: ['number', 'null'] }, total: { type: 'integer' }, items: { type: 'array', items: item } } },
        304: notModifiedSchema,
        400: errorResponseSchema,
      },
    },
  }, async (req, reply) => {
    const q = req.query;
    // The hottest read: the body is serialised once per distinct query (through this route's
    // response schema) into bytes with an ETag, and served from the cache until a run changes it.
    const key = `recommendations:${q.namespace ?? ''}|${q.cluster ?? ''}|${q.minSavingsUsd ?? ''}|${q.limit}|${q.offset}`;
    const body = await deps.cache.get(key, async () => {
      const { runId, runAtMs, items } = await load();
      const filtered = q.namespace || q.cluster || q.minSavingsUsd !== undefined
        ? items.filter((i) => (!q.namespace || i.namespace === q.namespace) && (!q.cluster || i.cluster === q.cluster) && (q.minSavingsUsd === undefined || (i.monthlySavingsUsd ?? -Infinity) >= q.minSavingsUsd))
        : items;
      return createCachedJson(reply.serialize({ runId, runAtMs, total: filtered.length, items: filtered.slice(q.offset, q.offset + q.limit) }));
    });
    return sendCachedJson(req, reply, body);
  });
};
