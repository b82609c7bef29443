/**
 * `npm run bench:server`: load on the API server over real HTTP on 127.0.0.1 (autocannon).
 *
 * The server runs in a child process (so the load generator does not share its event loop) on a
 * store holding one rightsizing run of `--containers` recommendations (default 52, the demo's).
 * Target: p99 ≤ 10 ms at 2,000 requests/s on /api/v1/recommendations, next to a trivial baseline
 * route (/healthz) at the same rate in the same run.
 *
 * Two load shapes, both autocannon with 32 connections:
 * - paced (the target): requests arrive evenly at `--rate` (each connection sends one request
 *   every 32/rate s, the connections' slots staggered), and latency is counted from the time a
 *   request was due, so a server stall is charged to every request it delayed (no coordinated
 *   omission);
 * - bursts (autocannon's own `overallRate`): each connection may send rate/32 requests per second
 *   and sends them back to back when the second starts, so each second's requests arrive in the
 *   first ~100 ms at the server's full speed with 32 in flight. Shown for comparison: its
 *   latency is queueing behind those bursts (see "peak arrivals"), not latency at `--rate`.
 * The server side reports, per phase: peak arrivals in any 50 ms, time from request to response
 * handed to the socket, event-loop delay, GC pauses and CPU time per request.
 *
 *   npm run bench:server [-- --rate 2000 --seconds 15 --containers 52]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { describeMachine } from './machine.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');

const connections = 32;
const eldResolutionMs = 5;

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

/** What the server process measured during one phase. */
interface ServerFigures {
  requests: number;
  peakArrivalsPerSecond: number;
  serviceP50Ms: number;
  serviceP99Ms: number;
  serviceMaxMs: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  gcPauses: number;
  gcMaxPauseMs: number;
  gcTotalMs: number;
  cpuMicrosPerRequest: number;
}

const quantile = (sorted: ArrayLike<number>, q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);

/**
 * Instruments the server process: arrivals and request-to-finish time from the raw HTTP server's
 * events (every route, fastify included), event-loop delay, GC pauses and CPU time.
 */
function probeServer(server: Server) {
  const arrivalsPer50Ms = new Map<number, number>();
  let serviceMs: number[] = [];
  const eld = monitorEventLoopDelay({ resolution: eldResolutionMs });
  let gcPausesMs: number[] = [];
  let cpu = process.cpuUsage();
  server.on('request', (_req, res) => {
    const startMs = performance.now();
    const bucket = Math.floor(startMs / 50);
    arrivalsPer50Ms.set(bucket, (arrivalsPer50Ms.get(bucket) ?? 0) + 1);
    res.once('finish', () => serviceMs.push(performance.now() - startMs));
  });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) gcPausesMs.push(e.duration); }).observe({ entryTypes: ['gc'] });
  return {
    reset(): void {
      arrivalsPer50Ms.clear();
      serviceMs = [];
      gcPausesMs = [];
      eld.disable();
      eld.reset();
      eld.enable();
      cpu = process.cpuUsage();
    },
    read(): ServerFigures {
      const used = process.cpuUsage(cpu);
      const sorted = Float64Array.from(serviceMs).sort();
      // The histogram records timer intervals; what exceeds the interval is the delay.
      const delayMs = (ns: number) => Math.max(0, ns / 1e6 - eldResolutionMs);
      return {
        requests: sorted.length,
        peakArrivalsPerSecond: Math.max(0, ...arrivalsPer50Ms.values()) * 20,
        serviceP50Ms: quantile(sorted, 0.5), serviceP99Ms: quantile(sorted, 0.99), serviceMaxMs: sorted.at(-1) ?? NaN,
        eventLoopDelayP99Ms: delayMs(eld.percentile(99)), eventLoopDelayMaxMs: delayMs(eld.max),
        gcPauses: gcPausesMs.length, gcMaxPauseMs: Math.max(0, ...gcPausesMs), gcTotalMs: gcPausesMs.reduce((a, b) => a + b, 0),
        cpuMicrosPerRequest: sorted.length ? (used.user + used.system) / sorted.length : NaN,
      };
    },
  };
}

