/**
 * `npm run bench:collect`: the Prometheus collector on samples of 1,000, 3,000 and 10,000
 * workload containers backfilled into a real Prometheus.
 *
 * Work size (fits this machine: 2 cores shared by 8 engineers (load ~20), little free RAM, and
 * promtool backfilling ~1M samples a minute here): 1 day of history at hourly scrapes (24 samples
 * per series), only the 26 metric families the collector reads. The collector's own work (queries,
 * bytes, parsing, assembly, memory) grows with the container count, not with samples per series;
 * Prometheus's time grows with both, so a short coarse history makes the overhead ratio below
 * conservative (Prometheus does the least work it ever will). The OpenMetrics goes to the disk and is deleted after the backfill; the TSDB is
 * cached by content hash under .cache/prometheus-tsdb, so reruns skip generation and backfill.
 *
 * Per size it reports queries, bytes received, the collector's wall time, Prometheus's own summed
 * query time (`stats=all` execTotalTime), the collector's own CPU time (its overhead: JSON
 * parsing, stitching, assembling), and the peak RSS of the collector (run in a child process).
 * Growth from the smallest size is given as the exponent k of time ∝ containers^k (k ≤ 1: no
 * worse than linear). Targets at 10,000: overhead ≤ 20 % of Prometheus time, RSS ≤ 1 GiB.
 *
 * Every size runs on Prometheus and on VictoriaMetrics (the same sample, imported through
 * /api/v1/import/prometheus and cached under .cache/victoria-metrics), one row per backend; the
 * backend's "own time" is its reported execution time where it reports one (Prometheus
 * `stats=all`; VictoriaMetrics 1.79 does not, so there it is the round trip of each query).
 *
 * `npm run bench:collect -- 1000 3000` runs only those sizes; `BENCH_BACKENDS=prometheus` one backend.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSampleCluster } from '../src/sample/index.js';
import { describeMachine } from './machine.js';
import { benchBackends, benchFamilies, sampleSourceVersion } from './_sample-work.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const containerCounts = sizes.length ? sizes : [1_000, 3_000, 10_000];
const days = 1;
const stepSeconds = 3600;


interface Row {
  backend: string;
  containers: number;
  pods: number;
  samples: number;
  backfillSeconds: number;
  /** Concurrency 1. */
  serialWallSeconds: number;
  serialPrometheusSeconds: number;
  /** Concurrency 4 (the default). */
  wallSeconds: number;
  prometheusSeconds: number;
  collectorCpuSeconds: number;
  queries: number;
  bytesReceived: number;
  peakRssBytes: number;
  summaries: number;
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
console.log(`bench:collect on ${describeMachine()}`);
const backends = benchBackends();
console.log(`work: ${days} day of history at ${stepSeconds / 60}-minute scrapes (${(days * 86_400) / stepSeconds} samples per series), ${benchFamilies.length} metric families, sizes ${containerCounts.join(', ')} containers, concurrency 4, backends ${backends.map((b) => b.name).join(' and ')}`);
const version = sampleSourceVersion();
const rows: Row[] = [];
for (const containers of containerCounts) {
  const t0 = performance.now();
  const sample = generateSampleCluster({ containers, days, stepSeconds, seed: 42 });
  const generateSeconds = (performance.now() - t0) / 1000;
  let samples = 0;
  for (const backend of backends) {
    const { loadSeconds: backfillSeconds, ...prom } = await backend.start(sample, version, (stats, seconds) => {
      samples = stats.samples;
      console.log(`  ${containers}: wrote ${stats.series} series, ${stats.samples} samples (${mib(stats.bytes)}) in ${seconds.toFixed(0)} s`);
    });
    try {
      const run = (concurrency: number) => {
        const child = spawnSync(process.execPath, [join(repoRoot, 'bin/run-ts.mjs'), join(repoRoot, 'bench/_collect-child.ts'), prom.url, String(sample.startMs), String(sample.endMs), sample.cluster, String(concurrency)], { encoding: 'utf8', maxBuffer: 1 << 24 });
        if (child.status !== 0) throw new Error(`collector child failed: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        return JSON.parse(child.stdout.trim().split('\n').pop()!) as { wallSeconds: number; collectorCpuSeconds: number; peakRssBytes: number; stats: { queries: number; bytesReceived: number; prometheusSeconds: number; prometheusSecondsByQuery?: Record<string, number> }; summaries: number };
      };
      // One query at a time: the wall time is Prometheus's time plus the collector's (client, network,
      // parsing, assembly), so their difference is the overhead. Then the default concurrency.
      const serial = run(1);
      const r = run(4);
      rows.push({
        backend: backend.name,
        containers: sample.truth.length, pods: sample.pods.length, samples, backfillSeconds,
        serialWallSeconds: serial.wallSeconds, serialPrometheusSeconds: serial.stats.prometheusSeconds,
        wallSeconds: r.wallSeconds, prometheusSeconds: r.stats.prometheusSeconds, collectorCpuSeconds: r.collectorCpuSeconds,
        queries: r.stats.queries, bytesReceived: r.stats.bytesReceived, peakRssBytes: Math.max(r.peakRssBytes, serial.peakRssBytes), summaries: r.summaries,
      });
      const row = rows[rows.length - 1]!;
      console.log(`  ${backend.name}, ${row.containers} containers (${row.pods} pods): generate ${generateSeconds.toFixed(0)} s, load ${backfillSeconds ? `${backfillSeconds.toFixed(0)} s` : 'cached'}`);
      console.log(`    concurrency 1: wall ${row.serialWallSeconds.toFixed(1)} s, ${backend.name} ${row.serialPrometheusSeconds.toFixed(1)} s → overhead ${(100 * (row.serialWallSeconds / row.serialPrometheusSeconds - 1)).toFixed(1)} %`);
      console.log(`    concurrency 4: wall ${row.wallSeconds.toFixed(1)} s, ${backend.name} ${row.prometheusSeconds.toFixed(1)} s summed, collector CPU ${row.collectorCpuSeconds.toFixed(1)} s, ${row.queries} queries, ${mib(row.bytesReceived)} received, peak RSS ${mib(row.peakRssBytes)}, ${row.summaries} workload containers`);
      const top = Object.entries(r.stats.prometheusSecondsByQuery ?? {}).sort((a, b) => b[1] - a[1]).slice(0, 5);
      console.log(`    costliest queries (${backend.name} s, summed over namespaces): ${top.map(([name, v]) => `${name} ${v.toFixed(1)}`).join(', ')}`);
    } finally {
      await prom.stop();
    }
  }
}

console.log('\nbackend          containers  queries  received  serial wall s  serial db s  overhead  wall s (c=4)  db s (c=4)  collector cpu s  peak RSS  k wall  k bytes  k rss');
const overheadOf = (r: Row) => r.serialWallSeconds / r.serialPrometheusSeconds - 1;
// Side by side: each size's backends next to each other; growth exponents within one backend.
for (const r of [...rows].sort((a, b) => a.containers - b.containers || a.backend.localeCompare(b.backend))) {
  const first = rows.find((x) => x.backend === r.backend)!;
  const k = (a: number, b: number, n: number) => (n === first.containers ? '     -' : (Math.log(b / a) / Math.log(n / first.containers)).toFixed(2).padStart(6));
  console.log(`${r.backend.padEnd(15)}  ${String(r.containers).padStart(10)}  ${String(r.queries).padStart(7)}  ${mib(r.bytesReceived).padStart(8)}  ${r.serialWallSeconds.toFixed(1).padStart(13)}  ${r.serialPrometheusSeconds.toFixed(1).padStart(11)}  ${`${(overheadOf(r) * 100).toFixed(1)} %`.padStart(8)}  ${r.wallSeconds.toFixed(1).padStart(12)}  ${r.prometheusSeconds.toFixed(1).padStart(10)}  ${r.collectorCpuSeconds.toFixed(1).padStart(15)}  ${mib(r.peakRssBytes).padStart(8)}  ${k(first.serialWallSeconds, r.serialWallSeconds, r.containers)}  ${k(first.bytesReceived, r.bytesReceived, r.containers).padStart(7)}  ${k(first.peakRssBytes, r.peakRssBytes, r.containers).padStart(5)}`);
}
for (const backend of backends) {
  const last = rows.filter((r) => r.backend === backend.name).at(-1)!;
  const overhead = overheadOf(last);
  console.log(`${backend.name} at ${last.containers} containers: overhead ${(overhead * 100).toFixed(1)} % (target ≤ 20 %) ${overhead <= 0.2 ? 'ok' : 'MISSED'}; peak RSS ${mib(last.peakRssBytes)} (target ≤ 1024 MiB) ${last.peakRssBytes <= 2 ** 30 ? 'ok' : 'MISSED'}`);
}
console.log('db s = the backend\'s own query time (Prometheus: execTotalTime; VictoriaMetrics: round trip). overhead = serial collector wall time / summed backend query time − 1 (client, network, JSON parsing, assembly); k = growth exponent from the smallest size (x ∝ containers^k; ≤ 1 is no worse than linear)');
