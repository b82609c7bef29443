/**
 * Bad input is refused before it reaches Prometheus or the disk: exit 2, one line on stderr that
 * names the option and the fix (issue 12 item 5). A listening server counts every request, so a
 * value that slipped through to Prometheus would show.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'headroom-bad-input-'));
let server: Server;
let url = '';
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const bounded = { timeoutMs: 60_000 };
const at = '2026-11-16T00:00:00Z';

async function expectRefused(args: string[], line: RegExp): Promise<void> {
  const before = requests;
  const r = await runCli(args, { ...bounded, cwd: work });
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(r.stdout).toBe('');
  expect(requests - before, 'requests that reached Prometheus').toBe(0);
}

describe('bad input on the command line', () => {
  it('rightsize --history 0d is refused before Prometheus is asked', async () => {
    await expectRefused(['rightsize', '--prometheus-url', url, '--history', '0d', '--at', at, '--format', 'json'], /^error: --history 0d: the window must be longer than zero \(e\.g\. --history 14d\)$/);
  });

  it('rightsize --at 2026-02-30T00:00:00Z is refused, not rolled over to March', async () => {
    await expectRefused(['rightsize', '--prometheus-url', url, '--history', '14d', '--at', '2026-02-30T00:00:00Z'], /^error: --at 2026-02-30T00:00:00Z: 2026-02-30 is not a day of the calendar.*\(e\.g\. --at /);
  });

  it('doctor --at 99999999999999 (milliseconds) is refused', async () => {
    await expectRefused(['doctor', '--prometheus-url', url, '--at', '99999999999999'], /^error: --at 99999999999999: .*milliseconds\?.*\(e\.g\. --at /);
  });

  it('--output in a directory that does not exist is refused and nothing is created', async () => {
    const missing = join(work, 'nonexistent', 'dir');
    await expectRefused(['rightsize', '--prometheus-url', url, '--history', '14d', '--at', at, '--format', 'json', '--output', join(missing, 'x.json')], /^error: --output .*nonexistent\/dir\/x\.json: directory .*nonexistent\/dir does not exist \(run mkdir -p .* first, or choose another --output path\)$/);
    expect(existsSync(join(work, 'nonexistent'))).toBe(false);
    await expectRefused(['rightsize', '--prometheus-url', url, '--at', at, '--output', '/nonexistent/dir/x.json'], /^error: --output \/nonexistent\/dir\/x\.json: directory \/nonexistent\/dir does not exist/);
    expect(existsSync('/nonexistent')).toBe(false);
  });

  it('collect --since 0d, and a window given under two names, are refused', async () => {
    await expectRefused(['collect', '--prometheus-url', url, '--since', '0d', '--store', join(work, 'h.duckdb')], /^error: --since 0d: the window must be longer than zero/);
    await expectRefused(['collect', '--prometheus-url', url, '--since', '7d', '--window', '14d', '--store', join(work, 'h.duckdb')], /^error: --window and --since are the same option, given twice \(give only --window\)$/);
    expect(existsSync(join(work, 'h.duckdb'))).toBe(false);
  });
});

/**
 * Outputs that cannot be written: a path below /proc passes the up-front checks as root (its
 * directory exists and root may write) and fails at the write; as another user the check refuses
 * it. Either way: exit 2, one line naming the path and the fix, nothing created, nothing printed.
 */
