/**
 * A real Prometheus for tests and benchmarks, filled with backfilled history.
 *
 *   OpenMetrics ─► promtool tsdb create-blocks-from openmetrics (one big block)
 *     ─► .cache/prometheus-tsdb/<content hash>/ (reused across runs)
 *     ─► hard-linked into a fresh temp data dir ─► prometheus on 127.0.0.1:<free port> ─► /-/ready
 *
 * Stopped by PID (SIGTERM, then SIGKILL) by `stop()`, when the process exits, and — through a
 * small watchdog — even when the test process dies without running its hooks.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { spawnSupervised } from './supervised-process.js';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { generateSampleCluster, writeOpenMetrics, type OpenMetricsOptions, type SampleCluster, type SampleOptions } from '../../src/sample/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Scratch for OpenMetrics files: on disk, not /dev/shm. Backfill input can be several GiB and a
 * RAM-backed copy competes with promtool and Prometheus for memory (it once filled 22 GiB here).
 */
const scratchRoot = tmpdir();
const cacheRoot = join(repoRoot, '.cache', 'prometheus-tsdb');
export const helperCacheRoot = join(repoRoot, '.cache');

export interface PrometheusHandle {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** The cached TSDB the data dir was made from. */
  tsdbDir: string;
  stop(): Promise<void>;
}

