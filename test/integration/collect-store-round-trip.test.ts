/**
 * What `headroom collect` stores beyond the summaries, end to end on the sample (7 days at 60 s,
 * the same cached TSDB as collect-prometheus.test.ts) in a real Prometheus, collected once:
 * - node usage from node-exporter, against a ground truth computed here from the very
 *   node-exporter samples the sample writes for backfill (its OpenMetrics), with Prometheus'
 *   rate() and quantile definitions from src/sample/truth.ts;
 * - hourly per-container histories and HPAs: `rightsize --from-store` after `collect` gives the
 *   same recommendations as `rightsize` straight from Prometheus on the same window.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSamplePrometheus, type PrometheusHandle } from '../helpers/prometheus.js';
import { runCli } from '../helpers/cli.js';
import { writeOpenMetrics, type SampleCluster } from '../../src/sample/index.js';
import { computePodCpuRates, quantileSorted } from '../../src/sample/truth.js';
import { sourceMetrics as M } from '../../src/domain/conventions.js';
import type { NodeUsage } from '../../src/domain/usage.js';
import type { RightsizeRecord } from '../../src/domain/recommendation.js';
import { Store } from '../../src/store/index.js';
import { loadNodeUsage } from '../../src/store/node-usage-repo.js';
import { usageSnapshotId } from '../../src/store/usage-repo.js';

interface NodeTruth {
  cpuCount: number;
  cpuP95Cores: number;
  cpuMaxCores: number;
  cpuMeanCores: number;
  memoryTotalBytes: number;
  memoryP95Bytes: number;
  memoryPeakBytes: number;
  rootUsedBytes: number;
  rootSizeBytes: number;
}

let prom: (PrometheusHandle & { sample: SampleCluster }) | null = null;
let dir: string;
let storePath: string;
let nodeUsage: NodeUsage[] = [];
let collectStdout = '';
let truth = new Map<string, NodeTruth>();

const within = (actual: number, expected: number, tolerance = 0.02) => Math.abs(actual - expected) <= tolerance * Math.max(Math.abs(expected), 1e-9);

/** Every sample of the node-exporter families the sample writes, per series (label text → values at their grid steps). */
async function readNodeExporterSamples(sample: SampleCluster): Promise<Map<string, { name: string; labels: string; firstStep: number; values: number[] }>> {
  const series = new Map<string, { name: string; labels: string; firstStep: number; values: number[] }>();
  let rest = '';
  const take = (line: string) => {
    if (line.startsWith('#') || line === '') return;
    // Only the idle CPU counters: every other mode is the complement.
    if (line.startsWith(M.nodeCpuSecondsTotal) && !line.includes('mode="idle"')) return;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+) (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsed OpenMetrics line: ${line}`);
    const key = `${m[1]}${m[2] ?? ''}`;
    let s = series.get(key);
    if (!s) {
      s = { name: m[1]!, labels: m[2] ?? '', firstStep: Math.round((Number(m[4]) * 1000 - sample.startMs) / (sample.stepSeconds * 1000)), values: [] };
      series.set(key, s);
    }
    s.values.push(Number(m[3]));
  };
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop()!;
      for (const line of lines) take(line);
      done();
    },
  });
  await writeOpenMetrics(sample, sink, { families: [M.nodeCpuSecondsTotal, M.nodeMemoryMemTotalBytes, M.nodeMemoryMemAvailableBytes, M.nodeFilesystemSizeBytes, M.nodeFilesystemAvailBytes] });
  take(rest);
  return series;
}

function computeNodeTruth(sample: SampleCluster, series: Awaited<ReturnType<typeof readNodeExporterSamples>>): Map<string, NodeTruth> {
  const label = (labels: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(labels)?.[1] ?? '';
  const evalSteps = Math.round((sample.endMs - sample.startMs) / (sample.stepSeconds * 1000));
  const out = new Map<string, NodeTruth>();
  for (const node of sample.nodes.map((n) => n.node)) {
    const mine = [...series.values()].filter((s) => label(s.labels, 'instance') === node);
    const idle = mine.filter((s) => s.name === M.nodeCpuSecondsTotal);
    const first = idle[0]!.firstStep;
    // used(t) = CPUs − Σ idle rate, at every step where each CPU's rate exists.
    const rates = idle.map((s) => computePodCpuRates(Float64Array.from(s.values), s.firstStep, sample.stepSeconds, evalSteps, sample.cpuRateWindowSeconds));
    expect(new Set(idle.map((s) => s.firstStep)).size).toBe(1);
    const used = new Float64Array(rates[0]!.length);
    for (let k = 0; k < used.length; k++) used[k] = idle.length - rates.reduce((sum, r) => sum + r[k]!, 0);
    const total = mine.find((s) => s.name === M.nodeMemoryMemTotalBytes)!;
    const avail = mine.find((s) => s.name === M.nodeMemoryMemAvailableBytes)!;
    const memUsed = Float64Array.from(avail.values, (a, i) => total.values[i]! - a);
    const size = mine.find((s) => s.name === M.nodeFilesystemSizeBytes && label(s.labels, 'mountpoint') === '/')!;
    const free = mine.find((s) => s.name === M.nodeFilesystemAvailBytes && label(s.labels, 'mountpoint') === '/')!;
    const cpuSorted = Float64Array.from(used).sort();
    const memSorted = Float64Array.from(memUsed).sort();
    out.set(node, {
      cpuCount: idle.length,
      cpuP95Cores: quantileSorted(cpuSorted, 0.95),
      cpuMaxCores: cpuSorted[cpuSorted.length - 1]!,
      cpuMeanCores: used.reduce((a, b) => a + b, 0) / used.length,
      memoryTotalBytes: total.values.at(-1)!,
      memoryP95Bytes: quantileSorted(memSorted, 0.95),
      memoryPeakBytes: memSorted[memSorted.length - 1]!,
      rootSizeBytes: size.values.at(-1)!,
      rootUsedBytes: size.values.at(-1)! - free.values.at(-1)!,
    });
    expect(first).toBeGreaterThanOrEqual(0);
  }
  return out;
}

beforeAll(async () => {
  prom = await startSamplePrometheus({ days: 7, seed: 42 });
  dir = await mkdtemp(join(tmpdir(), 'hr-collect-nodes-'));
  storePath = join(dir, 'store.duckdb');
  await writeFile(join(dir, 'headroom.yaml'), `cluster: sample\nstore:\n  path: ${storePath}\nprometheus:\n  url: ${prom.url}\n  timeout: 120s\n`);
  const [r, samples] = await Promise.all([
    runCli(['collect', '--config', 'headroom.yaml', '--since', '7d', '--at', String(prom.sample.endMs / 1000), '--log-level', 'error'], { cwd: dir, timeoutMs: 580_000 }),
    readNodeExporterSamples(prom.sample),
  ]);
  expect(r.code, r.stderr).toBe(0);
  collectStdout = r.stdout;
  truth = computeNodeTruth(prom.sample, samples);
  const store = await Store.open(storePath);
  nodeUsage = await loadNodeUsage(store, usageSnapshotId('prometheus', 'sample', prom.sample.startMs, prom.sample.endMs));
  await store.close();
}, 600_000);

afterAll(async () => {
  await prom?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('node-exporter usage collected from the sample in a real Prometheus', () => {
  it('stores one node usage row per Kubernetes node, matched by instance name', () => {
    expect(collectStdout).toMatch(/11 nodes with node-exporter usage/);
    expect(nodeUsage.map((n) => n.node)).toEqual(prom!.sample.nodes.map((n) => n.node).sort());
    expect(new Set(nodeUsage.map((n) => n.mappedBy))).toEqual(new Set(['instance-name']));
  });

  it('measures node CPU (non-idle cores) p95, max and mean within 2 % of the sample\'s node-exporter truth', () => {
    const misses: string[] = [];
    for (const n of nodeUsage) {
      const t = truth.get(n.node)!;
      expect(n.cpuCount).toBe(t.cpuCount);
      for (const f of ['cpuP95Cores', 'cpuMaxCores', 'cpuMeanCores'] as const) if (!within(n[f], t[f])) misses.push(`${n.node} ${f}: ${n[f]} vs truth ${t[f]}`);
    }
    expect(misses).toEqual([]);
    // Real load, not idle nodes: the busiest node uses more than a core at p95.
    expect(Math.max(...nodeUsage.map((n) => n.cpuP95Cores))).toBeGreaterThan(1);
  });

  it('measures node memory used (MemTotal − MemAvailable) p95 and peak within 2 % of the truth', () => {
    const misses: string[] = [];
    for (const n of nodeUsage) {
      const t = truth.get(n.node)!;
      expect(n.memoryTotalBytes).toBe(t.memoryTotalBytes);
      for (const f of ['memoryP95Bytes', 'memoryPeakBytes'] as const) if (!within(n[f], t[f])) misses.push(`${n.node} ${f}: ${n[f]} vs truth ${t[f]}`);
    }
    expect(misses).toEqual([]);
  });

  it('reports the root filesystem\'s size and use at the end of the window', () => {
    for (const n of nodeUsage) {
      const t = truth.get(n.node)!;
      expect(n.filesystems.map((f) => f.mountpoint)).toEqual(['/']);
      expect(n.filesystems[0]!.sizeBytes).toBe(t.rootSizeBytes);
      expect(n.filesystems[0]!.usedBytes).toBe(t.rootUsedBytes);
    }
  });

  it('keeps hourly histories whose mean CPU and peak memory agree with the window figures', () => {
    for (const n of nodeUsage) {
      const h = n.history!;
      expect(h.stepSeconds).toBe(3600);
      expect(h.cpuMeanCores.length).toBe(7 * 24 + 1);
      const cpu = [...h.cpuMeanCores].filter(Number.isFinite);
      const mem = [...h.memoryPeakBytes].filter(Number.isFinite);
      expect(cpu.length).toBeGreaterThanOrEqual(7 * 24 - 1);
      expect(within(cpu.reduce((a, b) => a + b, 0) / cpu.length, n.cpuMeanCores)).toBe(true);
      expect(Math.max(...mem)).toBe(n.memoryPeakBytes);
    }
  });
});

describe('rightsize --from-store after collect', () => {
  type Rec = RightsizeRecord;
  let live: Rec[] = [];
  let stored: Rec[] = [];
  let storedStderr = '';

  beforeAll(async () => {
    const at = String(prom!.sample.endMs / 1000);
    const strategy = ['--strategy', 'decaying-histogram', '--format', 'json', '--log-level', 'error'];
    // The live run gets a config without the store, so both can run at once (DuckDB locks its file).
    await writeFile(join(dir, 'live.yaml'), `cluster: sample\nstore:\n  path: ${join(dir, 'absent', 'store.duckdb')}\n`);
    const [a, b] = await Promise.all([
      runCli(['rightsize', '--config', 'live.yaml', '--prometheus-url', prom!.url, '--history', '7d', '--at', at, ...strategy, '--output', 'live.json'], { cwd: dir, timeoutMs: 580_000 }),
      runCli(['rightsize', '--config', 'headroom.yaml', '--from-store', ...strategy, '--output', 'stored.json'], { cwd: dir, timeoutMs: 120_000 }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    storedStderr = b.stderr;
    live = JSON.parse(await readFile(join(dir, 'live.json'), 'utf8')) as Rec[];
    stored = JSON.parse(await readFile(join(dir, 'stored.json'), 'utf8')) as Rec[];
  }, 600_000);

  it('gives the decaying-histogram strategy the stored hourly histories: every container gets a recommendation, equal to the live run', () => {
    expect(storedStderr).toBe('');
    expect(stored.length).toBe(prom!.sample.truth.length);
    // No container fell back to "needs the hourly usage history".
    expect(stored.filter((r) => r.reasons.some((x) => x.includes('needs the hourly usage history')))).toEqual([]);
    expect(stored.filter((r) => r.recommended.cpuRequestCores !== null).length).toBeGreaterThan(stored.length / 2);
    expect(stored).toEqual(live);
  });

  it('honours the HPAs stored with the snapshot as the live run does', () => {
    const hpaWorkloads = prom!.sample.inventory.filter((w) => w.hpa?.cpuTargetUtilizationPercent);
    expect(hpaWorkloads.length).toBeGreaterThan(0);
    for (const w of hpaWorkloads) {
      const recs = stored.filter((r) => r.namespace === w.namespace && r.workloadKind === w.workloadKind && r.workload === w.workload);
      expect(recs.length).toBeGreaterThan(0);
      for (const r of recs) expect(r.reasons.some((x) => x.includes(`an HPA scales this workload on CPU at ${w.hpa!.cpuTargetUtilizationPercent} %`)), r.reasons.join(' | ')).toBe(true);
    }
  });
});
