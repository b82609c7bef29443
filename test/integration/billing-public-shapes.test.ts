/**
 * Bills as the clouds and the FinOps Foundation write them (fixtures in test/fixtures/billing:
 * our own data in their published shapes), imported into a real DuckDB store and checked against
 * sums computed here without the importer's code (csv-parse and integer arithmetic).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { importCurFile, importFocusFile } from '../../src/collectors/billing/index.js';
import { summarizeCosts } from '../../src/app/costs.js';
import { costFormatters } from '../../src/app/cost-formats.js';
import { loadReportInputs } from '../../src/app/report.js';
import { parseIsoWeek } from '../../src/reports/iso-week.js';
import { HeadroomError } from '../../src/domain/index.js';
import { buildFocusShapeCsv, focusShapeSavingsPlans } from '../fixtures/billing/focus-shape.js';
import { buildCurLines, expectedCurTotals, writeCur2FlatCsv, writeCur2MapsCsv, writeLegacyCurCsv } from '../fixtures/billing/cur-shape.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-bill-shapes-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(':memory:');
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const focus = (store: Store, file: string | string[], replaceSmaller = false) => store.transaction((tx) => importFocusFile(tx, file, { replaceSmaller }));
const cur = (store: Store, file: string | string[], replaceSmaller = false) => store.transaction((tx) => importCurFile(tx, file, { replaceSmaller }));
const write = async (name: string, text: string | Buffer) => {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
};

/** Decimal text → integer units of 1e-11 (FOCUS amounts have 11 decimals); written here, not the importer's parser. */
function units(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not an amount: ${text}`);
  const frac = (m[3] ?? '').padEnd(11, '0').slice(0, 11);
  const v = BigInt(m[2]!) * 100_000_000_000n + BigInt(frac);
  return m[1] === '-' ? -v : v;
}
/** Units of 1e-11 → cents, half away from zero. */
function cents(u: bigint): number {
  const neg = u < 0n;
  const a = neg ? -u : u;
  const c = (a + 500_000_000n) / 1_000_000_000n;
  return Number(neg ? -c : c);
}

const byProviderServiceDay = (r: Record<string, string>) => `${r.ProviderName}|${r.ServiceName}|${r.ChargePeriodStart!.slice(0, 10)}`;

/** BilledCost and EffectiveCost per key (default provider | service | day), in cents, summed exactly from the CSV text. */
function independentFocusSums(csv: string, keyOf = byProviderServiceDay): Map<string, { billed: number; effective: number }> {
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  const acc = new Map<string, { billed: bigint; effective: bigint }>();
  const value = (v: string | undefined) => (v === undefined || v === '' || v === 'NULL' ? '0' : v);
  for (const r of rows) {
    const key = keyOf(r);
    const e = acc.get(key) ?? { billed: 0n, effective: 0n };
    e.billed += units(value(r.BilledCost));
    e.effective += units(value(r.EffectiveCost));
    acc.set(key, e);
  }
  return new Map([...acc].map(([k, v]) => [k, { billed: cents(v.billed), effective: cents(v.effective) }]));
}

async function storedFocusSums(store: Store): Promise<Map<string, { billed: number; effective: number }>> {
  const rows = await store.all<{ key: string; billed: number; effective: number }>(
    `SELECT provider || '|' || service || '|' || strftime(period_start, '%Y-%m-%d') AS key,
            CAST(round(sum(CAST(billed_cost_usd AS DECIMAL(38,10))) * 100) AS INTEGER) AS billed,
            CAST(round(sum(CAST(effective_cost_usd AS DECIMAL(38,10))) * 100) AS INTEGER) AS effective
     FROM cost_line_items GROUP BY 1`);
  return new Map(rows.map((r) => [r.key, { billed: Number(r.billed), effective: Number(r.effective) }]));
}

describe('a FOCUS 1.0 export shaped like the FinOps Foundation sample', () => {
  const csv = buildFocusShapeCsv();

  it('imports as published: BilledCost and EffectiveCost per provider, service and day equal an independent sum to the cent', async () => {
    const file = await write('focus-sample-shape.csv', csv);
    await withStore(async (store) => {
      const r = await focus(store, file);
      expect(r.rowsRead).toBe(csv.trimEnd().split('\n').length - 1);
      const expected = independentFocusSums(csv);
      const stored = await storedFocusSums(store);
      expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [k, v] of expected) expect(stored.get(k), k).toEqual(v);
      expect(new Set([...expected.keys()].map((k) => k.split('|')[0]))).toEqual(new Set(['AWS', 'Microsoft', 'Oracle', 'Google Cloud']));
    });
  });

  it('reads the literal NULL as null in every column: no commitment, region or tag named "NULL", only the real Savings Plans', async () => {
    const file = await write('focus-nulls.csv', csv);
    await withStore(async (store) => {
      const r = await focus(store, file);
      const nulls = await store.all<{ n: number }>(
        "SELECT count(*) AS n FROM cost_line_items WHERE 'NULL' IN (provider, service, region, instance_type, namespace, usage_unit, pricing_category, commitment_discount_id, billing_account, currency)");
      expect(nulls[0]!.n).toBe(0);
      const ids = await store.all<{ id: string }>('SELECT DISTINCT commitment_id AS id FROM bill_commitment_lines ORDER BY 1');
      expect(ids.map((i) => i.id)).toEqual([...focusShapeSavingsPlans].sort());
      expect(r.commitmentsSeen).toBe(focusShapeSavingsPlans.length);
      // The credit row's NULL quantity is 0, its negative costs count.
      const credit = await store.all<{ q: number; c: number }>("SELECT sum(usage_quantity) AS q, sum(billed_cost_usd) AS c FROM cost_line_items WHERE pricing_category = 'Other' AND provider = 'AWS'");
      expect(credit[0]!.c).toBeCloseTo(-2.7513, 10);
      // Namespaces come from the JSON Tags column.
      const ns = await store.all<{ namespace: string }>("SELECT DISTINCT namespace FROM cost_line_items WHERE namespace <> '' ORDER BY 1");
      expect(ns.map((n) => n.namespace)).toEqual(['batch', 'checkout', 'payments', 'search']);
    });
  });

  it('keeps the billing period beside the charge period, and costs groups by either, by provider and by account', async () => {
    const file = await write('focus-periods.csv', csv);
    await withStore(async (store) => {
      const r = await focus(store, file);
      expect(r.slices.map((s) => [s.provider, new Date(s.billingPeriodStartMs).toISOString().slice(0, 7)])).toEqual([
        ['AWS', '2026-10'], ['Google Cloud', '2026-10'], ['Microsoft', '2026-10'], ['Oracle', '2026-10'], ['Oracle', '2026-11'],
      ]);
      const byProvider = new Map([...independentFocusSums(csv, (row) => row.ProviderName!)].map(([k, v]) => [k, v.effective]));
      const s = await summarizeCosts(store, { days: 60, by: 'provider' });
      expect(new Map(s.groupBy!.rows.map((row) => [row.key, Math.round(row.costUsd * 100)]))).toEqual(byProvider);
      const periods = await summarizeCosts(store, { days: 60, by: 'billing-period' });
      // One Oracle line charged on 31 October is billed in November.
      const byPeriod = new Map([...independentFocusSums(csv, (row) => row.BillingPeriodStart!.slice(0, 7))].map(([k, v]) => [k, v.effective]));
      expect(byPeriod.get('2026-11')).toBe(125);
      expect(new Map(periods.groupBy!.rows.map((row) => [row.key, Math.round(row.costUsd * 100)]))).toEqual(byPeriod);
      const accounts = await summarizeCosts(store, { days: 60, by: 'account' });
      expect(accounts.groupBy!.rows.map((row) => row.key).sort()).toEqual(['/providers/Microsoft.Billing/billingAccounts/7700123', '01A2B3-C4D5E6-F7A8B9', '40401234', '555000111222']);
      expect(costFormatters.table(accounts)).toContain('account');
    });
  });

  it('gives the same totals from gzip and zstd CSV and from Parquet (text columns holding "NULL", Tags as a MAP)', async () => {
    const plain = await write('focus-same.csv', csv);
    const gz = await write('focus-same.csv.gz', gzipSync(csv));
    const parquet = join(dir, 'focus-same.parquet');
    const zst = join(dir, 'focus-same.csv.zst');
    await withStore(async (store) => {
      await store.run(`COPY (SELECT * FROM read_csv('${plain}', header = true, all_varchar = true, allow_quoted_nulls = false)) TO '${zst}' (FORMAT csv, HEADER, COMPRESSION zstd)`);
      // Parquet written by DuckDB from the text: every column VARCHAR with the literal NULL kept, Tags a MAP.
      await store.run(`COPY (SELECT * REPLACE (CAST(CASE WHEN Tags = 'NULL' THEN NULL ELSE Tags END AS JSON)::MAP(VARCHAR, VARCHAR) AS Tags)
        FROM read_csv('${plain}', header = true, all_varchar = true, allow_quoted_nulls = false)) TO '${parquet}' (FORMAT parquet)`);
    });
    const totals: string[][] = [];
    for (const f of [plain, gz, parquet, zst]) {
      await withStore(async (store) => {
        const r = await focus(store, f);
        const ns = await store.all<{ n: number }>("SELECT count(DISTINCT namespace) AS n FROM cost_line_items WHERE namespace <> ''");
        totals.push([r.effectiveCostUsd, r.billedCostUsd, String(r.rowsRead), String(ns[0]!.n), String(r.commitmentsSeen)]);
      });
    }
    expect(totals[1]).toEqual(totals[0]);
    expect(totals[2]).toEqual(totals[0]);
    expect(totals[3]).toEqual(totals[0]);
  });
});

describe('FOCUS 1.1–1.2 exports of Azure, GCP and OCI', () => {
  // SkuPriceDetails (FOCUS 1.1+) carries the instance type; hourly on-demand rows become instance-hours.
  const header = 'BilledCost,EffectiveCost,ListCost,BillingCurrency,BillingAccountId,BillingPeriodStart,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,PricingCategory,ProviderName,ServiceName,RegionId,ConsumedQuantity,ConsumedUnit,SkuPriceDetails,Tags';
  const rows: string[] = [];
  const vms: [string, string, string][] = [['Microsoft', 'Virtual Machines', 'Standard_D4s_v5'], ['Google Cloud', 'Compute Engine', 'n2-standard-4'], ['Oracle', 'COMPUTE', 'VM.Standard.E4.Flex']];
  for (let h = 0; h < 6; h++) {
    for (const [provider, service, type] of vms) {
      const s = `2026-11-03T${String(h).padStart(2, '0')}:00:00Z`;
      const e = `2026-11-03T${String(h + 1).padStart(2, '0')}:00:00Z`;
      const details = JSON.stringify({ InstanceType: type, CoreCount: 4 }).replace(/"/g, '""');
      rows.push(`0.19,0.19,0.21,USD,acct-${provider.length},2026-11-01T00:00:00Z,${s},${e},Usage,Standard,${provider},${service},eastus,2,Hours,"${details}",NULL`);
    }
  }
  const csv = [header, ...rows].join('\n') + '\n';

  it('take the instance type from SkuPriceDetails as JSON text or as a map', async () => {
    const file = await write('focus-1.2.csv', csv);
    const parquet = join(dir, 'focus-1.2.parquet');
    await withStore(async (store) => {
      await store.run(`COPY (SELECT * REPLACE (CAST(SkuPriceDetails AS JSON)::MAP(VARCHAR, VARCHAR) AS SkuPriceDetails) FROM read_csv('${file}', header = true, all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
    });
    for (const f of [file, parquet]) {
      await withStore(async (store) => {
        const r = await focus(store, f);
        expect(r.slices.map((s) => s.provider)).toEqual(['Google Cloud', 'Microsoft', 'Oracle']);
        const hours = await store.all<{ instance_type: string; n: number; i: number }>('SELECT instance_type, count(*) AS n, sum(instances) AS i FROM instance_usage_hours GROUP BY 1 ORDER BY 1');
        expect(hours.map((h) => [h.instance_type, Number(h.n), Number(h.i)])).toEqual([['Standard_D4s_v5', 6, 12], ['VM.Standard.E4.Flex', 6, 12], ['n2-standard-4', 6, 12]]);
      });
    }
  });
});

