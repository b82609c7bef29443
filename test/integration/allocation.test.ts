/**
 * Cost allocation on the sample, against an oracle computed here from the sample's ground truth:
 * every pod's per-minute CPU and memory (regenerated from the sample's own streams), its requests
 * from the catalogue, its node from the timeline, and each node's hourly price from its own bill
 * line — priced by the method of DESIGN.md (max(request, usage) per resource at the node's price
 * split in OpenCost's CPU:RAM ratio over the node's capacity), without the model's code.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleCluster, type SampleCluster } from '../../src/sample/index.js';
import { sampleModelOf } from '../../src/sample/generate.js';
import { generateContainerSeries } from '../../src/sample/usage-model.js';
import { Store } from '../../src/store/index.js';
import { saveUsageCollection, usageSnapshotId } from '../../src/store/usage-repo.js';
import { replaceCostLineItems } from '../../src/store/cost-repo.js';
import { allocateFromStore, groupAll, runAndSaveAllocation } from '../../src/app/allocation.js';
import { allocationFormatters, reconciliationLine } from '../../src/app/allocation-formats.js';
import { loadAllocationGrouping } from '../../src/store/allocation-repo.js';
import type { AllocationReport } from '../../src/domain/allocation.js';
import { runCli } from '../helpers/cli.js';
import { loadReportInputs } from '../../src/app/report.js';
import { getLastFullIsoWeek, shiftIsoWeek } from '../../src/reports/iso-week.js';

const GIB = 1024 ** 3;
// OpenCost's default list prices: $0.031611 per vCPU-hour, $0.004237 per GiB-hour.
const CPU_TO_MEMORY = 0.031611 / 0.004237;

let sample: SampleCluster;
let dir: string;
let storePath: string;

beforeAll(async () => {
  sample = generateSampleCluster({ days: 14, seed: 7 });
  dir = await mkdtemp(join(tmpdir(), 'headroom-allocation-'));
  storePath = join(dir, 'headroom.duckdb');
  const store = await Store.open(storePath);
  try {
    await store.transaction((tx) => saveUsageCollection(tx, { snapshotId: usageSnapshotId('sample', sample.cluster, sample.startMs, sample.endMs), source: 'sample', collectedAtMs: sample.endMs }, sample.usage, sample.inventory));
    await store.transaction((tx) => replaceCostLineItems(tx, 'sample-bill', sample.billing.costLineItems));
  } finally {
    await store.close();
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Cost per namespace from the truth: per minute, per pod container, max(request, usage) × its node's price of that hour. */
function oracleNamespaceCosts(s: SampleCluster): Map<string, number> {
  const m = sampleModelOf(s);
  const stepHours = m.grid.stepSeconds / 3600;
  const stepsPerHour = 3600 / m.grid.stepSeconds;
  const hours = m.grid.steps / stepsPerHour;
  // Each node's hourly price from its bill lines: the day's effective cost over the hours it ran that day.
  const nodePrices = m.timeline.nodes.map((n) => {
    const perHour = new Float64Array(hours);
    for (const line of s.billing.costLineItems.filter((l) => l.resourceId === n.instanceId)) {
      const firstHour = (line.periodStartMs - s.startMs) / 3_600_000;
      const stepsAlive: number[] = [];
      for (let h = firstHour; h < firstHour + 24; h++) stepsAlive.push(Math.max(0, Math.min(stepsPerHour, (h + 1) * stepsPerHour - n.startStep)));
      const aliveHours = stepsAlive.reduce((a, b) => a + b, 0) / stepsPerHour;
      stepsAlive.forEach((steps, i) => { if (steps > 0) perHour[firstHour + i] = line.effectiveCostUsd / aliveHours; });
    }
    // $/GiB-hour m and $/core-hour r·m with cores·r·m + GiB·m = price.
    const gib = n.memoryBytes / GIB;
    const memory = perHour.map((p) => p / (n.cpuCores * CPU_TO_MEMORY + gib));
    return { cpu: memory.map((x) => x * CPU_TO_MEMORY), memory };
  });
  const out = new Map<string, number>();
  for (const pod of m.timeline.pods) {
    const w = m.workloads[pod.workloadIndex]!;
    const price = nodePrices[pod.nodeIndex]!;
    for (const c of w.containers) {
      const series = generateContainerSeries(m.grid, w, c, pod, m.timeline.hpaReplicas.get(pod.workloadIndex) ?? null);
      const reqCpu = c.resources.cpuRequestCores ?? 0;
      const reqMem = (c.resources.memoryRequestBytes ?? 0) / GIB;
      let cost = 0;
      for (let i = 0; i < series.cpuCores.length; i++) {
        const h = Math.floor((pod.startStep + i) / stepsPerHour);
        cost += (Math.max(reqCpu, series.cpuCores[i]!) * price.cpu[h]! + Math.max(reqMem, series.memoryBytes[i]! / GIB) * price.memory[h]!) * stepHours;
      }
      out.set(w.namespace, (out.get(w.namespace) ?? 0) + cost);
    }
  }
  return out;
}

