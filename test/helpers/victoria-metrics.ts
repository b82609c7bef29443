/**
 * A real VictoriaMetrics (single node, Debian package `victoria-metrics`) for tests and
 * benchmarks: the second metrics backend, filled with the same sample as the Prometheus helper.
 *
 *   OpenMetrics (timestamps in seconds) ─► Prometheus text, timestamps in ms, 8 MiB bodies
 *     ─► POST /api/v1/import/prometheus ─► /internal/force_flush
 *     ─► every sample counted back with count_over_time (VM skips lines it cannot parse, silently)
 *     ─► stopped, storage copied to .cache/victoria-metrics/<key>/ (reused across runs)
 *     ─► copied into a fresh temp dir ─► victoria-metrics on 127.0.0.1:<free port> ─► /health
 *
 * VictoriaMetrics 1.79 reads `/api/v1/import/prometheus` timestamps as milliseconds and has no
 * OpenMetrics mode, so seconds would land in January 1970: the stream converts them.
 * Stopped by PID (SIGTERM, then SIGKILL) by `stop()`, on process exit and by a watchdog.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { spawnSupervised } from './supervised-process.js';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { generateSampleCluster, writeOpenMetrics, type SampleCluster } from '../../src/sample/index.js';
import { freePort, generatorVersion, helperCacheRoot, pruneCacheDir, type SamplePrometheusOptions } from './prometheus.js';

const cacheRoot = join(helperCacheRoot, 'victoria-metrics');
const CACHE_KEEP = 8;
/** Import request body size: large enough to amortise a request, small enough to stream. */
const IMPORT_BODY_BYTES = 8 << 20;
const IMPORTS_IN_FLIGHT = 2;

