/** Published weekly reports: list, JSON, and the HTML page itself (self-contained, so served as is). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { ApiError, errorResponseSchema } from '../errors.js';
import { listReportHistory, getReportHistory } from '../../store/report-repo.js';

const weekParam = { type: 'object', required: ['week'], properties: { week: { type: 'string', pattern: '^\\d{4}-W\\d{2}$' } } } as const;

export const reportRoutes: FastifyPluginAsync<ServerDeps> = async (app, deps) => {
  const find = async (week: string) => {
    const entry = await getReportHistory(deps.store, week);
    if (!entry) throw new ApiError(404, 'NOT_FOUND', `no report for ${week}`, 'GET /api/v1/reports lists the published weeks; POST /api/v1/runs {"kind":"report","week":"…"} writes one');
    return entry;
  };
  const readPublished = async (dir: string, file: string) => {
    try {
      return await readFile(join(dir, file), 'utf8');
    } catch {
      throw new ApiError(404, 'NOT_FOUND', `report file ${file} is gone from ${dir}`, 'write the report again');
    }
  };

  app.get('/api/v1/reports', {
    schema: {
      tags: ['reports'], summary: 'Published weekly reports, newest first',
      response: { 200: { type: 'object', properties: { reports: { type: 'array', items: { type: 'object', properties: { week: { type: 'string' }, runId: { type: 'string' }, createdAtMs: { type: 'number' }, htmlUrl: { type: 'string' }, jsonUrl: { type: 'string' } } } } } } },
    },
  }, async () => ({
    reports: (await listReportHistory(deps.store)).map((e) => ({ week: e.week, runId: e.runId, createdAtMs: e.createdAtMs, htmlUrl: `/api/v1/reports/${e.week}/html`, jsonUrl: `/api/v1/reports/${e.week}` })),
  }));

  app.get<{ Params: { week: string } }>('/api/v1/reports/:week', {
    schema: { tags: ['reports'], summary: 'One report as JSON (report.json)', params: weekParam, response: { 200: { type: 'object', additionalProperties: true }, 400: errorResponseSchema, 404: errorResponseSchema } },
  }, async (req, reply) => {
    const entry = await find(req.params.week);
    return reply.type('application/json; charset=utf-8').serializer((s: unknown) => s as string).send(await readPublished(entry.path, 'report.json'));
  });

  app.get<{ Params: { week: string } }>('/api/v1/reports/:week/html', {
    schema: { tags: ['reports'], summary: 'One report as its HTML page', params: weekParam, response: { 200: { type: 'string' }, 400: errorResponseSchema, 404: errorResponseSchema } },
  }, async (req, reply) => {
    const entry = await find(req.params.week);
    const html = await readPublished(entry.path, 'report.html');
    // The page has no scripts and loads nothing; a strict CSP keeps it that way.
    return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:").send(html);
  });
};
