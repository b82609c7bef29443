/** GET /api/v1/costs: effective (amortised) cost between two dates, grouped by day, service or namespace. */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { ApiError, errorResponseSchema } from '../errors.js';

const DAY_MS = 86_400_000;
const dateRe = '^\\d{4}-\\d{2}-\\d{2}$';

export const costRoutes: FastifyPluginAsync<ServerDeps> = async (app, deps) => {
  app.get<{ Querystring: { from?: string; to?: string; groupBy: 'day' | 'service' | 'namespace' } }>('/api/v1/costs', {
    schema: {
      tags: ['results'], summary: 'Effective cost in [from, to) (UTC dates; default: the last 30 days), grouped',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { from: { type: 'string', pattern: dateRe }, to: { type: 'string', pattern: dateRe }, groupBy: { type: 'string', enum: ['day', 'service', 'namespace'], default: 'day' } },
      },
      response: {
        200: { type: 'object', required: ['from', 'to', 'groupBy', 'totalUsd', 'rows'], properties: { from: { type: 'string' }, to: { type: 'string' }, groupBy: { type: 'string' }, currency: { type: 'string' }, totalUsd: { type: 'number' }, rows: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, costUsd: { type: 'number' } } } } } },
        400: errorResponseSchema,
        409: errorResponseSchema,
      },
    },
  }, async (req) => {
    const today = Math.floor(deps.nowMs() / DAY_MS) * DAY_MS;
    const toMs = req.query.to ? Date.parse(`${req.query.to}T00:00:00Z`) : today;
    const fromMs = req.query.from ? Date.parse(`${req.query.from}T00:00:00Z`) : toMs - 30 * DAY_MS;
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new ApiError(400, 'INPUT_INVALID', 'from/to must be real dates (YYYY-MM-DD)');
    if (fromMs >= toMs) throw new ApiError(400, 'INPUT_INVALID', `from ${req.query.from ?? ''} must be before to ${req.query.to ?? ''}`.trim());
    if (toMs - fromMs > 3 * 366 * DAY_MS) throw new ApiError(400, 'INPUT_INVALID', 'range longer than 3 years', 'ask for a shorter range');
    const key = { day: "strftime(date_trunc('day', period_start), '%Y-%m-%d')", service: 'service', namespace: "CASE WHEN namespace = '' THEN '(unallocated)' ELSE namespace END" }[req.query.groupBy];
    const rows = await deps.store.all<{ key: string; cost_usd: number }>(
      `SELECT ${key} AS key, sum(effective_cost_usd) AS cost_usd FROM cost_line_items_one_source WHERE period_start >= $1 AND period_start < $2 GROUP BY 1 ORDER BY ${req.query.groupBy === 'day' ? '1' : '2 DESC, 1'}`,
      [new Date(fromMs), new Date(toMs)],
    );
    // Amounts are in the bill's currency; a sum over several is not one amount.
    const currencies = (await deps.store.all<{ currency: string }>(
      `SELECT DISTINCT coalesce(currency, 'USD') AS currency FROM cost_line_items_one_source WHERE period_start >= $1 AND period_start < $2 ORDER BY 1`, [new Date(fromMs), new Date(toMs)])).map((c) => c.currency);
    if (currencies.length > 1) throw new ApiError(409, 'INPUT_INVALID', `the bill in [from, to) mixes ${currencies.join(', ')}`, 'ask for a range in one currency, or use headroom costs --fx');
    const out = rows.map((r) => ({ key: r.key, costUsd: Math.round(Number(r.cost_usd) * 100) / 100 }));
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    return { from: iso(fromMs), to: iso(toMs), groupBy: req.query.groupBy, currency: currencies[0] ?? 'USD', totalUsd: Math.round(out.reduce((a, r) => a + r.costUsd, 0) * 100) / 100, rows: out };
  });
};
