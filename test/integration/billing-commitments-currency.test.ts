/**
 * The commitments a bill in EUR shows, through a real DuckDB store and the real CLI: a Savings
 * Plan's hourly commitment is EUR and is set beside the USD price list only converted at `--fx`
 * (refused with one line without a rate, never read as dollars), exactly as the same bill in USD
 * is checked; Reserved Instances are counts and need no rate. Expected amounts come from the
 * fixture's lines (test/fixtures/billing/cur-shape.ts), not from the importer.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { buildCurLines, writeCur2MapsCsv } from '../fixtures/billing/cur-shape.js';
import { Store } from '../../src/store/index.js';
import { importFocusFile } from '../../src/collectors/billing/index.js';
import { loadBillCommitments } from '../../src/app/commitments.js';
import { commitmentMessages, type BillRow } from '../../src/models/commitments/index.js';
import { HeadroomError } from '../../src/domain/errors.js';
import type { CommitmentPlan } from '../../src/domain/index.js';

let dir: string;
const lines = buildCurLines();
const rate = 1.08;
/** The Savings Plan's commitment per hour, as the fixture's last recurring fee line states it (one-hour lines). */
const lastFee = lines.filter((l) => l.type === 'SavingsPlanRecurringFee').sort((a, b) => a.start.localeCompare(b.start)).at(-1)!;
const spHourly = Number(lastFee.spCommitment);
const spArn = lastFee.spArn;
/** The RI: its daily fee reserves 24 hours of a 24-hour day, one reservation. */
const riFee = lines.find((l) => l.type === 'RIFee')!;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-commitments-currency-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A store with the fixture's CUR in `currency` imported through the CLI, a config, and an hourly usage CSV over October. */
async function setUp(name: string, currency: string): Promise<{ config: string; usage: string; storePath: string }> {
  const base = join(dir, name);
  await mkdir(base, { recursive: true });
  const storePath = join(base, 'store.duckdb');
  const config = join(base, 'headroom.yaml');
  await writeFile(config, `store:\n  path: ${storePath}\n`);
  const cur = join(base, 'cur.csv');
  await writeFile(cur, writeCur2MapsCsv(lines, { currency }));
  const imported = await runCli(['-c', config, 'import', '--cur', cur]);
  expect(imported.code, imported.stderr).toBe(0);
  const usage = join(base, 'usage.csv');
  const rows = ['timestamp,region,instanceType,instances'];
  for (let h = 0; h < 31 * 24; h++) rows.push(`${new Date(Date.UTC(2026, 9, 1) + h * 3600_000).toISOString()},us-east-1,m6i.xlarge,${4 + (h % 3)}`);
  await writeFile(usage, rows.join('\n') + '\n');
  return { config, usage, storePath };
}

const plan = async (args: string[]) => {
  const r = await runCli(args);
  expect(r.code, r.stderr).toBe(0);
  return { plan: JSON.parse(r.stdout) as CommitmentPlan, stderr: r.stderr };
};