export interface StartPrometheusOptions {
  openMetricsFile?: string;
  openMetricsText?: string;
  /** Identifies the content without hashing it (e.g. generator options + version); used as the cache key. */
  cacheKey?: string;
  /** promtool --max-block-duration, hours; default 9600 (400 days: one block for any sample). */
  maxBlockHours?: number;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function promtoolVersion(): string {
  const r = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (r.error) throw new Error('promtool not found: install the Debian package `prometheus` (npm test does it as root)');
  return (r.stdout || r.stderr).split('\n')[0] ?? '';
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/**
 * Backfills an OpenMetrics file into a cached TSDB directory (keyed by `key`) and returns it.
 * Concurrent callers with the same key are safe: each builds in its own temp dir, the first rename wins.
 */
export async function backfillOpenMetrics(openMetricsFile: string, key: string, maxBlockHours = 9600): Promise<{ tsdbDir: string; cached: boolean; seconds: number }> {
  const tsdbDir = join(cacheRoot, key);
  if (await exists(join(tsdbDir, '.complete'))) {
    await markUsed(tsdbDir);
    return { tsdbDir, cached: true, seconds: 0 };
  }
  await mkdir(cacheRoot, { recursive: true });
  const building = await mkdtemp(join(cacheRoot, `.build-${key.slice(0, 12)}-`));
  const t0 = performance.now();
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', `--max-block-duration=${maxBlockHours}h`, openMetricsFile, building], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  if (r.code !== 0) {
    await rm(building, { recursive: true, force: true });
    throw new Error(`promtool backfill of ${openMetricsFile} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  await writeFile(join(building, '.complete'), new Date().toISOString());
  try {
    await rename(building, tsdbDir);
  } catch {
    // Another process finished the same key first; keep theirs.
    await rm(building, { recursive: true, force: true });
  }
  await pruneCache();
  return { tsdbDir, cached: false, seconds };
}

/** Cached TSDBs kept; older ones (by last use) are removed. Running Prometheus keep their hard links. */
const CACHE_KEEP = 12;

async function markUsed(tsdbDir: string): Promise<void> {
  const now = new Date();
  await utimes(join(tsdbDir, '.complete'), now, now).catch(() => undefined);
}

async function pruneCache(): Promise<void> {
  await pruneCacheDir(cacheRoot, CACHE_KEEP);
}

/** Keeps the `keep` most recently used complete entries of a backfill cache (Prometheus's and VictoriaMetrics'). */
export async function pruneCacheDir(cacheRoot: string, keep: number): Promise<void> {
  const entries: { dir: string; usedMs: number }[] = [];
  for (const name of await readdir(cacheRoot)) {
    if (name.startsWith('.')) continue;
    const usedMs = await stat(join(cacheRoot, name, '.complete')).then((s) => s.mtimeMs, () => 0);
    entries.push({ dir: join(cacheRoot, name), usedMs });
  }
  entries.sort((a, b) => b.usedMs - a.usedMs);
  for (const e of entries.slice(keep)) await rm(e.dir, { recursive: true, force: true }).catch(() => undefined);
}

/** Copies a cached TSDB into a fresh data dir: immutable chunk and index files are hard-linked, the rest copied. */
async function materialiseDataDir(tsdbDir: string): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'headroom-prom-'));
  for (const block of await readdir(tsdbDir)) {
    if (!/^[0-9A-Z]{26}$/.test(block)) continue;
    const from = join(tsdbDir, block);
    const to = join(dataDir, block);
    await mkdir(join(to, 'chunks'), { recursive: true });
    for (const f of await readdir(join(from, 'chunks'))) await link(join(from, 'chunks', f), join(to, 'chunks', f)).catch(() => copyFile(join(from, 'chunks', f), join(to, 'chunks', f)));
    await link(join(from, 'index'), join(to, 'index')).catch(() => copyFile(join(from, 'index'), join(to, 'index')));
    for (const f of ['meta.json', 'tombstones']) if (await exists(join(from, f))) await copyFile(join(from, f), join(to, f));
  }
  return dataDir;
}

/** A TCP port free on 127.0.0.1 right now (another process may still take it: callers retry). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode} before it was ready: ${stderr().trim().split('\n').slice(-3).join(' | ')}`);
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus at ${url} not ready after ${timeoutMs / 1000} s: ${stderr().trim().split('\n').slice(-3).join(' | ')}`);
}

/** Starts Prometheus on an existing (cached) TSDB directory. */
export async function startPrometheusOnTsdb(tsdbDir: string): Promise<PrometheusHandle> {
  const dataDir = await materialiseDataDir(tsdbDir);
  const configFile = join(dataDir, 'prometheus.yml');
  // No scrape jobs: the data is history. Evaluation interval is irrelevant without rules.
  await writeFile(configFile, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = spawnSupervised('prometheus', [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      // The data is older than the wall clock may suggest; keep every block.
      '--storage.tsdb.retention.time=10y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-admin-api',
      '--log.level=warn',
    ], 5000);
    const child = proc.child;
    const stop = async () => {
      await proc.halt();
      await rm(dataDir, { recursive: true, force: true });
    };
    try {
      await waitReady(url, child, proc.stderr);
      return { url, port, pid: child.pid!, dataDir, tsdbDir, stop };
    } catch (err) {
      lastError = err;
      await proc.halt('SIGKILL');
      if (!/address already in use/i.test(String(err))) break;
    }
  }
  await rm(dataDir, { recursive: true, force: true });
  throw lastError;
}

/** Backfills OpenMetrics (a file or text; cached by content hash or `cacheKey`) and starts Prometheus on it. */
export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusHandle> {
  const version = promtoolVersion();
  let file = options.openMetricsFile;
  let tempDir: string | null = null;
  if (!file) {
    if (options.openMetricsText === undefined) throw new Error('startPrometheus: pass openMetricsFile or openMetricsText');
    tempDir = await mkdtemp(join(scratchRoot, 'headroom-om-'));
    file = join(tempDir, 'input.om');
    await writeFile(file, options.openMetricsText);
  }
  try {
    const key = sha256(`${version}\n${options.maxBlockHours ?? 9600}\n${options.cacheKey ?? (options.openMetricsText !== undefined ? sha256(options.openMetricsText) : await hashFile(file))}`);
    const { tsdbDir } = await backfillOpenMetrics(file, key, options.maxBlockHours);
    return await startPrometheusOnTsdb(tsdbDir);
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

/** Hash of the generator's source: a changed generator never reuses a stale cached TSDB. */
export function generatorVersion(): string {
  const dir = join(repoRoot, 'src', 'sample');
  const h = createHash('sha256');
  // Only the files that shape one cluster's series (not the barrel, the CSV formatter or the
  // multi-cluster writer, which the multi-cluster cache key adds: see metrics-backends.ts).
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !['index.ts', 'truth-csv.ts', 'clusters.ts'].includes(n)).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

export interface SamplePrometheusOptions extends SampleOptions {
  /** What to write (families, namespaces, days…); default everything. */
  openMetrics?: Omit<OpenMetricsOptions, 'onProgress'>;
}

/**
 * Generates the sample, backfills it (cached by options + generator version) and starts
 * Prometheus on it. The sample comes back too, with its ground truth.
 */
export async function startSamplePrometheus(options: SamplePrometheusOptions = {}): Promise<PrometheusHandle & { sample: SampleCluster; backfillSeconds: number }> {
  const { openMetrics, ...sampleOptions } = options;
  const sample = generateSampleCluster(sampleOptions);
  const version = promtoolVersion();
  const key = sha256(JSON.stringify({ v: version, g: generatorVersion(), s: sample.options, o: openMetrics ?? {} }));
  let backfillSeconds = 0;
  if (await exists(join(cacheRoot, key, '.complete'))) await markUsed(join(cacheRoot, key));
  else {
    const tempDir = await mkdtemp(join(scratchRoot, 'headroom-om-'));
    try {
      const file = join(tempDir, 'sample.om');
      const out = createWriteStream(file);
      await writeOpenMetrics(sample, out, openMetrics ?? {});
      out.end();
      await finished(out);
      backfillSeconds = (await backfillOpenMetrics(file, key)).seconds;
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  }
  const handle = await startPrometheusOnTsdb(join(cacheRoot, key));
  return { ...handle, sample, backfillSeconds };
}

export interface PromVectorSample {
  metric: Record<string, string>;
  value: number;
}

/** Runs an instant query at `timeSeconds` and returns the vector (throws on a Prometheus error). */
export async function queryInstant(url: string, expr: string, timeSeconds: number): Promise<PromVectorSample[]> {
  const res = await fetch(`${url}/api/v1/query`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: expr, time: String(timeSeconds) }) });
  const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success' || !body.data) throw new Error(`query failed (${res.status}): ${body.error ?? 'unknown'}: ${expr}`);
  if (body.data.resultType !== 'vector') throw new Error(`expected a vector, got ${body.data.resultType}`);
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}
