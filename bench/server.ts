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
 *   omission); the load generator counts response bytes but does not decode bodies into strings,
 *   and its sockets read into one reused buffer each (see runPaced: both cut its own GC pauses);
 * - bursts (autocannon's own `overallRate`): each connection may send rate/32 requests per second
 *   and sends them back to back when the second starts, so each second's requests arrive in the
 *   first ~100 ms at the full speed of server and load generator, 32 in flight. Shown for
 *   comparison: its latency is queueing behind those bursts (see "peak arrivals"), not latency at
 *   `--rate`. Its figures are recorded as autocannon records them (sent → answered, plus its
 *   coordinated-omission fill with a 1 ms interval).
 * The machine is shared and its load drifts, so the phases run interleaved: `--seconds` per phase
 * in slices of `--slice` seconds, round-robin, and each phase's figures cover all its slices.
 * The server side reports per phase: peak arrivals in any 50 ms, time from request to response
 * handed to the socket, event-loop delay, GC pauses and CPU time per request.
 *
 *   npm run bench:server [-- --rate 2000 --seconds 15 --slice 3 --containers 52]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import { PerformanceObserver } from 'node:perf_hooks';
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

/** What the server process measured during one phase (all its slices). */
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

/**
 * Event-loop delay, sampled every `eldResolutionMs` while started: how late each tick of a
 * repeating timer ran. (perf_hooks' monitorEventLoopDelay cannot be paused and merged per phase:
 * re-enabled, its first sample spans the pause.)
 */
class LoopDelaySampler {
  readonly delaysMs: number[] = [];
  private timer: NodeJS.Timeout | null = null;

  start(): void {
    let lastMs = performance.now();
    this.timer = setInterval(() => {
      const nowMs = performance.now();
      this.delaysMs.push(Math.max(0, nowMs - lastMs - eldResolutionMs));
      lastMs = nowMs;
    }, eldResolutionMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  p99AndMaxMs(): { p99: number; max: number } {
    const sorted = Float64Array.from(this.delaysMs).sort();
    return { p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? NaN };
  }
}

const quantile = (sorted: ArrayLike<number>, q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);

interface PhaseProbe {
  serviceMs: number[];
  peakPer50Ms: number;
  eld: LoopDelaySampler;
  gcPausesMs: number[];
  cpuMicros: number;
}

/**
 * Instruments the server process: arrivals and request-to-finish time from the raw HTTP server's
 * events (every route, fastify included), event-loop delay, GC pauses and CPU time, accumulated
 * per phase between `start(phase)` and `stop()`.
 */
function probeServer(servers: Server[]) {
  const phases = new Map<string, PhaseProbe>();
  let current: PhaseProbe | null = null;
  let arrivalsPer50Ms = new Map<number, number>();
  let cpu = process.cpuUsage();
  const onRequest = (_req: unknown, res: { once: (e: 'finish', f: () => void) => void }) => {
    const phase = current;
    if (!phase) return;
    const startMs = performance.now();
    const bucket = Math.floor(startMs / 50);
    arrivalsPer50Ms.set(bucket, (arrivalsPer50Ms.get(bucket) ?? 0) + 1);
    res.once('finish', () => phase.serviceMs.push(performance.now() - startMs));
  };
  for (const server of servers) server.on('request', onRequest);
  new PerformanceObserver((list) => { for (const e of list.getEntries()) current?.gcPausesMs.push(e.duration); }).observe({ entryTypes: ['gc'] });
  return {
    start(name: string): void {
      let phase = phases.get(name);
      if (!phase) {
        phase = { serviceMs: [], peakPer50Ms: 0, eld: new LoopDelaySampler(), gcPausesMs: [], cpuMicros: 0 };
        phases.set(name, phase);
      }
      current = phase;
      arrivalsPer50Ms = new Map();
      phase.eld.start();
      cpu = process.cpuUsage();
    },
    stop(): void {
      if (!current) return;
      const used = process.cpuUsage(cpu);
      current.cpuMicros += used.user + used.system;
      current.eld.stop();
      current.peakPer50Ms = Math.max(current.peakPer50Ms, ...arrivalsPer50Ms.values());
      current = null;
    },
    read(name: string): ServerFigures {
      const p = phases.get(name)!;
      const sorted = Float64Array.from(p.serviceMs).sort();
      const eld = p.eld.p99AndMaxMs();
      return {
        requests: sorted.length,
        peakArrivalsPerSecond: p.peakPer50Ms * 20,
        serviceP50Ms: quantile(sorted, 0.5), serviceP99Ms: quantile(sorted, 0.99), serviceMaxMs: sorted.at(-1) ?? NaN,
        eventLoopDelayP99Ms: eld.p99, eventLoopDelayMaxMs: eld.max,
        gcPauses: p.gcPausesMs.length, gcMaxPauseMs: Math.max(0, ...p.gcPausesMs), gcTotalMs: p.gcPausesMs.reduce((a, b) => a + b, 0),
        cpuMicrosPerRequest: sorted.length ? p.cpuMicros / sorted.length : NaN,
      };
    },
  };
}

type ProbeMessage = { cmd: 'start'; phase: string } | { cmd: 'stop' } | { cmd: 'read'; phase: string } | { cmd: 'exit' };

/** Child mode: serve the store on an ephemeral port, report it to the parent, answer probe requests. */
async function serve(storePath: string): Promise<void> {
  const { Store } = await import('../src/store/index.js');
  const { buildServer } = await import('../src/server/index.js');
  const { silentLogger } = await import('../src/util/logger.js');
  const store = await Store.open(storePath);
  const { app } = await buildServer({ store, reportsDir: tmpdir(), token: null, logger: silentLogger() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // The floor: plain node:http in the same process sending the same bytes, nothing else. What it
  // cannot beat on this machine with this load generator, no route can.
  const bytes = (await app.inject('/api/v1/recommendations')).rawPayload;
  const floor = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
  const probe = probeServer([app.server, floor]);
  const portOf = (s: Server) => { const a = s.address(); return typeof a === 'object' && a ? a.port : 0; };
  process.send!({ port: portOf(app.server), floorPort: portOf(floor) });
  process.on('message', async (m: ProbeMessage) => {
    if (m.cmd === 'start') probe.start(m.phase);
    else if (m.cmd === 'stop') probe.stop();
    else if (m.cmd === 'read') return process.send!({ figures: probe.read(m.phase) });
    else {
      await app.close();
      await store.close();
      return process.exit(0);
    }
    process.send!({ done: m.cmd });
  });
}

function ask<T>(child: ChildProcess, message: ProbeMessage, field: 'done' | 'figures'): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (!(field in m)) return;
      child.off('message', onMessage);
      resolve(m[field] as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** What the load generator measured during one phase (all its slices). */
interface ClientPhase {
  latenciesMs: number[];
  /** Paced only: from the time each request was actually sent (the difference: the load generator's own lateness). */
  sentLatenciesMs: number[];
  requests: number;
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytes: number;
  cpuMicros: number;
  eld: LoopDelaySampler;
  gcPausesMs: number[];
}

interface Phase {
  name: string;
  url: string;
  shape: 'paced' | 'bursts';
  client: ClientPhase;
}

/**
 * Paced: sends requests evenly at `rate` (connection k's slots are k/rate, (k+32)/rate, … seconds
 * from the start) and records latency from each request's due time.
 */
function runPaced(url: string, rate: number, seconds: number, latencies: number[], sentLatencies: number[] = []): Promise<autocannon.Result> {
  const intervalMs = (connections * 1000) / rate;
  const startMs = performance.now() + 20;
  const timers = new Set<NodeJS.Timeout>();
  let nextConnection = 0;
  // Each socket read allocates a fresh buffer (64 KiB, kept at 26 KiB here): 50 MiB/s of garbage
  // that gave the load generator 4× the GC pauses of /healthz. autocannon's sockets read into one
  // reused buffer per connection instead (its parser copies what it keeps before the next read).
  const plainConnect = net.connect;
  (net as unknown as { connect: (port: number, host: string) => net.Socket }).connect = (port, host) => {
    const buffer = Buffer.allocUnsafe(65_536);
    const socket: net.Socket = plainConnect({ port, host, onread: { buffer, callback: (bytes: number) => socket.emit('data', buffer.subarray(0, bytes)) || true } });
    return socket;
  };
  // autocannon's instance is a thenable without finally().
  return Promise.resolve(autocannon({
    url, connections, pipelining: 1, duration: seconds,
    // autocannon sends the next request as soon as a response arrives (_doRequest); delaying that
    // call to the connection's next slot turns its closed loop into a paced one.
    setupClient(client) {
      const c = client as unknown as { _doRequest: () => void; destroyed: boolean; on: (e: string, f: () => void) => void; pipelinedRequests: { addBody: (b: Buffer) => void } };
      if (typeof c._doRequest !== 'function' || typeof c.pipelinedRequests?.addBody !== 'function') throw new Error('autocannon without Client#_doRequest or #pipelinedRequests: update the pacing in bench/server.ts');
      // autocannon decodes every body into a string (for body checks this bench does not make):
      // for 26 KB that costs the load generator about as much CPU as the server spends, on the same 2 cores.
      c.pipelinedRequests.addBody = () => undefined;
      const send = c._doRequest.bind(c);
      let dueMs = startMs + (nextConnection++ * 1000) / rate;
      let sentDueMs = 0;
      let sentMs = 0;
      c.on('response', () => {
        const nowMs = performance.now();
        latencies.push(nowMs - sentDueMs);
        sentLatencies.push(nowMs - sentMs);
      });
      c._doRequest = () => {
        const fire = () => {
          if (c.destroyed) return;
          // A timer may fire up to 1 ms early; then the request is due when it is sent.
          sentMs = performance.now();
          sentDueMs = Math.min(dueMs, sentMs);
          dueMs += intervalMs;
          send();
        };
        const waitMs = dueMs - performance.now();
        if (waitMs <= 0) return fire();
        const t = setTimeout(() => { timers.delete(t); fire(); }, waitMs);
        timers.add(t);
      };
    },
  })).finally(() => {
    net.connect = plainConnect;
    for (const t of timers) clearTimeout(t);
  });
}

/** Bursts: autocannon's own fixed rate, a per-connection quota of rate/32 requests refilled every second. */
function runBursts(url: string, rate: number, seconds: number, latencies: number[]): Promise<autocannon.Result> {
  return autocannon({
    url, connections, pipelining: 1, overallRate: rate, duration: seconds,
    setupClient(client) {
      (client as unknown as { on: (e: string, f: (status: number, bytes: number, durationMs: number) => void) => void }).on('response', (status, _bytes, durationMs) => {
        if (status < 200 || status >= 300) return;
        // As autocannon records with a rate: recordValueWithExpectedInterval(duration, ceil(1 / rate)) = 1 ms.
        latencies.push(durationMs);
        for (let missingMs = durationMs - 1; missingMs >= 1; missingMs -= 1) latencies.push(missingMs);
      });
    },
  });
}

/** GC pauses of the load generator, credited to the phase whose slice runs. */
let clientGcPhase: ClientPhase | null = null;

async function runSlice(phase: Phase, rate: number, seconds: number): Promise<void> {
  const c = phase.client;
  clientGcPhase = c;
  c.eld.start();
  const cpu = process.cpuUsage();
  const r = await (phase.shape === 'paced' ? runPaced(phase.url, rate, seconds, c.latenciesMs, c.sentLatenciesMs) : runBursts(phase.url, rate, seconds, c.latenciesMs));
  const used = process.cpuUsage(cpu);
  c.eld.stop();
  clientGcPhase = null;
  c.cpuMicros += used.user + used.system;
  c.requests += r.requests.total;
  c.seconds += r.duration;
  c.non2xx += r.non2xx;
  c.errors += r.errors;
  c.timeouts += r.timeouts;
  c.bytes += r.throughput.total;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function latencyOf(c: ClientPhase, field: 'latenciesMs' | 'sentLatenciesMs' = 'latenciesMs') {
  const sorted = Float64Array.from(c[field]).sort();
  return { p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? NaN };
}

function describePhase(p: Phase, s: ServerFigures): string {
  const c = p.client;
  const l = latencyOf(c);
  const sent = latencyOf(c, 'sentLatenciesMs');
  const eld = c.eld.p99AndMaxMs();
  return [
    `${p.shape === 'paced' ? 'paced' : 'bursts (autocannon overallRate)'}, ${p.name}`,
    `    client: ${Math.round(c.requests / c.seconds)} req/s over ${c.seconds.toFixed(0)} s, latency p50 ${ms(l.p50)} p90 ${ms(l.p90)} p99 ${ms(l.p99)} max ${ms(l.max)} ms`
      + `${p.shape === 'paced' ? ` (from send: p99 ${ms(sent.p99)} max ${ms(sent.max)} ms)` : ''},`
      + ` non-2xx ${c.non2xx}, errors ${c.errors}, timeouts ${c.timeouts}, ${(c.bytes / c.seconds / 2 ** 20).toFixed(1)} MiB/s;`
      + ` load generator ${ms(c.cpuMicros / Math.max(1, c.requests))} µs CPU/request, event-loop delay p99 ${ms(eld.p99)} max ${ms(eld.max)} ms, GC ${c.gcPausesMs.length} pauses (max ${ms(Math.max(0, ...c.gcPausesMs))} ms)`,
    `    server: peak arrivals ${s.peakArrivalsPerSecond} req/s (busiest 50 ms), request→response handed to socket p50 ${ms(s.serviceP50Ms)} p99 ${ms(s.serviceP99Ms)} max ${ms(s.serviceMaxMs)} ms,`
      + ` event-loop delay p99 ${ms(s.eventLoopDelayP99Ms)} max ${ms(s.eventLoopDelayMaxMs)} ms, GC ${s.gcPauses} pauses (max ${ms(s.gcMaxPauseMs)} ms, total ${ms(s.gcTotalMs)} ms), ${ms(s.cpuMicrosPerRequest)} µs CPU/request`,
  ].join('\n');
}

async function main(): Promise<void> {
  const rate = Number(args.get('rate') ?? 2000);
  const seconds = Number(args.get('seconds') ?? 15);
  const sliceSeconds = Math.min(seconds, Number(args.get('slice') ?? 3));
  const containers = Number(args.get('containers') ?? 52);
  const dir = await mkdtemp(join(tmpdir(), 'headroom-bench-server-'));
  const storePath = join(dir, 'bench.duckdb');
  await seedStore(storePath, containers);
  const child = fork(fileURLToPath(import.meta.url), ['--serve', storePath], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  try {
    const { port, floorPort } = await new Promise<{ port: number; floorPort: number }>((resolve, reject) => {
      child.once('message', (m: { port: number; floorPort: number }) => resolve(m));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const recsUrl = `${base}/api/v1/recommendations`;
    console.log(`bench:server on ${describeMachine()}`);
    console.log(`work: ${containers} recommendations in the store, ${rate} req/s for ${seconds} s per phase (interleaved ${sliceSeconds}-s slices), ${connections} connections; server in a child process`);
    const sample = await fetch(recsUrl);
    console.log(`response of /api/v1/recommendations: ${(await sample.arrayBuffer()).byteLength} bytes`);
    await runPaced(recsUrl, rate, 3, []); // warm up (JIT, cache, connections)
    const client = (): ClientPhase => ({ latenciesMs: [], sentLatenciesMs: [], requests: 0, seconds: 0, non2xx: 0, errors: 0, timeouts: 0, bytes: 0, cpuMicros: 0, eld: new LoopDelaySampler(), gcPausesMs: [] });
    new PerformanceObserver((list) => { for (const e of list.getEntries()) clientGcPhase?.gcPausesMs.push(e.duration); }).observe({ entryTypes: ['gc'] });
    const phases: Phase[] = [
      { name: 'baseline /healthz', url: `${base}/healthz`, shape: 'paced', client: client() },
      { name: '/api/v1/recommendations', url: recsUrl, shape: 'paced', client: client() },
      { name: 'floor: plain node:http sending the same bytes', url: `http://127.0.0.1:${floorPort}/`, shape: 'paced', client: client() },
      { name: '/api/v1/recommendations?namespace=shop&limit=10', url: `${recsUrl}?namespace=shop&limit=10`, shape: 'paced', client: client() },
      { name: 'baseline /healthz', url: `${base}/healthz`, shape: 'bursts', client: client() },
      { name: '/api/v1/recommendations', url: recsUrl, shape: 'bursts', client: client() },
    ];
    const key = (p: Phase) => `${p.shape} ${p.name}`;
    for (let done = 0; done < seconds; done += sliceSeconds) {
      for (const p of phases) {
        await ask(child, { cmd: 'start', phase: key(p) }, 'done');
        await runSlice(p, rate, Math.min(sliceSeconds, seconds - done));
        await ask(child, { cmd: 'stop' }, 'done');
      }
    }
    const results = [];
    for (const p of phases) {
      const server = await ask<ServerFigures>(child, { cmd: 'read', phase: key(p) }, 'figures');
      console.log(describePhase(p, server));
      results.push({ p, server, latency: latencyOf(p.client) });
    }
    type Result = typeof results[number];
    const [baseline, recs, floor, , burstBaseline, burstRecs] = results as [Result, Result, Result, Result, Result, Result];
    const c = recs.p.client;
    const ok = recs.latency.p99 <= 10 && c.non2xx === 0 && c.errors === 0 && c.timeouts === 0 && c.requests / c.seconds >= rate * 0.95;
    console.log(`target p99 ≤ 10 ms at ${rate} req/s on /api/v1/recommendations (paced): ${ok ? 'met' : 'NOT met'} (p99 ${ms(recs.latency.p99)} ms vs baseline /healthz ${ms(baseline.latency.p99)} ms`
      + ` and floor ${ms(floor.latency.p99)} ms; server-side p99 ${ms(recs.server.serviceP99Ms)} ms)`);
    console.log(`bursts (autocannon overallRate), for comparison: p99 ${ms(burstRecs.latency.p99)} ms vs baseline ${ms(burstBaseline.latency.p99)} ms, arriving at up to ${burstRecs.server.peakArrivalsPerSecond} req/s`);
    console.log(`load after: ${describeMachine().replace(/.*load /, '')}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    child.send({ cmd: 'exit' });
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

if (args.has('serve')) await serve(args.get('serve')!);
else await main();