/** Child mode: serve the store on an ephemeral port, report it to the parent, answer probe requests. */
async function serve(storePath: string): Promise<void> {
  const { Store } = await import('../src/store/index.js');
  const { buildServer } = await import('../src/server/index.js');
  const { silentLogger } = await import('../src/util/logger.js');
  const store = await Store.open(storePath);
  const { app } = await buildServer({ store, reportsDir: tmpdir(), token: null, logger: silentLogger() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const probe = probeServer(app.server);
  const address = app.server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('message', async (m: { cmd: 'reset' | 'read' | 'stop' }) => {
    if (m.cmd === 'reset') {
      probe.reset();
      process.send!({ reset: true });
    } else if (m.cmd === 'read') {
      process.send!({ figures: probe.read() });
    } else {
      await app.close();
      await store.close();
      process.exit(0);
    }
  });
}

function ask<T>(child: ChildProcess, cmd: 'reset' | 'read', field: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (!(field in m)) return;
      child.off('message', onMessage);
      resolve(m[field] as T);
    };
    child.on('message', onMessage);
    child.send({ cmd });
  });
}

interface ClientFigures {
  result: autocannon.Result;
  /**
   * Paced: from the time each request was due. Bursts: autocannon's own figures (sent → answered,
   * corrected for coordinated omission with a 1 ms expected interval), as the target was first measured.
   */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  eventLoopDelayP99Ms: number;
  cpuMicrosPerRequest: number;
}

/** Sends requests evenly at `rate`: connection k's slots are k/rate, (k+32)/rate, … seconds from the start. */
async function runPaced(url: string, rate: number, seconds: number): Promise<ClientFigures> {
  const intervalMs = (connections * 1000) / rate;
  const latencies: number[] = [];
  const startMs = performance.now() + 20;
  const timers = new Set<NodeJS.Timeout>();
  let nextConnection = 0;
  return measureClient(latencies, () => autocannon({
    url, connections, pipelining: 1, duration: seconds,
    // autocannon sends the next request as soon as a response arrives (_doRequest); delaying that
    // call to the connection's next slot turns its closed loop into a paced one.
    setupClient(client) {
      const c = client as unknown as { _doRequest: () => void; destroyed: boolean; on: (e: string, f: () => void) => void };
      if (typeof c._doRequest !== 'function') throw new Error('autocannon without Client#_doRequest: update the pacing in bench/server.ts');
      const send = c._doRequest.bind(c);
      let dueMs = startMs + (nextConnection++ * 1000) / rate;
      let sentDueMs = 0;
      c.on('response', () => latencies.push(performance.now() - sentDueMs));
      c._doRequest = () => {
        const fire = () => {
          if (c.destroyed) return;
          // A timer may fire up to 1 ms early; then the request is due when it is sent.
          sentDueMs = Math.min(dueMs, performance.now());
          dueMs += intervalMs;
          send();
        };
        const waitMs = dueMs - performance.now();
        if (waitMs <= 0) return fire();
        const t = setTimeout(() => { timers.delete(t); fire(); }, waitMs);
        timers.add(t);
      };
    },
  })).finally(() => { for (const t of timers) clearTimeout(t); });
}

/** autocannon's own fixed rate: a per-connection quota of rate/32 requests, refilled every second. */
function runBursts(url: string, rate: number, seconds: number): Promise<ClientFigures> {
  return measureClient(null, () => autocannon({ url, connections, pipelining: 1, overallRate: rate, duration: seconds }));
}

