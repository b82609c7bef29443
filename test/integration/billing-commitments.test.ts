/**
 * The sample's bill imported through DuckDB gives exactly the Reserved Instances and Savings Plan
 * the sample generator wrote into it, and a plan that counts them buys less than one that does not.
 * Expected values come from the sample's own line items and commitment mix, not from constants.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { generateSampleCluster, type SampleCluster } from '../../src/sample/index.js';
import { buildBillingExportRows, sampleCommitmentMix, writeBillingExports, type BillingExportFiles } from '../../src/sample/billing-exports.js';
import { Store } from '../../src/store/index.js';
import { importCurFile, importFocusFile } from '../../src/collectors/billing/index.js';
import { loadBillCommitments, makeCommitmentPlan, planTimeMs } from '../../src/app/commitments.js';
import { loadPriceList } from '../../src/pricing/index.js';
import { commitmentMessages, deriveBilledCommitments, readCurCommitmentLines, readFocusCommitmentLines, type BillRow } from '../../src/models/commitments/index.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { normalizationFactor } from '../../src/domain/pricing.js';
import type { CommitmentPlan, ExistingCommitment } from '../../src/domain/index.js';

let dir: string;
let sample: SampleCluster;
let files: BillingExportFiles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-billing-commitments-'));
  sample = generateSampleCluster({ days: 30, seed: 42 });
  files = await writeBillingExports(sample.billing.costLineItems, join(dir, 'exports'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Spot lines are exported as spot usage: no Savings Plan or RI covers them.
const isCompute = (i: { instanceType: string; service: string; pricingCategory: string }) => i.instanceType !== '' && i.pricingCategory !== 'Dynamic' && (i.service === 'AmazonEC2' || i.service === 'Amazon Elastic Compute Cloud');

/** What the sample generator put into its bill, from its line items, mix and rows. */
function expectedCommitments(s: SampleCluster) {
  const items = s.billing.costLineItems.filter(isCompute);
  const { cur } = buildBillingExportRows(s.billing.costLineItems);
  const lastDayMs = Math.max(...items.map((i) => i.periodStartMs));
  // Savings Plan: each day's recurring fee is (1 + unused share) × the effective cost it covered; per hour of that day.
  const spUsedUsd = items.filter((i) => i.periodStartMs === lastDayMs)
    .reduce((sum, i) => sum + (i.listCostUsd > 0 ? i.listCostUsd : i.billedCostUsd) * sampleCommitmentMix.savingsPlan * sampleCommitmentMix.savingsPlanRate, 0);
  const spHourlyUsd = (spUsedUsd * (1 + sampleCommitmentMix.savingsPlanUnused)) / 24;
  const spIds = [...new Set(cur.filter((r) => r.line_item_line_item_type === 'SavingsPlanRecurringFee').map((r) => r.savings_plan_savings_plan_a_r_n!))];
  // RIs: one per region; its daily fee line reserves `line_item_usage_amount` hours of a 24-hour day; its type is the one it covered most (normalised).
  const riFees = cur.filter((r) => r.line_item_line_item_type === 'RIFee' && Date.parse(r.line_item_usage_start_date!) === lastDayMs);
  const ris = riFees.map((fee) => {
    const covered = new Map<string, number>();
    for (const i of items.filter((x) => x.region === fee.product_region_code)) covered.set(i.instanceType, (covered.get(i.instanceType) ?? 0) + i.usageQuantity * sampleCommitmentMix.reserved * normalizationFactor(i.instanceType)!);
    const instanceType = [...covered].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    return { id: fee.reservation_reservation_a_r_n!, region: fee.product_region_code!, instanceType, count: Number(fee.line_item_usage_amount) / 24 };
  });
  return { spIds, spHourlyUsd, ris: ris.sort((a, b) => a.region.localeCompare(b.region)) };
}

