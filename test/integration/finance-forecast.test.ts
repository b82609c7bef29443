import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { Store } from '../../src/store/index.js';
import { validateConfig } from '../../src/config/index.js';
import { runFinanceForecast } from '../../src/app/finance-forecast.js';
import { financeReconciliationToleranceUsd } from '../../src/app/capacity-format.js';
import { financeForecastFile, generateWeeklyReport } from '../../src/app/report.js';
import { parseIsoWeek } from '../../src/reports/index.js';
import { saveAllocationResults } from '../../src/store/allocation-repo.js';
import { insertRun } from '../../src/store/run-repo.js';
import { silentLogger } from '../../src/util/logger.js';
import { seedReportStore, weekEndMs } from './report-fixture.js';

const DAY_MS = 86_400_000;
const startMs = Date.UTC(2026, 8, 1);
const days = 60;
const windowStartMs = startMs + 32 * DAY_MS;
const windowEndMs = startMs + days * DAY_MS;
const ts = (ms: number) => new Date(ms);

let store: Store;
beforeEach(async () => { store = await Store.open(':memory:'); });
afterEach(async () => { await store.close(); });

/** A bill in EUR (node lines untagged, as the sample's) and an allocation run of its last 28 days: shop 50 %, db 30 % of the nodes, S3 to shop. */
async function seed(): Promise<void> {
  await store.transaction(async (tx) => {
    const rows: (string | number | Date)[][] = [];
    for (let d = 0; d < days; d++) {
      const day = startMs + d * DAY_MS;
      rows.push(['bill-1', ts(day), ts(day + DAY_MS), 'aws', 'AmazonEC2', 'eu-west-1', 'm6i.large', '', 'i-1', 200 + d, 200 + d, 250 + d, 24, 'Hrs', 'Standard', '', 'focus', 'EUR']);
      rows.push(['bill-1', ts(day), ts(day + DAY_MS), 'aws', 'AmazonS3', 'eu-west-1', '', '', 'bucket', 10, 10, 10, 1, 'GB-Mo', 'Standard', '', 'focus', 'EUR']);
    }
    await tx.insertRows('cost_line_items', ['import_id', 'period_start', 'period_end', 'provider', 'service', 'region', 'instance_type', 'namespace', 'resource_id', 'billed_cost_usd', 'effective_cost_usd', 'list_cost_usd', 'usage_quantity', 'usage_unit', 'pricing_category', 'commitment_discount_id', 'source', 'currency'], rows);
    const n = (windowEndMs - windowStartMs) / DAY_MS;
    const shop = new Float64Array(n), db = new Float64Array(n);
    for (let i = 0; i < n; i++) { const node = 200 + 32 + i; shop[i] = 0.5 * node + 10; db[i] = 0.3 * node; }
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    const entry = (key: string, a: Float64Array) => ({ key, cpuUsd: 0, memoryUsd: 0, storageUsd: 0, gpuUsd: 0, sharedUsd: 0, totalUsd: sum(a), efficiency: null });
    const runId = 'allocation-1';
    await insertRun(tx, { runId, kind: 'allocation', startedAtMs: windowEndMs, finishedAtMs: windowEndMs, status: 'succeeded', trigger: 'manual', detail: { windowStartMs, windowEndMs, currency: 'EUR', priceSource: 'bill', billSource: 'focus', totalUsd: 0, idleUsd: 0, unallocatedUsd: 0, sharedNamespaces: [], unallocated: [], idleByNode: [], notes: [], groupings: ['namespace', 'label:team'] } });
    await saveAllocationResults(tx, runId, windowStartMs, [
      { grouping: 'namespace', entries: [entry('shop', shop), entry('db', db)], dailyUsd: new Map([['shop', shop], ['db', db]]) },
      { grouping: 'label:team', entries: [entry('storefront', shop), entry('data', db)], dailyUsd: new Map([['storefront', shop], ['data', db]]) },
    ]);
  });
}

