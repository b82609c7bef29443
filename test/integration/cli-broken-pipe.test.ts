/**
 * A reader that closes the pipe early (`headroom … | head -1`): the command ends quietly — exit 0,
 * nothing on stderr, no stack trace — whether the pipe closes before the first write or after the
 * first line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const bin = fileURLToPath(new URL('../../bin/headroom.mjs', import.meta.url));

/**
 * Runs headroom with stdout into a pipe whose reader closes after `keepBytes` bytes (0: before
 * anything is written). Resolves with the exit code, what was read and stderr.
 */
function runIntoEarlyClose(args: string[], keepBytes: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; read: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let read = '';
    let stderr = '';
    if (keepBytes === 0) child.stdout.destroy();
    else {
      child.stdout.on('data', (d: Buffer) => {
        read += d.toString();
        if (read.length >= keepBytes) child.stdout.destroy();
      });
    }
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, read, stderr });
    });
  });
}

describe('stdout closed early by its reader', () => {
  let input: string;
  beforeAll(() => {
    // Enough series that the forecast CSV is many writes and far more than a pipe buffer (64 KiB).
    const dir = mkdtempSync(join(tmpdir(), 'headroom-pipe-'));
    const lines = ['series,timestamp,value'];
    const start = Date.UTC(2026, 10, 1);
    for (let s = 0; s < 40; s++) {
      for (let t = 0; t < 72; t++) lines.push(`s${s},${new Date(start + t * 3_600_000).toISOString().replace('.000Z', 'Z')},${(100 + s + 10 * Math.sin((2 * Math.PI * t) / 24)).toFixed(3)}`);
    }
    input = join(dir, 'in.csv');
    writeFileSync(input, `${lines.join('\n')}\n`);
  });

  it('--help into a reader that closed before the first write ends quietly', async () => {
    const r = await runIntoEarlyClose(['--help'], 0);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
  });

  it('a CSV report into a reader that closed before the first write ends quietly', async () => {
    const r = await runIntoEarlyClose(['rightsize', '--sample', '--format', 'csv'], 0);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('forecast output larger than the pipe, its reader gone after the first line, ends quietly', async () => {
    const r = await runIntoEarlyClose(['forecast', '--input', input, '--horizon', '240', '--format', 'csv'], 1);
    expect(r.read.split('\n')[0]).toBe('series,timestamp,mean,lo80,hi80,lo95,hi95');
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(r.code).toBe(0);
  });

  it('sample --openmetrics into stdout piped to `head -1` ends quietly, without a "wrote" line', async () => {
    // A shell pipe, as a user has it (node's own stdio is a socket, which cannot be reopened by path).
    // One day of `up` is 3 MiB, far more than the pipe holds.
    const r = await runShell(`"$0" "$1" sample --openmetrics ${stdoutPath} --window 1d --families up | head -1; echo "exit \${PIPESTATUS[0]}" >&2`);
    expect(r.stdout).toBe('# TYPE up gauge\n');
    expect(r.stderr).toBe('exit 0\n');
  });
});

/**
 * What /dev/stdout points at. The tests name it rather than /dev/stdout because they may run as
 * root, where a regression that renames a temp file over the target would replace the machine's
 * /dev/stdout; over /proc it can only fail.
 */
const stdoutPath = '/proc/self/fd/1';

/** Runs a bash script with $0 = node and $1 = headroom's bin, as a user's shell would. */
function runShell(script: string, cwd = repoRoot): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script, process.execPath, bin], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('sample --openmetrics into a stream or a file that fails', () => {
  it('streams into stdout redirected to a file, with the summary on stderr so that nothing follows # EOF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-om-'));
    const r = await runShell(`"$0" "$1" sample --openmetrics ${stdoutPath} --window 1d --families up > out.om`, dir);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(dir, 'out.om'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('# TYPE up gauge');
    expect(lines.at(-1)).toBe('# EOF');
    expect(lines.length).toBe(1 + 32_400 + 1);
    expect(readdirSync(dir)).toEqual(['out.om']);
    expect(r.stderr).toMatch(/^wrote 32400 samples of 23 series \(1 metrics, [\d.]+ MiB\) to \/proc\/self\/fd\/1 in [\d.]+ s\n$/);
  });

  it('a full device (/dev/full: ENOSPC) is one line naming the path and the fix, exit 2', async () => {
    // Through fd 3 for the same reason as stdoutPath: /dev/full must never be a rename target.
    const r = await runShell(`"$0" "$1" sample --openmetrics /proc/self/fd/3 --window 1d --families up 3>/dev/full`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: cannot write /proc/self/fd/3 (ENOSPC) (choose a writable path with free space for --openmetrics)\n');
    expect(r.stdout).toBe('');
  });

  it('a path that cannot be a file is one line, exit 2, and leaves no temp file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-om-'));
    writeFileSync(join(dir, 'plain'), 'not a directory\n');
    const target = join(dir, 'plain', 'sample.om');
    const r = await runCli(['sample', '--openmetrics', target, '--window', '1d', '--families', 'up']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: cannot write ${target} (ENOTDIR) (choose a writable path with free space for --openmetrics)\n`);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual(['plain']);
  });
});
