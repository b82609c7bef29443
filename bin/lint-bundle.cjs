/* eslint-disable @typescript-eslint/no-require-imports */
/* global require, exports */
// Runs the lean `headroom lint` bundle (dist/lint-cli.cjs, made by scripts/build.mjs) from V8's code
// cache (dist/lint-cli.cache), so a lint run neither resolves ~100 modules nor compiles them again.
// The cache is V8's own, behind a line naming the bundle it was made from (size and mtime: V8
// itself checks only the source's length). It is not used — the bundle is simply compiled — when
// that line does not match, or V8 rejects it (another Node, V8 or flags); it is then rewritten
// after the run (best effort, temp file + rename). Returns null when there is no usable bundle: the caller
// runs the ordinary program instead. CommonJS, like bin/headroom.cjs: no ES module loader on the way.
const { readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join, resolve } = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const { distDir } = require('./dist-freshness.cjs');

const bundleFile = join(distDir, 'lint-cli.cjs');
// A lint run is short: most of its code runs a few hundred times, too few for V8's optimising
// compiler (TurboFan) to pay. By default TurboFan starts on such code within the first ~50 ms, on the
// second core the run's own garbage collector also needs, and the process then waits at exit for
// the compile jobs still running (~30 ms of idle). A budget ~7× the default (132 KB of bytecode)
// leaves TurboFan to code that stays hot: a long run (a big repository) still gets it. Measured in
// bench:lint (the same run with and without it). Set before the bundle is compiled, in every
// process that compiles it — V8's code cache records the flags it was made under and is rejected
// (then rewritten) under others.
const shortRunV8Flags = '--interrupt-budget=1000000';
const cacheFile = join(distDir, 'lint-cli.cache');

/**
 * Where the code cache is for the flags this process started with, and the mark naming them. V8
 * rejects a cache made under other flags (`NODE_OPTIONS=--max-old-space-size=4096`, as many CI
 * set-ups have, or `node --… headroom`), and a rejected cache is rewritten: with one file, runs with
 * and without such flags rejected and rewrote each other's cache on every run (~25 ms each,
 * measured). Runs without flags use the build's `cache`; runs with any, one file beside it
 * (`….flags.cache`) that names the flags it was made under — two files at most, however the flags vary.
 */
function cacheForFlags(cache) {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  if (flags === '') return { file: cache, mark: '' };
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < flags.length; i++) hash = Math.imul(hash ^ flags.charCodeAt(i), 0x01000193) >>> 0;
  return { file: cache.replace(/(\.cache)?$/, '.flags$1'), mark: ` flags ${hash.toString(16)}` };
}

/** Loads the bundle; returns its exports and a function that writes the code cache (when it is missing or was rejected, or `force`). */
function loadLintBundle(bundle = bundleFile, baseCache = cacheFile) {
  const { file: cache, mark } = cacheForFlags(baseCache);
  const file = resolve(bundle);
  // Dynamic import() inside the bundle (none on the lint path today) needs Node ≥ 20.19's main-context loader.
  if (!vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER) return null;
  const st = statSync(file, { throwIfNoEntry: false });
  if (st === undefined) return null;
  // The build makes the bundle pure ASCII (scripts/bundle-lint.mjs): latin1 reads it as UTF-8
  // would, without decoding, into the one-byte string V8 compiles fastest.
  const source = readFileSync(file, 'latin1');
  v8.setFlagsFromString(shortRunV8Flags);
  const key = Buffer.from(`headroom-lint-cache ${st.size} ${st.mtimeMs}${mark}\n`);
  let cachedData;
  try {
    const bytes = readFileSync(cache);
    cachedData = bytes.subarray(0, key.length).equals(key) ? bytes.subarray(key.length) : undefined;
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    /** Did this load use the code cache? */
    cacheUsed: !stale,
    /** Writes the code cache of everything compiled so far (call after a run, so it holds the functions the run compiled). */
    writeCache(force = false) {
      if (!force && !stale) return false;
      try {
        const tmp = `${cache}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([key, script.createCachedData()]));
        renameSync(tmp, cache);
        return true;
      } catch {
        return false; // a read-only install runs without the cache
      }
    },
  };
}

/**
 * `node bin/lint-bundle.mjs --write-cache BUNDLE CACHE FILES…`: lint FILES with the bundle and write
 * the code cache of what that run compiled. A bundle that fails on them (a finding
 * `internal/error` is a crash caught) is an error: the build then leaves it out.
 */
async function writeCacheAfterRun(file, cache, paths) {
  const bundle = loadLintBundle(file, cache);
  if (!bundle) throw new Error(`${file}: no bundle, or this Node has no vm main-context loader`);
  let json = '';
  const sink = { write: (chunk) => ((json += chunk), true) };
  const code = await bundle.exports.lintMain([process.argv[0], 'headroom', 'lint', '--format', 'json', ...paths], sink);
  if (code !== 0 && code !== 1) throw new Error(`lint of ${paths.join(' ')} exited ${code}`);
  const crash = JSON.parse(json).find((f) => f.check === 'internal/error');
  if (crash) throw new Error(`${crash.file}: ${crash.message}`);
  if (!bundle.writeCache(true)) throw new Error(`${cache}: cannot be written`);
}

exports.bundleFile = bundleFile;
exports.cacheFile = cacheFile;
exports.loadLintBundle = loadLintBundle;
exports.writeCacheAfterRun = writeCacheAfterRun;
