/** GET /api/v1/forecasts: the series forecast, or one series' latest forecast with its intervals. */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { errorResponseSchema } from '../errors.js';
import { ApiError } from '../errors.js';
import { readForecasts } from '../../store/report-repo.js';

const point = { type: 'object', properties: { timestampMs: { type: 'number' }, mean: { type: 'number' }, lo80: { type: ['number', 'null'] }, hi80: { type: ['number', 'null'] }, lo95: { type: ['number', 'null'] }, hi95: { type: ['number', 'null'] } } } as const;

export const forecastRoutes: FastifyPluginAsync<ServerDeps> = async (app, deps) => {
  app.get<{ Querystring: { series?: string; limit: number } }>('/api/v1/forecasts', {
    schema: {
      tags: ['results'], summary: 'Forecast series (without `series`) or the latest forecast of one series',
      querystring: { type: 'object', additionalProperties: false, properties: { series: { type: 'string', minLength: 1, maxLength: 512 }, limit: { type: 'integer', minimum: 1, maximum: 10000, default: 2000 } } },
      response: {
        200: {
          type: 'object',
          properties: {
            series: { type: 'array', items: { type: 'object', properties: { series: { type: 'string' }, runs: { type: 'integer' }, points: { type: 'integer' } } } },
            forecast: { type: 'object', properties: { series: { type: 'string' }, runId: { type: 'string' }, runAtMs: { type: ['number', 'null'] }, model: { type: 'string' }, points: { type: 'array', items: point } } },
          },
        },
        400: errorResponseSchema, 404: errorResponseSchema,
      },
    },
  }, async (req) => {
    if (!req.query.series) {
      return deps.cache.get('forecast-index', async () => ({
        series: (await deps.store.all<{ series: string; runs: number; points: number }>('SELECT series, count(DISTINCT run_id)::INTEGER AS runs, count(*)::INTEGER AS points FROM forecasts GROUP BY series ORDER BY series')),
      }));
    }
    const rows = await readForecasts(deps.store, req.query.series, deps.nowMs());
    if (rows.length === 0) throw new ApiError(404, 'NOT_FOUND', `no forecast for series ${JSON.stringify(req.query.series)}`, 'GET /api/v1/forecasts lists the series');
    let latest = rows[0]!;
    for (const r of rows) if ((r.runAtMs ?? -1) > (latest.runAtMs ?? -1) || ((r.runAtMs ?? -1) === (latest.runAtMs ?? -1) && r.runId > latest.runId)) latest = r;
    const points = rows.filter((r) => r.runId === latest.runId).slice(0, req.query.limit).map((r) => ({ timestampMs: r.tsMs, mean: r.mean, lo80: r.lo80, hi80: r.hi80, lo95: r.lo95, hi95: r.hi95 }));
    return { forecast: { series: latest.series, runId: latest.runId, runAtMs: latest.runAtMs, model: latest.model, points } };
  });
};