describe('AWS CUR: legacy and 2.0 layouts of the same usage', () => {
  const lines = buildCurLines();
  const expected = expectedCurTotals(lines);

  it('give the same totals, equal to the documented amortisation rules computed independently', async () => {
    const files = {
      legacy: await write('cur-legacy.csv', writeLegacyCurCsv(lines)),
      legacyGz: await write('cur-legacy.csv.gz', gzipSync(writeLegacyCurCsv(lines))),
      maps: await write('cur2-maps.csv', writeCur2MapsCsv(lines)),
      flat: await write('cur2-flat.csv', writeCur2FlatCsv(lines)),
    };
    const parquet = { legacy: join(dir, 'cur-legacy.parquet'), maps: join(dir, 'cur2-maps.parquet') };
    await withStore(async (store) => {
      await store.run(`COPY (SELECT * FROM read_csv('${files.legacy}', header = true, all_varchar = true)) TO '${parquet.legacy}' (FORMAT parquet)`);
      await store.run(`COPY (SELECT * REPLACE (CAST(product AS JSON)::MAP(VARCHAR, VARCHAR) AS product, CAST(resource_tags AS JSON)::MAP(VARCHAR, VARCHAR) AS resource_tags)
        FROM read_csv('${files.maps}', header = true, all_varchar = true)) TO '${parquet.maps}' (FORMAT parquet)`);
    });
    const seen: Record<string, unknown[]> = {};
    for (const [name, file] of Object.entries({ ...files, legacyParquet: parquet.legacy, mapsParquet: parquet.maps })) {
      await withStore(async (store) => {
        const r = await cur(store, file);
        const byNamespace = await store.all<{ namespace: string; c: number }>(
          'SELECT namespace, CAST(round(sum(CAST(effective_cost_usd AS DECIMAL(38,10))) * 10000) AS BIGINT) AS c FROM cost_line_items GROUP BY 1 ORDER BY 1');
        const byService = await store.all<{ service: string; c: number }>('SELECT service, CAST(round(sum(CAST(effective_cost_usd AS DECIMAL(38,10))) * 10000) AS BIGINT) AS c FROM cost_line_items GROUP BY 1 ORDER BY 1');
        const hours = await store.all<{ n: number }>('SELECT CAST(sum(instances) AS BIGINT) AS n FROM instance_usage_hours');
        seen[name] = [r.effectiveCostUsd, r.billedCostUsd, byNamespace.map((b) => [b.namespace, Number(b.c)]), byService.map((b) => [b.service, Number(b.c)]), Number(hours[0]!.n), r.commitmentsSeen, r.slices.map((s) => s.billingAccount)];
      });
    }
    expect(Number(seen.legacy![0])).toBeCloseTo(expected.effective / 10_000, 8);
    expect(Number(seen.legacy![1])).toBeCloseTo(expected.billed / 10_000, 8);
    expect(new Map(seen.legacy![2] as [string, number][])).toEqual(expected.byNamespace);
    expect(seen.legacy![3]).toEqual([['Amazon Elastic Compute Cloud', expect.any(Number)], ['Amazon Simple Storage Service', expect.any(Number)]]);
    for (const name of Object.keys(seen)) expect(seen[name], name).toEqual(seen.legacy);
  });

  it('names the layouts it knows when a file is none of them', async () => {
    const file = await write('not-a-bill.csv', 'date,amount,note\n2026-10-01,12.50,lunch\n');
    await withStore(async (store) => {
      const err = await cur(store, file).catch((e: unknown) => e);
      expect((err as HeadroomError).message).toBe(`cur ${file}: not a known billing layout (columns date, amount, note); known layouts: FOCUS 1.0–1.2 (BilledCost, EffectiveCost, ChargePeriodStart, …); AWS CUR 2.0 (line_item_line_item_type, line_item_unblended_cost, line_item_usage_start_date, …); AWS legacy CUR (lineItem/LineItemType, lineItem/UnblendedCost, lineItem/UsageStartDate, …)`);
      const legacyAsFocus = await write('legacy-as-focus.csv', writeLegacyCurCsv(lines.slice(0, 3)));
      const wrong = await focus(store, legacyAsFocus).catch((e: unknown) => e);
      expect((wrong as HeadroomError).hint).toBe('this is an AWS legacy CUR export: import it with --cur');
    });
  });
});

