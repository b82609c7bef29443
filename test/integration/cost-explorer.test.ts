import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CostExplorerCollector, collectCostExplorerBilling, formatAmountUnits } from '../../src/collectors/billing/index.js';
import { HeadroomError, type CommitmentPlan } from '../../src/domain/index.js';
import type { WeeklyReport } from '../../src/reports/index.js';
import type { CapacityReport } from '../../src/domain/capacity.js';
import { storeCapacityInputs } from '../../src/app/capacity.js';
import { generateSampleCluster } from '../../src/sample/index.js';
import { Store } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';
import { FakeCostExplorer, type FakeCostExplorerOptions } from '../helpers/fake-cost-explorer.js';
import { buildCurLines, writeCur2MapsCsv } from '../fixtures/billing/cur-shape.js';
import { finishRun, listRuns } from '../../src/store/run-repo.js';
import { costExplorerRunKind } from '../../src/app/runs.js';
import { providerRecommendationMessages } from '../../src/app/provider-recommendations.js';

const credentials = { accessKeyId: 'AKIAFAKEFAKEFAKE', secretAccessKey: 'fake-secret' };
const startMs = Date.UTC(2026, 10, 1);
const endMs = Date.UTC(2026, 10, 11);
const nowMs = () => Date.UTC(2026, 10, 20);
const request = { startMs, endMs, namespaceTag: 'kubernetes.io/namespace', hourlyDays: 4, term: '1y' as const, payment: 'no-upfront' as const };

