/**
 * `npm run bench -- sample`: how fast the sample generator and the OpenMetrics writer are at the
 * sizes the benchmarks use (7 days at 5-minute steps, 1k/3k/10k workload containers), against the
 * default 30-day sample in the same run as the baseline. Output goes to /dev/null: this measures
 * the writer, not the disk.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { generateSampleCluster, writeOpenMetrics, type SampleOptions } from '../src/sample/index.js';
import { describeMachine, peakRssBytes } from './machine.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const cases: { label: string; options: SampleOptions }[] = [
  { label: 'default (30 d × 60 s)', options: {} },
  ...(sizes.length ? sizes : [1000, 3000, 10_000]).map((containers) => ({ label: `${containers} containers (7 d × 300 s)`, options: { containers, days: 7, stepSeconds: 300 } })),
];

console.log(`sample generator and OpenMetrics writer on ${describeMachine()}`);
for (const c of cases) {
  const t0 = performance.now();
  const sample = generateSampleCluster(c.options);
  const genSeconds = (performance.now() - t0) / 1000;
  const out = createWriteStream('/dev/null');
  const t1 = performance.now();
  const stats = await writeOpenMetrics(sample, out);
  out.end();
  await finished(out);
  const writeSeconds = (performance.now() - t1) / 1000;
  const containers = sample.inventory.reduce((n, w) => n + w.containers.length, 0);
  console.log(
    `${c.label.padEnd(30)} ${containers} containers, ${sample.pods.length} pods, ${sample.nodes.length} nodes: ` +
    `generate ${genSeconds.toFixed(2)} s; OpenMetrics ${stats.series} series, ${(stats.samples / 1e6).toFixed(1)} M samples, ${(stats.bytes / 2 ** 30).toFixed(2)} GiB in ${writeSeconds.toFixed(1)} s ` +
    `= ${(stats.samples / writeSeconds / 1e6).toFixed(2)} M samples/s, ${(stats.bytes / writeSeconds / 2 ** 20).toFixed(0)} MiB/s; peak RSS ${(peakRssBytes() / 2 ** 20).toFixed(0)} MiB`,
  );
}
