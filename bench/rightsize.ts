/**
 * `npm run bench:rightsize`: end-to-end rightsizing (collect from a real Prometheus → model →
 * JSON, as `headroom rightsize --format json` does) at 1,000, 3,000 and 10,000 containers.
 *
 *   per size: sample (scaled) ─► backfill (cached in .cache/prometheus-tsdb, shared with the
 *   collectors' benchmark) ─► prometheus ─► timed run ─► figures
 *
 * Figures per size: wall time end to end; the share of it outside Prometheus — the end-to-end time
 * with no query in flight (process start, model, output, gaps between queries); next to it, as a
 * stricter proxy, Headroom's own CPU time (user + system of this process during the run) ÷ wall,
 * which also counts parsing that overlaps queries still in flight; Prometheus's CPU time (from /proc/<pid>/stat);
 * the model + formatting time alone; peak RSS of this process. Targets at 10,000 containers:
 * ≤ 60 s end to end, ≤ 10 % outside Prometheus, RSS ≤ 1 GiB, growth no worse than linear (the
 * time per container at 10,000 is compared with the one at 1,000 measured in the same run).
 *
 * Usage: npm run bench:rightsize [-- 1000 3000]   (sizes; default 1000 3000 10000)
 * History, resolution and metric families are the collectors' benchmark's (bench/collect.ts: 1 day
 * at hourly scrapes, the 26 families the collector reads), with the same cache key, so both reuse
 * one backfilled TSDB per size under .cache/prometheus-tsdb.
 *
 * Every size runs on Prometheus and on VictoriaMetrics (the same sample, imported and cached under
 * .cache/victoria-metrics), one row per backend side by side; `BENCH_BACKENDS=prometheus` runs one.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describeMachine } from './machine.js';
import { generateSampleCluster } from '../src/sample/index.js';
import { benchBackends, benchFamilies, sampleSourceVersion } from './_sample-work.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const containerCounts = sizes.length ? sizes : [1000, 3000, 10_000];
// Same work and cache key as bench/collect.ts by default; BENCH_DAYS / BENCH_STEP_SECONDS override.
const days = Number(process.env.BENCH_DAYS ?? 1);
const stepSeconds = Number(process.env.BENCH_STEP_SECONDS ?? 3600);
const clockTicksPerSecond = 100;


/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

interface RunFigures {
  recommendations: number;
  recommended: number;
  collectSeconds: number;
  modelSeconds: number;
  runSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  queries: number;
  bytesReceived: number;
  jsonBytes: number;
  warnings: number;
  /** Prometheus's own execution seconds per query kind (summed over shards). */
  prometheusSecondsByQuery: Record<string, number>;
  /** Wall seconds of the collection with at least one query in flight. */
  prometheusBusySeconds: number;
}

/** Runs bench/_rightsize-run.ts in a child process; wall time includes its start-up (as a user's command would). */
function runMeasured(args: string[]): Promise<RunFigures & { wallSeconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/_rightsize-run.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`measured run exited with ${code}`));
      resolve({ ...(JSON.parse(out.trim().split('\n').pop()!) as RunFigures), wallSeconds: (performance.now() - t0) / 1000 });
    });
  });
}

interface Row {
  backend: string;
  containers: number;
  recommended: number;
  endToEndSeconds: number;
  collectSeconds: number;
  modelSeconds: number;
  headroomCpuSeconds: number;
  prometheusCpuSeconds: number;
  outsideShare: number;
  /** Share of the end-to-end time with no query in flight (start-up, model, output, gaps between queries). */
  notWaitingShare: number;
  peakRssMiB: number;
  queries: number;
  backfillSeconds: number;
}

