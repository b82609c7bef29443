/**
 * /metrics against the monitoring Headroom generates: the cost and commitment gauges have the values
 * worked out by hand from the seeded billing, and every headroom_* metric and label that a checked-in
 * dashboard panel or alert rule reads is exported by the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { FastifyInstance } from 'fastify';
import { Store } from '../../src/store/index.js';
import { buildServer, HeadroomMetrics } from '../../src/server/index.js';
import { readCommitmentRatios } from '../../src/server/metrics.js';
import { importCurFile, importFocusFile } from '../../src/collectors/billing/index.js';
import { sampleCommitmentMix, writeBillingExports } from '../../src/sample/billing-exports.js';
import { generateSampleCluster } from '../../src/sample/index.js';
import { JobRegistry, Scheduler } from '../../src/app/scheduler.js';
import { substituteGrafanaVariables } from '../../src/generators/lint/parse-promql.js';
import { silentLogger } from '../../src/util/logger.js';
import { insertRun } from '../../src/store/run-repo.js';
import { saveAllocationResults } from '../../src/store/allocation-repo.js';
import { DAY_MS, seedReportStore, weekEndMs, weekStartMs } from './report-fixture.js';
import { parseExposition, type Sample } from '../helpers/exposition.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const nowMs = () => weekEndMs + 6 * 3600_000;
/** The last complete day with billing data at nowMs: Sunday 2026-11-15. */
const lastDayMs = weekEndMs - DAY_MS;
/** An unused Reserved Instance fee on the last day (FOCUS: Committed, no consumed quantity, no instance type). */
const unusedRiUsd = 12.5;
/** Per-namespace forecast upper bound (hi95) for the last day, made at the week's start. */
const shopHi95 = 130;
const ec2Hi95 = 190;
const poolDaysLower = 18;

let store: Store;
let app: FastifyInstance;
let metrics: HeadroomMetrics;

beforeAll(async () => {
  store = await Store.open(':memory:');
  // Daily, per namespace (report-fixture): shop EC2 m5.xlarge 120 Standard (list 144), search EC2
  // m5.xlarge 50 Committed ri-1 (list 60), batch EBS 10 Standard (list 12), all with 24 h of usage.
  await seedReportStore(store);
  await store.transaction(async (tx) => {
    await tx.insertRows('cost_line_items', ['import_id', 'period_start', 'period_end', 'provider', 'service', 'region', 'instance_type', 'namespace', 'resource_id', 'billed_cost_usd', 'effective_cost_usd', 'list_cost_usd', 'usage_quantity', 'usage_unit', 'pricing_category', 'commitment_discount_id', 'source'],
      [['fixture-unused', new Date(lastDayMs), new Date(weekEndMs), 'aws', 'AmazonEC2', 'us-east-1', '', '', '', 0, unusedRiUsd, 0, 0, '', 'Committed', 'ri-1', 'sample']]);
    // capacity-w46 (started at the week's start) is the latest forecast made before the last day.
    await tx.insertRows('forecasts', ['run_id', 'series', 'ts', 'model', 'mean', 'lo80', 'hi80', 'lo95', 'hi95'],
      [['capacity-w46', 'cost/namespace=shop:daily_usd', new Date(lastDayMs), 'fixture', 121, 115, 126, 110, shopHi95],
        ['capacity-w46', 'cost/service=AmazonEC2:daily_usd', new Date(lastDayMs), 'fixture', 175, 170, 180, 165, ec2Hi95]]);
    // A node pool whose pessimistic estimate is known, for headroom_capacity_exhaustion_days_lower.
    const exhaustion = [{ metric: 'requests', resource: 'cpu', thresholdKind: 'allocatable', threshold: 16, daysUntil: 40, daysUntilLower: poolDaysLower }];
    await tx.run("INSERT INTO capacity_results (run_id, scope, name, resource, payload) VALUES ('capacity-main', 'node-pool', 'c5.2xlarge', 'cpu', $1)", [JSON.stringify({ resource: 'cpu', exhaustion })]);
    // An allocation run of the week (what `headroom costs --by …` stores), for the allocation gauges.
    const entry = (key: string, totalUsd: number) => ({ key, cpuUsd: totalUsd * 0.8, memoryUsd: totalUsd * 0.2, storageUsd: 0, gpuUsd: 0, sharedUsd: 0, totalUsd, efficiency: 0.5 });
    await insertRun(tx, { runId: 'allocation-w46', kind: 'allocation', startedAtMs: weekEndMs, finishedAtMs: weekEndMs, status: 'succeeded', trigger: 'manual', detail: {
      windowStartMs: weekStartMs, windowEndMs: weekEndMs, currency: 'USD', priceSource: 'bill', billSource: 'sample', totalUsd: 1500, idleUsd: 300, unallocatedUsd: 200, sharedNamespaces: [],
      unallocated: [], idleByNode: [], notes: [], groupings: ['namespace', 'label:team'] } });
    const daily = (v: number) => new Map([['shop', Float64Array.from({ length: 7 }, () => v)]]);
    await saveAllocationResults(tx, 'allocation-w46', weekStartMs, [
      { grouping: 'namespace', entries: [entry('shop', 1000)], dailyUsd: daily(1000 / 7) },
      { grouping: 'label:team', entries: [entry('shop', 1000)], dailyUsd: daily(1000 / 7) },
    ]);
  });
  const scheduler = new Scheduler({ store, registry: new JobRegistry(), schedules: {}, timezone: 'UTC', lockFile: '/nonexistent/headroom.lock', nowMs, logger: silentLogger() });
  metrics = new HeadroomMetrics(store, nowMs);
  // One failed run so that the failure counter has a sample (with its `stage` label) to check.
  metrics.recordRun({ runId: 'collect-x', kind: 'collect', startedAtMs: weekStartMs, finishedAtMs: weekStartMs, status: 'failed', trigger: 'schedule', detail: null }, 1);
  ({ app } = await buildServer({ store, reportsDir: '/nonexistent', scheduler, token: null, logger: silentLogger(), nowMs, metrics }));
});