describe('Cost allocation on the sample, with a bill that carries no namespace tags', () => {
  it('gives each namespace the share of the allocated cost the ground truth gives it, within 2 %', async () => {
    expect(sample.billing.costLineItems.filter((l) => l.service === 'AmazonEC2').every((l) => l.namespace === '')).toBe(true);
    const store = await Store.open(storePath);
    try {
      const run = await allocateFromStore(store, { prices: null });
      const report = groupAll(run, ['namespace'], []).get('namespace')!.report;
      const oracle = oracleNamespaceCosts(sample);
      const oracleTotal = [...oracle.values()].reduce((a, b) => a + b, 0);
      const allocated = report.allocations.reduce((a, x) => a + x.totalUsd, 0);
      expect(report.allocations.map((a) => a.key).sort()).toEqual([...oracle.keys()].sort());
      for (const a of report.allocations) {
        const truthShare = oracle.get(a.key)! / oracleTotal;
        const share = a.totalUsd / allocated;
        expect(Math.abs(share - truthShare) / truthShare, `${a.key}: ${share} vs truth ${truthShare}`).toBeLessThan(0.02);
      }
      // Every node was matched to its own line by provider ID.
      expect(new Set(run.allocation.nodes.map((n) => n.pricedBy))).toEqual(new Set(['provider-id']));
    } finally {
      await store.close();
    }
  });

  it('reconciles allocations + idle + unallocated to the bill\'s total effective cost to the cent, and says what stayed unallocated and why', async () => {
    const store = await Store.open(storePath);
    try {
      const run = await allocateFromStore(store, { prices: null });
      const report = groupAll(run, ['workload'], []).get('workload')!.report;
      // The bill's total for the window, summed in DECIMAL by DuckDB straight from the stored lines.
      const [bill] = await store.all<{ total: number }>(
        "SELECT CAST(round(sum(CAST(effective_cost_usd AS DECIMAL(38,10))), 2) AS DOUBLE) AS total FROM cost_line_items WHERE period_start >= $1 AND period_end <= $2",
        [new Date(sample.startMs), new Date(sample.endMs)]);
      const cents = (x: number) => Math.round(x * 100);
      expect(cents(report.totalUsd)).toBe(cents(bill!.total));
      expect(report.allocations.reduce((a, x) => a + cents(x.totalUsd), 0) + cents(report.idleUsd) + cents(report.unallocatedUsd)).toBe(cents(report.totalUsd));
      expect(reconciliationLine(report, true)).toMatch(/^Reconciled: allocations \$[\d,.]+ \+ idle \$[\d,.]+ \+ unallocated \$[\d,.]+ = the bill's \$[\d,.]+ \(to the cent\)$/);
      // What is not the cluster's: the fleet outside it, S3, data transfer, EKS, CloudWatch and EBS (no PVC inputs here).
      const services = new Set(run.allocation.unallocated.map((u) => u.service));
      expect(services).toEqual(new Set(['AmazonEC2', 'AmazonS3', 'AWSDataTransfer', 'AmazonEKS', 'AmazonCloudWatch', 'AmazonEBS']));
      expect(run.allocation.unallocated.find((u) => u.service === 'AmazonEC2')!.reason).toBe('instances-outside-cluster');
      const table = allocationFormatters.table({ by: 'workload', report, allocation: run.allocation, billSource: run.billSource });
      expect(table).toContain("instances of the cluster's types that ran outside it");
      expect(table).toContain('Reconciled: allocations');
    } finally {
      await store.close();
    }
  });

  it('stores each run with every grouping and its daily costs, so forecasts and movers can be per team', async () => {
    const store = await Store.open(storePath);
    try {
      const saved = await runAndSaveAllocation(store, { prices: null, sharedNamespaces: ['kube-system', 'monitoring'], labelKeys: ['team', 'cost-center'], nowMs: () => sample.endMs });
      const team = await loadAllocationGrouping(store, saved.runId, 'label:team');
      expect(team!.entries.map((e) => e.key).sort()).toEqual(['auth', 'data', 'ml', 'shop']);
      expect(team!.entries.reduce((a, e) => a + e.sharedUsd, 0)).toBeGreaterThan(0);
      expect(team!.daily.get('shop')).toHaveLength(14);
      const costCenter = await loadAllocationGrouping(store, saved.runId, 'label:cost-center');
      expect(costCenter!.entries.map((e) => e.key).sort()).toEqual(['cc-1100', 'cc-1200', 'cc-1300']);
      // The weekly report's "Cost by team": the stored days of each team, week over week.
      const week = getLastFullIsoWeek(sample.endMs);
      const report = await loadReportInputs(store, week, sample.endMs, null, 'team');
      const shopDays = team!.daily.get('shop')!;
      const weekSum = (w: { startMs: number; endMs: number }) => shopDays.filter((d) => d.dayStartMs >= w.startMs && d.dayStartMs < w.endMs).reduce((a, d) => a + d.costUsd, 0);
      const shop = report.costByTeam.teams.find((t) => t.team === 'shop')!;
      expect(report.costByTeam.status).toBe('ok');
      expect(shop.lastWeekUsd).toBeCloseTo(weekSum(week), 2);
      expect(shop.previousWeekUsd).toBeCloseTo(weekSum(shiftIsoWeek(week, -1)), 2);
      expect(report.costByTeam.movers.length).toBeGreaterThan(0);
      expect(Math.abs(report.costByTeam.movers[0]!.changeUsd)).toBe(Math.max(...report.costByTeam.teams.map((t) => Math.abs(t.changeUsd))));
      expect(report.costByTeam.reconciliation).toMatch(/^Reconciled: allocations/);
    } finally {
      await store.close();
    }
  });

  it('headroom costs --by namespace writes the DESIGN.md Allocation contract, exactly', async () => {
    const out = join(dir, 'allocation.json');
    const config = join(dir, 'headroom.yaml');
    await import('node:fs/promises').then((fs) => fs.writeFile(config, `store:\n  path: ${storePath}\n`));
    const r = await runCli(['-c', config, 'costs', '--by', 'namespace', '--days', '7', '--format', 'json', '--output', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8')) as AllocationReport;
    expect(Object.keys(report)).toEqual(['currency', 'windowStart', 'windowEnd', 'totalUsd', 'idleUsd', 'unallocatedUsd', 'allocations']);
    expect(Object.keys(report.allocations[0]!)).toEqual(['key', 'cpuUsd', 'memoryUsd', 'storageUsd', 'gpuUsd', 'sharedUsd', 'totalUsd', 'efficiency']);
    expect(report.windowEnd).toBe(new Date(sample.endMs).toISOString());
    expect(Date.parse(report.windowEnd) - Date.parse(report.windowStart)).toBe(7 * 86_400_000);
    const bad = await runCli(['-c', config, 'costs', '--by', 'colour']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--by colour: expected namespace, workload, container, node, node-pool, cluster or label:KEY (allocation), or one of provider, service, region, account, billing-period');
  });
});
