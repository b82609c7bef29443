/**
 * `npm run bench:server`: load on the API server over real HTTP on 127.0.0.1 (autocannon).
 *
 * The server runs in a child process (so the load generator does not share its event loop) on a
 * store holding one rightsizing run of `--containers` recommendations (default 52, the demo's).
 * In the same run it measures a trivial baseline route (/healthz) at the same fixed rate, then
 * /api/v1/recommendations; target: p99 ≤ 10 ms at 2,000 requests/s.
 *
 *   npm run bench:server [-- --rate 2000 --seconds 15 --containers 52]
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { describeMachine } from './machine.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');

async function seedStore(path: string, containers: number): Promise<void> {
  const { Store } = await import('../src/store/index.js');
  const store = await Store.open(path);
  const runAt = Date.UTC(2026, 10, 16);
  await store.transaction(async (tx) => {
    await tx.run("INSERT INTO runs (run_id, kind, started_at, finished_at, status, trigger) VALUES ('rightsize-bench', 'rightsize', $1, $1, 'succeeded', 'manual')", [new Date(runAt)]);
    const rows = Array.from({ length: containers }, (_, i) => {
      const ns = ['shop', 'search', 'ml', 'data', 'auth', 'monitoring'][i % 6]!;
      const payload = {
        namespace: ns, workloadKind: 'Deployment', workload: `service-${i}`, container: 'app',
        current: { cpuRequestCores: 1, cpuLimitCores: 2, memoryRequestBytes: 2 ** 31, memoryLimitBytes: 2 ** 31 },
        recommended: { cpuRequestCores: 0.25 + (i % 7) / 10, cpuLimitCores: null, memoryRequestBytes: 2 ** 30 + i * 2 ** 20, memoryLimitBytes: 2 ** 30 + i * 2 ** 20 },
        confidence: ['high', 'medium', 'low'][i % 3], reasons: ['CPU request from p95 usage over the history', 'memory request from peak working set plus 15% headroom'],
        monthlySavingsUsd: Math.round((100 - i) * 37) / 100,
      };
      return ['rightsize-bench', 'bench', ns, 'Deployment', `service-${i}`, 'app', payload.confidence, payload.monthlySavingsUsd, JSON.stringify(payload)];
    });
    await tx.insertRows('recommendations', ['run_id', 'cluster', 'namespace', 'workload_kind', 'workload', 'container', 'confidence', 'monthly_savings_usd', 'payload'], rows);
  });
  await store.close();
}

/** Child mode: serve the store on an ephemeral port and report it to the parent. */
async function serve(storePath: string): Promise<void> {
  const { Store } = await import('../src/store/index.js');
  const { buildServer } = await import('../src/server/index.js');
  const { silentLogger } = await import('../src/util/logger.js');
  const store = await Store.open(storePath);
  const { app } = await buildServer({ store, reportsDir: tmpdir(), token: null, logger: silentLogger() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('message', async () => {
    await app.close();
    await store.close();
    process.exit(0);
  });
}

function run(url: string, rate: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: 32, pipelining: 1, overallRate: rate, duration: seconds });
}

function describe(name: string, r: autocannon.Result): string {
  const l = r.latency;
  return `${name.padEnd(26)} ${String(Math.round(r.requests.average)).padStart(6)} req/s  p50 ${l.p50.toFixed(2)} ms  p90 ${l.p90.toFixed(2)} ms  p99 ${l.p99.toFixed(2)} ms  max ${l.max.toFixed(1)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  timeouts ${r.timeouts}  ${(r.throughput.average / 2 ** 20).toFixed(1)} MiB/s`;
}

async function main(): Promise<void> {
  const rate = Number(args.get('rate') ?? 2000);
  const seconds = Number(args.get('seconds') ?? 15);
  const containers = Number(args.get('containers') ?? 52);
  const dir = await mkdtemp(join(tmpdir(), 'headroom-bench-server-'));
  const storePath = join(dir, 'bench.duckdb');
  await seedStore(storePath, containers);
  const child = fork(fileURLToPath(import.meta.url), ['--serve', storePath], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    console.log(`bench:server on ${describeMachine()}`);
    console.log(`work: ${containers} recommendations in the store, fixed rate ${rate} req/s for ${seconds} s per route, 32 connections; server in a child process`);
    const sample = await fetch(`${base}/api/v1/recommendations`);
    console.log(`response of /api/v1/recommendations: ${(await sample.arrayBuffer()).byteLength} bytes`);
    await run(`${base}/api/v1/recommendations`, rate, 3); // warm up (JIT, cache, connections)
    const baseline = await run(`${base}/healthz`, rate, seconds);
    const recs = await run(`${base}/api/v1/recommendations`, rate, seconds);
    const filtered = await run(`${base}/api/v1/recommendations?namespace=shop&limit=10`, rate, seconds);
    console.log(describe('baseline /healthz', baseline));
    console.log(describe('/api/v1/recommendations', recs));
    console.log(describe('  ?namespace=shop&limit=10', filtered));
    const ok = recs.latency.p99 <= 10 && recs.non2xx === 0 && recs.errors === 0 && recs.requests.average >= rate * 0.95;
    console.log(`target p99 ≤ 10 ms at ${rate} req/s on /api/v1/recommendations: ${ok ? 'met' : 'NOT met'} (p99 ${recs.latency.p99.toFixed(2)} ms vs baseline ${baseline.latency.p99.toFixed(2)} ms)`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

if (args.has('serve')) await serve(args.get('serve')!);
else await main();
