/* eslint-disable @typescript-eslint/no-require-imports */
/* global require, exports, __dirname */
// Is dist/ (compiled by scripts/build.mjs) the current compilation of src/? The build records the
// newest modification time under src/ (files and directories, so added and deleted files count);
// any later change makes dist stale, and bin/headroom.cjs then runs the sources through tsx instead.
// Plain CommonJS, no dependencies: it runs on every start (about 400 stat calls, 5–10 ms on a
// small VM). `headroom lint` runs only the lint bundle, so it checks only what the bundle was made
// of (`lintInputs` of the stamp, ~80 files, and their directories: a file added there is a change).
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { dirname, join } = require('node:path');

const repoRoot = join(__dirname, '..');
const srcDir = join(repoRoot, 'src');
const distDir = join(repoRoot, 'dist');
const stampFile = join(distDir, 'build-stamp.json');

/** The newest mtime (ms) of `dir` and everything below it. */
function newestMtimeMs(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function readStamp(root) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, 'dist', 'build-stamp.json'), 'utf8'));
    return typeof stamp.srcNewestMs === 'number' ? stamp : null;
  } catch {
    return null;
  }
}

/** True when dist/ was built from exactly the sources now in src/ (of the repo at `root`). */
function distIsCurrent(root = repoRoot) {
  const stamp = readStamp(root);
  try {
    return stamp !== null && newestMtimeMs(join(root, 'src')) <= stamp.srcNewestMs;
  } catch {
    return false;
  }
}

/**
 * True when the lint bundle (of the repo at `root`) was built from exactly the sources it is made of now: none of its
 * input files (paths relative to the repo, recorded by the build) nor the directories holding them
 * changed since the build. A source the bundle does not include can change nothing in it, unless
 * a file the bundle includes is edited to import it — and that edit is a change.
 */
function lintBundleIsCurrent(root = repoRoot) {
  const stamp = readStamp(root);
  if (stamp === null || !Array.isArray(stamp.lintInputs) || stamp.lintInputs.length === 0) return false;
  const newest = stamp.srcNewestMs;
  const dirs = new Set();
  for (const input of stamp.lintInputs) {
    const path = join(root, input);
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined || st.mtimeMs > newest) return false;
    dirs.add(dirname(path));
  }
  for (const dir of dirs) {
    const st = statSync(dir, { throwIfNoEntry: false });
    if (st === undefined || st.mtimeMs > newest) return false;
  }
  return true;
}

exports.repoRoot = repoRoot;
exports.srcDir = srcDir;
exports.distDir = distDir;
exports.stampFile = stampFile;
exports.newestMtimeMs = newestMtimeMs;
exports.distIsCurrent = distIsCurrent;
exports.lintBundleIsCurrent = lintBundleIsCurrent;