/** "$1,234.56" / "€1,234.56", written here rather than by the formatter under test. */
const money = (symbol: string) => (x: number) => `${symbol}${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const dollars = money('$');
const euros = money('€');
const round2 = (x: number) => Math.round(x * 100) / 100;

let fake: FakeCostExplorer;
let cacheDir: string;
const collectors: CostExplorerCollector[] = [];

async function startFake(options: Partial<FakeCostExplorerOptions> = {}): Promise<string> {
  fake = new FakeCostExplorer({ startDate: '2026-11-01', days: 10, dailyPageSize: 3, hourlyPageSize: 30, ...options });
  return fake.start();
}

function collector(endpoint: string, cache: string | null = null): CostExplorerCollector {
  const c = new CostExplorerCollector({ endpoint, region: 'us-east-1', credentials, cacheDir: cache, nowMs, baseDelayMs: 5 });
  collectors.push(c);
  return c;
}

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'headroom-ce-'));
});

/** The environment of a CLI run: static keys through the standard AWS credential chain. */
const cliEnv = { AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret', AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: '' };

/** A config with the store in the test's directory and Cost Explorer at `endpoint`; its path. */
async function writeCliConfig(name: string, endpoint: string, ceCacheDir: string | null): Promise<string> {
  const file = join(cacheDir, name);
  await writeFile(file, `store:\n  path: ${join(cacheDir, 'store.duckdb')}\naws:\n  endpoint: ${endpoint}\n  cacheDir: ${ceCacheDir ?? 'null'}\n`);
  return file;
}

afterEach(async () => {
  for (const c of collectors.splice(0)) c.close();
  await fake?.stop();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('the Cost Explorer collector against a local Cost Explorer', () => {
  it('follows every page and sums the string amounts exactly', async () => {
    const endpoint = await startFake();
    const ce = collector(endpoint);
    const billing = await collectCostExplorerBilling(ce, request);
    // 10 days in pages of 3 → 4 pages; 96 hours in pages of 30 → 4 pages; SP coverage has 2 pages.
    const daily = fake.requests.filter((r) => r.operation === 'GetCostAndUsage' && r.body.Granularity === 'DAILY');
    expect(daily).toHaveLength(4);
    expect(daily.map((r) => r.body.NextPageToken ?? null)).toEqual([null, Buffer.from('page:1').toString('base64'), Buffer.from('page:2').toString('base64'), Buffer.from('page:3').toString('base64')]);
    expect(fake.requests.filter((r) => r.body.Granularity === 'HOURLY')).toHaveLength(4);
    expect(billing.costLineItems).toHaveLength(10 * 3 * 3);
    expect(billing.totals).toEqual([{ currency: 'USD', amortizedCost: formatAmountUnits(fake.expectedAmortizedUnits), unblendedCost: formatAmountUnits(fake.expectedUnblendedUnits) }]);
    expect(new Set(billing.costLineItems.map((i) => i.currency))).toEqual(new Set(['USD']));
    expect(new Set(billing.costLineItems.map((i) => i.namespace))).toEqual(new Set(['shop', 'data', '']));
    expect(billing.instanceUsageHours).toHaveLength(96 + 4 * 2);
    expect(billing.instanceUsageHours.filter((u) => u.instanceType === 'm5.large').map((u) => u.instances).slice(10, 14)).toEqual([15, 15, 10, 10]);
    expect(billing.reservations).toEqual({ utilizationPercent: 87.5, coverageHoursPercent: 41.17647058823529 });
    expect(billing.savingsPlans.utilizationPercent).toBe(95);
    expect(billing.savingsPlans.coveragePercent).toBeCloseTo((100 / 300) * 100, 10);
    expect(billing.providerRecommendations.map((r) => [r.kind, r.instanceType, r.count, r.hourlyCommitmentUsd])).toEqual([
      ['reserved-instance', 'm5.large', 10, 438.3 / 730.5],
      ['savings-plan', '', 0, 0.45],
    ]);
    expect(billing.stats.requests).toBe(fake.requests.length);
    expect(billing.stats.requests).toBe(4 + 4 + 1 + 1 + 1 + 2 + 1 + 1);
    // Real wire protocol: signed, JSON 1.1, the hourly window in UTC times.
    const hourly = fake.requests.find((r) => r.body.Granularity === 'HOURLY')!;
    expect(hourly.body.TimePeriod).toEqual({ Start: '2026-11-07T00:00:00Z', End: '2026-11-11T00:00:00Z' });
    expect(daily[0]!.body.GroupBy).toEqual([{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'TAG', Key: 'kubernetes.io/namespace' }]);
  });

  it('retries LimitExceededException with backoff and counts the throttled requests', async () => {
    const endpoint = await startFake({ throttleFirst: 3 });
    const ce = collector(endpoint);
    const billing = await collectCostExplorerBilling(ce, request);
    expect(billing.stats.throttled).toBe(3);
    expect(billing.stats.requests).toBe(15 + 3);
    expect(billing.totals.map((t) => t.amortizedCost)).toEqual([formatAmountUnits(fake.expectedAmortizedUnits)]);
  });

  it('gives up on endless throttling with a one-line error', async () => {
    const endpoint = await startFake({ throttleFirst: 100 });
    const ce = new CostExplorerCollector({ endpoint, region: 'us-east-1', credentials, cacheDir: null, nowMs, baseDelayMs: 1, maxAttempts: 3 });
    collectors.push(ce);
    const err = await ce.getCostAndUsage({ startMs, endMs, granularity: 'DAILY', metrics: ['AmortizedCost'] }).catch((e: unknown) => e);
    expect((err as HeadroomError).message).toBe('cost explorer GetCostAndUsage: still throttled (LimitExceededException) after 3 attempts');
    expect(ce.stats.requests).toBe(3);
  });

  it('pays nothing the second time for a window that has settled', async () => {
    const endpoint = await startFake();
    await collectCostExplorerBilling(collector(endpoint, cacheDir), request);
    const first = fake.requests.length;
    const again = await collectCostExplorerBilling(collector(endpoint, cacheDir), request);
    // Only the purchase recommendations (which change daily) are asked again.
    expect(fake.requests.length - first).toBe(2);
    expect(again.stats.requests).toBe(2);
    expect(again.stats.cacheHits).toBe(13);
    expect(again.totals.map((t) => t.amortizedCost)).toEqual([formatAmountUnits(fake.expectedAmortizedUnits)]);
  });

  it('rejects a malformed amount with the path of the bad value', async () => {
    const endpoint = await startFake({ malformed: 'amount' });
    const err = await collectCostExplorerBilling(collector(endpoint), request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeadroomError);
    expect((err as HeadroomError).message).toBe('cost explorer GetCostAndUsage: malformed response: ResultsByTime[0].Groups[1].Metrics.AmortizedCost.Amount "12,50": expected a decimal amount string');
    expect((err as HeadroomError).message).not.toContain('\n');
  });

  it('reads the currency of an account billed in EUR from the Unit beside each Amount', async () => {
    const endpoint = await startFake({ currency: 'EUR' });
    const billing = await collectCostExplorerBilling(collector(endpoint), request);
    expect(billing.costLineItems).toHaveLength(10 * 3 * 3);
    expect(new Set(billing.costLineItems.map((i) => i.currency))).toEqual(new Set(['EUR']));
    expect(billing.totals).toEqual([{ currency: 'EUR', amortizedCost: formatAmountUnits(fake.expectedAmortizedUnits), unblendedCost: formatAmountUnits(fake.expectedUnblendedUnits) }]);
    // AWS's purchase recommendations are in the account's currency too (CurrencyCode), kept beside their amounts.
    expect(billing.providerRecommendations.map((p) => [p.kind, p.currency, p.estimatedMonthlySavingsUsd])).toEqual([['reserved-instance', 'EUR', 262.98], ['savings-plan', 'EUR', 201.6]]);
  });

  it('refuses a cost Unit that is not a currency code with the path of the bad value', async () => {
    const endpoint = await startFake({ currency: 'EUR', malformed: 'unit' });
    const err = await collectCostExplorerBilling(collector(endpoint), request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeadroomError);
    expect((err as HeadroomError).message).toBe('cost explorer GetCostAndUsage: malformed response: ResultsByTime[0].Groups[1].Metrics.AmortizedCost.Unit "€": expected a currency code such as USD or EUR');
  });

  it('rejects a body that is not JSON with a one-line error', async () => {
    const endpoint = await startFake({ malformed: 'json' });
    const err = await collectCostExplorerBilling(collector(endpoint), request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeadroomError);
    expect((err as HeadroomError).message).toMatch(/^cost explorer GetCostAndUsage: malformed response \(/);
    expect((err as HeadroomError).message).not.toContain('\n');
  });
});

describe('headroom import --cost-explorer', () => {
  it('collects through the standard credential chain into the store, and commitments show AWS side by side', async () => {
    const endpoint = await startFake();
    const configFile = await writeCliConfig('headroom.yaml', endpoint, join(cacheDir, 'ce-cache'));
    const r = await runCli(['-c', configFile, 'import', '--cost-explorer', '--from', '2026-11-01', '--to', '2026-11-11'], { env: cliEnv });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // 4 daily pages, 240 hours in pages of 30 = 8 hourly pages, 7 more (SP coverage has 2 pages) = 19.
    expect(r.stdout).toBe(`cost explorer 2026-11-01 → 2026-11-11: 90 daily line items, 260 instance-hours; amortised ${dollars(Number(formatAmountUnits(fake.expectedAmortizedUnits)))}; 19 requests ($0.19), 0 from cache, 0 throttled\n`);
    // Every request was signed with the key from the environment.
    expect(fake.requests.every((q) => String(q.headers.authorization).includes('Credential=AKIAFAKEFAKEFAKE/'))).toBe(true);
    const plan = await runCli(['-c', configFile, 'commitments', '--format', 'json', '--kind', 'reserved-instance']);
    expect(plan.code).toBe(0);
    const parsed = JSON.parse(plan.stdout) as CommitmentPlan;
    // m5.large runs 15 half the day and 10 the other half: a 1y no-upfront RI pays only for the 10.
    expect(parsed.recommendations.map((x) => [x.region, x.instanceType, x.count])).toEqual([['us-east-1', 'm5.large', 10]]);
    expect(parsed.notRecommended.map((x) => x.instanceFamily)).toEqual(['c5']);
    expect(parsed.providerRecommendations?.map((x) => [x.kind, x.instanceType, x.count])).toEqual([['reserved-instance', 'm5.large', 10], ['savings-plan', '', 0]]);
  });

  it('refuses to set AWS\'s recommendations of an account billed in EUR beside the USD price list, unless --fx converts them', async () => {
    const endpoint = await startFake({ currency: 'EUR' });
    const configFile = await writeCliConfig('headroom.yaml', endpoint, null);
    const r = await runCli(['-c', configFile, 'import', '--cost-explorer', '--from', '2026-11-01', '--to', '2026-11-11'], { env: cliEnv });
    expect(r.code, r.stderr).toBe(0);
    const refused = await runCli(['-c', configFile, 'commitments', '--format', 'json', '--kind', 'reserved-instance']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toEqual(['error: AWS Cost Explorer\'s purchase recommendations are in EUR, the price list in USD (pass --fx EUR=RATE (the value of one EUR in USD) or set billing.fx.EUR in the config)']);
    // With a rate the side-by-side is in USD: 262.98 EUR/month of savings at 1.1 = 289.278 USD; the SP's 0.45 EUR/h = 0.495 USD/h.
    const plan = await runCli(['-c', configFile, 'commitments', '--format', 'json', '--kind', 'reserved-instance', '--fx', 'EUR=1.1']);
    expect(plan.code, plan.stderr).toBe(0);
    const parsed = JSON.parse(plan.stdout) as CommitmentPlan;
    expect(parsed.recommendations.map((x) => [x.region, x.instanceType, x.count])).toEqual([['us-east-1', 'm5.large', 10]]);
    expect(parsed.providerRecommendations?.map((x) => [x.kind, x.currency, round2(x.estimatedMonthlySavingsUsd), Math.round(x.hourlyCommitmentUsd * 1e6) / 1e6])).toEqual([
      ['reserved-instance', 'USD', 289.28, Math.round((438.3 / 730.5) * 1.1 * 1e6) / 1e6],
      ['savings-plan', 'USD', 221.76, 0.495],
    ]);
  });

  /**
   * Rewrites the latest Cost Explorer run in the store as an earlier version stored it: its
   * recommendations without `currency` and, for an import from before `Unit` was read, without
   * `totals` and with the window's lines labelled USD (the column's default then).
   */
  async function storeAsEarlierVersion(storePath: string, options: { unitRead: boolean }): Promise<void> {
    const store = await Store.open(storePath);
    try {
      const [run] = await listRuns(store, { kind: costExplorerRunKind, limit: 1 });
      const { totals, ...rest } = run!.detail!;
      const providerRecommendations = (rest.providerRecommendations as { currency?: string }[]).map(({ currency: _c, ...r }) => r);
      const detail = options.unitRead ? { ...rest, totals, providerRecommendations } : { ...rest, amortizedCostUsd: 1234.5, providerRecommendations };
      await store.transaction(async (tx) => {
        await finishRun(tx, run!.runId, run!.status as 'succeeded', run!.finishedAtMs!, detail);
        if (!options.unitRead) await tx.run("UPDATE cost_line_items SET currency = 'USD' WHERE source = 'cost-explorer'");
      });
    } finally {
      await store.close();
    }
  }

  /** Imports an EUR account's Cost Explorer data, then makes the store look as an earlier version left it; returns the config file. */
  async function importEurAsEarlierVersion(options: { unitRead: boolean }): Promise<string> {
    const endpoint = await startFake({ currency: 'EUR' });
    const configFile = await writeCliConfig('headroom.yaml', endpoint, null);
    const r = await runCli(['-c', configFile, 'import', '--cost-explorer', '--from', '2026-11-01', '--to', '2026-11-11'], { env: cliEnv });
    expect(r.code, r.stderr).toBe(0);
    await storeAsEarlierVersion(join(cacheDir, 'store.duckdb'), options);
    return configFile;
  }

  it('takes recommendations stored before their currency was kept in the currency their own import\'s amounts name, and refuses them in EUR without a rate like new ones', async () => {
    const configFile = await importEurAsEarlierVersion({ unitRead: true });
    const refused = await runCli(['-c', configFile, 'commitments', '--format', 'json', '--kind', 'reserved-instance']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toEqual(['error: AWS Cost Explorer\'s purchase recommendations are in EUR, the price list in USD (pass --fx EUR=RATE (the value of one EUR in USD) or set billing.fx.EUR in the config)']);
    const plan = await runCli(['-c', configFile, 'commitments', '--format', 'json', '--kind', 'reserved-instance', '--fx', 'EUR=1.1']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toContain(`${providerRecommendationMessages.currencyTaken('EUR', 'the amounts of the same Cost Explorer import')} (to keep it, ${providerRecommendationMessages.reimport(startMs, endMs)})`);
    const parsed = JSON.parse(plan.stdout) as CommitmentPlan;
    expect(parsed.providerRecommendations?.map((x) => [x.kind, x.currency, round2(x.estimatedMonthlySavingsUsd)])).toEqual([['reserved-instance', 'USD', 289.28], ['savings-plan', 'USD', 221.76]]);
  });

  it('takes recommendations from before Unit was read in the bill\'s one currency, and refuses them, naming the re-import, when the bill mixes currencies', async () => {
    const configFile = await importEurAsEarlierVersion({ unitRead: false });
    // Only the import's own lines, labelled USD without reading it: the currency is unknown.
    const unknown = await runCli(['-c', configFile, 'commitments', '--format', 'json', '--kind', 'reserved-instance']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toEqual([`error: ${providerRecommendationMessages.currencyUnknown([])} (${providerRecommendationMessages.reimport(startMs, endMs)})`]);
    expect(providerRecommendationMessages.reimport(startMs, endMs)).toBe('re-import them, which keeps it: headroom import --cost-explorer --from 2026-11-01 --to 2026-11-11');
    // The account's CUR, in EUR: the bill's one currency.
    const eurCur = join(cacheDir, 'cur-eur.csv');
    await writeFile(eurCur, writeCur2MapsCsv(buildCurLines({ days: 3 }), { currency: 'EUR' }));
    expect((await runCli(['-c', configFile, 'import', '--cur', eurCur])).code).toBe(0);
    const taken = await runCli(['-c', configFile, 'commitments', '--format', 'json', '--kind', 'reserved-instance', '--no-billed-commitments', '--fx', 'EUR=1.1']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(taken.stderr).toContain(providerRecommendationMessages.currencyTaken('EUR', 'the bill in the store'));
    expect((JSON.parse(taken.stdout) as CommitmentPlan).providerRecommendations?.map((x) => [x.currency, round2(x.estimatedMonthlySavingsUsd)])).toEqual([['USD', 289.28], ['USD', 221.76]]);
    // Another account billed in USD beside it: which one AWS's figures are in is not known.
    const usdCur = join(cacheDir, 'cur-usd.csv');
    await writeFile(usdCur, writeCur2MapsCsv(buildCurLines({ days: 3 }), { currency: 'USD', payerAccount: '999000111222' }));
    expect((await runCli(['-c', configFile, 'import', '--cur', usdCur])).code).toBe(0);
    const mixed = await runCli(['-c', configFile, 'commitments', '--format', 'json', '--kind', 'reserved-instance', '--no-billed-commitments', '--fx', 'EUR=1.1']);
    expect(mixed.code).toBe(2);
    expect(mixed.stdout).toBe('');
    expect(mixed.stderr.trim().split('\n')).toEqual([`error: ${providerRecommendationMessages.currencyUnknown(['EUR', 'USD'])} (${providerRecommendationMessages.reimport(startMs, endMs)})`]);
  });

  it('takes the shared --window DAYS and --at DATE for the same window, and refuses mixing them with --from/--to', async () => {
    const endpoint = await startFake();
    const configFile = await writeCliConfig('headroom.yaml', endpoint, join(cacheDir, 'ce-cache'));
    const r = await runCli(['-c', configFile, 'import', '--cost-explorer', '--window', '10d', '--at', '2026-11-11'], { env: cliEnv });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cost explorer 2026-11-01 → 2026-11-11: 90 daily line items, 260 instance-hours;/);
    const requests = fake.requests.length;
    for (const [args, message] of [
      [['--window', '10d', '--from', '2026-11-01'], '--from and --window both set'],
      [['--at', '2026-11-11', '--to', '2026-11-11'], '--to and --at both set'],
      [['--at', '2026-11-11T06:00:00Z'], '--at 2026-11-11T06:00:00Z: Cost Explorer works in whole days'],
      [['--window', '36h'], '--window 36h: this command counts whole days'],
    ] as const) {
      const bad = await runCli(['-c', configFile, 'import', '--cost-explorer', ...args], { env: cliEnv });
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr).toContain(`error: ${message}`);
    }
    const noCe = await runCli(['-c', configFile, 'import', '--focus', join(cacheDir, 'none.csv'), '--window', '10d'], { env: cliEnv });
    expect(noCe.code).toBe(2);
    expect(noCe.stderr).toContain('error: --window: only for --cost-explorer');
    expect(fake.requests.length).toBe(requests);
  });

  it('stores, reports and forecasts the bill of an account billed in EUR in EUR, never as dollars, and refuses a bad Unit with one line', async () => {
    const endpoint = await startFake({ currency: 'EUR' });
    const configFile = await writeCliConfig('headroom.yaml', endpoint, join(cacheDir, 'ce-cache'));
    const r = await runCli(['-c', configFile, 'import', '--cost-explorer', '--from', '2026-11-01', '--to', '2026-11-11'], { env: cliEnv });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`; amortised ${euros(Number(formatAmountUnits(fake.expectedAmortizedUnits)))}; `);

    // 2026-W45 is 11-02 .. 11-08 (days 1..7 of the fake), the week before ends with 11-01 (day 0).
    const out = join(cacheDir, 'out');
    const rep = await runCli(['-c', configFile, 'report', '--week', '2026-W45', '--out-dir', out, '--no-pdf', '--no-publish'], { env: cliEnv });
    expect(rep.stderr).not.toMatch(/error/i);
    expect(rep.code).toBe(0);
    const week = join(out, '2026-W45');
    const report = JSON.parse(await readFile(join(week, 'report.json'), 'utf8')) as WeeklyReport;
    expect(report.currency).toBe('EUR');
    const lastWeek = Number(formatAmountUnits(fake.amortizedUnitsOfDays(1, 8)));
    expect(report.summary.spend.lastWeekUsd).toBe(round2(lastWeek));
    expect(report.summary.spend.previousWeekUsd).toBe(round2(Number(formatAmountUnits(fake.amortizedUnitsOfDays(0, 1)))));
    const md = await readFile(join(week, 'report.md'), 'utf8');
    expect(md).toContain('Amounts in EUR');
    expect(md).toContain(euros(round2(lastWeek)));
    expect(md.match(/\$\d[\d,]*\.\d\d/g) ?? []).toEqual([]);

    // The capacity cost forecast reads the same lines: in EUR too (capacity needs a collection beside the bill).
    const sample = generateSampleCluster({ stepSeconds: 3600 });
    const store = await Store.open(join(cacheDir, 'store.duckdb'));
    try {
      await storeCapacityInputs(store, { snapshotId: 'ce-eur-1', cluster: sample.cluster, windowStartMs: sample.startMs, windowEndMs: sample.endMs, collectedAtMs: sample.endMs }, sample.usage);
    } finally {
      await store.close();
    }
    const cap = await runCli(['-c', configFile, 'capacity', '--format', 'json', '--output', join(cacheDir, 'capacity.json')], { env: cliEnv });
    expect(cap.stderr).not.toMatch(/error/i);
    expect(cap.code).toBe(0);
    const capacity = JSON.parse(await readFile(join(cacheDir, 'capacity.json'), 'utf8')) as CapacityReport;
    expect(capacity.cost!.currency).toBe('EUR');

    // A Unit that is not a currency code: one line naming the value, the stored EUR bill untouched. A
    // source that answers wrongly exits 1 like every other malformed response (2 is for the user's input).
    await fake.stop();
    const badEndpoint = await startFake({ currency: 'EUR', malformed: 'unit' });
    const badConfig = await writeCliConfig('bad.yaml', badEndpoint, null);
    const bad = await runCli(['-c', badConfig, 'import', '--cost-explorer', '--from', '2026-11-01', '--to', '2026-11-11'], { env: cliEnv });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('error: cost explorer GetCostAndUsage: malformed response: ResultsByTime[0].Groups[1].Metrics.AmortizedCost.Unit "€": expected a currency code such as USD or EUR');
    const again = await runCli(['-c', configFile, 'report', '--week', '2026-W45', '--out-dir', join(cacheDir, 'out2'), '--no-pdf', '--no-publish'], { env: cliEnv });
    expect(again.code).toBe(0);
    expect((JSON.parse(await readFile(join(cacheDir, 'out2', '2026-W45', 'report.json'), 'utf8')) as WeeklyReport).summary.spend.lastWeekUsd).toBe(round2(lastWeek));
  }, 240_000);
});
