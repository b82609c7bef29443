import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { importCurFile, importFocusFile, type BillingImportResult } from '../../src/collectors/billing/index.js';
import { sampleCommitmentMix, writeBillingExports, type BillingExportFiles } from '../../src/sample/billing-exports.js';
import { generateSampleCluster } from '../../src/sample/index.js';
import { loadInstanceUsageHours } from '../../src/store/cost-repo.js';
import { HeadroomError, type CostLineItem } from '../../src/domain/index.js';

let dir: string;
let files: BillingExportFiles;
let items: CostLineItem[];
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-billing-'));
  const sample = generateSampleCluster({ days: 30, seed: 42 });
  items = sample.billing.costLineItems;
  files = await writeBillingExports(items, join(dir, 'exports'));
  store = await Store.open(':memory:');
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

const importFocus = (file: string) => store.transaction((tx) => importFocusFile(tx, file));
const importCur = (file: string) => store.transaction((tx) => importCurFile(tx, file));

/** The month's amortised total from the line items and the export's commitment mix, computed independently. */
function expectedEffectiveUsd(lines: CostLineItem[]): number {
  const mix = sampleCommitmentMix;
  let total = 0;
  const days = new Set<number>();
  for (const i of lines) {
    days.add(i.periodStartMs);
    // Spot lines are exported as spot usage at their own price; the commitment mix covers on-demand compute.
    const compute = i.instanceType !== '' && i.service === 'AmazonEC2' && i.pricingCategory !== 'Dynamic';
    if (!compute) { total += i.effectiveCostUsd; continue; }
    const list = i.listCostUsd;
    total += list * mix.onDemand + list * mix.savingsPlan * mix.savingsPlanRate * (1 + mix.savingsPlanUnused) + list * mix.reserved * mix.reservedRate * (1 + mix.reservedUnused);
  }
  return total + days.size * mix.taxPerDayUsd + mix.creditUsd;
}

