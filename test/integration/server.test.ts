import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Store } from '../../src/store/index.js';
import { validateConfig } from '../../src/config/index.js';
import { buildServer, HeadroomMetrics } from '../../src/server/index.js';
import { createDefaultJobs, Scheduler } from '../../src/app/scheduler.js';
import { listRuns } from '../../src/store/run-repo.js';
import { silentLogger } from '../../src/util/logger.js';
import { seedReportStore, weekEndMs } from './report-fixture.js';

const token = 's3cret-token-for-tests';
const nowMs = () => weekEndMs + 6 * 3600_000;
let dir: string;
let store: Store;
let app: FastifyInstance;
let noTokenApp: FastifyInstance;
let scheduler: Scheduler;
let metrics: HeadroomMetrics;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-server-'));
  store = await Store.open(':memory:');
  await seedReportStore(store);
  const config = validateConfig({ report: { outDir: join(dir, 'reports') } });
  const registry = await createDefaultJobs({ store, config, logger: silentLogger(), nowMs });
  scheduler = new Scheduler({ store, registry, schedules: {}, timezone: 'UTC', lockFile: join(dir, 'headroom.lock'), nowMs, logger: silentLogger() });
  metrics = new HeadroomMetrics(store, nowMs);
  scheduler.options.observer = { onFinished: (run, s) => metrics.recordRun(run, s) };
  ({ app } = await buildServer({ store, reportsDir: join(dir, 'reports'), scheduler, token, bodyLimitBytes: 1024, logger: silentLogger(), nowMs, metrics }));
  ({ app: noTokenApp } = await buildServer({ store, reportsDir: join(dir, 'reports'), scheduler, token: null, logger: silentLogger(), nowMs }));
});

