import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/index.js';
import { repoRoot } from '../helpers/cli.js';

const dirs: string[] = [];
function tempStorePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-store-'));
  dirs.push(dir);
  return join(dir, 'headroom.duckdb');
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('the embedded store', () => {
  it('applies every migration once and records the schema version', async () => {
    const path = tempStorePath();
    const first = await Store.open(path);
    const version = await first.schemaVersion();
    expect(version).toBeGreaterThanOrEqual(1);
    const tables = (await first.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main'")).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['usage_snapshots', 'workload_inventory', 'cost_line_items', 'forecasts', 'recommendations', 'report_history', 'runs']));
    await first.close();
    const again = await Store.open(path);
    expect(await again.schemaVersion()).toBe(version);
    await again.close();
  });

  it('rolls a failed transaction back and keeps the earlier rows', async () => {
    const store = await Store.open(':memory:');
    await store.transaction((tx) => tx.insertRows('runs', ['run_id', 'kind', 'started_at', 'status'], [['a', 'demo', new Date(0), 'succeeded']]));
    await expect(store.transaction(async (tx) => {
      await tx.insertRows('runs', ['run_id', 'kind', 'started_at', 'status'], [['b', 'demo', new Date(0), 'running']]);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect((await store.all<{ run_id: string }>('SELECT run_id FROM runs ORDER BY run_id')).map((r) => r.run_id)).toEqual(['a']);
    await store.close();
  });

  it('serialises concurrent transactions on one store instead of nesting them', async () => {
    const store = await Store.open(':memory:');
    await Promise.all(Array.from({ length: 5 }, (_, i) => store.transaction((tx) => tx.insertRows('runs', ['run_id', 'kind', 'started_at', 'status'], [[`r${i}`, 'demo', new Date(0), 'succeeded']]))));
    expect((await store.all<{ n: number }>('SELECT count(*) AS n FROM runs'))[0]!.n).toBe(5);
    await store.close();
  });

  it('leaves the previous state intact when a writer is killed mid-transaction', async () => {
    const path = tempStorePath();
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/fixtures/store-writer.mts'), path], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('mid-write')) resolve(); });
      child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const store = await Store.open(path);
    const rows = await store.all<{ run_id: string }>('SELECT run_id FROM runs');
    expect(rows.map((r) => r.run_id)).toEqual(['baseline']);
    await store.close();
  });
});

describe('billing sources', () => {
  it('totals cost from one preferred source so that a bill imported twice is not counted twice', async () => {
    const store = await Store.open(':memory:');
    const columns = ['import_id', 'period_start', 'period_end', 'provider', 'service', 'region', 'instance_type', 'namespace', 'resource_id', 'billed_cost_usd', 'effective_cost_usd', 'list_cost_usd', 'usage_quantity', 'usage_unit', 'pricing_category', 'commitment_discount_id', 'source'];
    const line = (importId: string, source: string, costUsd: number) => [importId, new Date('2026-11-02T00:00:00Z'), new Date('2026-11-03T00:00:00Z'), 'AWS', 'AmazonEC2', 'us-east-1', 'm5.xlarge', 'shop', '', costUsd, costUsd, costUsd, 24, 'Hrs', 'Standard', '', source];
    await store.transaction((tx) => tx.insertRows('cost_line_items', columns, [line('s', 'sample', 90), line('f', 'focus', 100), line('c', 'cur', 100)]));
    const total = async () => (await store.all<{ usd: number }>('SELECT sum(effective_cost_usd) AS usd FROM cost_line_items_one_source'))[0]!.usd;
    expect(await total()).toBe(100);
    await store.run("DELETE FROM cost_line_items WHERE source = 'cur'");
    expect(await total()).toBe(100);
    await store.run("DELETE FROM cost_line_items WHERE source = 'focus'");
    expect(await total()).toBe(90);
    await store.close();
  });
});