describe('billing imports', () => {
  let focusCsv: BillingImportResult;
  let curCsv: BillingImportResult;
  let focusParquet: BillingImportResult;
  let curParquet: BillingImportResult;

  it('give the same total EffectiveCost for FOCUS and CUR of the same sample month, to the last decimal', async () => {
    focusCsv = await importFocus(files.focusCsv);
    curCsv = await importCur(files.curCsv);
    focusParquet = await importFocus(files.focusParquet);
    curParquet = await importCur(files.curParquet);
    expect(curCsv.effectiveCostUsd).toBe(focusCsv.effectiveCostUsd);
    expect(focusParquet.effectiveCostUsd).toBe(focusCsv.effectiveCostUsd);
    expect(curParquet.effectiveCostUsd).toBe(focusCsv.effectiveCostUsd);
    // The invoice view agrees as well: Savings Plan negation cancels the covered usage's unblended cost.
    expect(curCsv.billedCostUsd).toBe(focusCsv.billedCostUsd);
    expect(Number(focusCsv.effectiveCostUsd)).toBeCloseTo(expectedEffectiveUsd(items), 2);
    // Amortised is below billed this month only by the RI/SP discount structure, not by the negation.
    expect(Number(focusCsv.effectiveCostUsd)).toBeLessThan(Number(focusCsv.billedCostUsd) + 1e-9 + items.reduce((a, i) => a + i.listCostUsd, 0));
  });

  it('stores per-day line items whose sums match the file totals for each source', async () => {
    // The Parquet exports are the same bills as the CSV ones (same account and period): they replaced them.
    const rows = await store.all<{ source: string; effective: number; billed: number }>(
      'SELECT source, CAST(sum(CAST(effective_cost_usd AS DECIMAL(38,10))) AS DOUBLE) AS effective, CAST(sum(CAST(billed_cost_usd AS DECIMAL(38,10))) AS DOUBLE) AS billed FROM cost_line_items GROUP BY source ORDER BY source');
    expect((await store.all<{ id: string }>('SELECT DISTINCT import_id AS id FROM cost_line_items ORDER BY id')).map((r) => r.id)).toEqual([curParquet.importId, focusParquet.importId].sort());
    expect(rows.map((r) => r.source)).toEqual(['cur', 'focus']);
    for (const r of rows) {
      expect(r.effective).toBeCloseTo(Number(focusCsv.effectiveCostUsd), 4);
      expect(r.billed).toBeCloseTo(Number(focusCsv.billedCostUsd), 4);
    }
    const namespaces = await store.all<{ n: number }>("SELECT count(DISTINCT namespace) AS n FROM cost_line_items WHERE source = 'cur' AND namespace <> ''");
    expect(namespaces[0]!.n).toBe(new Set(items.filter((i) => i.namespace).map((i) => i.namespace)).size);
  });

  it('replaces, not doubles, the rows of a file imported twice', async () => {
    const before = await store.all<{ n: number }>("SELECT count(*) AS n FROM cost_line_items WHERE source = 'cur'");
    await importCur(files.curCsv);
    await importCur(files.curCsv);
    const after = await store.all<{ n: number }>("SELECT count(*) AS n FROM cost_line_items WHERE source = 'cur'");
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(after[0]!.n).toBeGreaterThan(0);
  });

  it('turns hourly on-demand BoxUsage lines of a CUR into instance usage hours', async () => {
    const header = 'line_item_line_item_type,line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,product_region_code,product_instance_type,pricing_term';
    const lines = [header];
    for (let h = 0; h < 3; h++) {
      const s = new Date(Date.UTC(2026, 10, 1, h)).toISOString();
      const e = new Date(Date.UTC(2026, 10, 1, h + 1)).toISOString();
      lines.push(`Usage,${s},${e},AmazonEC2,BoxUsage:m5.large,${h + 2},${((h + 2) * 0.096).toFixed(3)},us-east-1,m5.large,OnDemand`);
      lines.push(`Usage,${s},${e},AmazonEC2,BoxUsage:m5.large,1,0.096,us-east-1,m5.large,OnDemand`);
      lines.push(`DiscountedUsage,${s},${e},AmazonEC2,BoxUsage:m5.large,5,0,us-east-1,m5.large,Reserved`);
    }
    const file = join(dir, 'hourly-cur.csv');
    await writeFile(file, lines.join('\n') + '\n');
    const result = await importCur(file);
    expect(result.usageHoursStored).toBe(3);
    const usage = (await loadInstanceUsageHours(store)).filter((u) => u.timestampMs >= Date.UTC(2026, 10, 1) && u.timestampMs < Date.UTC(2026, 10, 2));
    expect(usage.map((u) => u.instances)).toEqual([3, 4, 5]);
  });

  it('amortises each CUR line type by the standard rules', async () => {
    const header = 'line_item_line_item_type,line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_unblended_cost,reservation_reservation_a_r_n,reservation_effective_cost,reservation_unused_amortized_upfront_fee_for_billing_period,reservation_unused_recurring_fee,savings_plan_savings_plan_effective_cost,savings_plan_total_commitment_to_date,savings_plan_used_commitment';
    const day = '2026-09-01T00:00:00Z,2026-09-02T00:00:00Z,AmazonEC2';
    const lines = [
      header,
      `Usage,${day},10.5,,,,,,,`, // on demand: 10.5
      `SavingsPlanCoveredUsage,${day},4.0,,,,,2.9,,`, // 2.9
      `SavingsPlanNegation,${day},-4.0,,,,,,,`, // 0
      `SavingsPlanRecurringFee,${day},3.1,,,,,,3.1,2.9`, // unused 0.2
      `SavingsPlanUpfrontFee,${day},100,,,,,,,`, // 0 (amortised into the covered usage)
      `DiscountedUsage,${day},0,arn:ri-1,1.75,,,,,`, // 1.75
      `RIFee,${day},2.0,arn:ri-1,,0.05,0.25,,,`, // unused upfront 0.05 + unused recurring 0.25
      `Fee,${day},500,arn:ri-1,,,,,,`, // RI upfront fee: 0
      `Fee,${day},7.77,,,,,,,`, // other fee: 7.77
      `Tax,${day},1.23,,,,,,,`,
      `Credit,${day},-2.5,,,,,,,`,
      `Refund,${day},-0.5,,,,,,,`,
    ];
    const file = join(dir, 'rules-cur.csv');
    await writeFile(file, lines.join('\n') + '\n');
    const result = await importCur(file);
    expect(result.effectiveCostUsd).toBe('21.6500000000'); // 10.5 + 2.9 + 0.2 + 1.75 + 0.3 + 7.77 + 1.23 − 2.5 − 0.5
    expect(result.billedCostUsd).toBe('621.6000000000'); // the invoice: every unblended amount
  });

  it('names the file, column and row of a malformed amount', async () => {
    const text = await readFile(files.focusCsv, 'utf8');
    const rows = text.split('\n');
    const header = rows[0]!.split(',');
    const col = header.indexOf('BilledCost');
    const cells = rows[2]!.split(',');
    // The first columns hold no quoted commas, so splitting on commas finds the BilledCost cell of data row 2.
    cells[col] = 'twelve';
    rows[2] = cells.join(',');
    const bad = join(dir, 'bad-focus.csv');
    await writeFile(bad, rows.join('\n'));
    const err = await importFocus(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeadroomError);
    expect((err as HeadroomError).message).toBe(`focus ${bad}: column BilledCost row 2: "twelve" is not an amount`);
    expect((err as HeadroomError).code).toBe('INPUT_INVALID');
  });

  it('names the missing columns of a file that is not a CUR export', async () => {
    const err = await importCur(files.focusCsv).catch((e: unknown) => e);
    expect((err as HeadroomError).message).toBe(`cur ${files.focusCsv}: missing columns line_item_line_item_type, line_item_unblended_cost, line_item_usage_start_date, line_item_usage_end_date, line_item_product_code`);
    const notCsv = join(dir, 'bill.xlsx');
    await writeFile(notCsv, 'x');
    await expect(importFocus(notCsv)).rejects.toThrow(/not a CSV or Parquet file/);
    await expect(importFocus(join(dir, 'missing.csv'))).rejects.toThrow(/focus .*missing\.csv: cannot be read/);
  });
});
