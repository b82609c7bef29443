import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDirAtomic, streamFileAtomic, writeFileAtomic } from '../../../src/util/atomic-write.js';
import type { HeadroomError } from '../../../src/domain/errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hr-atomic-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Settles `p` or fails after `ms`: Node's recursive mkdir never settles under /proc. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms))]);
}
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as HeadroomError);

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('atomic writes', () => {
  it('fails at once, naming the path, where a directory cannot be created (under /proc)', async () => {
    const file = await within(failure(writeFileAtomic('/proc/headroom-nope/deep/x.json', '{}')), 5_000);
    expect(file.code).toBe('OUTPUT_UNWRITABLE');
    expect(file.message).toMatch(/^cannot write \/proc\/headroom-nope\/deep\/x\.json \(E[A-Z]+\)$/);
    const published = await within(failure(publishDirAtomic('/proc/headroom-nope/patches', async () => undefined)), 5_000);
    expect(published.message).toMatch(/^cannot write \/proc\/headroom-nope\/patches \(E[A-Z]+\)$/);
  });

  it('fails where a parent is a file', async () => {
    await writeFile(join(dir, 'plain'), 'x');
    const err = await within(failure(writeFileAtomic(join(dir, 'plain', 'sub', 'x.json'), '{}')), 5_000);
    expect(err.message).toMatch(/\(ENOTDIR\)$/);
  });

  it('creates missing parents level by level', async () => {
    await writeFileAtomic(join(dir, 'a', 'b', 'c', 'x.txt'), 'hello');
    expect(await readFile(join(dir, 'a', 'b', 'c', 'x.txt'), 'utf8')).toBe('hello');
  });

  it('removes temp siblings left by a killed writer, keeps a live writer\'s, and publishes', async () => {
    const reports = join(dir, 'reports');
    await mkdir(reports);
    const dead = deadPid();
    const stale = [`.2026-W46.${dead}.0a1b2c3d.tmp`, `.2026-W46.${dead}.0a1b2c3d.tmp.old`];
    for (const d of stale) await mkdir(join(reports, d, 'charts'), { recursive: true });
    const live = `.2026-W46.${process.pid}.99999999.tmp`;
    await mkdir(join(reports, live));
    // Left by an older version (no pid): removed once older than ten minutes, kept while fresh.
    const oldUnowned = '.2026-W46.deadbeef.tmp';
    const freshUnowned = '.2026-W46.cafef00d.tmp';
    await mkdir(join(reports, oldUnowned));
    await mkdir(join(reports, freshUnowned));
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(reports, oldUnowned), hourAgo, hourAgo);
    // Another week's temp is not this week's business.
    const otherWeek = `.2026-W45.${dead}.00000000.tmp`;
    await mkdir(join(reports, otherWeek));

    await publishDirAtomic(join(reports, '2026-W46'), async (tmp) => writeFile(join(tmp, 'report.html'), '<html></html>'));
    expect((await readdir(reports)).sort()).toEqual([freshUnowned, otherWeek, live, '2026-W46'].sort());
    expect(await readFile(join(reports, '2026-W46', 'report.html'), 'utf8')).toBe('<html></html>');
  });

  it('removes a killed writer\'s temp file beside a file it replaces', async () => {
    const target = join(dir, 'out.json');
    const leftover = join(dir, `.out.json.${deadPid()}.12345678.tmp`);
    await writeFile(leftover, '{"half":');
    await writeFileAtomic(target, '{}');
    expect((await readdir(dir)).filter((n) => n.startsWith('.out.json'))).toEqual([]);
  });

  it('streams a file into place whole, and leaves nothing when the writer fails, even before the temp file has opened', async () => {
    const target = join(dir, 'streamed', 'x.om');
    await streamFileAtomic(target, async (out) => {
      for (let i = 0; i < 1000; i++) out.write(`line ${i}\n`);
    });
    expect((await readFile(target, 'utf8')).split('\n')).toHaveLength(1001);
    // A writer that fails at once (`sample --families nope`): the stream may not have opened its
    // file yet when the error arrives; removed too early, the file would appear afterwards.
    for (let i = 0; i < 100; i++) {
      const err = await failure(streamFileAtomic(join(dir, 'streamed', `y${i}.om`), () => Promise.reject(new Error('unknown family'))));
      expect((err as Error).message).toBe('unknown family');
    }
    // A stream error (the target's directory is a file) goes up as it is, with nothing left either.
    await writeFile(join(dir, 'streamed', 'plain'), '');
    expect(((await failure(streamFileAtomic(join(dir, 'streamed', 'plain', 'z.om'), async () => undefined))) as NodeJS.ErrnoException).code).toBe('ENOTDIR');
    expect((await readdir(join(dir, 'streamed'))).sort()).toEqual(['plain', 'x.om']);
  });
});
