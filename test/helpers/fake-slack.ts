/**
 * A fake Slack incoming webhook on 127.0.0.1: POST <path> with a JSON body answers 200 "ok" like
 * Slack does; `failNext` answers the next N requests with 500 (or a chosen status).
 */
import { createServer, type Server } from 'node:http';

export interface FakeSlack {
  url: string;
  requests: { path: string; contentType: string; body: unknown }[];
  failNext: number;
  failStatus: number;
  close(): Promise<void>;
}

export async function startFakeSlack(path = '/services/T000/B000/XXXXSECRET'): Promise<FakeSlack> {
  const state: FakeSlack = { url: '', requests: [], failNext: 0, failStatus: 500, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== path) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no_service');
        return;
      }
      if (state.failNext > 0) {
        state.failNext--;
        res.writeHead(state.failStatus, { 'content-type': 'text/plain' }).end('internal_error');
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
        return;
      }
      state.requests.push({ path: req.url, contentType: req.headers['content-type'] ?? '', body: parsed });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}${path}`;
  state.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return state;
}
