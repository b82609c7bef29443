/** GET /api/v1/allocations and the allocation gauges of /metrics, on an allocation run of the sample. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Store } from '../../src/store/index.js';
import { buildServer } from '../../src/server/index.js';
import { generateSampleCluster } from '../../src/sample/index.js';
import { saveUsageCollection, usageSnapshotId } from '../../src/store/usage-repo.js';
import { replaceCostLineItems } from '../../src/store/cost-repo.js';
import { runAndSaveAllocation, type SavedAllocation } from '../../src/app/allocation.js';
import { silentLogger } from '../../src/util/logger.js';

let store: Store;
let app: FastifyInstance;
let saved: SavedAllocation;
const sample = generateSampleCluster({ days: 3, seed: 11 });

beforeAll(async () => {
  store = await Store.open(':memory:');
  await store.transaction((tx) => saveUsageCollection(tx, { snapshotId: usageSnapshotId('sample', sample.cluster, sample.startMs, sample.endMs), source: 'sample', collectedAtMs: sample.endMs }, sample.usage, sample.inventory));
  await store.transaction((tx) => replaceCostLineItems(tx, 'sample-bill', sample.billing.costLineItems));
  saved = await runAndSaveAllocation(store, { prices: null, sharedNamespaces: [], labelKeys: ['team'], nowMs: () => sample.endMs });
  ({ app } = await buildServer({ store, reportsDir: '/nonexistent', token: null, logger: silentLogger(), nowMs: () => sample.endMs }));
}, 120_000);

afterAll(async () => {
  await app.close();
  await store.close();
});

describe('GET /api/v1/allocations', () => {
  it('serves the latest run grouped by namespace by default, as the CLI writes it', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/allocations' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.runId).toBe(saved.runId);
    expect(body.allocations).toEqual(saved.grouped.get('namespace')!.report.allocations);
    expect(body.totalUsd).toBe(saved.grouped.get('namespace')!.report.totalUsd);
  });

  it('groups by a stored label, and says which groupings exist when asked for another', async () => {
    const team = await app.inject({ method: 'GET', url: '/api/v1/allocations?by=label:team' });
    expect(team.json().allocations.map((a: { key: string }) => a.key).sort()).toEqual(['auth', 'data', 'kube-system', 'ml', 'monitoring', 'shop']);
    const missing = await app.inject({ method: 'GET', url: '/api/v1/allocations?by=label:owner' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.hint).toContain('label:team');
    const bad = await app.inject({ method: 'GET', url: '/api/v1/allocations?by=colour' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('/metrics allocation gauges', () => {
  it('exports each namespace\'s and team\'s cost, efficiency and the window\'s idle and unallocated parts', async () => {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const ns = saved.grouped.get('namespace')!.report;
    const shop = ns.allocations.find((a) => a.key === 'shop')!;
    expect(text).toContain(`headroom_allocation_cost_usd{by="namespace",key="shop"} ${shop.totalUsd}`);
    expect(text).toContain(`headroom_allocation_efficiency_ratio{by="namespace",key="shop"} ${shop.efficiency}`);
    expect(text).toMatch(/headroom_allocation_cost_usd\{by="label:team",key="shop"\} [\d.]+/);
    expect(text).toMatch(/headroom_allocation_daily_cost_usd\{by="namespace",key="shop"\} [\d.]+/);
    expect(text).toContain(`headroom_allocation_window_cost_usd{part="idle"} ${ns.idleUsd}`);
    expect(text).toContain(`headroom_allocation_window_cost_usd{part="unallocated"} ${ns.unallocatedUsd}`);
    expect(text).not.toContain('by="workload"');
  });
});