describe('import identity and re-imports', () => {
  const full = buildCurLines({ days: 31 });
  const fullCsv = writeCur2MapsCsv(full);

  const count = async (store: Store) => (await store.all<{ n: number; c: number }>('SELECT count(*) AS n, sum(effective_cost_usd) AS c FROM cost_line_items'))[0]!;

  it('recognises the same export under another path and does not add it twice', async () => {
    const a = await write('oct-a.csv', fullCsv);
    const b = await write('copy-of-oct.csv', fullCsv);
    await withStore(async (store) => {
      const first = await cur(store, a);
      const before = await count(store);
      const second = await cur(store, b);
      expect(second.duplicateOf).toBe(a);
      expect(second.importId).toBe(first.importId);
      expect(await count(store)).toEqual(before);
    });
  });

  it('reads the parts of one export as one: the same totals as the whole, and one part alone is refused as smaller', async () => {
    const text = fullCsv.trimEnd().split('\n');
    const half = Math.floor(text.length / 2);
    const part1 = await write('part-00001.csv', text.slice(0, half).join('\n') + '\n');
    const part2 = await write('part-00002.csv', [text[0], ...text.slice(half)].join('\n') + '\n');
    const whole = await write('whole.csv', fullCsv);
    const wholeTotals = await withStore(async (store) => (await cur(store, whole)).effectiveCostUsd);
    await withStore(async (store) => {
      const r = await cur(store, [part1, part2]);
      expect(r.effectiveCostUsd).toBe(wholeTotals);
      expect(r.rowsRead).toBe(text.length - 1);
      await expect(cur(store, part1)).rejects.toThrow(/refusing to replace 2026-10 for account 555000111222/);
    });
  });

  it('replaces an older export of the same account and period with a newer one, in one transaction, and says so', async () => {
    const older = await write('oct-early.csv', writeCur2MapsCsv(buildCurLines({ days: 28 })));
    const newer = await write('oct-final.csv', fullCsv);
    await withStore(async (store) => {
      const a = await cur(store, older);
      const b = await cur(store, newer);
      expect(b.slices).toHaveLength(1);
      const oldCost = Number(a.effectiveCostUsd).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      const newCost = Number(b.effectiveCostUsd).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      expect(b.slices[0]!.replaced!.message).toBe(`replaced 2026-10 for account 555000111222: $${oldCost} → $${newCost}`);
      const ids = await store.all<{ id: string }>('SELECT DISTINCT import_id AS id FROM cost_line_items');
      expect(ids.map((i) => i.id)).toEqual([b.importId]);
      expect((await count(store)).c).toBeCloseTo(Number(b.effectiveCostUsd), 6);
      const imports = await store.all<{ n: number }>('SELECT count(*) AS n FROM billing_imports');
      expect(imports[0]!.n).toBe(1);
    });
  });

  it('refuses a much smaller export naming both figures, unless told to replace it', async () => {
    const complete = await write('oct-complete.csv', fullCsv);
    const partial = await write('oct-partial.csv', writeCur2MapsCsv(buildCurLines({ days: 12 })));
    await withStore(async (store) => {
      const a = await cur(store, complete);
      const before = await count(store);
      const err = await cur(store, partial).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HeadroomError);
      const p = buildCurLines({ days: 12 }).length;
      expect((err as HeadroomError).message).toMatch(new RegExp(`^.*oct-partial\\.csv: refusing to replace 2026-10 for account 555000111222: the new export is much smaller \\(${a.rowsRead} → ${p} rows, \\$[\\d,]+\\.\\d\\d → \\$[\\d,]+\\.\\d\\d\\)$`));
      expect((err as HeadroomError).hint).toContain('--replace-smaller');
      expect(await count(store)).toEqual(before);
      const forced = await cur(store, partial, true);
      expect(forced.slices[0]!.replaced).not.toBeNull();
      expect((await count(store)).n).toBeLessThan(before.n);
    });
  });
});

