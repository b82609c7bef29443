import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { Store } from '../../src/store/index.js';
import { buildServer, type ServerDeps } from '../../src/server/index.js';
import { trackRun } from '../../src/app/runs.js';
import { silentLogger } from '../../src/util/logger.js';
import { seedReportStore, weekEndMs } from './report-fixture.js';

const nowMs = () => weekEndMs + 6 * 3600_000;
let store: Store;
let app: FastifyInstance;
let deps: ServerDeps;

beforeAll(async () => {
  store = await Store.open(':memory:');
  await seedReportStore(store);
  // Interval 0: every request starts a background check of the runs table.
  ({ app, deps } = await buildServer({ store, reportsDir: '/nonexistent', token: null, logger: silentLogger(), nowMs, cacheRevalidateMs: 0 }));
});

afterAll(async () => {
  await app.close();
  await store.close();
});

/** Stores a rightsizing run the way jobs do (a 'running' row, the results, then 'succeeded'). */
async function storeRightsizingRun(startedAtMs: number, workloads: { workload: string; savingsUsd: number }[]): Promise<string> {
  const { run } = await trackRun({ store, kind: 'rightsize', trigger: 'manual', nowMs: () => startedAtMs }, async (runId) => {
    await store.transaction(async (tx) => {
      for (const w of workloads) {
        const payload = { current: { cpuRequestCores: 2, cpuLimitCores: null, memoryRequestBytes: 2 ** 30, memoryLimitBytes: 2 ** 30 }, recommended: { cpuRequestCores: 0.25, cpuLimitCores: null, memoryRequestBytes: 2 ** 29, memoryLimitBytes: 2 ** 29 }, reasons: ['p95 CPU far below the request'], monthlySavingsUsd: w.savingsUsd };
        await tx.run("INSERT INTO recommendations VALUES ($1, 'sample', 'payments', 'Deployment', $2, 'app', 'medium', $3, $4)", [runId, w.workload, w.savingsUsd, JSON.stringify(payload)]);
      }
    });
    return { status: 'succeeded', detail: {}, value: null };
  });
  return run.runId;
}

describe('cached API results follow the store', () => {
  it('serves a rightsizing run stored after the first request, once the background check has seen the runs table change, and never makes a request wait for that check', async () => {
    const first = await app.inject('/api/v1/recommendations');
    expect(first.json()).toMatchObject({ runId: 'rightsize-1', total: 3 });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);

    const runId = await storeRightsizingRun(nowMs() - 2 * 3600_000, [{ workload: 'ledger', savingsUsd: 310 }, { workload: 'fraud-check', savingsUsd: 55.5 }]);
    // This request starts the check and is answered from the cache meanwhile.
    const during = await app.inject({ url: '/api/v1/recommendations', headers: { 'if-none-match': etag } });
    expect(during.statusCode).toBe(304);
    await deps.cache.revalidate();

    const after = await app.inject({ url: '/api/v1/recommendations', headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const body = after.json();
    expect(body.runId).toBe(runId);
    expect(body.items.map((i: { namespace: string; workload: string; monthlySavingsUsd: number; confidence: string }) => [i.namespace, i.workload, i.monthlySavingsUsd, i.confidence]))
      .toEqual([['payments', 'ledger', 310, 'medium'], ['payments', 'fraud-check', 55.5, 'medium']]);
    // Filtered queries were cached under their own keys; they follow too.
    expect((await app.inject('/api/v1/recommendations?minSavingsUsd=100')).json().items.map((i: { workload: string }) => i.workload)).toEqual(['ledger']);
  });

  it('answers a conditional GET with the current ETag with 304, the ETag and no body; a different query has its own ETag', async () => {
    const full = await app.inject('/api/v1/recommendations');
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(full.headers['content-length'])).toBe(Buffer.byteLength(full.body));
    const etag = full.headers.etag as string;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"stale", ${etag}`, '*']) {
      const res = await app.inject({ url: '/api/v1/recommendations', headers: { 'if-none-match': ifNoneMatch } });
      expect(res.statusCode, ifNoneMatch).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe(etag);
    }
    const page = await app.inject({ url: '/api/v1/recommendations?limit=1', headers: { 'if-none-match': etag } });
    expect(page.statusCode).toBe(200);
    expect(page.json().items).toHaveLength(1);
    expect(page.headers.etag).not.toBe(etag);
  });

  it('sends the same JSON gzipped to clients that accept gzip, with a weak ETag that conditional GETs of either form match', async () => {
    await storeRightsizingRun(nowMs() - 3600_000, Array.from({ length: 20 }, (_, i) => ({ workload: `svc-${i}`, savingsUsd: 100 - i })));
    deps.cache.invalidate();
    const plain = await app.inject('/api/v1/recommendations');
    expect(plain.rawPayload.length).toBeGreaterThan(4_000);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding');
    const zipped = await app.inject({ url: '/api/v1/recommendations', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.rawPayload.length);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(zipped.headers.etag).toBe(`W/${plain.headers.etag}`);
    const again = await app.inject({ url: '/api/v1/recommendations', headers: { 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    const refused = await app.inject({ url: '/api/v1/recommendations', headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.rawPayload.equals(plain.rawPayload)).toBe(true);
  });

  it('serves a run dated after the server\'s now once that time has come, without another run being written', async () => {
    let clockMs = nowMs();
    const { app: later, deps: laterDeps } = await buildServer({ store, reportsDir: '/nonexistent', token: null, logger: silentLogger(), nowMs: () => clockMs, cacheRevalidateMs: 0 });
    try {
      const before = (await later.inject('/api/v1/recommendations')).json().runId;
      const futureRunId = await storeRightsizingRun(clockMs + 3600_000, [{ workload: 'night-batch', savingsUsd: 12 }]);
      await laterDeps.cache.revalidate();
      expect((await later.inject('/api/v1/recommendations')).json().runId).toBe(before);
      clockMs += 2 * 3600_000;
      await laterDeps.cache.revalidate();
      expect((await later.inject('/api/v1/recommendations')).json()).toMatchObject({ runId: futureRunId, items: [{ workload: 'night-batch' }] });
    } finally {
      await later.close();
    }
  });

  it('drops cached results on invalidate() (what a finished scheduled or API-triggered run calls)', async () => {
    const before = (await app.inject('/api/v1/commitments')).json();
    expect(before.runId).toBe('commit-1');
    await store.transaction(async (tx) => {
      await tx.run("INSERT INTO runs (run_id, kind, started_at, finished_at, status, trigger) VALUES ('commit-2', 'commitments', $1, $1, 'succeeded', 'api')", [new Date(nowMs())]);
      await tx.run("INSERT INTO commitment_recommendations VALUES ('commit-2', 0, 'savings-plan', 'eu-west-1', $1)", [JSON.stringify({ kind: 'savings-plan', region: 'eu-west-1', estimatedMonthlySavingsUsd: 42 })]);
    });
    deps.cache.invalidate();
    const after = (await app.inject('/api/v1/commitments')).json();
    expect(after).toMatchObject({ runId: 'commit-2', recommendations: [{ region: 'eu-west-1', estimatedMonthlySavingsUsd: 42 }] });
  });
});
