import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'headroom-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the headroom command', () => {
  it('prints its version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('shows an example in the help of every command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z][a-z-]*)(?: \[options\]| \[[^\]]+\]| <[^>]+>)?\s/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['demo', 'sample', 'forecast', 'rightsize', 'commitments', 'generate', 'report', 'serve']));
    for (const command of commands) {
      const r = await runCli([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout, `${command} --help has an example`).toMatch(/Examples?:\n\s+\$ headroom/);
    }
  });

  it('loads the help text of heavy modules when help is asked for', async () => {
    const rightsize = await runCli(['rightsize', '--help']);
    expect(rightsize.stdout).toMatch(/Strategies \(--strategy NAME[\s\S]*percentile \(v\d+\) \[default\][\s\S]*Examples:/);
    const forecast = await runCli(['forecast', '--help']);
    expect(forecast.stdout).toMatch(/Forecast methods: auto, [a-z-]+/);
  });

  it('rejects an unknown subcommand with one line that points at --help', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(r.stderr).toMatch(/--help/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('reports every problem of an invalid config with its path and exits 2', async () => {
    const file = join(work, 'bad.yaml');
    writeFileSync(file, 'prometheus:\n  url: nope\n  concurrency: 0\nserver:\n  port: high\n');
    const r = await runCli(['--config', file, 'demo', '--out', join(work, 'never')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('prometheus.url: expected a URL');
    expect(lines[0]).toContain('prometheus.concurrency');
    expect(lines[0]).toContain('server.port');
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it('reports a YAML syntax error with its line', async () => {
    const file = join(work, 'broken.yaml');
    writeFileSync(file, 'prometheus:\n  url: [unclosed\n');
    const r = await runCli(['--config', file, 'demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml: line \d+/);
  });

  it('refuses an unwritable output directory with one line and writes nothing', async () => {
    const locked = join(work, 'locked');
    rmSync(locked, { recursive: true, force: true });
    writeFileSync(join(work, 'placeholder'), '');
    // A path below a regular file can never be created, even as root.
    const r = await runCli(['demo', '--out', join(work, 'placeholder', 'out')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not writable.*--out/);
    chmodSync(work, 0o755);
    expect(readdirSync(work).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('doctor --output writes its report to the file, also when it finds errors, and nothing to stdout', async () => {
    const out = join(work, 'doctor.csv');
    const r = await runCli(['doctor', '--prometheus-url', 'http://127.0.0.1:9', '--at', '2026-11-16T00:00:00Z', '--window', '7d', '--format', 'csv', '--output', out, '--log-level', 'error']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('source,cluster,at,window_seconds,check,severity,message,fix');
    expect(lines[1]).toMatch(/^http:\/\/127\.0\.0\.1:9,[^,]*,2026-11-16T00:00:00\.000Z,604800,reachability,error,/);
    const missingDir = await runCli(['doctor', '--prometheus-url', 'http://127.0.0.1:9', '--output', join(work, 'no-such-dir', 'd.json')]);
    expect(missingDir.code).toBe(2);
    expect(missingDir.stderr).toMatch(/^error: --output .*d\.json: directory .*no-such-dir does not exist/);
  });
});
