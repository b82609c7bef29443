/**
 * How to reach one Prometheus-API backend (Prometheus, Thanos Querier, Mimir, Cortex,
 * VictoriaMetrics): URL, auth, headers, TLS and the politeness limits every query obeys.
 * Secrets are resolved here, once, from env or files named in the config (never logged).
 */
import { readFile } from 'node:fs/promises';
import type { HeadroomConfig } from '../../config/index.js';
import { readSecret } from '../../config/load.js';
import { HeadroomError, parseDurationSeconds } from '../../domain/index.js';
import { sourceLabels } from '../../domain/conventions.js';

export interface PrometheusTlsOptions {
  /** PEM text of the CA bundle to trust. */
  ca?: string;
  /** PEM client certificate and key for mutual TLS. */
  cert?: string;
  key?: string;
  insecureSkipVerify?: boolean;
}

export interface PrometheusSourceOptions {
  /** Base URL, e.g. `http://127.0.0.1:9090` or `https://mimir/prometheus`. */
  url: string;
  /** Label separating clusters on a multi-cluster backend. Default `cluster`. */
  clusterLabel: string;
  /** Value of the cluster label to select; null reads every series (a single-cluster Prometheus). */
  cluster: string | null;
  /** Name reported for the cluster when `cluster` is null. Default `default`. */
  clusterName: string;
  /** Per-query timeout (each attempt). Default 60 s. */
  timeoutMs: number;
  /** The whole command's budget for this backend: every request stops then. Default 30 min. */
  deadlineMs: number;
  /** Queries in flight at once. Default 4. */
  concurrency: number;
  /** Retries for 5xx, network errors and timeouts. Default 3. */
  retries: number;
  /** First retry delay; doubles each attempt. Default 250 ms. */
  retryBaseDelayMs: number;
  /** Extra headers: auth, `X-Scope-OrgID`, … */
  headers: Record<string, string>;
  tls: PrometheusTlsOptions | null;
}

const defaults = {
  clusterLabel: sourceLabels.cluster,
  cluster: null,
  clusterName: 'default',
  timeoutMs: 60_000,
  deadlineMs: 30 * 60_000,
  concurrency: 4,
  retries: 3,
  retryBaseDelayMs: 250,
  headers: {},
  tls: null,
} satisfies Omit<PrometheusSourceOptions, 'url'>;

/** A source from just a URL (the `--prometheus-url` flag), with the documented defaults. */
export function prometheusSourceFromUrl(url: string, overrides: Partial<PrometheusSourceOptions> = {}): PrometheusSourceOptions {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new HeadroomError('USAGE', `Prometheus URL "${url}" is not an http(s) URL`, { hint: 'use e.g. --prometheus-url http://127.0.0.1:9090' });
  }
  return { ...defaults, ...overrides, url: url.replace(/\/+$/, '') };
}

type PrometheusConfig = NonNullable<HeadroomConfig['prometheus']>;

/**
 * The source a command reads: `--prometheus-url` replaces only the URL — the config's timeout,
 * retries, deadline, auth, headers and TLS still apply — and without a `prometheus` section the
 * documented defaults do. Null when neither names a backend.
 */
export async function prometheusSourceFor(config: HeadroomConfig, options: { url?: string; cluster?: string | null; clusterName?: string }): Promise<PrometheusSourceOptions | null> {
  if (config.prometheus) return prometheusSourceFromConfig(config.prometheus, options);
  if (!options.url) return null;
  return prometheusSourceFromUrl(options.url, { cluster: options.cluster ?? null, clusterName: options.cluster ?? options.clusterName ?? defaults.clusterName });
}

/**
 * Builds the source from the `prometheus` config section, reading secrets and TLS files.
 * `cluster` selects one value of the cluster label (one entry of `prometheus.clusters`).
 */
export async function prometheusSourceFromConfig(config: PrometheusConfig, options: { cluster?: string | null; clusterName?: string; url?: string } = {}): Promise<PrometheusSourceOptions> {
  const headers: Record<string, string> = { ...config.headers };
  if (config.auth?.basic) {
    const password = await readSecret(config.auth.basic.password, 'prometheus.auth.basic.password');
    headers.authorization = `Basic ${Buffer.from(`${config.auth.basic.username}:${password}`).toString('base64')}`;
  }
  if (config.auth?.bearerToken) headers.authorization = `Bearer ${await readSecret(config.auth.bearerToken, 'prometheus.auth.bearerToken')}`;
  let tls: PrometheusTlsOptions | null = null;
  if (config.tls) {
    const readPem = async (file: string | undefined, field: string) => {
      if (!file) return undefined;
      try {
        return await readFile(file, 'utf8');
      } catch (err) {
        throw new HeadroomError('CONFIG_INVALID', `prometheus.tls.${field}: ${file} cannot be read`, { hint: 'check the path and its permissions', cause: err });
      }
    };
    tls = {
      ca: await readPem(config.tls.caFile, 'caFile'),
      cert: await readPem(config.tls.certFile, 'certFile'),
      key: await readPem(config.tls.keyFile, 'keyFile'),
      insecureSkipVerify: config.tls.insecureSkipVerify,
    };
  }
  const cluster = options.cluster ?? (config.clusters.length === 1 ? config.clusters[0]! : null);
  return prometheusSourceFromUrl(options.url ?? config.url, {
    clusterLabel: config.clusterLabel,
    cluster,
    clusterName: cluster ?? options.clusterName ?? defaults.clusterName,
    timeoutMs: parseDurationSeconds(config.timeout) * 1000,
    deadlineMs: parseDurationSeconds(config.deadline) * 1000,
    concurrency: config.concurrency,
    retries: config.retries,
    headers,
    tls,
  });
}