afterAll(async () => {
  await app.close();
  await store.close();
});

async function scrape(): Promise<Sample[]> {
  const res = await app.inject('/metrics');
  expect(res.statusCode).toBe(200);
  return parseExposition(res.body);
}

/** Value of the one sample of `name` with exactly these labels (undefined when absent). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  return samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want)?.value;
}

describe('cost and commitment gauges on /metrics', () => {
  it('exports a node pool\'s pessimistic exhaustion estimate with the labels the capacity dashboard groups by', async () => {
    const s = await scrape();
    expect(valueOf(s, 'headroom_capacity_exhaustion_days_lower', { cluster: 'sample', node_pool: 'c5.2xlarge', scope: 'node-pool', resource: 'cpu', metric: 'requests' })).toBe(poolDaysLower);
  });

  it('exports the last complete day\'s cost in total, per service and per namespace, never double counting', async () => {
    const s = await scrape();
    expect(valueOf(s, 'headroom_daily_cost_usd')).toBe(120 + 50 + 10 + unusedRiUsd);
    expect(valueOf(s, 'headroom_daily_cost_usd', { service: 'AmazonEC2' })).toBe(120 + 50 + unusedRiUsd);
    expect(valueOf(s, 'headroom_daily_cost_usd', { service: 'AmazonEBS' })).toBe(10);
    expect(valueOf(s, 'headroom_daily_cost_usd', { namespace: 'shop' })).toBe(120);
    expect(valueOf(s, 'headroom_daily_cost_usd', { namespace: 'search' })).toBe(50);
    expect(valueOf(s, 'headroom_daily_cost_usd', { namespace: 'batch' })).toBe(10);
    // The unallocated fee has no namespace: it is in the total and its service, not in a namespace series.
    expect(s.filter((x) => x.name === 'headroom_daily_cost_usd' && x.labels.namespace !== undefined)).toHaveLength(3);
  });

  it('exports the forecast upper bound per namespace and per service where such a forecast exists, next to the total', async () => {
    const s = await scrape();
    expect(valueOf(s, 'headroom_daily_cost_forecast_upper_usd')).toBe(195);
    expect(valueOf(s, 'headroom_daily_cost_forecast_upper_usd', { namespace: 'shop' })).toBe(shopHi95);
    expect(valueOf(s, 'headroom_daily_cost_forecast_upper_usd', { service: 'AmazonEC2' })).toBe(ec2Hi95);
    expect(valueOf(s, 'headroom_daily_cost_forecast_upper_usd', { namespace: 'search' })).toBeUndefined();
  });

  it('exports commitment coverage (covered instance usage at list price) and utilisation (used share of commitment cost)', async () => {
    const s = await scrape();
    // Instance usage at list price: shop 144 on demand + search 60 covered by ri-1; EBS has no instance type.
    expect(valueOf(s, 'headroom_commitment_coverage_ratio')).toBeCloseTo(60 / (144 + 60), 12);
    // ri-1 cost the day: 50 spent on covered usage + 12.5 unused.
    expect(valueOf(s, 'headroom_commitment_utilization_ratio')).toBeCloseTo(50 / (50 + unusedRiUsd), 12);
  });

  it('leaves the commitment gauges out when the day has no commitments or no billing at all', async () => {
    const empty = await Store.open(':memory:');
    try {
      const m = new HeadroomMetrics(empty, nowMs);
      const text = await m.registry.metrics();
      expect(parseExposition(text).filter((x) => x.name.startsWith('headroom_commitment_') || x.name.startsWith('headroom_daily_cost'))).toEqual([]);
      await empty.transaction((tx) => tx.insertRows('cost_line_items', ['import_id', 'period_start', 'period_end', 'provider', 'service', 'region', 'instance_type', 'namespace', 'resource_id', 'billed_cost_usd', 'effective_cost_usd', 'list_cost_usd', 'usage_quantity', 'usage_unit', 'pricing_category', 'commitment_discount_id', 'source'],
        [['x', new Date(lastDayMs), new Date(weekEndMs), 'aws', 'AmazonEC2', 'us-east-1', 'm5.large', 'shop', '', 40, 40, 40, 24, 'Hrs', 'Standard', '', 'focus']]));
      const s = parseExposition(await m.registry.metrics());
      expect(valueOf(s, 'headroom_commitment_coverage_ratio')).toBe(0);
      expect(valueOf(s, 'headroom_commitment_utilization_ratio')).toBeUndefined();
    } finally {
      await empty.close();
    }
  });
});

describe('commitment ratios from real FOCUS and CUR imports of the same bill', () => {
  it('agree with each other and with the commitment mix the sample bill was written with', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'headroom-ratios-'));
    const stores: Store[] = [];
    try {
      const files = await writeBillingExports(generateSampleCluster({ days: 3, seed: 42 }).billing.costLineItems, join(dir, 'exports'));
      const mix = sampleCommitmentMix;
      // Every instance-hour of the sample bill is split 60/25/15 between on demand, the Savings Plan
      // and RIs; each commitment costs its used part times (1 + its unused share).
      const expectedCoverage = mix.savingsPlan + mix.reserved;
      const spUsed = mix.savingsPlan * mix.savingsPlanRate;
      const riUsed = mix.reserved * mix.reservedRate;
      const expectedUtilization = (spUsed + riUsed) / (spUsed * (1 + mix.savingsPlanUnused) + riUsed * (1 + mix.reservedUnused));
      for (const kind of ['focus', 'cur'] as const) {
        const s = await Store.open(':memory:');
        stores.push(s);
        await s.transaction((tx) => (kind === 'focus' ? importFocusFile(tx, files.focusCsv) : importCurFile(tx, files.curCsv)));
        const days = await s.all<{ ms: number }>("SELECT DISTINCT epoch_ms(period_start) AS ms FROM cost_line_items_one_source WHERE pricing_category = 'Committed' ORDER BY 1");
        expect(days.length, kind).toBeGreaterThanOrEqual(2);
        for (const { ms } of days) {
          const r = await readCommitmentRatios(s, Number(ms));
          expect(r.coverageRatio, `${kind} ${new Date(Number(ms)).toISOString()}`).toBeCloseTo(expectedCoverage, 5);
          expect(r.utilizationRatio, `${kind} ${new Date(Number(ms)).toISOString()}`).toBeCloseTo(expectedUtilization, 5);
        }
      }
    } finally {
      for (const s of stores) await s.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** A headroom_* selector or grouping as a generated query reads it. */