export interface VictoriaMetricsHandle {
  /** Base URL, e.g. http://127.0.0.1:41234 (serves the Prometheus query API at /api/v1/…). */
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartVictoriaMetricsOptions {
  /** OpenMetrics text (timestamps in seconds, as promtool backfills). */
  openMetricsText?: string;
  /** Or a writer that streams OpenMetrics into `out` (does not end it). */
  writeOpenMetrics?: (out: Writable) => Promise<unknown>;
  /** Identifies the content (cache key); default the text's hash. A writer needs one. */
  cacheKey?: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function victoriaMetricsVersion(): string {
  const r = spawnSync('victoria-metrics', ['-version'], { encoding: 'utf8' });
  if (r.error) throw new Error('victoria-metrics not found: install the Debian package `victoria-metrics` (npm test does it as root)');
  return (r.stdout || r.stderr).trim().split('\n')[0] ?? '';
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/**
 * OpenMetrics in, Prometheus text with millisecond timestamps out, POSTed in bodies of about
 * 8 MiB split at line ends (two requests in flight). Counts the samples and their time span so the
 * load can be checked against what VictoriaMetrics serves.
 */
class ImportStream extends Writable {
  samples = 0;
  minMs = Infinity;
  maxMs = -Infinity;
  private rest = '';
  private parts: string[] = [];
  private partBytes = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: Error | null = null;

  constructor(private readonly url: string) {
    super({ decodeStrings: true, highWaterMark: IMPORT_BODY_BYTES });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const text = this.rest + chunk.toString('utf8');
    const end = text.lastIndexOf('\n');
    this.rest = end < 0 ? text : text.slice(end + 1);
    if (end >= 0) this.convert(text.slice(0, end + 1));
    if (this.partBytes >= IMPORT_BODY_BYTES) this.post().then(() => done(), done);
    else done(this.failure);
  }

  override _final(done: (err?: Error | null) => void): void {
    if (this.rest) this.convert(`${this.rest}\n`);
    this.rest = '';
    this.post()
      .then(() => Promise.all(this.inFlight))
      .then(() => done(this.failure), done);
  }

  private convert(lines: string): void {
    let pos = 0;
    const out: string[] = [];
    while (pos < lines.length) {
      const nl = lines.indexOf('\n', pos);
      const line = lines.slice(pos, nl);
      pos = nl + 1;
      if (line === '' || line.startsWith('#')) continue;
      // Labels may hold spaces, but the value and the timestamp come after the last `}` (or name).
      const space = line.lastIndexOf(' ');
      const valueStart = line.lastIndexOf(' ', space - 1);
      const closing = line.lastIndexOf('}');
      if (space < 0 || valueStart < 0 || valueStart < closing) throw new Error(`victoria-metrics import: line without a timestamp: ${line.slice(0, 120)}`);
      const ms = Math.round(Number(line.slice(space + 1)) * 1000);
      if (!Number.isFinite(ms)) throw new Error(`victoria-metrics import: bad timestamp in ${line.slice(0, 120)}`);
      if (ms < this.minMs) this.minMs = ms;
      if (ms > this.maxMs) this.maxMs = ms;
      this.samples++;
      out.push(line.slice(0, space + 1), String(ms), '\n');
    }
    const joined = out.join('');
    this.parts.push(joined);
    this.partBytes += joined.length;
  }

  /** Sends what is buffered; waits while two requests are already in flight. */
  private async post(): Promise<void> {
    if (this.partBytes === 0) return;
    const body = this.parts.join('');
    this.parts = [];
    this.partBytes = 0;
    while (this.inFlight.size >= IMPORTS_IN_FLIGHT) await Promise.race(this.inFlight);
    const request: Promise<void> = fetch(`${this.url}/api/v1/import/prometheus`, { method: 'POST', body })
      .then(async (res) => {
        if (res.status !== 204 && res.status !== 200) throw new Error(`victoria-metrics import: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
      })
      .catch((err: Error) => { this.failure ??= err; })
      .finally(() => { this.inFlight.delete(request); });
    this.inFlight.add(request);
    if (this.failure) throw this.failure;
  }
}

async function waitHealthy(url: string, child: ChildProcess, stderr: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`victoria-metrics exited with ${child.exitCode} before it was ready: ${stderr().trim().split('\n').slice(-3).join(' | ')}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`victoria-metrics at ${url} not healthy after ${timeoutMs / 1000} s: ${stderr().trim().split('\n').slice(-3).join(' | ')}`);
}

/** Starts victoria-metrics on `dataDir` (ours: removed by `stop()` unless `keepData`). */
async function launch(dataDir: string): Promise<VictoriaMetricsHandle & { stopKeepingData(): Promise<void> }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = spawnSupervised('victoria-metrics', [
      `-storageDataPath=${dataDir}`,
      // The sample's history is older than the wall clock; keep all of it.
      '-retentionPeriod=100y',
      `-httpListenAddr=127.0.0.1:${port}`,
      '-loggerLevel=ERROR',
      // Tests share a small machine with other engines: leave them memory.
      '-memory.allowedPercent=20',
    ], 10_000);
    const child = proc.child;
    const halt = () => proc.halt();
    try {
      await waitHealthy(url, child, proc.stderr);
      return {
        url, port, pid: child.pid!, dataDir,
        stop: async () => { await halt(); await rm(dataDir, { recursive: true, force: true }); },
        stopKeepingData: halt,
      };
    } catch (err) {
      lastError = err;
      await halt();
      if (!/address already in use/i.test(String(err))) break;
    }
  }
  throw lastError;
}

/** Runs an instant query and returns the first value (NaN when the result is empty). */
async function scalarAt(url: string, expr: string, timeSeconds: number): Promise<number> {
  const res = await fetch(`${url}/api/v1/query`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: expr, time: String(timeSeconds) }) });
  const body = (await res.json()) as { status: string; error?: string; data?: { result: { value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`victoria-metrics query failed: ${body.error ?? res.status}: ${expr}`);
  const first = body.data?.result[0];
  return first ? Number(first.value[1]) : Number.NaN;
}

/** Imports OpenMetrics into a running instance, flushes, and waits until every sample is queryable. */
async function load(url: string, write: (out: Writable) => Promise<unknown>): Promise<{ samples: number }> {
  const stream = new ImportStream(url);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  await Promise.race([write(stream), failed]);
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  if (stream.samples === 0) return { samples: 0 };
  const endSeconds = stream.maxMs / 1000;
  const rangeSeconds = Math.ceil((stream.maxMs - stream.minMs) / 1000) + 1;
  const deadline = Date.now() + 120_000;
  let seen = Number.NaN;
  while (Date.now() < deadline) {
    await fetch(`${url}/internal/force_flush`);
    seen = await scalarAt(url, `sum(count_over_time({__name__=~".+"}[${rangeSeconds}s]))`, endSeconds);
    if (seen === stream.samples) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (seen !== stream.samples) throw new Error(`victoria-metrics holds ${seen} samples after import, expected ${stream.samples} (lines it could not parse are skipped: see vm_rows_invalid_total)`);
  // Results computed while the data was arriving must not be served later.
  await fetch(`${url}/internal/resetRollupResultCache`);
  return { samples: stream.samples };
}

async function pruneCache(): Promise<void> {
  await pruneCacheDir(cacheRoot, CACHE_KEEP);
}

/**
 * Starts VictoriaMetrics holding the given OpenMetrics. The loaded storage is cached by key, so
 * later runs copy it instead of importing again. `loadSeconds` is 0 on a cache hit.
 */
export async function startVictoriaMetrics(options: StartVictoriaMetricsOptions): Promise<VictoriaMetricsHandle & { loadSeconds: number }> {
  const write = options.writeOpenMetrics ?? (options.openMetricsText !== undefined
    ? async (out: Writable) => { out.write(options.openMetricsText!); }
    : null);
  if (!write) throw new Error('startVictoriaMetrics: pass openMetricsText or writeOpenMetrics');
  const contentKey = options.cacheKey ?? (options.openMetricsText !== undefined ? sha256(options.openMetricsText) : null);
  if (contentKey === null) throw new Error('startVictoriaMetrics: a writer needs a cacheKey');
  const key = sha256(`${victoriaMetricsVersion()}\n${contentKey}`);
  const cached = join(cacheRoot, key);
  const dataDir = await mkdtemp(join(tmpdir(), 'headroom-vm-'));
  try {
    if (await exists(join(cached, '.complete'))) {
      const now = new Date();
      await utimes(join(cached, '.complete'), now, now).catch(() => undefined);
      await cp(join(cached, 'storage'), dataDir, { recursive: true });
      return { ...(await launch(dataDir)), loadSeconds: 0 };
    }
    const t0 = performance.now();
    const first = await launch(dataDir);
    try {
      await load(first.url, write);
    } catch (err) {
      await first.stop();
      throw err;
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    // A clean shutdown writes everything to parts; the stopped storage is what the cache keeps.
    await first.stopKeepingData();
    await mkdir(cacheRoot, { recursive: true });
    const building = await mkdtemp(join(cacheRoot, `.build-${key.slice(0, 12)}-`));
    await cp(dataDir, join(building, 'storage'), { recursive: true });
    await writeFile(join(building, '.complete'), new Date().toISOString());
    try {
      await rename(building, cached);
    } catch {
      await rm(building, { recursive: true, force: true });
    }
    await pruneCache();
    return { ...(await launch(dataDir)), loadSeconds };
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Generates the sample and starts VictoriaMetrics holding it (cached by options + generator version). */
export async function startSampleVictoriaMetrics(options: SamplePrometheusOptions = {}): Promise<VictoriaMetricsHandle & { sample: SampleCluster; loadSeconds: number }> {
  const { openMetrics, ...sampleOptions } = options;
  const sample = generateSampleCluster(sampleOptions);
  const cacheKey = sha256(JSON.stringify({ g: generatorVersion(), s: sample.options, o: openMetrics ?? {} }));
  const handle = await startVictoriaMetrics({ cacheKey, writeOpenMetrics: (out) => writeOpenMetrics(sample, out, openMetrics ?? {}) });
  return { ...handle, sample };
}
