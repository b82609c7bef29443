/**
 * The metrics backends the Prometheus-API integration tests run against, for `describe.each`:
 * the same sample loaded into a real Prometheus (promtool backfill) and a real VictoriaMetrics
 * single node (`/api/v1/import/prometheus`). Each test states where MetricsQL answers differently
 * from PromQL instead of skipping the backend (`backend.kind`).
 */
import type { SampleCluster } from '../../src/sample/index.js';
import { startPrometheus, startSamplePrometheus, type SamplePrometheusOptions } from './prometheus.js';
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
}

export const prometheusBackend: MetricsBackend = {
  kind: 'prometheus',
  name: 'Prometheus',
  startSample: (options) => startSamplePrometheus(options),
  start: (options) => startPrometheus(options),
};

export const victoriaMetricsBackend: MetricsBackend = {
  kind: 'victoriametrics',
  name: 'VictoriaMetrics',
  startSample: (options) => startSampleVictoriaMetrics(options),
  start: (options) => startVictoriaMetrics(options),
};

/** Every backend, Prometheus first. */
export const metricsBackends: MetricsBackend[] = [prometheusBackend, victoriaMetricsBackend];
