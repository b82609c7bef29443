/**
 * Several sample clusters behind one metrics backend, told apart by a cluster label (as Thanos,
 * Mimir or VictoriaMetrics hold them). Each cluster is the sample generated with its own seed and
 * name: the same hand-written workloads (so same-named workloads exist in every cluster) with
 * different usage, pods and churn. Deterministic: same options, same clusters.
 *
 * The OpenMetrics of all clusters is one valid file: each family once, its series cluster after
 * cluster (each cluster's part written by writeOpenMetrics with the cluster as an external label).
 */
import { writeChunk } from './write-chunk.js';
import { Writable } from 'node:stream';
import { sourceLabels } from '../domain/conventions.js';
import { InputError } from '../domain/errors.js';
import { generateSampleCluster } from './generate.js';
import { openMetricsFamilies, writeOpenMetrics, type OpenMetricsOptions, type OpenMetricsStats } from './openmetrics.js';
import type { SampleCluster, SampleOptions } from './types.js';

import { MAX_SAMPLE_CLUSTERS } from './defaults.js';

export { MAX_SAMPLE_CLUSTERS };

/** Cluster names: `sample-a`, `sample-b`, … */
export function sampleClusterNames(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SAMPLE_CLUSTERS) {
    throw new InputError(`sample clusters ${count}: expected a whole number from 1 to ${MAX_SAMPLE_CLUSTERS}`, { hint: 'pass e.g. --clusters 3' });
  }
  return Array.from({ length: count }, (_, i) => `sample-${String.fromCharCode(97 + i)}`);
}

/** `count` clusters: cluster i is the sample with seed `seed + i` named `sample-<letter>`. */
export function generateSampleClusters(count: number, options: Omit<SampleOptions, 'cluster'> = {}): SampleCluster[] {
  const seed = options.seed ?? 42;
  return sampleClusterNames(count).map((cluster, i) => generateSampleCluster({ ...options, seed: seed + i, cluster }));
}

/**
 * Forwards one writeOpenMetrics output, minus its `# EOF` line and (for every cluster but the
 * first) the family's `# TYPE` line, so the parts of one family join into one family.
 */
class FamilyPart extends Writable {
  private tail: Buffer = Buffer.alloc(0);
  private headerPending: boolean;
  /** Bytes passed on to `out`. */
  forwarded = 0;

  constructor(private readonly out: Writable, dropHeader: boolean) {
    super();
    this.headerPending = dropHeader;
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    let data: Buffer = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    if (this.headerPending) {
      const nl = data.indexOf(10);
      if (nl < 0) {
        this.tail = data;
        return done();
      }
      data = data.subarray(nl + 1);
      this.headerPending = false;
    }
    // The last bytes may be the `# EOF` line: held back until the next chunk or the end.
    const keep = Math.min(EOF_LINE.length, data.length);
    this.tail = Buffer.from(data.subarray(data.length - keep));
    this.forward(data.subarray(0, data.length - keep), done);
  }

  override _final(done: (err?: Error | null) => void): void {
    this.forward(this.tail.equals(EOF_LINE) ? Buffer.alloc(0) : this.tail, done);
  }

  private forward(data: Buffer, done: (err?: Error | null) => void): void {
    this.forwarded += data.length;
    if (data.length === 0) return done();
    writeChunk(this.out, data).then(() => done(), done);
  }
}

const EOF_LINE = Buffer.from('# EOF\n');

/**
 * Writes every cluster as one OpenMetrics stream: family by family, each cluster's series with
 * `clusterLabel` (default `cluster`) set to its name. Does not end `out`.
 */
export async function writeClustersOpenMetrics(samples: SampleCluster[], out: Writable, options: OpenMetricsOptions & { clusterLabel?: string } = {}): Promise<OpenMetricsStats> {
  const { clusterLabel = sourceLabels.cluster, onProgress, ...rest } = options;
  const unknown = (options.families ?? []).filter((f) => !(openMetricsFamilies as readonly string[]).includes(f));
  if (unknown.length > 0) throw new InputError(`openmetrics families: unknown metric ${unknown.join(', ')}`, { hint: `choose from ${openMetricsFamilies.join(', ')}` });
  const ordered = openMetricsFamilies.filter((f) => (options.families ?? openMetricsFamilies).includes(f));
  const total: OpenMetricsStats = { families: ordered.length, series: 0, samples: 0, bytes: 0 };
  let done = 0;
  for (const family of ordered) {
    for (const [i, sample] of samples.entries()) {
      const part = new FamilyPart(out, i > 0);
      const finished = new Promise<void>((resolve, reject) => {
        part.once('finish', resolve);
        part.once('error', reject);
      });
      const stats = await writeOpenMetrics(sample, part, { ...rest, families: [family], externalLabels: { ...rest.externalLabels, [clusterLabel]: sample.cluster } });
      part.end();
      await finished;
      total.series += stats.series;
      total.samples += stats.samples;
      total.bytes += part.forwarded;
    }
    onProgress?.(++done, ordered.length);
  }
  total.bytes += EOF_LINE.length;
  await writeChunk(out, EOF_LINE);
  return total;
}