describe('an output path that cannot be written', () => {
  const hourly = (header: string, row: (iso: string, i: number) => string, hours: number) => {
    const lines = [header];
    for (let i = 0; i < hours; i++) lines.push(row(new Date(Date.UTC(2026, 9, 1) + i * 3_600_000).toISOString().replace('.000Z', 'Z'), i));
    return `${lines.join('\n')}\n`;
  };
  writeFileSync(join(work, 'series.csv'), hourly('series,timestamp,value', (t, i) => `cpu,${t},${10 + (i % 24) / 3}`, 24 * 14));
  writeFileSync(join(work, 'usage.csv'), hourly('timestamp,region,instanceType,instances', (t, i) => `${t},us-east-1,m5.large,${i % 24 < 12 ? 8 : 5}`, 24 * 14));
  const target = (name: string) => `/proc/headroom-bad-input-${name}`;

  it.each([
    ['forecast --output', ['forecast', '--input', 'series.csv', '--horizon', '24', '--output', target('forecast.csv')], target('forecast.csv')],
    ['forecast --chart', ['forecast', '--input', 'series.csv', '--horizon', '24', '--chart', target('forecast.html')], target('forecast.html')],
    ['backtest --output', ['backtest', '--input', 'series.csv', '--horizon', '24', '--output', target('backtest.csv')], target('backtest.csv')],
    ['commitments --output', ['commitments', '--usage', 'usage.csv', '--term', '1y', '--payment', 'no-upfront', '--format', 'json', '--output', target('plan.json')], target('plan.json')],
    ['rightsize --output', ['rightsize', '--sample', '--history', '1d', '--at', at, '--format', 'json', '--output', target('rightsize.json')], target('rightsize.json')],
    ['rightsize --patches', ['rightsize', '--sample', '--history', '1d', '--at', at, '--patches', target('patches')], target('patches')],
    ['generate --out-dir', ['generate', '--out-dir', target('generated')], target('generated')],
    ['sample --truth', ['sample', '--truth', target('truth.csv'), '--openmetrics', join(work, 'sample.om')], target('truth.csv')],
    ['demo --out-dir (it spun forever in mkdir)', ['demo', '--out-dir', target('demo')], target('demo')],
  ])('%s exits 2 with one line naming the path', async (_name, args, path) => {
    const r = await runCli(args, { ...bounded, cwd: work });
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toContain(path);
    // The fix: another path, or the permissions of the directory.
    expect(lines[0]).toMatch(/\((choose|pass) .*(writable|permissions)/);
    expect(existsSync(path)).toBe(false);
    // Nothing printed before the failure: the command checks (or writes) its files first.
    expect(r.stdout).toBe('');
  });
});


/**
 * A read-only command given a store that does not exist: opening it would create an empty store
 * and report "no data". Each refuses with one line naming the path and the command that creates
 * the data it reads, and the path stays absent.
 */
describe('a store that does not exist, given to a command that only reads one', () => {
  const collect = '`headroom collect`';
  const billing = '`headroom import --focus FILE` (or --cur FILE, or --cost-explorer)';
  it.each([
    ['costs', ['costs'], billing],
    ['costs --by provider', ['costs', '--by', 'provider'], billing],
    ['costs --by namespace', ['costs', '--by', 'namespace'], `${collect} and \`headroom import --focus FILE\` (or --cur FILE)`],
    ['rightsize --from-store', ['rightsize', '--from-store', '--format', 'json'], collect],
    ['commitments (usage from the store)', ['commitments', '--term', '1y', '--payment', 'no-upfront', '--format', 'json'], billing],
    ['capacity', ['capacity'], collect],
  ])('%s exits 2 naming the path and the command that creates its data, creating nothing', async (name, args, creator) => {
    const store = join(work, `absent-${name.replace(/\W+/g, '-')}.duckdb`);
    const r = await runCli([...args, '--store', store], { ...bounded, cwd: work });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([`error: store ${store} does not exist (run ${creator} first to create it, or pass --store with the path of an existing store (e.g. headroom-demo/headroom.duckdb after \`headroom demo\`))`]);
    expect(existsSync(store)).toBe(false);
    expect(existsSync(`${store}.wal`)).toBe(false);
  });
});

/**
 * A store path that cannot be created — below a file, below /proc, a directory — is the user's
 * input like any other path: exit 2, one line naming the path and the fix, nothing created.
 */
describe('a store path that cannot be created', () => {
  writeFileSync(join(work, 'a-file'), 'not a directory\n');
  it.each([
    ['below a file', join(work, 'a-file', 'sub', 'x.duckdb')],
    ['in a directory below /proc (mkdir refused)', '/proc/headroom-bad-input-store/x.duckdb'],
    ['directly below /proc (DuckDB cannot create it)', '/proc/headroom-bad-input-store.duckdb'],
    ['a directory', join(work, 'a-dir')],
  ])('%s: import and commitments --save exit 2 with one line naming the path and the fix', async (_name, store) => {
    mkdirSync(join(work, 'a-dir'), { recursive: true });
    for (const args of [['import', '--focus', 'missing.csv'], ['commitments', '--usage', 'usage.csv', '--save', '--format', 'json']]) {
      const r = await runCli([...args, '--store', store], { ...bounded, cwd: work });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error: store ${store.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot (create its directory|create or open it) .*\\(pass --store with a file in a writable directory, or set store\\.path in the config\\)$`));
    }
    expect(existsSync(join(work, 'a-file', 'sub'))).toBe(false);
    expect(existsSync('/proc/headroom-bad-input-store')).toBe(false);
  });
});
