import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusClient, prometheusSourceFromUrl, type PrometheusSourceOptions } from '../../../src/collectors/prometheus/index.js';
import type { HeadroomError } from '../../../src/domain/errors.js';
import { promBody, startFakePrometheus, type FakeAnswer, type FakePrometheus, type FakeRequest } from '../../helpers/fake-prometheus-faults.js';

let fake: FakePrometheus | null = null;
let client: PrometheusClient | null = null;
afterEach(async () => {
  await client?.close();
  await fake?.stop();
  fake = null;
  client = null;
});

async function setup(answer: (req: FakeRequest, i: number) => FakeAnswer, options: Partial<PrometheusSourceOptions> = {}) {
  fake = await startFakePrometheus(answer);
  client = new PrometheusClient(prometheusSourceFromUrl(fake.url, { retryBaseDelayMs: 10, timeoutMs: 2000, ...options }));
  return client;
}

const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as HeadroomError);

describe('Prometheus client', () => {
  it('retries a 500 with backoff and succeeds when Prometheus recovers', async () => {
    const c = await setup((_r, i) => (i < 2 ? { status: 500, body: 'internal error' } : { body: promBody.vector([{ metric: { a: 'b' }, value: 1.5 }]) }));
    expect(await c.query('test', 'up', 0)).toEqual([{ metric: { a: 'b' }, value: 1.5 }]);
    expect(fake!.requests).toHaveLength(3);
  });

  it('gives up after the configured retries with one line naming the status and attempts', async () => {
    const c = await setup(() => ({ status: 503, body: promBody.error('unavailable', 'overloaded') }), { retries: 2 });
    const err = await fail(c.query('CPU p95', 'up', 0));
    expect(err.code).toBe('SOURCE_UNAVAILABLE');
    expect(err.message).toBe(`Prometheus at ${fake!.url} failed the CPU p95 query with HTTP 503: overloaded (3 attempts)`);
    expect(err.message).not.toMatch(/\n/);
    expect(fake!.requests).toHaveLength(3);
  });

  it('times out a slow answer, retries, and reports the timeout', async () => {
    const c = await setup(() => ({ body: promBody.vector([]), delayMs: 1500 }), { timeoutMs: 200, retries: 1 });
    const started = Date.now();
    const err = await fail(c.query('memory peak', 'up', 0));
    expect(err.code).toBe('SOURCE_TIMEOUT');
    expect(err.message).toBe(`Prometheus at ${fake!.url} did not answer the memory peak query within 200ms (2 attempts)`);
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('after a query times out on every attempt, aborts the queries in flight and sends no more', async () => {
    const c = await setup(() => ({ body: promBody.vector([]), delayMs: 1500 }), { timeoutMs: 200, retries: 0, concurrency: 2 });
    const started = Date.now();
    const errors = await Promise.all(Array.from({ length: 6 }, (_, i) => fail(c.query(`q${i}`, 'up', 0))));
    // Two were sent (the concurrency); the first timeout took the backend down and the other four never left.
    expect(fake!.requests).toHaveLength(2);
    expect(new Set(errors.map((e) => e.message)).size).toBe(1);
    expect(errors[0]!.message).toMatch(/did not answer the q[01] query within 200ms \(1 attempt\)$/);
    const later = await fail(c.query('later', 'up', 0));
    expect(later).toBe(errors[0]);
    expect(fake!.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('does not take the backend down for one query\'s 5xx: the next query is still sent', async () => {
    const c = await setup((_r, i) => (i === 0 ? { status: 500, body: promBody.error('internal', 'one bad query') } : { body: promBody.vector([{ metric: {}, value: 2 }]) }), { retries: 0 });
    expect((await fail(c.query('bad', 'up', 0))).code).toBe('SOURCE_UNAVAILABLE');
    expect(await c.query('good', 'up', 0)).toEqual([{ metric: {}, value: 2 }]);
  });

  it('reports a backend that never answers vector(1) as hung within min(timeout, 5s) per attempt', async () => {
    const c = await setup(() => ({ body: promBody.vector([]), delayMs: 1500 }), { timeoutMs: 300, retries: 1 });
    const err = await fail(c.checkReachable());
    expect(err.message).toBe(`Prometheus at ${fake!.url} accepted the connection but did not answer vector(1) within 300ms (2 attempts): it is hung or overloaded`);
    expect(err.hint).toMatch(/prometheus\.timeout, 5s\) and prometheus\.retries/);
    expect(await fail(c.query('after', 'up', 0))).toBe(err);
    expect(fake!.requests).toHaveLength(2);
  });

  it('stops every request at the deadline, naming prometheus.deadline', async () => {
    const c = await setup(() => ({ body: promBody.vector([]), delayMs: 1500 }), { timeoutMs: 10_000, retries: 3, deadlineMs: 300 });
    const started = Date.now();
    const err = await fail(c.query('slow', 'up', 0));
    expect(err.message).toBe(`stopped querying Prometheus at ${fake!.url}: the command's deadline of 300ms passed (0 queries answered)`);
    expect(err.hint).toMatch(/raise prometheus\.deadline/);
    expect(fake!.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('does not retry the 11,000 points refusal and says how to fix it', async () => {
    const c = await setup(() => ({ status: 400, body: promBody.tooManyPoints() }));
    const err = await fail(c.queryRange('history', 'up', 0, 3600_000, 60));
    expect(err.code).toBe('SOURCE_REJECTED');
    expect(err.message).toMatch(/refused the history query: more than 11,000 points per series$/);
    expect(err.hint).toMatch(/resolution/);
    expect(fake!.requests).toHaveLength(1);
  });

  it('reports an unreachable Prometheus as unavailable after its retries', async () => {
    const c = await setup(() => ({ body: {} }), { retries: 1 });
    await fake!.stop();
    fake = null;
    const err = await fail(c.query('test', 'up', 0));
    expect(err.code).toBe('SOURCE_UNAVAILABLE');
    expect(err.message).toMatch(/is not reachable \(ECONNREFUSED\) after 2 attempts$/);
  });

  it('splits a long range query into chunks under 11,000 points and stitches the series', async () => {
    const c = await setup((r) => {
      const start = Number(r.params.get('start'));
      const end = Number(r.params.get('end'));
      const step = Number(r.params.get('step'));
      const values: [number, number][] = [];
      for (let t = start; t <= end; t += step) values.push([t, t]);
      return { body: promBody.matrix([{ metric: { pod: 'a' }, values }]) };
    });
    const points = 25_000;
    const series = await c.queryRange('long', 'x', 0, (points - 1) * 60_000, 60);
    expect(fake!.requests.length).toBe(3);
    for (const r of fake!.requests) expect((Number(r.params.get('end')) - Number(r.params.get('start'))) / 60 + 1).toBeLessThanOrEqual(11_000);
    expect(series).toHaveLength(1);
    expect(series[0]!.timestampsMs).toHaveLength(points);
    expect(series[0]!.timestampsMs[points - 1]).toBe((points - 1) * 60_000);
    expect(new Set(series[0]!.timestampsMs).size).toBe(points);
  });

  it('keeps at most `concurrency` queries in flight', async () => {
    const c = await setup(() => ({ body: promBody.vector([]), delayMs: 30 }), { concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => c.query('x', 'up', 0)));
    expect(fake!.maxInFlight).toBe(3);
  });

  it('sends custom headers (tenant, auth) on every request and counts queries and bytes', async () => {
    const c = await setup(() => ({ body: promBody.vector([{ metric: {}, value: 1 }]) }), { headers: { 'X-Scope-OrgID': 'team-a', authorization: 'Bearer s3cret' } });
    await c.query('x', 'up', 0);
    await c.query('y', 'up', 0);
    expect(fake!.requests.map((r) => [r.headers['x-scope-orgid'], r.headers.authorization])).toEqual([['team-a', 'Bearer s3cret'], ['team-a', 'Bearer s3cret']]);
    expect(c.stats.queries).toBe(2);
    expect(c.stats.bytesReceived).toBe(2 * JSON.stringify(promBody.vector([{ metric: {}, value: 1 }])).length);
  });

  it('names refused credentials and the config field to fix', async () => {
    const c = await setup(() => ({ status: 401, body: 'Unauthorized' }));
    const err = await fail(c.query('x', 'up', 0));
    expect(err.message).toBe(`Prometheus at ${fake!.url} refused the credentials (HTTP 401)`);
    expect(err.hint).toMatch(/prometheus\.auth/);
  });

  it('rejects a URL that is not http(s)', () => {
    expect(() => prometheusSourceFromUrl('localhost:9090')).toThrow(/is not an http\(s\) URL/);
  });
});
