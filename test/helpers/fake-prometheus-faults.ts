/**
 * Failure injection for the Prometheus client: a tiny HTTP server on 127.0.0.1 that answers the
 * Prometheus API paths with whatever the test scripts — 500s, answers slower than the timeout,
 * the "11,000 points" refusal — in Prometheus's own error envelope. Real behaviour is tested
 * against the real Prometheus; this only exists for faults a healthy Prometheus will not produce.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

export interface FakeRequest {
  path: string;
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Requests in flight when this one arrived (including it). */
  inFlight: number;
}

export interface FakeAnswer {
  status?: number;
  body: unknown;
  delayMs?: number;
}

export interface FakePrometheus {
  url: string;
  requests: FakeRequest[];
  maxInFlight: number;
  stop(): Promise<void>;
}

export async function startFakePrometheus(answer: (req: FakeRequest, index: number) => FakeAnswer): Promise<FakePrometheus> {
  const requests: FakeRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const params = new URLSearchParams(req.method === 'POST' ? body : url.search);
      const fr: FakeRequest = { path: url.pathname, params, headers: req.headers, inFlight };
      requests.push(fr);
      const a = answer(fr, requests.length - 1);
      setTimeout(() => {
        inFlight--;
        if (res.destroyed) return;
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
        res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
      }, a.delayMs ?? 0);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    get maxInFlight() { return state.maxInFlight; },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Prometheus API envelopes. */
export const promBody = {
  vector: (result: { metric: Record<string, string>; value: number }[], timeS = 0) => ({ status: 'success', data: { resultType: 'vector', result: result.map((r) => ({ metric: r.metric, value: [timeS, String(r.value)] })) } }),
  matrix: (result: { metric: Record<string, string>; values: [number, number][] }[]) => ({ status: 'success', data: { resultType: 'matrix', result: result.map((r) => ({ metric: r.metric, values: r.values.map(([t, v]) => [t, String(v)]) })) } }),
  error: (errorType: string, error: string) => ({ status: 'error', errorType, error }),
  /** What Prometheus says when a range query needs more than 11,000 points per series. */
  tooManyPoints: () => ({ status: 'error', errorType: 'bad_data', error: 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)' }),
};

export interface HungServer {
  url: string;
  /** HTTP requests that arrived (counted by their request line); none is ever answered. */
  readonly requests: number;
  stop(): Promise<void>;
}

/** A backend that accepts connections and reads requests but never answers: the worst kind of down. */
export async function startHungServer(): Promise<HungServer> {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d: Buffer) => (requests += (d.toString('latin1').match(/^(GET|POST) \/\S* HTTP\/1\.1\r?$/gm) ?? []).length));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() { return requests; },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