interface MetricUse { file: string; expr: string; metric: string; labels: Set<string> }

/** Every `expr` string in a dashboard (panels, nested rows, targets). */
function collectDashboardExprs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) collectDashboardExprs(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'expr' && typeof v === 'string') out.push(v);
      else collectDashboardExprs(v, out);
    }
  }
  return out;
}

/**
 * The headroom_* metrics an expression reads and, per metric, the labels it filters by and the
 * labels groupings (by, on, group_left/right) over headroom_* metrics only need from it. Groupings
 * mixed with other metrics or label_replace are skipped: the label may come from elsewhere.
 */
function extractHeadroomUses(file: string, rawExpr: string): MetricUse[] {
  const expr = substituteGrafanaVariables(rawExpr);
  const tree = parser.parse(expr);
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const uses = new Map<SyntaxNode, MetricUse>();
  const selectorsUnder = (n: SyntaxNode, out: SyntaxNode[] = []): SyntaxNode[] => {
    if (n.name === 'VectorSelector') out.push(n);
    for (let ch = n.firstChild; ch; ch = ch.nextSibling) selectorsUnder(ch, out);
    return out;
  };
  const metricOf = (sel: SyntaxNode) => {
    const id = sel.getChild('Identifier');
    return id ? text(id) : '';
  };
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return;
      const metric = metricOf(ref.node);
      if (!metric.startsWith('headroom_')) return;
      const labels = new Set<string>();
      for (const ln of ref.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) labels.add(text(ln.getChild('LabelName')!));
      uses.set(ref.node, { file, expr: rawExpr, metric, labels });
    },
  });
  tree.iterate({
    enter: (ref) => {
      let scope: SyntaxNode | null = null;
      let labelNodes: SyntaxNode[] = [];
      if (ref.name === 'AggregateModifier' && ref.node.getChild('By')) {
        scope = ref.node.parent;
        labelNodes = ref.node.getChild('GroupingLabels')?.getChildren('LabelName') ?? [];
      } else if (ref.name === 'MatchingModifierClause') {
        scope = ref.node.parent;
        labelNodes = ref.node.getChildren('GroupingLabels').flatMap((g) => g.getChildren('LabelName'));
        if (ref.node.getChild('Ignoring')) labelNodes = labelNodes.slice(ref.node.getChildren('GroupingLabels')[0]?.getChildren('LabelName').length ?? 0);
      }
      if (!scope || labelNodes.length === 0) return;
      if (/label_replace|label_join/.test(text(scope))) return;
      const sels = selectorsUnder(scope);
      if (sels.length === 0 || !sels.every((s) => metricOf(s).startsWith('headroom_'))) return;
      for (const s of sels) for (const l of labelNodes) uses.get(s)?.labels.add(text(l));
    },
  });
  return [...uses.values()];
}

