import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { buildCurLines, writeCur2MapsCsv, writeLegacyCurCsv } from '../fixtures/billing/cur-shape.js';
import type { CostSummary } from '../../src/domain/index.js';

let dir: string;
let config: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-reimport-cli-'));
  config = join(dir, 'headroom.yaml');
  await writeFile(config, `store:\n  path: ${join(dir, 'store.duckdb')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('headroom import of the same bill again, and costs by billing dimensions', () => {
  it('says a copy is already imported, refuses a smaller export unless --replace-smaller, and groups costs by account', async () => {
    const full = join(dir, 'cur-oct.csv');
    const copy = join(dir, 'downloads-cur-oct.csv');
    const partial = join(dir, 'cur-oct-partial.csv.gz');
    await writeFile(full, writeLegacyCurCsv(buildCurLines()));
    await writeFile(copy, writeLegacyCurCsv(buildCurLines()));
    const { gzipSync } = await import('node:zlib');
    await writeFile(partial, gzipSync(writeCur2MapsCsv(buildCurLines({ days: 10 }))));

    const first = await runCli(['-c', config, 'import', '--cur', full]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^cur .*cur-oct\.csv: \d+ rows → \d+ daily line items, \d+ instance-hours; effective \$[\d,]+\.\d\d, billed \$[\d,]+\.\d\d$/m);

    const again = await runCli(['-c', config, 'import', '--cur', copy]);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(`cur ${copy}: same content as ${full}, already imported; nothing added`);

    const smaller = await runCli(['-c', config, 'import', '--cur', partial]);
    expect(smaller.code).toBe(1);
    expect(smaller.stdout).toMatch(/cur-oct-partial\.csv\.gz: FAILED — .*refusing to replace 2026-10 for account 555000111222: the new export is much smaller \(\d+ → \d+ rows, \$[\d,.]+ → \$[\d,.]+\) \(.*--replace-smaller.*\)/);

    const forced = await runCli(['-c', config, 'import', '--cur', partial, '--replace-smaller']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^ {2}replaced 2026-10 for account 555000111222: \$[\d,]+\.\d\d → \$[\d,]+\.\d\d$/m);

    const costs = await runCli(['-c', config, 'costs', '--by', 'account', '--format', 'json', '--days', '60']);
    expect(costs.code).toBe(0);
    const summary = JSON.parse(costs.stdout) as CostSummary;
    expect(summary.currency).toBe('USD');
    expect(summary.groupBy!.dimension).toBe('account');
    expect(summary.groupBy!.rows.map((r) => r.key)).toEqual(['555000111222']);
    expect(summary.groupBy!.rows[0]!.costUsd).toBe(summary.totalEffectiveCostUsd);

    const bad = await runCli(['-c', config, 'costs', '--by', 'colour']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('error: --by colour: expected namespace, workload, container, node, node-pool, cluster or label:KEY (allocation), or one of provider, service, region, account, billing-period (the bill\'s own) (e.g. --by namespace, --by label:team or --by provider)');
    const badFx = await runCli(['-c', config, 'costs', '--fx', 'EUR=abc']);
    expect(badFx.code).toBe(2);
    expect(badFx.stderr.trim()).toBe('error: --fx EUR=abc: expected CODE=RATE with a rate > 0 (e.g. --fx EUR=1.08 (one EUR is 1.08 USD))');
  });
});