describe('currencies', () => {
  it('reports a EUR bill in EUR, never as USD', async () => {
    const file = await write('focus-eur.csv', buildFocusShapeCsv({ currency: 'EUR', azureRows: 0, gcpRows: 0 }));
    await withStore(async (store) => {
      const r = await focus(store, file);
      expect(r.currencies).toEqual(['EUR']);
      const s = await summarizeCosts(store, { days: 60 });
      expect(s.currency).toBe('EUR');
      const table = costFormatters.table(s);
      expect(table).not.toContain('$');
      expect(table).toContain('in EUR');
      expect(table).toContain('€');
      expect(costFormatters.csv(s).split('\n')[1]).toMatch(/^total,amortised,EUR,/);
      expect(costFormatters.csv(s)).toMatch(/^service,[^,]+,EUR,/m);
      expect(JSON.parse(costFormatters.json(s)).currency).toBe('EUR');
      const inUsd = await summarizeCosts(store, { days: 60, fx: { EUR: 2 } });
      expect(inUsd.currency).toBe('USD');
      expect(Math.abs(inUsd.totalEffectiveCostUsd - 2 * s.totalEffectiveCostUsd)).toBeLessThanOrEqual(0.011);
      expect(costFormatters.table(inUsd)).toContain('1 EUR = 2 USD');
      // The weekly report shows the EUR bill in EUR, with the week total `costs` gives for the same seven days.
      const report = await loadReportInputs(store, parseIsoWeek('2026-W43'), Date.UTC(2026, 10, 2), null);
      expect(report.currency).toBe('EUR');
      const w43 = await summarizeCosts(store, { days: 7, endMs: Date.UTC(2026, 9, 26) });
      expect(w43.byDay.map((d) => d.key)).toEqual(['2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25']);
      expect(report.summary.spend.lastWeekUsd).toBe(w43.totalEffectiveCostUsd);
      expect(report.summary.highlights[0]).toMatch(/^Spend last week: €[\d,]+\.\d\d/);
    });
  });

  it('refuses to total a store mixing EUR and USD unless rates are given, then converts', async () => {
    const eur = await write('cur-eur.csv', writeCur2MapsCsv(buildCurLines({ days: 7 }), { currency: 'EUR', payerAccount: '999000111222' }));
    const usd = await write('cur-usd.csv', writeCur2MapsCsv(buildCurLines({ days: 7 })));
    await withStore(async (store) => {
      const e = await cur(store, eur);
      const u = await cur(store, usd);
      const err = await summarizeCosts(store, { days: 60 }).catch((x: unknown) => x);
      expect((err as HeadroomError).message).toBe('the bill mixes EUR, USD: one total needs an exchange rate for EUR');
      expect((err as HeadroomError).hint).toContain('--fx EUR=RATE');
      const s = await summarizeCosts(store, { days: 60, fx: { EUR: 1.08 } });
      expect(s.currency).toBe('USD');
      expect(s.fxRates).toEqual({ EUR: 1.08 });
      expect(s.totalEffectiveCostUsd).toBeCloseTo(Number(u.effectiveCostUsd) + Number(e.effectiveCostUsd) * 1.08, 2);
    });
  });
});

