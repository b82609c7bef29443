/**
 * The metrics backends the Prometheus-API integration tests run against, for `describe.each`:
 * the same sample loaded into a real Prometheus (promtool backfill) and a real VictoriaMetrics
 * single node (`/api/v1/import/prometheus`). Each test states where MetricsQL answers differently
 * from PromQL instead of skipping the backend (`backend.kind`).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { generateSampleClusters, writeClustersOpenMetrics, type OpenMetricsOptions, type SampleCluster, type SampleOptions } from '../../src/sample/index.js';
import { generatorVersion, startPrometheus, startSamplePrometheus, type SamplePrometheusOptions } from './prometheus.js';
import { startSampleVictoriaMetrics, startVictoriaMetrics } from './victoria-metrics.js';

export type BackendKind = 'prometheus' | 'victoriametrics';

export interface RunningBackend {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface MetricsBackend {
  kind: BackendKind;
  /** Display name for test titles. */
  name: string;
  /** Starts the backend holding the sample (generated from `options`). */
  startSample(options?: SamplePrometheusOptions): Promise<RunningBackend & { sample: SampleCluster }>;
  /** Starts the backend holding an OpenMetrics text (timestamps in seconds). */
  start(options: { openMetricsText: string }): Promise<RunningBackend>;
  /** Starts the backend holding `count` sample clusters told apart by the `cluster` label. */
  startClusters(count: number, options?: Omit<SampleOptions, 'cluster'> & { openMetrics?: Omit<OpenMetricsOptions, 'onProgress' | 'externalLabels'> }): Promise<RunningBackend & { samples: SampleCluster[] }>;
}

function clustersKey(samples: SampleCluster[], openMetrics: object): string {
  const writer = readFileSync(fileURLToPath(new URL('../../src/sample/clusters.ts', import.meta.url)), 'utf8');
  return createHash('sha256').update(JSON.stringify({ clusters: true, g: generatorVersion(), w: writer, s: samples.map((x) => x.options), o: openMetrics })).digest('hex');
}

export const prometheusBackend: MetricsBackend = {
  kind: 'prometheus',
  name: 'Prometheus',
  startSample: (options) => startSamplePrometheus(options),
  start: (options) => startPrometheus(options),
  startClusters: async (count, options = {}) => {
    const { openMetrics = {}, ...sampleOptions } = options;
    const samples = generateSampleClusters(count, sampleOptions);
    const dir = await mkdtemp(join(tmpdir(), 'headroom-om-clusters-'));
    try {
      const file = join(dir, 'clusters.om');
      const out = createWriteStream(file);
      await writeClustersOpenMetrics(samples, out, openMetrics);
      out.end();
      await finished(out);
      return { ...(await startPrometheus({ openMetricsFile: file, cacheKey: clustersKey(samples, openMetrics) })), samples };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export const victoriaMetricsBackend: MetricsBackend = {
  kind: 'victoriametrics',
  name: 'VictoriaMetrics',
  startSample: (options) => startSampleVictoriaMetrics(options),
  start: (options) => startVictoriaMetrics(options),
  startClusters: async (count, options = {}) => {
    const { openMetrics = {}, ...sampleOptions } = options;
    const samples = generateSampleClusters(count, sampleOptions);
    const handle = await startVictoriaMetrics({ cacheKey: clustersKey(samples, openMetrics), writeOpenMetrics: (out) => writeClustersOpenMetrics(samples, out, openMetrics) });
    return { ...handle, samples };
  },
};

/** Every backend, Prometheus first. */
export const metricsBackends: MetricsBackend[] = [prometheusBackend, victoriaMetricsBackend];
