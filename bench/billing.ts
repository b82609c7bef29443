/**
 * `npm run bench:billing` — billing import and commitment planning at scale.
 *
 * 1. CUR 2.0 import: a synthetic month of N line items (default 1,000,000; hourly EC2 BoxUsage,
 *    SP-covered, RI-discounted and negation lines over many resources and namespaces) written as
 *    CSV and Parquet by DuckDB, then imported the way `headroom import --cur` does (validate every
 *    money/number/time cell, amortise per line type, aggregate per day, store). Baseline in the
 *    same run: DuckDB scanning the same file with one sum — the floor any import pays.
 * 2. Commitment planner: G region × family groups of 30 days of hourly usage (default 45: every
 *    family of the bundled list in 5 regions), 1y and 3y, with the real forecast engine.
 *    Baseline in the same run: the same groups with the lookback only (forecast engine off).
 *
 * Options: --rows N, --groups G.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Store } from '../src/store/index.js';
import { importCurFile } from '../src/collectors/billing/index.js';
import { planCommitments } from '../src/models/commitments/index.js';
import { forecast } from '../src/models/forecast/index.js';
import { loadPriceList } from '../src/pricing/index.js';
import type { InstanceUsageHour } from '../src/domain/index.js';
import { describeMachine, peakRssBytes } from './machine.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rows = arg('--rows', 1_000_000);
const groups = arg('--groups', 45);

console.log(`bench:billing on ${describeMachine()}`);
const dir = await mkdtemp(join(tmpdir(), 'headroom-bench-billing-'));
try {
  // ── 1. CUR import ─────────────────────────────────────────────────────────────────────────
  const csv = join(dir, 'cur.csv');
  const parquet = join(dir, 'cur.parquet');
  const gen = await Store.open(':memory:');
  // Four line types in rotation over 720 hours; amounts with 10 fraction digits, as exports have.
  await gen.run(`CREATE TABLE cur AS SELECT
      CASE i % 4 WHEN 0 THEN 'Usage' WHEN 1 THEN 'SavingsPlanCoveredUsage' WHEN 2 THEN 'SavingsPlanNegation' ELSE 'DiscountedUsage' END AS line_item_line_item_type,
      strftime(TIMESTAMP '2026-10-01' + INTERVAL (i % 720) HOUR, '%Y-%m-%dT%H:%M:%SZ') AS line_item_usage_start_date,
      strftime(TIMESTAMP '2026-10-01' + INTERVAL (i % 720 + 1) HOUR, '%Y-%m-%dT%H:%M:%SZ') AS line_item_usage_end_date,
      'AmazonEC2' AS line_item_product_code,
      'BoxUsage:' || ['m5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.xlarge'][1 + i % 4] AS line_item_usage_type,
      'i-' || lpad(CAST(i % 5000 AS VARCHAR), 8, '0') AS line_item_resource_id,
      '1' AS line_item_usage_amount,
      CAST(round(0.05 + (i % 997) / 10000.0, 10) AS VARCHAR) AS line_item_unblended_cost,
      CAST(round(0.05 + (i % 997) / 10000.0, 10) AS VARCHAR) AS pricing_public_on_demand_cost,
      CAST(round(0.03 + (i % 991) / 20000.0, 10) AS VARCHAR) AS savings_plan_savings_plan_effective_cost,
      CAST(round(0.02 + (i % 983) / 30000.0, 10) AS VARCHAR) AS reservation_effective_cost,
      ['us-east-1', 'us-west-2', 'eu-west-1'][1 + i % 3] AS product_region_code,
      ['m5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.xlarge'][1 + i % 4] AS product_instance_type,
      CASE i % 4 WHEN 0 THEN 'OnDemand' ELSE 'Reserved' END AS pricing_term,
      'Hrs' AS pricing_unit,
      '{"user_kubernetes_io_namespace":"ns-' || (i % 40) || '"}' AS resource_tags
    FROM range(${rows}) t(i)`);
  await gen.run(`COPY cur TO '${csv}' (HEADER, DELIMITER ',')`);
  await gen.run(`COPY (SELECT * REPLACE (CAST(CAST(resource_tags AS JSON) AS MAP(VARCHAR, VARCHAR)) AS resource_tags) FROM cur) TO '${parquet}' (FORMAT parquet)`);
  await gen.close();
  console.log(`\nCUR import: ${rows.toLocaleString('en-US')} line items (CSV ${((await stat(csv)).size / 2 ** 20).toFixed(0)} MiB, Parquet ${((await stat(parquet)).size / 2 ** 20).toFixed(0)} MiB)`);
  console.log('file      baseline scan s   import s   import rows/s   import ÷ scan   stored day rows');
  for (const [label, file] of [['csv', csv], ['parquet', parquet]] as const) {
    const store = await Store.open(join(dir, `store-${label}.duckdb`));
    const reader = label === 'csv' ? `read_csv('${file}', header = true, all_varchar = true)` : `read_parquet('${file}')`;
    const t0 = performance.now();
    await store.all(`SELECT count(*), sum(TRY_CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM ${reader}`);
    const scanSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const result = await store.transaction((tx) => importCurFile(tx, file));
    const importSeconds = (performance.now() - t1) / 1000;
    console.log(`${label.padEnd(9)} ${scanSeconds.toFixed(2).padStart(15)} ${importSeconds.toFixed(2).padStart(10)} ${Math.round(rows / importSeconds).toLocaleString('en-US').padStart(15)} ${(importSeconds / scanSeconds).toFixed(1).padStart(15)} ${String(result.lineItemsStored).padStart(17)}`);
    await store.close();
  }

  // ── 2. commitment planner ────────────────────────────────────────────────────────────────
  const prices = await loadPriceList();
  const types = [...new Set(prices.instances.map((i) => i.instanceType))].filter((t) => t.endsWith('.xlarge'));
  const regions = [...new Set(prices.instances.map((i) => i.region))];
  const usage: InstanceUsageHour[] = [];
  const startMs = Date.UTC(2026, 9, 1);
  let g = 0;
  for (const region of regions) {
    for (const instanceType of types) {
      if (g++ >= groups) break;
      for (let h = 0; h < 30 * 24; h++) {
        const level = 10 + g + 6 * Math.sin((h / 24) * 2 * Math.PI) + (h % 7 === 0 ? 5 : 0) + h / 200;
        usage.push({ timestampMs: startMs + h * 3_600_000, region, instanceType, instances: Math.max(0, Math.round(level)) });
      }
    }
  }
  const planned = Math.min(groups, g);
  console.log(`\ncommitment planner: ${planned} region × family groups × 720 hours (${usage.length.toLocaleString('en-US')} usage rows), RIs then a Savings Plan`);
  console.log('term  forecast engine s   lookback only s   recommendations');
  const failingForecast = () => { throw new Error('off'); };
  for (const term of ['1y', '3y'] as const) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const plan = planCommitments({ usage, prices, term, payment: 'no-upfront', forecast });
    const withForecast = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    const t1 = performance.now();
    planCommitments({ usage, prices, term, payment: 'no-upfront', forecast: failingForecast });
    const lookbackOnly = (performance.now() - t1) / 1000;
    console.log(`${term.padEnd(5)} ${withForecast.toFixed(2).padStart(16)} ${lookbackOnly.toFixed(2).padStart(17)} ${String(plan.recommendations.length).padStart(17)}   (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`);
  }
  console.log(`\npeak RSS ${(peakRssBytes() / 2 ** 20).toFixed(0)} MiB`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
