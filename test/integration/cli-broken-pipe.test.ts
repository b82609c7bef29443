/**
 * A reader that closes the pipe early (`headroom … | head -1`): the command ends quietly — exit 0,
 * nothing on stderr, no stack trace — whether the pipe closes before the first write or after the
 * first line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

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
});
