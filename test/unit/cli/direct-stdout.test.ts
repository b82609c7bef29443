/**
 * `headroom lint`'s stdout written with write(2) (src/cli/direct-stdout.ts): everything written is
 * read, in order, through a pipe larger than its buffer; a reader that has gone (EPIPE) ends the
 * output quietly — no error, no stack trace, exit 0 — as process.stdout behind
 * endQuietlyOnBrokenPipe does. In a child process, whose fd 1 is the pipe.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const module = join(import.meta.dirname, '..', '..', '..', 'src', 'cli', 'direct-stdout.ts');
// 300 lines of 1,000 bytes (more than a 64 KiB pipe buffer), then one written as bytes.
// Made non-blocking (as a parent sharing the pipe may make it), fd 1 meets EAGAIN once the pipe is
// full, and directStdout hands the rest to process.stdout.
const nonBlocking = "new (require('node:net').Socket)({ fd: 1, readable: false, writable: true }).unref();\n";
const script = `import(${JSON.stringify(module)}).then(({ directStdout }) => {
  const out = directStdout();
  for (let i = 0; i < 300; i++) out.write(String(i).padStart(999, '.') + '\\n');
  out.write(Buffer.from('end\\n'));
  process.stderr.write('wrote all\\n');
});`;

/** `slowReader`: fd 1 non-blocking and nothing read for half a second (the pipe fills: EAGAIN), then read as before. */
function run(closeAfterBytes: number | null, slowReader = false): Promise<{ code: number | null; read: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `${slowReader ? nonBlocking : ''}${script}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let read = '';
    let stderr = '';
    const readOn = () => child.stdout.on('data', (d: Buffer) => {
      read += d.toString();
      if (closeAfterBytes !== null && read.length >= closeAfterBytes) child.stdout.destroy();
    });
    if (slowReader) setTimeout(readOn, 500);
    else readOn();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, read, stderr }));
  });
}

describe('directStdout', () => {
  it('writes everything, in order, through a pipe', async () => {
    const r = await run(null);
    expect(r.code).toBe(0);
    const lines = r.read.split('\n');
    expect(lines).toHaveLength(302);
    expect(lines[0]).toBe('0'.padStart(999, '.'));
    expect(lines[299]).toBe('299'.padStart(999, '.'));
    expect(lines[300]).toBe('end');
    expect(r.stderr).toBe('wrote all\n');
  }, 60_000);

  it('ends quietly when the reader goes away early', async () => {
    const r = await run(1000);
    expect(r.code).toBe(0);
    expect(r.read.length).toBeLessThan(300 * 1000);
    // The writes after the reader left were dropped without an error: the script ran to its end.
    expect(r.stderr).toBe('wrote all\n');
  }, 60_000);

  it('writes everything, and ends quietly when the reader goes away, after handing the output to process.stdout (EAGAIN)', async () => {
    const whole = await run(null, true);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.read.split('\n')).toHaveLength(302);
    expect(whole.stderr).toBe('wrote all\n');
    const early = await run(1000, true);
    expect(early.code, early.stderr).toBe(0);
    expect(early.read.length).toBeLessThan(300 * 1000);
    // The stream's EPIPE, once the reader left, ended its output without an error or a stack trace.
    expect(early.stderr).toBe('wrote all\n');
  }, 60_000);
});