const rows: Row[] = [];
console.log(`bench:rightsize on ${describeMachine()}`);
const backends = benchBackends();
console.log(`work: ${containerCounts.join(', ')} containers, ${days} day of history at ${stepSeconds / 60}-minute scrapes, ${benchFamilies.length} metric families (as bench:collect), hourly histories, default strategy, backends ${backends.map((b) => b.name).join(' and ')}`);
const version = sampleSourceVersion();
for (const containers of containerCounts) {
  const t0 = performance.now();
  const sample = generateSampleCluster({ containers, days, stepSeconds, seed: 42 });
  for (const backend of backends) {
    const t1 = performance.now();
    const { loadSeconds: backfillSeconds, ...prom } = await backend.start(sample, version);
    const setupSeconds = (performance.now() - t1 + (backend === backends[0] ? t1 - t0 : 0)) / 1000;
    try {
      const promCpu0 = processCpuSeconds(prom.pid);
      const run = await runMeasured([prom.url, sample.cluster, String(sample.startMs), String(sample.endMs)]);
      const row: Row = {
        backend: backend.name,
        containers,
        recommended: run.recommended,
        endToEndSeconds: run.wallSeconds,
        collectSeconds: run.collectSeconds,
        modelSeconds: run.modelSeconds,
        headroomCpuSeconds: run.cpuSeconds,
        prometheusCpuSeconds: processCpuSeconds(prom.pid) - promCpu0,
        outsideShare: run.cpuSeconds / run.wallSeconds,
        notWaitingShare: (run.wallSeconds - run.prometheusBusySeconds) / run.wallSeconds,
        peakRssMiB: run.peakRssBytes / 2 ** 20,
        queries: run.queries,
        backfillSeconds,
      };
      rows.push(row);
      console.log(`${backend.name}, ${containers} containers: ${run.recommendations} rows (${run.recommended} recommended) in ${row.endToEndSeconds.toFixed(1)} s end to end incl. process start ` +
        `(collect ${row.collectSeconds.toFixed(1)} s, model+JSON ${row.modelSeconds.toFixed(2)} s, ${row.queries} queries, ${(run.bytesReceived / 2 ** 20).toFixed(1)} MiB received, JSON ${(run.jsonBytes / 2 ** 20).toFixed(1)} MiB); ` +
        `Headroom CPU ${row.headroomCpuSeconds.toFixed(1)} s (${(row.outsideShare * 100).toFixed(1)} % of wall), no query in flight ${(row.notWaitingShare * 100).toFixed(1)} % of wall; ${backend.name} CPU ${row.prometheusCpuSeconds.toFixed(1)} s; peak RSS ${row.peakRssMiB.toFixed(0)} MiB; ` +
        `setup ${setupSeconds.toFixed(0)} s (load ${row.backfillSeconds.toFixed(0)} s, 0 = cached)`);
      const top = Object.entries(run.prometheusSecondsByQuery).sort((a, b) => b[1] - a[1]).slice(0, 5);
      console.log(`  costliest queries (${backend.name} s, summed over namespaces): ${top.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
    } finally {
      await prom.stop();
    }
  }
}

console.log('\nbackend          containers  end-to-end s  collect s  model s  Headroom CPU s  outside %  no query in flight %  backend CPU s  peak RSS MiB  s per 1k containers');
// Side by side: each size's backends next to each other.
for (const r of [...rows].sort((a, b) => a.containers - b.containers || a.backend.localeCompare(b.backend))) {
  console.log(`${r.backend.padEnd(15)}  ${String(r.containers).padStart(10)}  ${r.endToEndSeconds.toFixed(1).padStart(12)}  ${r.collectSeconds.toFixed(1).padStart(9)}  ${r.modelSeconds.toFixed(2).padStart(7)}  ${r.headroomCpuSeconds.toFixed(1).padStart(14)}  ${(r.outsideShare * 100).toFixed(1).padStart(9)}  ${(r.notWaitingShare * 100).toFixed(1).padStart(20)}  ${r.prometheusCpuSeconds.toFixed(1).padStart(13)}  ${r.peakRssMiB.toFixed(0).padStart(12)}  ${((r.endToEndSeconds / r.containers) * 1000).toFixed(2).padStart(19)}`);
}
for (const backend of backends) {
  const largest = rows.find((r) => r.containers === 10_000 && r.backend === backend.name);
  const smallest = rows.find((r) => r.containers === 1000 && r.backend === backend.name);
  if (largest) {
    const checks = [
      [`end to end ≤ 60 s at 10,000`, largest.endToEndSeconds <= 60, `${largest.endToEndSeconds.toFixed(1)} s`],
      [`outside Prometheus ≤ 10 % (no query in flight)`, largest.notWaitingShare <= 0.1, `${(largest.notWaitingShare * 100).toFixed(1)} % (CPU proxy ${(largest.outsideShare * 100).toFixed(1)} %)`],
      [`RSS ≤ 1 GiB`, largest.peakRssMiB <= 1024, `${largest.peakRssMiB.toFixed(0)} MiB`],
    ] as [string, boolean, string][];
    if (smallest) {
      const ratio = (largest.endToEndSeconds / largest.containers) / (smallest.endToEndSeconds / smallest.containers);
      checks.push([`growth no worse than linear (time per container at 10k ÷ at 1k ≤ 1.25)`, ratio <= 1.25, `${ratio.toFixed(2)}`]);
    }
    console.log('\nno query in flight % = end-to-end time when Headroom waited on no Prometheus query (the verdict: time outside Prometheus); outside % = Headroom CPU ÷ end-to-end wall, a stricter proxy that also counts parsing overlapping queries in flight.');
    console.log(`targets (${backend.name}):`);
    for (const [name, ok, value] of checks) console.log(`  ${ok ? 'met ' : 'MISSED'}  ${name}: ${value}`);
  }
}