afterAll(async () => {
  await app.close();
  await noTokenApp.close();
  await scheduler.drain();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${token}` };

describe('health', () => {
  it('answers /healthz and /readyz with the store schema version', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().schemaVersion).toBeGreaterThanOrEqual(1);
  });
});

describe('results API', () => {
  it('lists the latest rightsizing recommendations, largest savings first, with filters and paging', async () => {
    const res = await app.inject('/api/v1/recommendations');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.runId).toBe('rightsize-1');
    expect(body.total).toBe(3);
    expect(body.items.map((i: { workload: string; monthlySavingsUsd: number }) => [i.workload, i.monthlySavingsUsd])).toEqual([['search-api', 120.25], ['checkout', 42.5], ['cart', -10]]);
    expect(body.items[0].recommended.cpuRequestCores).toBe(1);
    const filtered = (await app.inject('/api/v1/recommendations?minSavingsUsd=50')).json();
    expect(filtered.items.map((i: { workload: string }) => i.workload)).toEqual(['search-api']);
    const page = (await app.inject('/api/v1/recommendations?limit=1&offset=1')).json();
    expect(page).toMatchObject({ total: 3, items: [{ workload: 'checkout' }] });
  });

  it('answers bad query parameters with a 400 JSON error with a stable code', async () => {
    for (const url of ['/api/v1/recommendations?limit=abc', '/api/v1/recommendations?limit=0', '/api/v1/recommendations?bogus=1', '/api/v1/costs?from=2026-13', '/api/v1/reports/2026-46']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.json().error.code, url).toBe('INPUT_INVALID');
      expect(res.json().error.message.length).toBeGreaterThan(5);
    }
  });

  it('serves the latest commitment plan', async () => {
    const body = (await app.inject('/api/v1/commitments')).json();
    expect(body.runId).toBe('commit-1');
    expect(body.recommendations.map((r: { kind: string; estimatedMonthlySavingsUsd: number }) => [r.kind, r.estimatedMonthlySavingsUsd])).toEqual([['reserved-instance', 95.1], ['savings-plan', 80]]);
  });

  it('lists forecast series and returns the latest forecast of one with its intervals', async () => {
    const index = (await app.inject('/api/v1/forecasts')).json();
    expect(index.series).toEqual([{ series: 'cost/total:daily_usd', runs: 3, points: 3 * 98 }]);
    const one = (await app.inject('/api/v1/forecasts?series=cost/total:daily_usd&limit=2')).json();
    expect(one.forecast).toMatchObject({ runId: 'capacity-w47', runAtMs: weekEndMs, points: [{ timestampMs: weekEndMs, mean: 185, lo80: 175, hi80: 195, lo95: 165, hi95: 205 }, { timestampMs: weekEndMs + 86_400_000 }] });
    const missing = await app.inject('/api/v1/forecasts?series=nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });

  it('sums effective cost by namespace, service or day over a date range', async () => {
    const byNs = (await app.inject('/api/v1/costs?from=2026-11-09&to=2026-11-16&groupBy=namespace')).json();
    expect(byNs).toMatchObject({ from: '2026-11-09', to: '2026-11-16', totalUsd: 1260, rows: [{ key: 'shop', costUsd: 840 }, { key: 'search', costUsd: 350 }, { key: 'batch', costUsd: 70 }] });
    const byDay = (await app.inject('/api/v1/costs?from=2026-11-14&to=2026-11-16')).json();
    expect(byDay.rows).toEqual([{ key: '2026-11-14', costUsd: 180 }, { key: '2026-11-15', costUsd: 180 }]);
    const reversed = await app.inject('/api/v1/costs?from=2026-11-16&to=2026-11-09');
    expect(reversed.statusCode).toBe(400);
    expect(byNs.currency).toBe('USD');
  });

  it('answers costs in the bill\'s currency, and refuses one sum over several currencies', async () => {
    await store.run("UPDATE cost_line_items SET currency = 'EUR'");
    try {
      expect((await app.inject('/api/v1/costs?from=2026-11-09&to=2026-11-16')).json()).toMatchObject({ currency: 'EUR', totalUsd: 1260 });
      await store.run("UPDATE cost_line_items SET currency = 'USD' WHERE namespace = 'batch'");
      const mixed = await app.inject('/api/v1/costs?from=2026-11-09&to=2026-11-16');
      expect(mixed.statusCode).toBe(409);
      expect(mixed.json().error.message).toBe('the bill in [from, to) mixes EUR, USD');
    } finally {
      await store.run("UPDATE cost_line_items SET currency = 'USD'");
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await app.inject('/api/v1/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('publishes OpenAPI docs for every route, with bearer auth on POST /api/v1/runs', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/allocations', '/api/v1/commitments', '/api/v1/costs', '/api/v1/forecasts', '/api/v1/recommendations', '/api/v1/reports', '/api/v1/reports/{week}', '/api/v1/reports/{week}/html', '/api/v1/runs', '/healthz', '/metrics', '/readyz']);
    expect(doc.paths['/api/v1/runs'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
  });
});

describe('runs and reports', () => {
  it('refuses POST /api/v1/runs without a token or with a wrong one (401)', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: token }]) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/runs', headers, payload: { kind: 'report' } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHORIZED');
    }
  });

  it('refuses every POST when no server.token is configured (403, says how to fix it)', async () => {
    const res = await noTokenApp.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: { kind: 'report' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'AUTH_NOT_CONFIGURED', hint: expect.stringContaining('server.token') });
  });

  it('rejects malformed, oversized and non-JSON bodies with 4xx JSON errors', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: { kind: 'deploy' } });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'INPUT_INVALID']);
    const big = await app.inject({ method: 'POST', url: '/api/v1/runs', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ kind: 'report', pad: 'x'.repeat(2000) }) });
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'BODY_TOO_LARGE']);
    const text = await app.inject({ method: 'POST', url: '/api/v1/runs', headers: { ...auth, 'content-type': 'application/xml' }, payload: '<kind>report</kind>' });
    expect([text.statusCode, text.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const broken = await app.inject({ method: 'POST', url: '/api/v1/runs', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"kind":' });
    expect(broken.statusCode).toBe(400);
  });

  it('starts a report run with the token (202), refuses a second one while it runs (409), and then serves the report', async () => {
    const started = await app.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: { kind: 'report', week: '2026-W46' } });
    expect(started.statusCode).toBe(202);
    const { runId } = started.json();
    const again = await app.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: { kind: 'report', week: '2026-W46' } });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'RUN_IN_PROGRESS']);
    await scheduler.drain();
    const runs = await listRuns(store, { kind: 'report' });
    expect(runs.map((r) => [r.runId, r.status, r.trigger])).toEqual([[runId, 'succeeded', 'api']]);
    const list = (await app.inject('/api/v1/reports')).json();
    expect(list.reports).toEqual([{ week: '2026-W46', runId, createdAtMs: expect.any(Number), htmlUrl: '/api/v1/reports/2026-W46/html', jsonUrl: '/api/v1/reports/2026-W46' }]);
    const json = (await app.inject('/api/v1/reports/2026-W46')).json();
    expect(json.summary.spend.lastWeekUsd).toBe(1260);
    const html = await app.inject('/api/v1/reports/2026-W46/html');
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toContain('<h1>Weekly capacity and cost report — 2026-W46</h1>');
    const missing = await app.inject('/api/v1/reports/2026-W40');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('/metrics', () => {
  it('exports the gauges the alert rules use with the values of the latest runs, and run health', async () => {
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    const line = (re: RegExp) => text.split('\n').find((l) => re.test(l));
    // Labels as the generated capacity alerts read them; only estimates against allocatable.
    expect(line(/^headroom_capacity_exhaustion_days\{cluster="sample",node_pool="",scope="cluster",resource="memory",metric="requests"\}/)).toMatch(/ 12$/);
    expect(line(/^headroom_capacity_exhaustion_days\{cluster="sample",node_pool="m5.xlarge",scope="node-pool",resource="cpu",metric="requests"\}/)).toMatch(/ 25$/);
    expect(line(/^headroom_monthly_savings_usd\{.*workload="search-api"/)).toMatch(/ 120\.25$/);
    expect(line(/^headroom_recommended_request\{.*workload="checkout".*resource="cpu"/)).toMatch(/ 0\.5$/);
    expect(line(/^headroom_current_request\{.*workload="checkout".*resource="cpu"/)).toMatch(/ 2$/);
    // The last complete day (2026-11-15) against the forecast made for it at the week's start (hi95 195 a day).
    expect(line(/^headroom_daily_cost_usd /)).toBe('headroom_daily_cost_usd 180');
    expect(line(/^headroom_daily_cost_usd\{service="AmazonEC2"\}/)).toBe('headroom_daily_cost_usd{service="AmazonEC2"} 170');
    expect(line(/^headroom_daily_cost_forecast_upper_usd /)).toBe('headroom_daily_cost_forecast_upper_usd 195');
    // The report run of the test above is the latest successful run.
    expect(line(/^headroom_last_run_timestamp_seconds /)).toBe(`headroom_last_run_timestamp_seconds ${nowMs() / 1000}`);
    expect(line(/^headroom_last_run_by_kind_timestamp_seconds\{kind="rightsize",status="succeeded"\}/)).toBe(`headroom_last_run_by_kind_timestamp_seconds{kind="rightsize",status="succeeded"} ${weekEndMs / 1000}`);
    expect(line(/^headroom_runs_total\{kind="report",status="succeeded"\}/)).toMatch(/ 1$/);
    expect(text).toContain('# TYPE headroom_run_failures_total counter');
    expect(text).toContain('headroom_process_cpu_seconds_total');
  });
});
