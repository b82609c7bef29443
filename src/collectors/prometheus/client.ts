/**
 * A small Prometheus HTTP API client (undici): every request has a timeout, 5xx/network
 * errors/timeouts are retried with exponential backoff, at most `concurrency` requests are in
 * flight, and range queries are split into chunks under Prometheus's 11,000 points per series
 * limit. It counts what the collection cost: queries, bytes received and Prometheus's own time.
 *
 * Time is bounded by the settings and nothing else: a request takes at most `timeoutMs` per
 * attempt and `retries + 1` attempts; once the backend itself has failed (a timeout after every
 * attempt, or unreachable) the client is down — requests in flight are aborted and every later
 * call fails at once with the same error, so a hung backend costs one request's budget, not one
 * per query; and the whole client stops at `deadlineMs` after it was made.
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
  /** Aborts every request in flight when the backend is down or the deadline passed. */
  private readonly stop = new AbortController();
  /** Set once the backend failed as a whole: later calls fail with it at once. */
  private down: SourceError | null = null;
  private readonly deadlineTimer: NodeJS.Timeout;

  constructor(readonly source: PrometheusSourceOptions) {
    this.limiter = createLimiter(source.concurrency);
    this.deadlineTimer = setTimeout(() => {
      this.markDown(new SourceError('SOURCE_TIMEOUT', msg.deadline(source.url, source.deadlineMs, this.stats.queries), { hint: msg.deadlineHint }));
    }, source.deadlineMs);
    this.deadlineTimer.unref();
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

  /**
   * Checks that the backend answers at all: `vector(1)` costs a live Prometheus microseconds, so
   * it gets at most min(timeout, 5 s) per attempt (with the configured retries). A backend that
   * accepts connections but never answers is then reported in seconds, not after a heavy query's
   * full timeout, and the client is down for every later call.
   */
  async checkReachable(): Promise<void> {
    const timeoutMs = Math.min(this.source.timeoutMs, REACHABILITY_TIMEOUT_MS);
    try {
      await this.call('reachability', '/api/v1/query', { query: 'vector(1)' }, timeoutMs);
    } catch (err) {
      if (!(err instanceof SourceError) || err.code !== 'SOURCE_TIMEOUT' || err !== this.down) throw err;
      const hung = new SourceError('SOURCE_TIMEOUT', msg.hung(this.source.url, timeoutMs, this.source.retries + 1), { hint: msg.hungHint, cause: err });
      this.down = hung;
      throw hung;
    }
  }

  /** GET of a status endpoint (`/api/v1/status/flags`, `/api/v1/status/runtimeinfo`, …), returning `data`. */
  async status<T>(what: string, path: string): Promise<T> {
    return (await this.call(what, path, null)) as T;
  }

  /**
   * GET of a plain-text page of the backend (VictoriaMetrics' `/flags`), with its auth, headers and
   * TLS, one attempt within the query timeout; null when the backend has no such page or fails.
   */
  async text(path: string): Promise<string | null> {
    try {
      const res = await request(`${this.source.url}${path}`, { method: 'GET', headers: { ...this.source.headers }, signal: AbortSignal.any([AbortSignal.timeout(this.source.timeoutMs), this.stop.signal]), dispatcher: this.dispatcher });
      const body = await res.body.text();
      return res.statusCode === 200 ? body : null;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.deadlineTimer);
    // A down backend may still hold requests open: do not wait for them.
    if (this.down) await this.dispatcher.destroy();
    else await this.dispatcher.close();
  }

  /** The backend failed as a whole (or the deadline passed): abort what is in flight, fail the rest. */
  private markDown(err: SourceError): void {
    if (this.down) return;
    this.down = err;
    this.stop.abort(err);
  }

  private async call(what: string, path: string, form: Record<string, string> | null, timeoutMs = this.source.timeoutMs): Promise<NonNullable<ApiEnvelope['data']>> {
    if (this.down) throw this.down;
    return this.limiter.run(async () => {
      const attempts = this.source.retries + 1;
      for (let attempt = 1; ; attempt++) {
        if (this.down) throw this.down;
        try {
          return await this.attempt(what, path, form, timeoutMs);
        } catch (err) {
          if (this.down) throw this.down;
          if (!(err instanceof RetryableError)) throw err;
          if (attempt >= attempts) {
            const final = err.final(attempts);
            if (err.backendDown) this.markDown(final);
            throw final;
          }
          await sleep(this.source.retryBaseDelayMs * 2 ** (attempt - 1), this.stop.signal);
        }
      }
    });
  }

  private async attempt(what: string, path: string, form: Record<string, string> | null, timeoutMs: number): Promise<NonNullable<ApiEnvelope['data']>> {
    const url = this.source.url;
    const body = form ? new URLSearchParams(path.startsWith('/api/v1/query') ? { ...form, stats: 'all' } : form).toString() : undefined;
    const started = performance.now();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([timeout, this.stop.signal]);
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
      if (this.down) throw this.down;
      if (timeout.aborted) throw new RetryableError((n) => new SourceError('SOURCE_TIMEOUT', msg.timedOut(url, what, timeoutMs, n), { hint: msg.timedOutHint, cause: err }), true);
      const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
      // A certificate this machine does not accept fails the same way on every attempt.
      const tls = tlsProblem(reason);
      if (tls) throw new SourceError('SOURCE_REJECTED', msg.tlsRejected(url, tls, reason), { hint: msg.tlsRejectedHint[tls], cause: err });
      throw new RetryableError((n) => new SourceError('SOURCE_UNAVAILABLE', `${msg.unreachable(url, reason)}${n > 1 ? ` after ${n} attempts` : ''}`, { hint: msg.unreachableHint, cause: err }), true);
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
        ? new SourceError('SOURCE_TIMEOUT', msg.timedOut(url, what, timeoutMs, n), { hint: msg.timedOutHint })
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

/** OpenSSL's verification results (Node's error codes) by what the user can do about them. */
const tlsCodes: Record<string, 'untrusted' | 'expired' | 'wrongHost'> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_REJECTED: 'untrusted',
  CERT_SIGNATURE_FAILURE: 'untrusted',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrongHost',
  HOSTNAME_MISMATCH: 'wrongHost',
};

/** What is wrong with the server's certificate, when the request failed for that reason. */
function tlsProblem(code: string): 'untrusted' | 'expired' | 'wrongHost' | null {
  return Object.hasOwn(tlsCodes, code) ? tlsCodes[code]! : null;
}

/** The `vector(1)` reachability check's limit per attempt (never above the configured timeout). */
export const REACHABILITY_TIMEOUT_MS = 5_000;

/**
 * An attempt that may succeed if repeated; `final(n)` is the error reported after n attempts.
 * `backendDown`: the failure is the backend's as a whole (no answer in time, not reachable), not
 * one query's, so once retries are spent no other query is worth sending.
 */
class RetryableError extends Error {
  constructor(readonly final: (attempts: number) => SourceError, readonly backendDown = false) {
    super('retryable');
  }
}

/** Waits `ms`, or less when `signal` aborts (the caller then sees the client is down). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A stable identity for a label set (sorted `k="v"` pairs). */
export function labelsKey(labels: Labels): string {
  return Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',');
}