describe("finance's cost forecast CSV from the store", () => {
  it('has services as billed and teams as allocated, in the bill\'s currency, each breakdown adding up to the total', async () => {
    await seed();
    const result = await runFinanceForecast(store, { teamLabel: 'team', asOfMs: Infinity });
    expect(result.allocationRunId).toBe('allocation-1');
    expect(result.currency).toBe('EUR');
    const rows = parseCsv(result.csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['breakdown', 'key', 'month', 'currency', 'mean', 'lo80', 'hi80', 'lo95', 'hi95', 'actual_to_date', 'forecast_days', 'basis', 'reconciliation_factor', 'method', 'history_days', 'level_shifts', 'indicative', 'recent_error', 'recent_within80']);
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(['EUR']));
    const keysOf = (b: string) => [...new Set(rows.filter((r) => r.breakdown === b).map((r) => r.key))];
    expect(keysOf('service')).toEqual(['(total)', 'AmazonEC2', 'AmazonS3']);
    expect(keysOf('team')).toEqual(['(total)', 'data', 'storefront', '(idle and unallocated)']);
    expect(keysOf('namespace')).toEqual(['(total)', 'db', 'shop', '(idle and unallocated)']);
    const team = rows.filter((r) => r.breakdown === 'team' && r.key === 'data');
    expect(new Set(team.map((r) => r.basis))).toEqual(new Set(['allocation']));
    expect(team[0]!.history_days).toBe('28');
    expect(rows.find((r) => r.breakdown === 'service' && r.key === 'AmazonEC2')!.history_days).toBe('60');
    const months = [...new Set(rows.map((r) => r.month))];
    expect(months).toHaveLength(13); // the current (partial) month and 12 full ones
    for (const breakdown of ['service', 'namespace', 'team']) {
      for (const month of months) {
        const inMonth = rows.filter((r) => r.breakdown === breakdown && r.month === month);
        const total = Number(inMonth.find((r) => r.key === '(total)')!.mean);
        const parts = inMonth.filter((r) => r.key !== '(total)');
        const sum = parts.reduce((s, r) => s + Number(r.mean), 0);
        expect(Math.abs(sum - total)).toBeLessThanOrEqual(financeReconciliationToleranceUsd(parts.length) + 1e-9);
      }
    }
    // The idle row is the nodes' 20 % the allocation left unallocated: ≈ 0.2 · 31 · (200 + 60..)/day in the first full month, before growth.
    const idle = rows.find((r) => r.breakdown === 'team' && r.key === '(idle and unallocated)' && r.month === months[1])!;
    expect(Number(idle.mean)).toBeGreaterThan(0.2 * 31 * 255);
    expect(Number(idle.mean)).toBeLessThan(0.2 * 31 * 300);
  });

  it('is a file of the weekly report', async () => {
    await seedReportStore(store);
    const dir = await mkdtemp(join(tmpdir(), 'headroom-finance-'));
    try {
      const result = await generateWeeklyReport({ store, config: validateConfig({}), week: parseIsoWeek('2026-W46'), outDir: dir, nowMs: () => weekEndMs + 3600_000, logger: silentLogger(), pdf: 'never', publishers: [], alertsDir: join(dir, 'none'), slosDir: join(dir, 'none') });
      expect(result.files).toContain(financeForecastFile);
      const rows = parseCsv(await readFile(join(result.dir, financeForecastFile), 'utf8'), { columns: true }) as Record<string, string>[];
      // No allocation run in this store: namespaces from the bill's tags, no team rows.
      expect(new Set(rows.map((r) => r.breakdown))).toEqual(new Set(['service', 'namespace']));
      expect(new Set(rows.map((r) => r.basis))).toEqual(new Set(['bill']));
      // As of the week's end: the history ends with the week (the fixture's 35 days).
      expect(rows.find((r) => r.key === '(total)')!.history_days).toBe('35');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
