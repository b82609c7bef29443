/**
 * Writes that never leave half a file: write to a temp file beside the target, fsync, rename.
 * Directories are published the same way (build in a temp dir, then rename into place).
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { HeadroomError } from '../domain/errors.js';

function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
}

function unwritable(path: string, err: unknown): HeadroomError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new HeadroomError('OUTPUT_UNWRITABLE', `cannot write ${path} (${code})`, {
    hint: 'choose a writable path with --out/--output, or fix the directory permissions',
    cause: err,
  });
}

/** Atomically writes `data` to `path`, creating parent directories. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempSibling(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw unwritable(path, err);
  }
}

/**
 * Builds a directory in a temp sibling via `fill(tempDir)`, then renames it over `dir`
 * (replacing an older one), so readers see the whole directory or none of it.
 */
export async function publishDirAtomic(dir: string, fill: (tempDir: string) => Promise<void>): Promise<void> {
  const tmp = tempSibling(dir);
  try {
    await mkdir(tmp, { recursive: true });
  } catch (err) {
    throw unwritable(dir, err);
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
    throw unwritable(dir, err);
  }
}


