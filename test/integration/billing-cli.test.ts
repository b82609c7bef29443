import { mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { generateSampleCluster, type SampleCluster } from '../../src/sample/index.js';
import { writeBillingExports } from '../../src/sample/billing-exports.js';
import { Store } from '../../src/store/index.js';
import { billingStage } from '../../src/app/demo-billing.js';
import { costFormatters } from '../../src/app/cost-formats.js';
import { validateConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/util/logger.js';
import type { CommitmentPlan, CostSummary } from '../../src/domain/index.js';

let dir: string;
let sample: SampleCluster;
let usageCsv: string;
let configFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-billing-cli-'));
  sample = generateSampleCluster({ days: 30, seed: 42 });
  usageCsv = join(dir, 'usage.csv');
  const lines = ['timestamp,region,instanceType,instances', ...sample.billing.instanceUsageHours.map((u) => `${new Date(u.timestampMs).toISOString()},${u.region},${u.instanceType},${u.instances}`)];
  await writeFile(usageCsv, lines.join('\n') + '\n');
  configFile = join(dir, 'headroom.yaml');
  await writeFile(configFile, `store:\n  path: ${join(dir, 'store.duckdb')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('headroom commitments', () => {
  it('writes the DESIGN.md contract as JSON for a usage CSV', async () => {
    const out = join(dir, 'plan.json');
    const r = await runCli(['commitments', '--usage', usageCsv, '--term', '1y', '--payment', 'partial-upfront', '--format', 'json', '--output', out]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const plan = JSON.parse(await readFile(out, 'utf8')) as CommitmentPlan;
    expect(plan.lookbackHours).toBe(30 * 24);
    expect(plan.currency).toBe('USD');
    expect(plan.recommendations.length).toBeGreaterThan(0);
    for (const rec of plan.recommendations) {
      for (const key of ['kind', 'region', 'instanceFamily', 'instanceType', 'count', 'hourlyCommitmentUsd', 'upfrontUsd', 'estimatedMonthlySavingsUsd', 'breakEvenMonths', 'expectedUtilization', 'expectedCoverage']) expect(rec).toHaveProperty(key);
      expect(['reserved-instance', 'savings-plan']).toContain(rec.kind);
      expect(rec.pessimisticMonthlySavingsUsd).toBeGreaterThanOrEqual(0);
      if (rec.kind === 'reserved-instance') expect(rec.schedule!.reduce((a, s) => a + s.count!, 0)).toBe(rec.count);
      expect(rec.upfrontUsd).toBeGreaterThan(0);
    }
  });

  it('refuses a usage file with a bad row in one line naming the file and line', async () => {
    const bad = join(dir, 'bad-usage.csv');
    await writeFile(bad, 'timestamp,region,instanceType,instances\n2026-11-01T00:00:00Z,us-east-1,m5.large,3\n2026-11-01T01:00:00Z,us-east-1,m5.large,three\n');
    const out = join(dir, 'never.json');
    const r = await runCli(['commitments', '--usage', bad, '--format', 'json', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error: usage ${bad} line 3: instances "three" is not a number ≥ 0 (give the count of running on-demand instances in that hour)`);
    await expect(stat(out)).rejects.toThrow();
  });

  it('lists every problem of a bad --pricing file', async () => {
    const prices = join(dir, 'bad-prices.json');
    await writeFile(prices, JSON.stringify({ currency: 'usd', instances: [{ region: 'us-east-1', instanceType: 'm5.large', onDemandHourlyUsd: -1, reserved: [{ term: '2y', payment: 'no-upfront', upfrontUsd: 0, hourlyUsd: 0.06 }] }] }));
    const r = await runCli(['commitments', '--usage', usageCsv, '--pricing', prices]);
    expect(r.code).toBe(2);
    const line = r.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('currency: expected a 3-letter currency code');
    expect(line).toContain('instances.0.onDemandHourlyUsd: expected ≥ 0');
    expect(line).toContain('instances.0.reserved.0.term: expected one of 1y, 3y');
  });
});

describe('headroom import and costs', () => {
  it('import FOCUS and CUR files, report a bad one and keep the rest, then summarise spend', async () => {
    const files = await writeBillingExports(sample.billing.costLineItems, join(dir, 'exports'));
    const r = await runCli(['-c', configFile, 'import', '--cur', files.curParquet, '--focus', join(dir, 'missing.csv')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/cur .*cur-2\.0\.parquet: \d+ rows → \d+ daily line items/);
    expect(r.stdout).toMatch(/focus .*missing\.csv: FAILED — focus .*missing\.csv: cannot be read/);
    const costs = await runCli(['-c', configFile, 'costs', '--format', 'json', '--days', '14']);
    expect(costs.code).toBe(0);
    const summary = JSON.parse(costs.stdout) as CostSummary;
    expect(summary.sources).toEqual(['cur']);
    expect(summary.byDay).toHaveLength(14);
    const byDaySum = summary.byDay.reduce((a, d) => a + d.costUsd, 0);
    expect(summary.totalEffectiveCostUsd).toBeCloseTo(byDaySum, 1);
    expect(summary.byService.reduce((a, s) => a + s.costUsd, 0)).toBeCloseTo(summary.totalEffectiveCostUsd, 1);
    expect(summary.lastWeekCostUsd + summary.previousWeekCostUsd).toBeCloseTo(summary.totalEffectiveCostUsd, 1);
    expect(costFormatters.table(summary)).toMatch(/^Spend \d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2} \(amortised, source: cur\)/);
  });
});

describe('the billing demo stage', () => {
  it('writes exports, costs and a plan, stores the plan as a run, and publishes results for the report', async () => {
    const store = await Store.open(':memory:');
    try {
      const results = new Map<string, unknown>();
      const outDir = join(dir, 'demo');
      const out = await billingStage.run({ store, outDir, nowMs: sample.endMs, sample, config: validateConfig({}), logger: silentLogger(), results });
      expect(out.summary).toMatch(/^FOCUS = CUR = \$\d+\.\d{2} amortised/);
      for (const o of out.outputs) await expect(stat(o.path)).resolves.toBeTruthy();
      const plan = results.get('commitments') as CommitmentPlan;
      const costs = results.get('costs') as CostSummary;
      expect(plan.recommendations.length).toBeGreaterThan(0);
      // The plan counts the RIs and Savings Plan on the sample's bill, and the summary says how many.
      expect(plan.existing.length).toBeGreaterThan(0);
      expect(out.summary).toContain(`counted ${plan.existing.length} existing commitment(s) from the bill`);
      await expect(readFile(join(outDir, 'billing', 'commitments.txt'), 'utf8')).resolves.toContain(`counted ${plan.existing.length} existing commitments from the bill: `);
      expect(costs.byNamespace.length).toBeGreaterThan(3);
      const stored = await store.all<{ n: number }>("SELECT count(*) AS n FROM commitment_recommendations c JOIN runs r USING (run_id) WHERE r.kind = 'commitments' AND r.status = 'succeeded'");
      expect(stored[0]!.n).toBe(plan.recommendations.length);
      const sources = await store.all<{ source: string }>('SELECT DISTINCT source FROM cost_line_items');
      expect(sources.map((s) => s.source)).toEqual(['cur']);
    } finally {
      await store.close();
    }
  });
});
