/**
 * A backend that accepts connections and never answers, and one that answers too slowly for the
 * command's deadline: every command gives up within what its settings allow — prometheus.timeout
 * per attempt (the vector(1) check: min(timeout, 5s)), prometheus.retries + 1 attempts, one
 * backend-wide failure for the whole command, prometheus.deadline overall — with one line naming
 * the setting. Elapsed-time bounds are generous (the machine is shared); the request counts are exact.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { promBody, startFakePrometheus, startHungServer, type FakePrometheus, type HungServer } from '../helpers/fake-prometheus-faults.js';

let dir: string;
let hung: HungServer | null = null;
let slow: FakePrometheus | null = null;
const at = '2026-11-16T00:00:00Z';
/** Start-up and slack on a busy 2-core machine; the settings' own budget is added to it. */
const SLACK_MS = 30_000;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hr-hang-'));
});
afterEach(async () => {
  await hung?.stop();
  await slow?.stop();
  hung = null;
  slow = null;
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function config(name: string, url: string, settings: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `cluster: prod\nstore:\n  path: ${join(dir, `${name}.duckdb`)}\nprometheus:\n  url: ${url}\n${settings}`);
  return file;
}

async function timed(args: string[]) {
  const started = Date.now();
  const r = await runCli([...args, '--log-level', 'error'], { cwd: dir, timeoutMs: 200_000 });
  return { ...r, elapsedMs: Date.now() - started };
}

describe('a backend that accepts connections and never answers', () => {
  it('collect with timeout 2s and retries 0 sends one request and gives up after one timeout', async () => {
    hung = await startHungServer();
    const cfg = await config('collect.yaml', hung.url, '  timeout: 2s\n  retries: 0\n');
    const r = await timed(['collect', '--config', cfg, '--since', '1d', '--at', at]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^FAILED prometheus prod: Prometheus at ${hung.url} accepted the connection but did not answer vector\\(1\\) within 2s \\(1 attempt\\): it is hung or overloaded \\(check that Prometheus is healthy.*prometheus\\.timeout.*prometheus\\.retries`, 'm'));
    expect(hung.requests).toBe(1);
    expect(r.elapsedMs).toBeLessThan(2_000 + SLACK_MS);
  });

  it('doctor with --prometheus-url honours the config\'s timeout and retries exactly', async () => {
    hung = await startHungServer();
    const cfg = await config('doctor.yaml', 'http://127.0.0.1:1', '  timeout: 1s\n  retries: 2\n');
    const r = await timed(['doctor', '--config', cfg, '--prometheus-url', hung.url, '--at', at]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ERROR reachability: Prometheus at .* did not answer vector\(1\) within 1s \(3 attempts\): it is hung or overloaded$/m);
    expect(r.stdout).toMatch(/fix: .*prometheus\.timeout/);
    expect(hung.requests).toBe(3);
    expect(r.elapsedMs).toBeLessThan(3 * 1_000 + 250 + 500 + SLACK_MS);
  });

  it('rightsize with only --prometheus-url (default settings) gives up after 4 short reachability attempts, not 4 full query timeouts', async () => {
    hung = await startHungServer();
    const r = await timed(['rightsize', '--prometheus-url', hung.url, '--history', '1d', '--at', at, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/did not answer vector\(1\) within 5s \(4 attempts\): it is hung or overloaded/);
    expect(hung.requests).toBe(4);
    // 4 × 5 s plus 0.25 + 0.5 + 1 s of backoff; before, this took 4 × 60 s.
    expect(r.elapsedMs).toBeLessThan(21_750 + SLACK_MS);
  });
});

describe('the command deadline', () => {
  it('stops a collection that outlives prometheus.deadline, naming the setting', async () => {
    // Healthy but slow: each query takes 1.5 s, well inside the timeout, but the deadline is 2 s.
    slow = await startFakePrometheus((req) => {
      const q = req.params.get('query') ?? '';
      if (q === 'vector(1)') return { body: promBody.vector([{ metric: {}, value: 1 }]) };
      return { body: promBody.vector([]), delayMs: 1_500 };
    });
    const cfg = await config('deadline.yaml', slow.url, '  timeout: 30s\n  retries: 0\n  deadline: 2s\n');
    const r = await timed(['collect', '--config', cfg, '--since', '1d', '--at', at]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED prometheus prod: stopped querying Prometheus at .*: the command's deadline of 2s passed \(\d+ quer(y|ies) answered\) \(raise prometheus\.deadline/m);
    expect(r.elapsedMs).toBeLessThan(2_000 + SLACK_MS);
  });
});
