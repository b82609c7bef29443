/** `HEADROOM_TOKEN=… headroom serve`, as the README says, turns API auth on without any config. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'headroom-serve-token-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const bin = fileURLToPath(new URL('../../bin/headroom.mjs', import.meta.url));

describe('headroom serve with HEADROOM_TOKEN in the environment', () => {
  it('refuses POST without the token and accepts it with the token', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--no-schedule', '--store', join(work, 'h.duckdb')], {
      cwd: work,
      env: { ...process.env, HEADROOM_TOKEN: 'env-token-123', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /serving on (http:\/\/[^ ]+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const post = (headers: Record<string, string>) => fetch(`${base}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ kind: 'capacity' }) });
      // 401, not the 403 of a server with no token at all: auth is on.
      expect((await post({})).status).toBe(401);
      expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await post({ authorization: 'Bearer env-token-123' })).status).toBe(202);
    } finally {
      clearTimeout(killer);
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
    }
  });
});
