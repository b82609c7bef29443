// Is dist/ (compiled by scripts/build.mjs) the current compilation of src/? The build records the
// newest modification time under src/ (files and directories, so added and deleted files count);
// any later change makes dist stale, and bin/headroom.mjs then runs the sources through tsx instead.
// Plain JavaScript, no dependencies: it runs on every start (about 300 stat calls, ~2 ms).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));
export const srcDir = join(repoRoot, 'src');
export const distDir = join(repoRoot, 'dist');
export const stampFile = join(distDir, 'build-stamp.json');

/** The newest mtime (ms) of `dir` and everything below it. */
export function newestMtimeMs(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/ was built from exactly the sources now in src/. */
export function distIsCurrent() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    return typeof stamp.srcNewestMs === 'number' && newestMtimeMs(srcDir) <= stamp.srcNewestMs;
  } catch {
    return false;
  }
}