describe('empty and truncated exports', () => {
  const csv = buildFocusShapeCsv({ awsRows: 30, azureRows: 5, gcpRows: 0 });
  const lines = csv.trimEnd().split('\n');

  it('are refused before format sniffing, saying what is wrong, and leave the store as it was', async () => {
    const good = await write('good.csv', csv);
    const cut = csv.slice(0, csv.indexOf(lines[20]!) + Math.floor(lines[20]!.length / 2));
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.csv', '', /: empty file$/],
      ['header-only.csv', `${lines[0]}\n`, /: header only, no rows$/],
      ['cut-mid-row.csv', cut, /: truncated at line 21 \(\d+ of 44 columns\)$/],
      ['cut.csv.gz', gzipSync(csv).subarray(0, 600), /: truncated gzip stream/],
      ['empty.csv.gz', gzipSync(''), /: empty file$/],
      ['cut.parquet', Buffer.from('PAR1\u0000\u0000\u0000garbage'), /: truncated Parquet file \(\d+ bytes, no PAR1 footer\)$/],
    ];
    await withStore(async (store) => {
      await focus(store, good);
      const before = await store.all('SELECT count(*) AS n, sum(effective_cost_usd) AS c, (SELECT count(*) FROM billing_imports) AS i FROM cost_line_items');
      for (const [name, content, message] of cases) {
        const file = await write(name, content);
        const err = await focus(store, file).catch((e: unknown) => e);
        expect(err, name).toBeInstanceOf(HeadroomError);
        expect((err as HeadroomError).message, name).toMatch(message);
        expect((err as HeadroomError).message.startsWith(`focus ${file}: `), name).toBe(true);
      }
      expect(await store.all('SELECT count(*) AS n, sum(effective_cost_usd) AS c, (SELECT count(*) FROM billing_imports) AS i FROM cost_line_items')).toEqual(before);
    });
  });
});
