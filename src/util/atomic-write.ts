/**
 * Writes that never leave half a file: write to a temp file beside the target, fsync, rename.
 * Directories are published the same way (build in a temp dir, then rename into place).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { HeadroomError } from '../domain/errors.js';
import { isProcessAlive } from './process-alive.js';

/** `.<name>.<pid>.<random>.tmp`: the pid tells a later run whether its writer is still alive. */
function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Temp siblings of earlier versions had no pid: removed once they are this old. */
const UNOWNED_TEMP_AGE_MS = 10 * 60_000;

/**
 * Removes temp siblings of `path` left by a writer that was killed mid-write (its pid is gone),
 * so an interrupted report or patch set does not leave `.2026-W46.….tmp/` behind for good.
 */
async function removeStaleTemps(path: string): Promise<void> {
  const dir = dirname(path);
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(path))}\\.(?:(\\d+)\\.)?[0-9a-f]{8}\\.tmp(?:\\.old)?$`);
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.map(async (name) => {
    const m = pattern.exec(name);
    if (!m) return;
    const full = join(dir, name);
    if (m[1] !== undefined) {
      if (isProcessAlive(Number(m[1]))) return;
    } else {
      const age = await stat(full).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age < UNOWNED_TEMP_AGE_MS) return;
    }
    await rm(full, { recursive: true, force: true }).catch(() => undefined);
  }));
}

/**
 * `mkdir -p` that always ends: Node's recursive mkdir never settles under /proc (and similar
 * pseudo file systems), so the missing levels are made one at a time below the nearest existing
 * ancestor, which must be a directory.
 */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const s = await stat(at).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
    if (s) {
      if (!s.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing.reverse()) {
    await mkdir(d).catch((err: NodeJS.ErrnoException) => (err.code === 'EEXIST' ? undefined : Promise.reject(err)));
  }
}

/** The one line for an output that cannot be written: the path, why, and the fix (exit 2, OUTPUT_UNWRITABLE). */
export function unwritableOutput(path: string, err: unknown, hint = `choose a writable path, or fix the permissions of ${dirname(resolve(path))}`): HeadroomError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new HeadroomError('OUTPUT_UNWRITABLE', `cannot write ${path} (${code})`, { hint, cause: err });
}

/**
 * Fills a temp sibling of `path` (`fill(tempPath)`), then renames it into place, creating parent
 * directories: readers see the whole file or none. On failure the temp file is removed and the
 * error goes up as it is.
 */
async function viaTempSibling(path: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = tempSibling(path);
  try {
    await makeDirs(dirname(path));
    await removeStaleTemps(path);
    await fill(tmp);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Atomically writes `data` to `path` (written, fsynced, renamed), creating parent directories. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await viaTempSibling(path, async (tmp) => {
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    });
  } catch (err) {
    throw unwritableOutput(path, err);
  }
}

/**
 * Opens `file`, lets `write` fill the stream and closes it; the first error of the stream or of
 * `write` fails the whole write. On failure the stream is settled before the error goes up — its
 * file may still be opening, and a caller that removed it first would see it appear afterwards.
 */
export async function streamInto(file: string, write: (out: Writable) => Promise<unknown>, options: { flush?: boolean } = {}): Promise<void> {
  // `flush`: fsync before closing (a regular file only; a pipe or terminal cannot be).
  const out = createWriteStream(file, { flush: options.flush ?? false });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  try {
    await Promise.race([write(out), failed]);
    out.end();
    await Promise.race([finished(out), failed]);
  } catch (err) {
    if (!out.closed) {
      const closed = once(out, 'close').catch(() => undefined);
      out.destroy();
      await closed;
    }
    throw err;
  }
}

/**
 * Streams into a temp sibling of `path` via `write` (fsynced before it closes), then renames it
 * into place. On failure the temp file is removed and the error goes up as it is.
 */
export function streamFileAtomic(path: string, write: (out: Writable) => Promise<unknown>): Promise<void> {
  return viaTempSibling(path, (tmp) => streamInto(tmp, write, { flush: true }));
}

/**
 * Builds a directory in a temp sibling via `fill(tempDir)`, then renames it over `dir`
 * (replacing an older one), so readers see the whole directory or none of it.
 */
export async function publishDirAtomic(dir: string, fill: (tempDir: string) => Promise<void>): Promise<void> {
  const tmp = tempSibling(dir);
  try {
    await makeDirs(dirname(dir));
    await removeStaleTemps(dir);
    await mkdir(tmp);
  } catch (err) {
    throw unwritableOutput(dir, err);
  }
  try {
    await fill(tmp);
    const old = `${tmp}.old`;
    await rename(dir, old).catch(() => undefined);
    await rename(tmp, dir);
    await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    if (err instanceof HeadroomError) throw err;
    throw unwritableOutput(dir, err);
  }
}


