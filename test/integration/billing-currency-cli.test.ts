/**
 * A bill in EUR, and a bill of an EUR account beside a USD one, through the real CLI and a real
 * DuckDB store: `headroom report` and `headroom capacity` show the EUR bill in EUR, refuse the mix
 * (one line, exit 2, nothing written) and convert it at `--fx` rates. Expected figures are summed
 * here from the fixture lines with integer arithmetic (test/fixtures/billing/cur-shape.ts), not
 * by the importer's code.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleCluster } from '../../src/sample/index.js';
import { Store } from '../../src/store/index.js';
import { storeCapacityInputs } from '../../src/app/capacity.js';
import type { CapacityReport } from '../../src/domain/capacity.js';
import type { WeeklyReport } from '../../src/reports/index.js';
import { runCli } from '../helpers/cli.js';
import { buildCurLines, expectedCurTotals, writeCur2MapsCsv, type CurLine } from '../fixtures/billing/cur-shape.js';

let dir: string;
const sample = generateSampleCluster({ stepSeconds: 3600 });
const eurAccount = '999000111222';
const usdLines = buildCurLines();
// The EUR account's bill differs from the USD one (storage and tax only), so a rate applied to the wrong account shows.
const eurLines = buildCurLines().filter((l) => l.productCode === 'AmazonS3' || l.type === 'Tax');
const rate = 1.08;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-currency-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A store with the sample cluster's capacity inputs (as `collect` stores them) and a config pointing at it. */
async function setUp(name: string): Promise<{ config: string; out: string }> {
  const base = join(dir, name);
  await mkdir(base, { recursive: true });
  const storePath = join(base, 'store.duckdb');
  const store = await Store.open(storePath);
  try {
    await storeCapacityInputs(store, { snapshotId: `${name}-1`, cluster: sample.cluster, windowStartMs: sample.startMs, windowEndMs: sample.endMs, collectedAtMs: sample.endMs }, sample.usage);
  } finally {
    await store.close();
  }
  const config = join(base, 'headroom.yaml');
  await writeFile(config, `store:\n  path: ${storePath}\n`);
  await mkdir(join(base, 'out'));
  return { config, out: join(base, 'out') };
}

async function importCur(config: string, file: string, lines: CurLine[], options: { currency?: string; payerAccount?: string } = {}): Promise<void> {
  await writeFile(file, writeCur2MapsCsv(lines, options));
  const r = await runCli(['-c', config, 'import', '--cur', file]);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
}

/** Effective cost in whole 1/10000 of the lines starting in [from, to) (ISO dates), as the fixture defines it. */
const effectiveUnits = (lines: CurLine[], from: string, to: string) => expectedCurTotals(lines.filter((l) => l.start >= from && l.start < to)).effective;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Amount texts the report prints for bill amounts: "€1,234.56" or "$1,234.56". */
const dollarAmounts = (text: string) => text.match(/\$\d[\d,]*\.\d\d/g) ?? [];