async function readGeneratedUses(): Promise<MetricUse[]> {
  const uses: MetricUse[] = [];
  for (const f of (await readdir(join(repoRoot, 'dashboards'))).filter((n) => n.endsWith('.json')).sort()) {
    const json = JSON.parse(await readFile(join(repoRoot, 'dashboards', f), 'utf8')) as unknown;
    for (const e of collectDashboardExprs(json)) uses.push(...extractHeadroomUses(`dashboards/${f}`, e));
  }
  for (const f of (await readdir(join(repoRoot, 'alerts'))).filter((n) => n.endsWith('.yaml')).sort()) {
    const doc = parseYaml(await readFile(join(repoRoot, 'alerts', f), 'utf8')) as { groups?: { rules?: { expr?: string; annotations?: Record<string, string> }[] }[] };
    for (const rule of (doc.groups ?? []).flatMap((g) => g.rules ?? [])) {
      if (typeof rule.expr !== 'string') continue;
      const ruleUses = extractHeadroomUses(`alerts/${f}`, rule.expr);
      // `$labels.x` in an annotation of a rule over headroom_* metrics only must come from them.
      const tree = parser.parse(rule.expr);
      let onlyHeadroom = true;
      tree.iterate({ enter: (n) => { if (n.name === 'Identifier' && n.node.parent?.name === 'VectorSelector' && !rule.expr!.slice(n.from, n.to).startsWith('headroom_')) onlyHeadroom = false; } });
      if (onlyHeadroom && !/\b(sum|avg|min|max|count|on|ignoring)\b|label_replace/.test(rule.expr)) {
        const annotationLabels = [...Object.values(rule.annotations ?? {}).join(' ').matchAll(/\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g)].map((m) => m[1]!);
        for (const u of ruleUses) for (const l of annotationLabels) u.labels.add(l);
      }
      uses.push(...ruleUses);
    }
  }
  return uses;
}

/** Labels Prometheus attaches to every series it scrapes from Headroom. */
const targetLabels = new Set(['job', 'instance']);

describe('the generated dashboards and alerts against /metrics', () => {
  it('finds the headroom_* metrics the checked-in dashboards and alerts read (the extraction works)', async () => {
    const uses = await readGeneratedUses();
    const metrics = new Set(uses.map((u) => u.metric));
    for (const m of ['headroom_daily_cost_usd', 'headroom_daily_cost_forecast_upper_usd', 'headroom_commitment_coverage_ratio', 'headroom_commitment_utilization_ratio', 'headroom_capacity_exhaustion_days', 'headroom_monthly_savings_usd']) expect(metrics).toContain(m);
    const byNamespace = uses.find((u) => u.file === 'dashboards/cost.json' && u.expr.includes('sum by (namespace)'));
    expect([...byNamespace!.labels].sort()).toEqual(['namespace', 'service']);
  });

  it('exports every headroom_* metric and every label a generated panel or alert filters or groups by', async () => {
    const samples = await scrape();
    const exported = new Map<string, Set<string>>();
    for (const s of samples) {
      const base = s.name.replace(/_(bucket|sum|count)$/, '');
      for (const name of new Set([s.name, base])) {
        const set = exported.get(name) ?? new Set<string>();
        for (const l of Object.keys(s.labels)) set.add(l);
        exported.set(name, set);
      }
    }
    const problems: string[] = [];
    for (const u of await readGeneratedUses()) {
      const labels = exported.get(u.metric);
      if (!labels) {
        problems.push(`${u.file}: ${u.metric} is not on /metrics (query: ${u.expr.replace(/\s+/g, ' ')})`);
        continue;
      }
      for (const l of u.labels) if (!labels.has(l) && !targetLabels.has(l)) problems.push(`${u.file}: ${u.metric} has no label "${l}" on /metrics (query: ${u.expr.replace(/\s+/g, ' ')})`);
    }
    expect(problems).toEqual([]);
  });
});
