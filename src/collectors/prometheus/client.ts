/**
 * A small Prometheus HTTP API client (undici): every request has a timeout, 5xx/network
 * errors/timeouts are retried with exponential backoff, at most `concurrency` requests are in
 * flight, and range queries are split into chunks under Prometheus's 11,000 points per series
 * limit. It counts what the collection cost: queries, bytes received and Prometheus's own time.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { SourceError } from '../../domain/errors.js';
import { createLimiter, type Limiter } from './limiter.js';
import { prometheusMessages as msg } from './messages.js';
import type { PrometheusSourceOptions } from './source.js';

/** Prometheus refuses range queries above this many points per series. */
export const MAX_POINTS_PER_SERIES = 11_000;
/** Chunks stay below the limit with room for the inclusive end point. */
const CHUNK_POINTS = 10_000;

export type Labels = Record<string, string>;
export interface InstantSample { metric: Labels; value: number }
export interface RangeSeries { metric: Labels; timestampsMs: number[]; values: number[] }

export interface QueryStats {
  queries: number;
  bytesReceived: number;
  /** Summed server-side time (Prometheus `stats=all` execTotalTime; round-trip time when absent). */
  prometheusSeconds: number;
  /** Server-side seconds per query name (`what` without its shard suffix), for finding the expensive ones. */
  prometheusSecondsByQuery: Record<string, number>;
  /** Wall seconds with at least one query in flight: the caller's time outside them is the rest. */
  prometheusBusySeconds: number;
}

interface ApiEnvelope {
  status?: string;
  data?: { resultType?: string; result?: unknown; stats?: { timings?: { execTotalTime?: number } } } & Record<string, unknown>;
  errorType?: string;
  error?: string;
  warnings?: string[];
}

export class PrometheusClient {
  readonly stats: QueryStats = { queries: 0, bytesReceived: 0, prometheusSeconds: 0, prometheusSecondsByQuery: {}, prometheusBusySeconds: 0 };
  readonly warnings: string[] = [];
  private readonly limiter: Limiter;
  private readonly dispatcher: Dispatcher;
  private inFlight = 0;
  private busySinceMs = 0;

