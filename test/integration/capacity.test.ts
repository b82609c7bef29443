import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleCluster, type SampleCluster } from '../../src/sample/index.js';
import { sampleWorkloadSpecs } from '../../src/sample/catalogue.js';
import { Store } from '../../src/store/index.js';
import { replaceCostLineItems } from '../../src/store/cost-repo.js';
import { loadCapacityReport, loadDailyCosts } from '../../src/store/capacity-repo.js';
import { loadForecasts } from '../../src/store/forecast-repo.js';
import { capacityJob, runCapacity, storeCapacityInputs, type CapacityRunResult } from '../../src/app/capacity.js';
import { trackRun } from '../../src/app/runs.js';
import { capacityStage } from '../../src/app/demo-capacity.js';
import { configSchema } from '../../src/config/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { runCli } from '../helpers/cli.js';

let dir: string;
let storePath: string;
let sample: SampleCluster;
let result: CapacityRunResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-capacity-'));
  storePath = join(dir, 'headroom.duckdb');
  sample = generateSampleCluster({ stepSeconds: 300 });
  const store = await Store.open(storePath);
  try {
    await storeCapacityInputs(store, { snapshotId: 'sample-1', cluster: sample.cluster, windowStartMs: sample.startMs, windowEndMs: sample.endMs, collectedAtMs: sample.endMs }, sample.usage);
    // The same bill imported twice from two sources must not be counted twice.
    await store.transaction(async (tx) => {
      await replaceCostLineItems(tx, 'sample-import', sample.billing.costLineItems);
      await replaceCostLineItems(tx, 'focus-import', sample.billing.costLineItems.map((c) => ({ ...c, source: 'focus' as const })));
    });
    result = await runCapacity(store, { horizonWeeks: 13, targetUtilization: 0.75, startedAtMs: Date.UTC(2026, 10, 16, 6), logger: silentLogger() });
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('capacity on the sample cluster: store → model → stored results', () => {
  it('measures allocatable and requests exactly as the sample has them', () => {
    const cluster = result.report.scopes.find((s) => s.scope === 'cluster')!;
    expect(cluster.name).toBe(sample.cluster);
    const lastOf = (name: string) => sample.usage.clusterSeries.find((s) => s.series === name)!.points.at(-1)!.value;
    expect(cluster.cpu.allocatable).toBeCloseTo(lastOf(`cluster=${sample.cluster}/cpu_allocatable_cores`), 9);
    expect(cluster.memory.requestsNow).toBeCloseTo(lastOf(`cluster=${sample.cluster}/memory_requests_bytes`), 0);
    expect(cluster.cpu.allocatable).toBeCloseTo(sample.nodes.reduce((a, n) => a + n.allocatableCpuCores, 0), 6);
    const pools = new Set(sample.nodes.map((n) => n.nodePool));
    expect(result.report.scopes.filter((s) => s.scope === 'node-pool').map((s) => s.name).sort()).toEqual([...pools].sort());
  });

  it('sizes each node pool by bin arithmetic on its daily peak of requests', () => {
    for (const s of result.report.scopes.filter((x) => x.scope === 'node-pool')) {
      const z = s.sizing!;
      const poolNodes = sample.nodes.filter((n) => n.nodePool === s.name);
      expect(z.currentNodes).toBe(poolNodes.length);
      expect(z.nodeCpuCores).toBeCloseTo(poolNodes[0].allocatableCpuCores, 9);
      const byCpu = Math.ceil(s.cpu.requestsPeakNow / (z.nodeCpuCores * 0.75) - 1e-9);
      const byMemory = Math.ceil(s.memory.requestsPeakNow / (z.nodeMemoryBytes * 0.75) - 1e-9);
      expect(z.nodesNeededNow).toBe(Math.max(byCpu, byMemory));
    }
  });

  it('gives every cluster and node-pool resource four exhaustion estimates with a status and a sentence', () => {
    for (const s of result.report.scopes.filter((x) => x.scope !== 'namespace')) {
      for (const r of [s.cpu, s.memory]) {
        expect(r.exhaustion).toHaveLength(4);
        for (const e of r.exhaustion) {
          expect(['exhausted', 'within-horizon', 'not-within-horizon']).toContain(e.status);
          expect(e.sentence.length).toBeGreaterThan(20);
          if (e.status === 'within-horizon') expect(e.daysUntilLower!).toBeLessThanOrEqual(91);
        }
      }
    }
  });

  it('dates the fill of every sample PVC from its history', () => {
    expect(result.report.pvcs).toHaveLength(sample.usage.volumes.length);
    for (const p of result.report.pvcs) {
      const v = sample.usage.volumes.find((x) => x.persistentVolumeClaim === p.persistentVolumeClaim)!;
      expect(p.usedBytes).toBe(v.usedBytes);
      if (p.status === 'within-horizon') {
        // the expected date is the remaining bytes over the fitted daily growth
        expect(p.daysUntil!).toBeCloseTo((v.capacityBytes - v.usedBytes) / p.growthBytesPerDay, 6);
      }
    }
  });

  it('finds the fill rate and fill date the sample was built with', () => {
    // Every StatefulSet replica's PVC grows at the catalogue's rate × (1 + 0.04 × replica), plus a daily wiggle.
    for (const spec of sampleWorkloadSpecs.filter((w) => w.volume)) {
      for (let replica = 0; replica < spec.replicas; replica++) {
        const p = result.report.pvcs.find((x) => x.persistentVolumeClaim === `${spec.volume!.name}-${spec.name}-${replica}`)!;
        const growth = spec.volume!.growthBytesPerDay * (1 + 0.04 * replica);
        expect(Math.abs(p.growthBytesPerDay / growth - 1)).toBeLessThan(0.02);
        const truthDays = (p.capacityBytes - p.usedBytes) / growth;
        expect(Math.abs(p.daysUntil! - truthDays)).toBeLessThan(1);
        expect(p.daysUntilLower!).toBeLessThanOrEqual(truthDays + 0.5);
        expect((p.latestMs! - sample.endMs) / 86_400_000).toBeGreaterThanOrEqual(truthDays - 0.5);
      }
    }
    const db = result.report.pvcs.find((x) => x.persistentVolumeClaim === 'data-shop-db-0')!;
    expect(db.expectedDate).toBe('2026-12-10'); // (200 − 153) GiB at 1.9 GiB/day = 24.7 days after 2026-11-16
  });

  it('uses one billing source, so a bill imported twice is counted once', async () => {
    const store = await Store.open(storePath);
    try {
      const { source, daily } = await loadDailyCosts(store);
      expect(source).toBe('focus');
      const total = daily.reduce((a, c) => a + c.costUsd, 0);
      const truth = sample.billing.costLineItems.reduce((a, c) => a + c.effectiveCostUsd, 0);
      expect(total).toBeCloseTo(truth, 6);
    } finally {
      await store.close();
    }
  });

  it('makes the current month its actual spend to date plus the forecast of the rest', () => {
    const total = result.report.cost!.series.find((s) => s.breakdown === 'service' && s.key === '(total)')!;
    const month = total.months[0];
    expect(month.month).toBe('2026-11');
    const novStart = Date.UTC(2026, 10, 1);
    const actual = sample.billing.costLineItems.filter((c) => c.periodStartMs >= novStart && c.periodStartMs < sample.endMs).reduce((a, c) => a + c.effectiveCostUsd, 0);
    expect(month.actualToDateUsd).toBeCloseTo(actual, 6);
    expect(month.forecastDays).toBe(15);
    expect(total.months.map((m) => m.month)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09', '2027-10', '2027-11']);
  });

  it('stores results that load back as the same report, with a row per forecast step', async () => {
    const store = await Store.open(storePath);
    try {
      const loaded = await loadCapacityReport(store, result.report.runId);
      expect(JSON.parse(JSON.stringify(loaded))).toEqual(JSON.parse(JSON.stringify(result.report)));
      const runs = await store.all<{ kind: string; status: string }>('SELECT kind, status FROM runs WHERE run_id = $1', [result.report.runId]);
      expect(runs).toEqual([{ kind: 'capacity', status: 'succeeded' }]);
      const stored = await loadForecasts(store, result.report.runId);
      expect(stored.map((f) => f.series).sort()).toEqual(result.forecasts.map((f) => f.series).sort());
      for (const f of stored) {
        const original = result.forecasts.find((x) => x.series === f.series)!;
        expect(f.mean.length).toBe(original.mean.length);
        expect(f.startMs).toBe(original.startMs);
        expect(f.hi95[f.hi95.length - 1]).toBeCloseTo(original.hi95[original.hi95.length - 1], 9);
      }
      // Monthly sums in the stored results equal the sums of the stored daily forecast rows.
      const rows = await store.all<{ month: string; mean: number; hi80: number }>(
        `SELECT strftime(ts, '%Y-%m') AS month, sum(mean) AS mean, sum(hi80) AS hi80 FROM forecasts
         WHERE run_id = $1 AND series = 'cost/service=AmazonEC2:daily_usd' GROUP BY month ORDER BY month`, [result.report.runId]);
      const ec2 = loaded!.cost!.series.find((s) => s.breakdown === 'service' && s.key === 'AmazonEC2')!;
      for (const r of rows.slice(1)) {
        const m = ec2.months.find((x) => x.month === r.month)!;
        expect(m.meanUsd).toBeCloseTo(r.mean, 6);
        expect(m.hi80Usd).toBeCloseTo(r.hi80, 6);
      }
      expect(rows).toHaveLength(13);
    } finally {
      await store.close();
    }
  });
});

describe('capacity as a scheduled job', () => {
  it('stores its results under the scheduler\'s run, which loads back as the latest report', async () => {
    const store = await Store.open(storePath);
    try {
      const config = configSchema.parse({ capacity: { horizonWeeks: 4 } });
      const nowMs = Date.UTC(2026, 10, 17, 6);
      const job = capacityJob({ store, config, logger: silentLogger() });
      const { run } = await trackRun({ store, kind: 'capacity', trigger: 'schedule', nowMs: () => nowMs }, (runId) => job({ runId, trigger: 'schedule', nowMs, params: {} }));
      expect(run.status).toBe('succeeded');
      const latest = await loadCapacityReport(store);
      expect(latest!.runId).toBe(run.runId);
      expect(latest!.horizonWeeks).toBe(4);
      const runs = await store.all<{ n: number }>('SELECT count(*) AS n FROM runs WHERE run_id = $1', [run.runId]);
      expect(runs[0].n).toBe(1);
      const steps = await store.all<{ n: number }>("SELECT count(*) AS n FROM forecasts WHERE run_id = $1 AND series = 'cluster=sample/memory_requests_bytes:daily_max'", [run.runId]);
      expect(steps[0].n).toBe(28);
    } finally {
      await store.close();
    }
  });
});

describe('capacity with several clusters in one store', () => {
  it('plans the cluster asked for, the newest by default, and names a cluster it has no data for', async () => {
    const store = await Store.open(join(dir, 'two-clusters.duckdb'));
    try {
      const rename = (name: string) => name.replace(/^cluster=sample\//, 'cluster=other/');
      await storeCapacityInputs(store, { snapshotId: 'sample-new', cluster: 'sample', windowStartMs: sample.startMs, windowEndMs: sample.endMs, collectedAtMs: sample.endMs }, sample.usage);
      await storeCapacityInputs(store, { snapshotId: 'other-old', cluster: 'other', windowStartMs: sample.startMs - 86_400_000, windowEndMs: sample.endMs - 86_400_000, collectedAtMs: sample.endMs },
        { clusterSeries: sample.usage.clusterSeries.map((s) => ({ series: rename(s.series), points: s.points.filter((p) => p.timestampMs < sample.endMs - 86_400_000) })), volumes: [] });
      const options = { horizonWeeks: 2, targetUtilization: 0.75, startedAtMs: sample.endMs, logger: silentLogger(), dailyCosts: [] };
      expect((await runCapacity(store, options)).report.cluster).toBe('sample');
      const other = await runCapacity(store, { ...options, cluster: 'other' });
      expect(other.report.cluster).toBe('other');
      expect(other.report.nowMs).toBe(sample.endMs - 86_400_000);
      expect(other.report.scopes.find((s) => s.scope === 'cluster')!.name).toBe('other');
      expect(other.report.pvcs).toEqual([]);
      expect(other.report.cost).toBeNull();
      await expect(runCapacity(store, { ...options, cluster: 'prod', storeLabel: 'store x.duckdb' })).rejects.toThrow('no capacity data for cluster prod in store x.duckdb');
    } finally {
      await store.close();
    }
  });
});

describe('headroom capacity (CLI)', () => {
  it('prints the capacity table from the store', async () => {
    const r = await runCli(['capacity', '--store', storePath, '--weeks', '8']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Capacity of cluster ${sample.cluster} as of 2026-11-16 — horizon 8 weeks`);
    expect(r.stdout).toContain('Nodes needed at 75 % target utilisation of allocatable');
  });

  it('writes JSON and CSV outputs atomically', async () => {
    const out = join(dir, 'capacity.json');
    const r = await runCli(['capacity', '--store', storePath, '--format', 'json', '--output', out, '--target', '0.6']);
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(report.targetUtilization).toBe(0.6);
    expect(report.horizonWeeks).toBe(13);
    const csv = await runCli(['capacity', '--store', storePath, '--format', 'csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^scope,name,resource,unit,allocatable,requests_now,requests_peak_now,/);
    expect(lines).toHaveLength(1 + 2 * report.scopes.length);
  });

  it('rejects a bad --weeks with one line and exit code 2', async () => {
    const r = await runCli(['capacity', '--store', storePath, '--weeks', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: --weeks many: expected a whole number from 1 to 104 (e.g. --weeks 13)');
    const m = await runCli(['capacity', '--store', storePath, '--method', 'prophet']);
    expect(m.code).toBe(2);
    expect(m.stderr.trim()).toMatch(/^error: forecast method "prophet" is unknown \(use one of auto, [a-z0-9-, ]+\)$/);
  });

  it('says how to get data when the store does not exist, without creating it', async () => {
    const missing = join(dir, 'nope.duckdb');
    const r = await runCli(['capacity', '--store', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: store .*nope\.duckdb does not exist \(run `headroom collect` first/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    await expect(stat(missing)).rejects.toThrow();
  });

  it('says so when the store has no capacity data', async () => {
    const empty = join(dir, 'empty.duckdb');
    (await Store.open(empty)).close();
    const r = await runCli(['capacity', '--store', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no capacity data in store');
  });
});

describe('headroom capacity --at (CLI): the end of the history', () => {
  const dayMs = 86_400_000;
  let atStore: string;
  beforeAll(async () => {
    // Two collections of the sample: one ending a week before its end, one at its end; and its bill.
    atStore = join(dir, 'at.duckdb');
    const earlyEndMs = sample.endMs - 7 * dayMs;
    const store = await Store.open(atStore);
    try {
      await storeCapacityInputs(store, { snapshotId: 'late', cluster: sample.cluster, windowStartMs: sample.startMs, windowEndMs: sample.endMs, collectedAtMs: sample.endMs }, sample.usage);
      await storeCapacityInputs(store, { snapshotId: 'early', cluster: sample.cluster, windowStartMs: sample.startMs, windowEndMs: earlyEndMs, collectedAtMs: earlyEndMs }, {
        clusterSeries: sample.usage.clusterSeries.map((x) => ({ series: x.series, points: x.points.filter((p) => p.timestampMs <= earlyEndMs) })),
        volumes: sample.usage.volumes.map((v) => ({ ...v, history: v.history.filter((p) => p.timestampMs <= earlyEndMs) })),
      });
      await store.transaction((tx) => replaceCostLineItems(tx, 'sample-import', sample.billing.costLineItems));
    } finally {
      await store.close();
    }
  });

  const run = async (extra: string[]) => {
    const r = await runCli(['capacity', '--store', atStore, '--weeks', '4', '--format', 'json', ...extra]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as { nowMs: number; scopes: { scope: string; cpu: { allocatable: number; requestsNow: number } }[]; cost: { historyEndMs: number } | null };
  };
  const lastAtOrBefore = (name: string, ms: number) => sample.usage.clusterSeries.find((x) => x.series === name)!.points.filter((p) => p.timestampMs <= ms).at(-1)!.value;

  it('plans from the newest collection ending at or before --at, with billing of the days before it', async () => {
    const latest = await run([]);
    expect(latest.nowMs).toBe(sample.endMs);
    expect(latest.cost!.historyEndMs).toBeGreaterThan(sample.endMs - 3 * dayMs);

    const atMs = sample.endMs - 3 * dayMs - 3_600_000; // between the two collections' ends, mid-day
    const past = await run(['--at', new Date(atMs).toISOString()]);
    expect(past.nowMs).toBe(sample.endMs - 7 * dayMs);
    const cluster = past.scopes.find((x) => x.scope === 'cluster')!;
    expect(cluster.cpu.requestsNow).toBeCloseTo(lastAtOrBefore(`cluster=${sample.cluster}/cpu_requests_cores`, sample.endMs - 7 * dayMs), 6);
    // The bill of the day --at falls in is not whole yet: the cost history stops at the day before.
    expect(past.cost!.historyEndMs).toBeLessThanOrEqual(atMs);
    expect(past.cost!.historyEndMs).toBeGreaterThan(atMs - 2 * dayMs);

    // Unix seconds name the same time; exactly the early collection's end picks it.
    expect((await run(['--at', String((sample.endMs - 7 * dayMs) / 1000)])).nowMs).toBe(sample.endMs - 7 * dayMs);
  });

  it('refuses a --at before any collection with one line naming the earliest, and a bad --at, exit 2', async () => {
    const before = new Date(sample.endMs - 8 * dayMs).toISOString();
    const r = await runCli(['capacity', '--store', atStore, '--at', before]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`error: --at ${before}: no capacity data in store ${atStore} ends at or before it; the earliest collection ends ${new Date(sample.endMs - 7 * dayMs).toISOString()}`);
    const bad = await runCli(['capacity', '--store', atStore, '--at', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --at 2026-02-30: /);
  });
});

describe('demo stage "capacity"', () => {
  it('writes the summary, JSON and finance CSVs and publishes the report', async () => {
    const outDir = join(dir, 'demo');
    const store = await Store.open(':memory:');
    const results = new Map<string, unknown>();
    try {
      const { outputs, summary } = await capacityStage.run({ store, outDir, nowMs: sample.endMs, sample, config: configSchema.parse({}), logger: silentLogger(), results });
      expect(outputs.map((o) => o.path.slice(outDir.length + 1))).toEqual([
        'capacity/summary.md', 'capacity/capacity.json', 'capacity/cost-forecast-by-service.csv', 'capacity/cost-forecast-by-namespace.csv', 'capacity/forecasts.csv',
      ]);
      expect(summary).toMatch(/^\d+ scopes, \d+ PVCs, \d+ forecasts; /);
      const report = results.get('capacity') as typeof result.report;
      expect(report.cluster).toBe(sample.cluster);
      const byService = (await readFile(join(outDir, 'capacity/cost-forecast-by-service.csv'), 'utf8')).trim().split('\n');
      expect(byService[0]).toBe('service,month,mean,lo80,hi80,lo95,hi95,actual_to_date,forecast_days,method,history_days,level_shifts,indicative,recent_error,recent_within80,currency');
      expect(byService.slice(1).every((line) => line.endsWith(',USD'))).toBe(true);
      const services = report.cost!.series.filter((s) => s.breakdown === 'service').length;
      expect(byService).toHaveLength(1 + 13 * services);
      const md = await readFile(join(outDir, 'capacity/summary.md'), 'utf8');
      expect(md).toContain('![Cluster sample: memory requests and usage peaks');
      expect((await stat(join(outDir, 'capacity/cluster-memory.svg'))).size).toBeGreaterThan(1000);
      const forecastsCsv = (await readFile(join(outDir, 'capacity/forecasts.csv'), 'utf8')).trim().split('\n');
      expect(forecastsCsv[0]).toBe('series,timestamp,mean,lo80,hi80,lo95,hi95');
      const forecasts = results.get('capacity-forecasts') as { mean: Float64Array }[];
      expect(forecastsCsv).toHaveLength(1 + forecasts.reduce((a, f) => a + f.mean.length, 0));
    } finally {
      await store.close();
    }
  });
});