describe('existing commitments from the sample bill', () => {
  it('the CUR import gives exactly the RIs and the Savings Plan the sample generator wrote, without an expiry (the sample export has no end-time columns)', async () => {
    const expected = expectedCommitments(sample);
    expect(expected.ris.length).toBeGreaterThan(1);
    const store = await Store.open(':memory:');
    try {
      const result = await store.transaction((tx) => importCurFile(tx, files.curCsv));
      expect(result.commitmentsSeen).toBe(expected.ris.length + expected.spIds.length);
      const bill = await loadBillCommitments(store, sample.endMs, '1y');
      expect(bill.notCounted).toEqual([]);
      const ris = bill.counted.filter((c) => c.kind === 'reserved-instance');
      expect(ris.map((r) => ({ id: r.id, region: r.region, instanceType: r.instanceType, count: r.count }))).toEqual(expected.ris);
      const sps = bill.counted.filter((c) => c.kind === 'savings-plan');
      expect(sps.map((s) => s.id)).toEqual(expected.spIds);
      expect(sps[0]!.hourlyCommitmentUsd).toBeCloseTo(expected.spHourlyUsd, 5);
      expect(bill.counted.every((c) => c.expiresMs === null && c.sources.join() === 'cur')).toBe(true);
      // Without an expiry in the bill they count for the whole 1-year term.
      expect(bill.existing.every((e) => e.expiresMs === sample.endMs + 365 * 86_400_000)).toBe(true);
      expect(bill.summary).toBe(commitmentMessages.billedCounted(bill.counted));
      expect(bill.summary).toMatch(/^counted 3 existing commitments from the bill: /);

      // Re-importing the same file (and its Parquet copy) replaces, never doubles.
      await store.transaction((tx) => importCurFile(tx, files.curCsv));
      await store.transaction((tx) => importCurFile(tx, files.curParquet));
      const again = await loadBillCommitments(store, sample.endMs, '1y');
      expect(again.counted).toEqual(bill.counted);
    } finally {
      await store.close();
    }
  });

  it('a FOCUS import of the same bill gives the same Savings Plan, counted once beside the CUR; its RIs need CommitmentDiscountQuantity, which the sample lacks', async () => {
    const expected = expectedCommitments(sample);
    const store = await Store.open(':memory:');
    try {
      await store.transaction((tx) => importFocusFile(tx, files.focusParquet));
      const focusOnly = await loadBillCommitments(store, sample.endMs, '1y');
      expect(focusOnly.counted.map((c) => c.id)).toEqual(expected.spIds);
      expect(focusOnly.counted[0]!.hourlyCommitmentUsd).toBeCloseTo(expected.spHourlyUsd, 5);
      expect(focusOnly.notCounted.map((c) => [c.id, c.reason])).toEqual(expected.ris.map((r) => [r.id, commitmentMessages.billedCountUnknown()]));

      await store.transaction((tx) => importCurFile(tx, files.curParquet));
      const both = await loadBillCommitments(store, sample.endMs, '1y');
      expect(both.counted).toHaveLength(expected.ris.length + expected.spIds.length);
      expect(both.notCounted).toEqual([]);
      expect(both.counted.every((c) => c.sources.join() === 'cur,focus')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('a plan that counts them recommends less than one that does not, on usage that includes the covered hours', async () => {
    const store = await Store.open(':memory:');
    let existing: ExistingCommitment[];
    try {
      await store.transaction((tx) => importCurFile(tx, files.curParquet));
      existing = (await loadBillCommitments(store, planTimeMs(sample.billing.instanceUsageHours), '1y')).existing;
    } finally {
      await store.close();
    }
    const prices = await loadPriceList();
    const options = { usage: sample.billing.instanceUsageHours, prices, term: '1y' as const, payment: 'no-upfront' as const, usageIncludesExisting: true };
    const without = makeCommitmentPlan(options);
    const counted = makeCommitmentPlan({ ...options, existing });
    // A Savings Plan alone (with RIs first, the sample's bursty rest earns none either way).
    const spWithout = makeCommitmentPlan({ ...options, kinds: 'savings-plan' });
    const spCounted = makeCommitmentPlan({ ...options, kinds: 'savings-plan', existing });
    const riUnits = (p: CommitmentPlan, region: string) => p.recommendations.filter((r) => r.kind === 'reserved-instance' && r.region === region).reduce((a, r) => a + r.normalizedUnits, 0);
    const spUsd = (p: CommitmentPlan) => p.recommendations.filter((r) => r.kind === 'savings-plan').reduce((a, r) => a + r.hourlyCommitmentUsd, 0);
    expect(counted.existing).toEqual(existing);
    for (const ri of existing.filter((e) => e.kind === 'reserved-instance')) {
      // Each owned RI's normalised units come off the recommendation in its region.
      expect(riUnits(counted, ri.region)).toBeLessThan(riUnits(without, ri.region));
    }
    expect(spUsd(spCounted)).toBeGreaterThan(0);
    expect(spUsd(spCounted)).toBeLessThan(spUsd(spWithout));
    expect(counted.totals.estimatedMonthlySavingsUsd).toBeLessThan(without.totals.estimatedMonthlySavingsUsd);
  });
});

describe('headroom commitments with an imported bill', () => {
  it('counts the bill\'s commitments by default and says so, ignores them with --no-billed-commitments, and lets --existing FILE replace them', async () => {
    const config = join(dir, 'headroom.yaml');
    await writeFile(config, `store:\n  path: ${join(dir, 'store.duckdb')}\n`);
    const usage = join(dir, 'usage.csv');
    await writeFile(usage, ['timestamp,region,instanceType,instances', ...sample.billing.instanceUsageHours.map((u) => `${new Date(u.timestampMs).toISOString()},${u.region},${u.instanceType},${u.instances}`)].join('\n') + '\n');
    const imported = await runCli(['-c', config, 'import', '--cur', files.curParquet]);
    expect(imported.code).toBe(0);

    const table = await runCli(['-c', config, 'commitments', '--usage', usage, '--kind', 'savings-plan']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/counted 3 existing commitments from the bill: 1 × \S+ RI in us-east-1 \(no expiry in the bill: counted for the whole term\); .*Savings Plan \$\d+\.\d{3}\/h/);

    const out = join(dir, 'plan.json');
    const json = await runCli(['-c', config, 'commitments', '--usage', usage, '--format', 'json', '--output', out, '--kind', 'savings-plan']);
    expect(json.code).toBe(0);
    expect(json.stderr).toContain('counted 3 existing commitments from the bill');
    expect((JSON.parse(await readFile(out, 'utf8')) as CommitmentPlan).existing).toHaveLength(3);

    const ignored = await runCli(['-c', config, 'commitments', '--usage', usage, '--format', 'json', '--output', out, '--kind', 'savings-plan', '--no-billed-commitments']);
    expect(ignored.code).toBe(0);
    expect(ignored.stderr).not.toContain('existing commitments from the bill');
    expect((JSON.parse(await readFile(out, 'utf8')) as CommitmentPlan).existing).toEqual([]);

    const owned = join(dir, 'owned.json');
    await writeFile(owned, JSON.stringify([{ kind: 'savings-plan', hourlyCommitmentUsd: 0.5, expires: '2027-06-01T00:00:00Z' }]));
    const fromFile = await runCli(['-c', config, 'commitments', '--usage', usage, '--format', 'json', '--output', out, '--kind', 'savings-plan', '--existing', owned]);
    expect(fromFile.code).toBe(0);
    expect((JSON.parse(await readFile(out, 'utf8')) as CommitmentPlan).existing).toEqual([{ kind: 'savings-plan', region: '', instanceType: '', count: 0, hourlyCommitmentUsd: 0.5, expiresMs: Date.parse('2027-06-01T00:00:00Z') }]);
  });
});

/** CUR rows with every commitment column a real export has (the sample's export lacks end times and counts). */
const curRows: BillRow[] = [
  ...[0, 1].map((h) => ({
    identity_line_item_id: `fee-${h}`, line_item_line_item_type: 'SavingsPlanRecurringFee', line_item_product_code: 'ComputeSavingsPlans', line_item_usage_type: 'ComputeSP:1yrNoUpfront',
    line_item_usage_start_date: `2026-11-21T2${2 + h}:00:00Z`, line_item_usage_end_date: h === 0 ? '2026-11-21T23:00:00Z' : '2026-11-22T00:00:00Z', line_item_usage_amount: '1',
    line_item_unblended_cost: '2.25', savings_plan_savings_plan_a_r_n: 'arn:aws:savingsplans::1:savingsplan/sp-a', savings_plan_total_commitment_to_date: '2.25', savings_plan_used_commitment: '2.0',
    savings_plan_end_time: '2027-09-30T00:00:00.000Z',
  })),
  { identity_line_item_id: 'ri-fee', line_item_line_item_type: 'RIFee', line_item_product_code: 'AmazonEC2', line_item_usage_type: 'USE1-HeavyUsage:c5.large', product_instance_type: 'c5.large',
    product_region_code: 'us-east-1', line_item_usage_start_date: '2026-11-01T00:00:00Z', line_item_usage_end_date: '2026-12-01T00:00:00Z', line_item_usage_amount: '3600', line_item_unblended_cost: '200',
    reservation_reservation_a_r_n: 'arn:aws:ec2:us-east-1:1:reserved-instances/ri-a', reservation_number_of_reservations: '5', reservation_end_time: '2027-02-01T00:00:00.000Z',
    reservation_unused_recurring_fee: '10', reservation_unused_amortized_upfront_fee_for_billing_period: '0' },
  ...[0, 1, 2].map((h) => ({
    identity_line_item_id: `du-${h}`, line_item_line_item_type: 'DiscountedUsage', line_item_product_code: 'AmazonEC2', line_item_usage_type: 'USE1-BoxUsage:c5.large', product_instance_type: 'c5.large',
    product_region_code: 'us-east-1', line_item_usage_start_date: `2026-11-21T0${h}:00:00Z`, line_item_usage_end_date: `2026-11-21T0${h + 1}:00:00Z`, line_item_usage_amount: '5', line_item_unblended_cost: '0',
    reservation_reservation_a_r_n: 'arn:aws:ec2:us-east-1:1:reserved-instances/ri-a', reservation_effective_cost: '0.3', reservation_end_time: '2027-02-01T00:00:00.000Z',
  })),
  { identity_line_item_id: 'od', line_item_line_item_type: 'Usage', line_item_product_code: 'AmazonEC2', line_item_usage_type: 'USE1-BoxUsage:c5.large', product_instance_type: 'c5.large', product_region_code: 'us-east-1',
    line_item_usage_start_date: '2026-11-21T03:00:00Z', line_item_usage_end_date: '2026-11-21T04:00:00Z', line_item_usage_amount: '2', line_item_unblended_cost: '0.17', pricing_term: 'OnDemand' },
];

const focusRows: BillRow[] = ['Used', 'Unused'].map((status) => ({
  BillingCurrency: 'USD', ChargeCategory: 'Usage', ChargePeriodStart: '2026-11-21T00:00:00Z', ChargePeriodEnd: '2026-11-22T00:00:00Z', ServiceName: 'Amazon Elastic Compute Cloud', RegionId: 'eu-west-1',
  BilledCost: '0', EffectiveCost: status === 'Used' ? '9' : '1', ListCost: '0', PricingCategory: 'Committed', CommitmentDiscountId: 'ri-focus', CommitmentDiscountType: 'Reserved Instance', CommitmentDiscountCategory: 'Usage',
  CommitmentDiscountStatus: status, CommitmentDiscountQuantity: status === 'Used' ? '60' : '12', CommitmentDiscountUnit: 'Hours', ConsumedQuantity: status === 'Used' ? '60' : '', ConsumedUnit: 'Hrs',
  SkuPriceDetails: '{"InstanceType":"m6i.large"}',
}));

function toCsv(rows: BillRow[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined || v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

describe('existing commitments through a DuckDB import of full CUR and FOCUS exports', () => {
  it('CSV and Parquet (typed end times) give what the pure readers give on the same rows: counts, $/h and expiries', async () => {
    const curCsv = join(dir, 'cur-full.csv');
    const curParquet = join(dir, 'cur-full.parquet');
    const focusCsv = join(dir, 'focus-full.csv');
    await writeFile(curCsv, toCsv(curRows));
    await writeFile(focusCsv, toCsv(focusRows));
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      await conn.run(`COPY (SELECT * REPLACE (CAST(CAST(reservation_end_time AS TIMESTAMPTZ) AS TIMESTAMP) AS reservation_end_time, CAST(CAST(savings_plan_end_time AS TIMESTAMPTZ) AS TIMESTAMP) AS savings_plan_end_time,
        TRY_CAST(reservation_number_of_reservations AS DOUBLE) AS reservation_number_of_reservations)
        FROM read_csv('${curCsv}', header = true, all_varchar = true)) TO '${curParquet}' (FORMAT parquet)`);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
    const asOfMs = Date.parse('2026-11-22T00:00:00Z');
    const expected = deriveBilledCommitments([...readCurCommitmentLines(curRows), ...readFocusCommitmentLines(focusRows)], asOfMs).counted;
    expect(expected.map((c) => [c.id, c.count, c.instanceType, c.hourlyCommitmentUsd, c.expiresMs === null ? null : new Date(c.expiresMs).toISOString()])).toEqual([
      ['ri-focus', 3, 'm6i.large', 0, null],
      ['arn:aws:ec2:us-east-1:1:reserved-instances/ri-a', 5, 'c5.large', 0, '2027-02-01T00:00:00.000Z'],
      ['arn:aws:savingsplans::1:savingsplan/sp-a', 0, '', 2.25, '2027-09-30T00:00:00.000Z'],
    ]);
    for (const cur of [curCsv, curParquet]) {
      const store = await Store.open(':memory:');
      try {
        await store.transaction((tx) => importCurFile(tx, cur));
        await store.transaction((tx) => importFocusFile(tx, focusCsv));
        const bill = await loadBillCommitments(store, asOfMs, '1y');
        expect(bill.notCounted).toEqual([]);
        expect(bill.counted.map(({ lastSeenMs: _l, ...c }) => c)).toEqual(expected.map(({ lastSeenMs: _l, ...c }) => c));
        // Planned after the RI's expiry, it is dropped with its date.
        const later = await loadBillCommitments(store, Date.parse('2027-03-01T00:00:00Z'), '1y');
        expect(later.notCounted).toEqual([{ id: 'arn:aws:ec2:us-east-1:1:reserved-instances/ri-a', kind: 'reserved-instance', reason: commitmentMessages.billedExpired(Date.parse('2027-02-01T00:00:00Z')) }]);
      } finally {
        await store.close();
      }
    }
  });
});