describe('a bill in EUR through report and capacity', () => {
  it('is reported in EUR in HTML, Markdown, CSV and JSON, never as dollars', async () => {
    const { config, out } = await setUp('eur');
    await importCur(config, join(dir, 'eur.csv'), eurLines, { currency: 'EUR', payerAccount: eurAccount });

    const r = await runCli(['-c', config, 'report', '--week', '2026-W42', '--out-dir', out, '--no-pdf', '--no-publish']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const week = join(out, '2026-W42');
    const report = JSON.parse(await readFile(join(week, 'report.json'), 'utf8')) as WeeklyReport;
    expect(report.currency).toBe('EUR');
    expect(report.exchangeRates).toEqual({});
    // W42 is 2026-10-12 .. 2026-10-18; the week before, 10-05 .. 10-11.
    const last = effectiveUnits(eurLines, '2026-10-12', '2026-10-19') / 10_000;
    const previous = effectiveUnits(eurLines, '2026-10-05', '2026-10-12') / 10_000;
    expect(report.summary.spend.lastWeekUsd).toBe(round2(last));
    expect(report.summary.spend.previousWeekUsd).toBe(round2(previous));
    const euros = (x: number) => `€${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    expect(report.summary.highlights[0]).toMatch(new RegExp(`^Spend last week: ${euros(round2(last)).replace(/[.$]/g, '\\$&')} \\(`));

    const html = await readFile(join(week, 'report.html'), 'utf8');
    const md = await readFile(join(week, 'report.md'), 'utf8');
    expect(html).toContain(euros(round2(last)));
    expect(html).toContain('data-currency="EUR"');
    expect(html).toContain('EUR / day');
    expect(md).toContain('Amounts in EUR');
    expect(md).toContain(euros(round2(last)));
    for (const text of [html, md]) {
      expect(dollarAmounts(text)).toEqual([]);
      expect(text).not.toContain('USD / ');
    }
    const byService = (await readFile(join(week, 'cost-by-service.csv'), 'utf8')).trim().split('\n');
    expect(byService[0]).toBe('service,last_week_eur,previous_week_eur');
    const csvTotal = byService.slice(1).reduce((a, line) => a + Number(line.split(',').at(-2)), 0);
    expect(round2(csvTotal)).toBe(round2(last));
    for (const f of await readdir(week)) if (f.endsWith('.csv') && !['rightsizing.csv', 'commitments.csv'].includes(f)) expect(await readFile(join(week, f), 'utf8')).not.toMatch(/_usd\b/);

    const cap = await runCli(['-c', config, 'capacity', '--format', 'json', '--output', join(out, 'capacity.json')]);
    expect(cap.stderr).not.toMatch(/error/i);
    expect(cap.code).toBe(0);
    const capacity = JSON.parse(await readFile(join(out, 'capacity.json'), 'utf8')) as CapacityReport;
    expect(capacity.cost!.currency).toBe('EUR');
    const total = capacity.cost!.series.find((s) => s.breakdown === 'service' && s.key === '(total)')!;
    expect(total.recentDailyUsd).toBeCloseTo(effectiveUnits(eurLines, '2026-10-25', '2026-11-01') / 10_000 / 7, 6);
    const table = await runCli(['-c', config, 'capacity']);
    expect(table.stdout).toContain('Cost forecast (effective cost, EUR;');
    expect(table.stdout).not.toContain('USD');
    const csvRun = await runCli(['-c', config, 'capacity', '--format', 'csv']);
    expect(csvRun.code).toBe(0);
  }, 240_000);
});

describe('a bill mixing an EUR account and a USD account', () => {
  it('is refused by report and capacity with one line and exit 2, writing nothing, and converted with --fx', async () => {
    const { config, out } = await setUp('mixed');
    await importCur(config, join(dir, 'usd.csv'), usdLines);
    await importCur(config, join(dir, 'eur-account.csv'), eurLines, { currency: 'EUR', payerAccount: eurAccount });

    const refused = await runCli(['-c', config, 'report', '--week', '2026-W42', '--out-dir', out, '--no-pdf', '--no-publish']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe('error: report 2026-W42: the bill mixes EUR, USD: one total needs an exchange rate for EUR (rerun with --fx EUR=RATE (the value of one EUR in USD), e.g. headroom report --fx EUR=1.08)');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(await readdir(out)).toEqual([]);

    const capRefused = await runCli(['-c', config, 'capacity', '--format', 'json', '--output', join(out, 'capacity.json')]);
    expect(capRefused.code).toBe(2);
    expect(capRefused.stderr.trim()).toBe('error: capacity cost forecast: the bill mixes EUR, USD: one total needs an exchange rate for EUR (rerun with --fx EUR=RATE (the value of one EUR in USD), e.g. headroom capacity --fx EUR=1.08)');
    expect(await readdir(out)).toEqual([]);

    // Converted: each EUR amount times 1.08, summed here from the fixture.
    const converted = (from: string, to: string) => (effectiveUnits(usdLines, from, to) + effectiveUnits(eurLines, from, to) * rate) / 10_000;
    const cap = await runCli(['-c', config, 'capacity', '--fx', `EUR=${rate}`, '--format', 'json', '--output', join(out, 'capacity.json')]);
    expect(cap.stderr).not.toMatch(/error/i);
    expect(cap.code).toBe(0);
    const capacity = JSON.parse(await readFile(join(out, 'capacity.json'), 'utf8')) as CapacityReport;
    expect(capacity.cost!.currency).toBe('USD');
    expect(capacity.cost!.exchangeRates).toEqual({ EUR: rate });
    const total = capacity.cost!.series.find((s) => s.breakdown === 'service' && s.key === '(total)')!;
    expect(total.recentDailyUsd).toBeCloseTo(converted('2026-10-25', '2026-11-01') / 7, 6);
    const capCsv = await runCli(['-c', config, 'capacity', '--fx', `EUR=${rate}`]);
    expect(capCsv.stdout).toContain(`Cost forecast (effective cost, USD (converted at 1 EUR = ${rate} USD);`);

    const r = await runCli(['-c', config, 'report', '--fx', `EUR=${rate}`, '--week', '2026-W42', '--out-dir', out, '--no-pdf', '--no-publish']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const week = join(out, '2026-W42');
    const report = JSON.parse(await readFile(join(week, 'report.json'), 'utf8')) as WeeklyReport;
    expect(report.currency).toBe('USD');
    expect(report.exchangeRates).toEqual({ EUR: rate });
    expect(report.summary.spend.lastWeekUsd).toBe(round2(converted('2026-10-12', '2026-10-19')));
    expect(report.summary.spend.previousWeekUsd).toBe(round2(converted('2026-10-05', '2026-10-12')));
    const daily = report.cost.daily.find((d) => d.dayMs === Date.UTC(2026, 9, 14))!;
    expect(daily.costUsd).toBe(round2(converted('2026-10-14', '2026-10-15')));
    const html = await readFile(join(week, 'report.html'), 'utf8');
    expect(html).toContain(`Amounts in USD (a bill in several currencies, converted at 1 EUR = ${rate} USD)`);
    expect(await readFile(join(week, 'report.md'), 'utf8')).toContain(`converted at 1 EUR = ${rate} USD`);
    // The capacity run of the same rates is in USD too: its forecast is on the page.
    expect(report.cost.forecast12Months).not.toBeNull();

    // The rates can live in the config (billing.fx) for scheduled runs; the result is the same.
    const withRates = join(dir, 'mixed', 'with-rates.yaml');
    await writeFile(withRates, `${await readFile(config, 'utf8')}billing:\n  fx:\n    EUR: ${rate}\n`);
    const fromConfig = join(dir, 'mixed', 'out-config');
    await mkdir(fromConfig);
    const again = await runCli(['-c', withRates, 'report', '--week', '2026-W42', '--out-dir', fromConfig, '--no-pdf', '--no-publish']);
    expect(again.code).toBe(0);
    const same = JSON.parse(await readFile(join(fromConfig, '2026-W42', 'report.json'), 'utf8')) as WeeklyReport;
    expect(same.exchangeRates).toEqual({ EUR: rate });
    expect(same.summary.spend).toEqual(report.summary.spend);
  }, 360_000);

  it('keeps a cost forecast made in another currency off the report instead of mixing it in', async () => {
    const { config, out } = await setUp('forecast-currency');
    await importCur(config, join(dir, 'eur-only.csv'), eurLines, { currency: 'EUR', payerAccount: eurAccount });
    const cap = await runCli(['-c', config, 'capacity', '--fx', `EUR=${rate}`, '--format', 'json', '--output', join(out, 'capacity.json')]);
    expect(cap.code).toBe(0);
    expect((JSON.parse(await readFile(join(out, 'capacity.json'), 'utf8')) as CapacityReport).cost!.currency).toBe('USD');
    // Without rates the EUR-only bill is reported in EUR, and the USD forecast is left out, saying why.
    const r = await runCli(['-c', config, 'report', '--week', '2026-W42', '--out-dir', out, '--no-pdf', '--no-publish']);
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(join(out, '2026-W42', 'report.json'), 'utf8')) as WeeklyReport;
    expect(report.currency).toBe('EUR');
    expect(report.cost.forecast12Months).toBeNull();
    expect(report.cost.note).toMatch(/Capacity \(cost forecast\) run \S+ is in USD, the report in EUR: it is left out rather than mixed in/);
  }, 240_000);
});