/** `latencies`: paced figures from due times; null → autocannon's histogram. */
async function measureClient(latencies: number[] | null, run: () => Promise<autocannon.Result>): Promise<ClientFigures> {
  const eld = monitorEventLoopDelay({ resolution: eldResolutionMs });
  eld.enable();
  const cpu = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(cpu);
  eld.disable();
  const sorted = latencies ? Float64Array.from(latencies).sort() : null;
  return {
    result,
    latencyMs: sorted
      ? { p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? NaN }
      : { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    eventLoopDelayP99Ms: Math.max(0, eld.percentile(99) / 1e6 - eldResolutionMs),
    cpuMicrosPerRequest: (used.user + used.system) / Math.max(1, result.requests.total),
  };
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function describePhase(name: string, c: ClientFigures, s: ServerFigures): string {
  const r = c.result;
  const l = c.latencyMs;
  return [
    `${name}`,
    `    client: ${Math.round(r.requests.average)} req/s, latency p50 ${ms(l.p50)} p90 ${ms(l.p90)} p99 ${ms(l.p99)} max ${ms(l.max)} ms`
      + ` (autocannon's histogram: p99 ${r.latency.p99} ms), non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}, ${(r.throughput.average / 2 ** 20).toFixed(1)} MiB/s;`
      + ` load generator ${ms(c.cpuMicrosPerRequest)} µs CPU/request, event-loop delay p99 ${ms(c.eventLoopDelayP99Ms)} ms`,
    `    server: peak arrivals ${s.peakArrivalsPerSecond} req/s (busiest 50 ms), request→response handed to socket p50 ${ms(s.serviceP50Ms)} p99 ${ms(s.serviceP99Ms)} max ${ms(s.serviceMaxMs)} ms,`
      + ` event-loop delay p99 ${ms(s.eventLoopDelayP99Ms)} max ${ms(s.eventLoopDelayMaxMs)} ms, GC ${s.gcPauses} pauses (max ${ms(s.gcMaxPauseMs)} ms, total ${ms(s.gcTotalMs)} ms), ${ms(s.cpuMicrosPerRequest)} µs CPU/request`,
  ].join('\n');
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
    const recsUrl = `${base}/api/v1/recommendations`;
    console.log(`bench:server on ${describeMachine()}`);
    console.log(`work: ${containers} recommendations in the store, ${rate} req/s for ${seconds} s per phase, ${connections} connections; server in a child process`);
    const sample = await fetch(recsUrl);
    console.log(`response of /api/v1/recommendations: ${(await sample.arrayBuffer()).byteLength} bytes`);
    await runPaced(recsUrl, rate, 3); // warm up (JIT, cache, connections)
    const phase = async (name: string, load: () => Promise<ClientFigures>) => {
      await ask(child, 'reset', 'reset');
      const client = await load();
      const server = await ask<ServerFigures>(child, 'read', 'figures');
      console.log(describePhase(name, client, server));
      return { client, server };
    };
    const baseline = await phase(`paced, baseline /healthz`, () => runPaced(`${base}/healthz`, rate, seconds));
    const recs = await phase(`paced, /api/v1/recommendations`, () => runPaced(recsUrl, rate, seconds));
    await phase(`paced, /api/v1/recommendations?namespace=shop&limit=10`, () => runPaced(`${recsUrl}?namespace=shop&limit=10`, rate, seconds));
    const burstBaseline = await phase(`bursts (autocannon overallRate), baseline /healthz`, () => runBursts(`${base}/healthz`, rate, seconds));
    const burstRecs = await phase(`bursts (autocannon overallRate), /api/v1/recommendations`, () => runBursts(recsUrl, rate, seconds));
    const p99 = (f: ClientFigures) => f.latencyMs.p99;
    const r = recs.client.result;
    const ok = p99(recs.client) <= 10 && r.non2xx === 0 && r.errors === 0 && r.timeouts === 0 && r.requests.average >= rate * 0.95;
    console.log(`target p99 ≤ 10 ms at ${rate} req/s on /api/v1/recommendations (paced): ${ok ? 'met' : 'NOT met'} (p99 ${ms(p99(recs.client))} ms vs baseline /healthz ${ms(p99(baseline.client))} ms; server-side p99 ${ms(recs.server.serviceP99Ms)} ms)`);
    console.log(`bursts (autocannon overallRate), for comparison: p99 ${ms(p99(burstRecs.client))} ms vs baseline ${ms(p99(burstBaseline.client))} ms, arriving at up to ${burstRecs.server.peakArrivalsPerSecond} req/s`);
    console.log(`load after: ${describeMachine().replace(/.*load /, '')}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    child.send({ cmd: 'stop' });
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

if (args.has('serve')) await serve(args.get('serve')!);
else await main();