  constructor(readonly source: PrometheusSourceOptions) {
    this.limiter = createLimiter(source.concurrency);
    const tls = source.tls;
    this.dispatcher = new Agent({
      connections: source.concurrency,
      connect: tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !tls.insecureSkipVerify } : undefined,
    });
  }

  /** Instant query at `timeMs`; `what` names the query in errors ("CPU usage"). */
  async query(what: string, promql: string, timeMs: number): Promise<InstantSample[]> {
    const data = await this.call(what, '/api/v1/query', { query: promql, time: (timeMs / 1000).toFixed(3) });
    if (data.resultType === 'scalar') {
      const [, v] = data.result as [number, string];
      return [{ metric: {}, value: Number(v) }];
    }
    if (data.resultType !== 'vector') throw new SourceError('SOURCE_REJECTED', msg.notJson(this.source.url, what), { hint: msg.notJsonHint });
    return (data.result as { metric: Labels; value: [number, string] }[]).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /**
   * Range query over [startMs, endMs] at `stepSeconds`, chunked so no request exceeds the points
   * limit; chunks run concurrently (bounded) and are stitched back per series.
   */
  async queryRange(what: string, promql: string, startMs: number, endMs: number, stepSeconds: number): Promise<RangeSeries[]> {
    const stepMs = stepSeconds * 1000;
    const chunkMs = CHUNK_POINTS * stepMs;
    const chunks: [number, number][] = [];
    for (let s = startMs; s <= endMs; s += chunkMs) chunks.push([s, Math.min(endMs, s + chunkMs - stepMs)]);
    const parts = await Promise.all(chunks.map(([s, e]) => this.call(what, '/api/v1/query_range', {
      query: promql, start: (s / 1000).toFixed(3), end: (e / 1000).toFixed(3), step: String(stepSeconds),
    })));
    const bySeries = new Map<string, RangeSeries>();
    for (const data of parts) {
      if (data.resultType !== 'matrix') throw new SourceError('SOURCE_REJECTED', msg.notJson(this.source.url, what), { hint: msg.notJsonHint });
      for (const r of data.result as { metric: Labels; values: [number, string][] }[]) {
        const key = labelsKey(r.metric);
        let series = bySeries.get(key);
        if (!series) bySeries.set(key, (series = { metric: r.metric, timestampsMs: [], values: [] }));
        for (const [t, v] of r.values) {
          series.timestampsMs.push(Math.round(t * 1000));
          series.values.push(Number(v));
        }
      }
    }
    return [...bySeries.values()];
  }

  /** GET of a status endpoint (`/api/v1/status/flags`, `/api/v1/status/runtimeinfo`, …), returning `data`. */
  async status<T>(what: string, path: string): Promise<T> {
    return (await this.call(what, path, null)) as T;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async call(what: string, path: string, form: Record<string, string> | null): Promise<NonNullable<ApiEnvelope['data']>> {
    return this.limiter.run(async () => {
      const attempts = this.source.retries + 1;
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.attempt(what, path, form, attempt);
        } catch (err) {
          const retryable = err instanceof RetryableError;
          if (!retryable) throw err;
          if (attempt >= attempts) throw err.final(attempts);
          await sleep(this.source.retryBaseDelayMs * 2 ** (attempt - 1));
        }
      }
    });
  }

  private async attempt(what: string, path: string, form: Record<string, string> | null, _attempt: number): Promise<NonNullable<ApiEnvelope['data']>> {
    const url = this.source.url;
    const body = form ? new URLSearchParams(path.startsWith('/api/v1/query') ? { ...form, stats: 'all' } : form).toString() : undefined;
    const started = performance.now();
    const signal = AbortSignal.timeout(this.source.timeoutMs);
    let status: number;
    let raw: string;
    if (this.inFlight++ === 0) this.busySinceMs = started;
    try {
      const res = await request(`${url}${path}`, {
        method: form ? 'POST' : 'GET',
        headers: { accept: 'application/json', ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...this.source.headers },
        body,
        signal,
        dispatcher: this.dispatcher,
      });
      status = res.statusCode;
      // One string, parsed once: no intermediate buffers (responses reach tens of MiB at 10k containers).
      raw = await res.body.text();
    } catch (err) {
      if (signal.aborted) throw new RetryableError((n) => new SourceError('SOURCE_TIMEOUT', msg.timedOut(url, what, this.source.timeoutMs, n), { hint: msg.timedOutHint, cause: err }));
      const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
      throw new RetryableError((n) => new SourceError('SOURCE_UNAVAILABLE', `${msg.unreachable(url, reason)}${n > 1 ? ` after ${n} attempts` : ''}`, { hint: msg.unreachableHint, cause: err }));
    } finally {
      if (--this.inFlight === 0) this.stats.prometheusBusySeconds += (performance.now() - this.busySinceMs) / 1000;
    }
    this.stats.queries++;
    this.stats.bytesReceived += Buffer.byteLength(raw, 'utf8');
    const roundTripSeconds = (performance.now() - started) / 1000;
    let envelope: ApiEnvelope | null = null;
    try {
      envelope = JSON.parse(raw) as ApiEnvelope;
    } catch {
      envelope = null;
    }
    const detail = (envelope?.error ?? raw.slice(0, 200)).split('\n')[0]!.trim();
    if (status === 401 || status === 403) throw new SourceError('SOURCE_REJECTED', msg.unauthorized(url, status), { hint: msg.unauthorizedHint });
    if (/11,?000 points/i.test(detail)) throw new SourceError('SOURCE_REJECTED', msg.tooManyPoints(url, what), { hint: msg.tooManyPointsHint });
    if (status >= 500 || status === 429 || envelope?.errorType === 'timeout') {
      throw new RetryableError((n) => envelope?.errorType === 'timeout'
        ? new SourceError('SOURCE_TIMEOUT', msg.timedOut(url, what, this.source.timeoutMs, n), { hint: msg.timedOutHint })
        : new SourceError('SOURCE_UNAVAILABLE', msg.serverError(url, what, status, detail, n), { hint: msg.serverErrorHint }));
    }
    if (status >= 400 || envelope?.status === 'error') throw new SourceError('SOURCE_REJECTED', msg.badQuery(url, what, detail || `HTTP ${status}`), { hint: msg.badQueryHint });
    if (!envelope || envelope.status !== 'success' || !envelope.data) throw new SourceError('SOURCE_REJECTED', msg.notJson(url, what), { hint: msg.notJsonHint });
    const execSeconds = envelope.data.stats?.timings?.execTotalTime;
    const seconds = typeof execSeconds === 'number' ? execSeconds : roundTripSeconds;
    this.stats.prometheusSeconds += seconds;
    const name = what.replace(/ \([^()]*\)$/, '');
    this.stats.prometheusSecondsByQuery[name] = (this.stats.prometheusSecondsByQuery[name] ?? 0) + seconds;
    for (const w of envelope.warnings ?? []) if (!this.warnings.includes(w)) this.warnings.push(`${what}: ${w}`);
    return envelope.data;
  }
}

/** An attempt that may succeed if repeated; `final(n)` is the error reported after n attempts. */
class RetryableError extends Error {
  constructor(readonly final: (attempts: number) => SourceError) {
    super('retryable');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A stable identity for a label set (sorted `k="v"` pairs). */
export function labelsKey(labels: Labels): string {
  return Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',');
}