describe('the commitments a bill in EUR shows', () => {
  it('a bill in USD: its Savings Plan is counted at the dollars it states (the reference)', async () => {
    const { config, usage } = await setUp('usd', 'USD');
    const { plan: p, stderr } = await plan(['-c', config, 'commitments', '--usage', usage, '--format', 'json']);
    expect(p.existing.filter((e) => e.kind === 'savings-plan').map((e) => e.hourlyCommitmentUsd)).toEqual([spHourly]);
    expect(stderr).toContain(`Savings Plan $${spHourly.toFixed(3)}/h`);
  });

  it('a bill in EUR is refused with one line naming the rate to give, exit 2, nothing written, rather than counting its euros as dollars', async () => {
    const { config, usage } = await setUp('eur', 'EUR');
    const out = join(dir, 'eur', 'plan.json');
    const r = await runCli(['-c', config, 'commitments', '--usage', usage, '--format', 'json', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: ${commitmentMessages.billedCurrencyMismatch(spArn, spHourly, 'EUR', 'USD')} (pass --fx EUR=RATE (the value of one EUR in USD) or set billing.fx.EUR in the config, or list what you own with --existing FILE, or plan without the bill's commitments with --no-billed-commitments)`,
    ]);
    await expect(readFile(out)).rejects.toThrow();
    // Without the bill's commitments there is nothing to convert.
    const without = await plan(['-c', config, 'commitments', '--usage', usage, '--format', 'json', '--no-billed-commitments']);
    expect(without.plan.existing).toEqual([]);
  });

  it('a bill in EUR with --fx counts its Savings Plan in USD at the rate, its RI as is, and plans exactly as with those commitments listed in USD', async () => {
    const { config, usage } = await setUp('eur-fx', 'EUR');
    const { plan: converted, stderr } = await plan(['-c', config, 'commitments', '--usage', usage, '--format', 'json', '--kind', 'savings-plan', '--fx', `EUR=${rate}`]);
    const spUsd = Math.round(spHourly * rate * 1e6) / 1e6;
    expect(converted.existing.map((e) => [e.kind, e.region, e.instanceType, e.count, e.hourlyCommitmentUsd])).toEqual([
      ['reserved-instance', riFee.region, riFee.instanceType, Number(riFee.usageAmount) / 24, 0],
      ['savings-plan', '', '', 0, spUsd],
    ]);
    expect(stderr).toContain(`Savings Plan $${spUsd.toFixed(3)}/h (billed ${spHourly.toFixed(3)} EUR/h at 1 EUR = ${rate} USD)`);
    // The planner sees the converted commitment: the same plan as from a file listing it in USD.
    const owned = join(dir, 'eur-fx', 'owned.json');
    await writeFile(owned, JSON.stringify(converted.existing.map((e) => ({ kind: e.kind, region: e.region, instanceType: e.instanceType, count: e.count, hourlyCommitmentUsd: e.hourlyCommitmentUsd, expires: new Date(e.expiresMs).toISOString() }))));
    const { plan: listed } = await plan(['-c', config, 'commitments', '--usage', usage, '--format', 'json', '--kind', 'savings-plan', '--existing', owned]);
    expect(converted.recommendations).toEqual(listed.recommendations);
    expect(converted.recommendations.length).toBeGreaterThan(0);
    // And not as the euros read as dollars would have it.
    const asDollars = join(dir, 'eur-fx', 'as-dollars.json');
    await writeFile(asDollars, JSON.stringify(converted.existing.map((e) => ({ kind: e.kind, region: e.region, instanceType: e.instanceType, count: e.count, hourlyCommitmentUsd: e.kind === 'savings-plan' ? spHourly : 0, expires: new Date(e.expiresMs).toISOString() }))));
    const { plan: wrong } = await plan(['-c', config, 'commitments', '--usage', usage, '--format', 'json', '--kind', 'savings-plan', '--existing', asDollars]);
    expect(wrong.recommendations).not.toEqual(converted.recommendations);
  });

  it('lines stored before their currency was kept take their import\'s currency (migration 050); with none to take, the plan is refused, naming the Savings Plan', async () => {
    const { config, usage, storePath } = await setUp('legacy', 'EUR');
    const backfill = await readFile(join(import.meta.dirname, '../../src/store/migrations/050-bill-commitment-currency.sql'), 'utf8');
    const backfillSql = backfill.slice(backfill.indexOf('UPDATE'));
    const store = await Store.open(storePath);
    try {
      await store.run('UPDATE bill_commitment_lines SET currency = NULL');
      await store.run(backfillSql);
      expect(await store.all('SELECT DISTINCT currency FROM bill_commitment_lines')).toEqual([{ currency: 'EUR' }]);
      await store.run('UPDATE bill_commitment_lines SET currency = NULL');
    } finally {
      await store.close();
    }
    const r = await runCli(['-c', config, 'commitments', '--usage', usage, '--format', 'json', '--fx', `EUR=${rate}`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`error: ${commitmentMessages.billedCurrencyUnknown(spArn)} (list what you own with --existing FILE, or plan without the bill's commitments with --no-billed-commitments)`]);
  });

  it('a FOCUS bill in EUR: the Savings Plan sized from its used and unused EffectiveCost is converted, or refused without a rate', async () => {
    // One day of a Compute Savings Plan: 20 EUR used + 4 EUR unused = 1 EUR/h.
    const rows: BillRow[] = ['Used', 'Unused'].map((status) => ({
      BillingCurrency: 'EUR', ChargeCategory: 'Usage', ChargePeriodStart: '2026-11-21T00:00:00Z', ChargePeriodEnd: '2026-11-22T00:00:00Z', ServiceName: 'Amazon Elastic Compute Cloud', RegionId: 'eu-west-1',
      BilledCost: '0', EffectiveCost: status === 'Used' ? '20' : '4', ListCost: '0', PricingCategory: 'Committed', CommitmentDiscountId: 'sp-focus-eur', CommitmentDiscountType: 'Savings Plan', CommitmentDiscountCategory: 'Spend',
      CommitmentDiscountStatus: status, ConsumedQuantity: status === 'Used' ? '30' : '', ConsumedUnit: 'Hrs', SkuPriceDetails: '{"InstanceType":"m6i.large"}',
    }));
    const columns = Object.keys(rows[0]!);
    const file = join(dir, 'focus-eur.csv');
    await writeFile(file, [columns.join(','), ...rows.map((r) => columns.map((c) => String(r[c] ?? '').replace(/^(.*[",].*)$/, (v) => `"${v.replace(/"/g, '""')}"`)).join(','))].join('\n') + '\n');
    const store = await Store.open(':memory:');
    try {
      await store.transaction((tx) => importFocusFile(tx, file));
      const asOfMs = Date.parse('2026-11-22T00:00:00Z');
      const err = await loadBillCommitments(store, asOfMs, '1y').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HeadroomError);
      expect((err as HeadroomError).message).toBe(commitmentMessages.billedCurrencyMismatch('sp-focus-eur', 1, 'EUR', 'USD'));
      const bill = await loadBillCommitments(store, asOfMs, '1y', { currency: 'USD', fx: { EUR: rate } });
      expect(bill.existing.map((e) => [e.kind, e.hourlyCommitmentUsd])).toEqual([['savings-plan', rate]]);
      // A price list in EUR takes the bill's euros as they are.
      const inEur = await loadBillCommitments(store, asOfMs, '1y', { currency: 'EUR' });
      expect(inEur.existing.map((e) => e.hourlyCommitmentUsd)).toEqual([1]);
      expect(inEur.summary).toContain('Savings Plan 1.000 EUR/h');
    } finally {
      await store.close();
    }
  });
});
