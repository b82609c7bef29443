/* eslint-disable @typescript-eslint/no-require-imports */
/* global require, exports, __dirname */
// The second core for a big `headroom lint` run: a worker thread (bin/lint-worker.cjs) that loads the
// same lint bundle from the same code cache and lints the part of the files lintFiles hands it
// (src/generators/lint/index.ts: the biggest files, same findings as one thread). Started by
// bin/headroom.cjs before anything else, so that its start-up (~30–50 ms) overlaps the main thread's;
// only when the files named on the command line hold enough bytes to pay for it (a pre-commit hook
// on a small file starts no thread), not with --promtool or live checks (they need every rule on
// one thread), not on one core, and not with HEADROOM_LINT_PARALLEL=0.
const { readdirSync, statSync } = require('node:fs');
const { extname, join } = require('node:path');
const { bundleFile, cacheFile } = require('./lint-bundle.cjs');

/** Runs smaller than this (bytes of all files) are linted on one thread (bench/lint.ts measures both sides). */
const minBytes = 256 * 1024;
const lintable = new Set(['.yaml', '.yml', '.json']);
/** Options of `headroom lint` and the global ones that take a value (the value is not a path). */
const valued = new Set(['--format', '--fail-on', '--window', '--scrape-interval', '--disable', '--config', '-c', '--log-level']);

/** Do the paths of `args` (after `lint`) hold at least `minBytes` in at least two lintable files? Stops as soon as they do. */
function bigEnough(args, minBytes) {
  const paths = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (valued.has(a)) i++;
    else if (!a.startsWith('-')) paths.push(a);
  }
  if (paths.length === 0) paths.push('dashboards', 'alerts', 'slos');
  let bytes = 0;
  let files = 0;
  let visited = 0;
  const walk = (p, explicit) => {
    if (++visited > 5000) return true; // a huge tree: big enough, whatever it holds
    const st = statSync(p, { throwIfNoEntry: false });
    if (st === undefined) return false;
    if (st.isDirectory()) {
      let entries;
      try {
        entries = readdirSync(p);
      } catch {
        return false;
      }
      for (const e of entries) if (!e.startsWith('.') && walk(join(p, e), false)) return true;
    } else if (explicit || lintable.has(extname(p))) {
      bytes += st.size;
      files++;
    }
    return bytes >= minBytes && files >= 2;
  };
  return paths.some((p) => walk(p, true));
}

/**
 * Starts the helper thread when `args` (after `lint`) make a run big enough; returns the LintHelper
 * lintMain takes, or undefined. `bundle` names the bundle and cache the thread loads (default
 * dist's), `minBytes` overrides the size that pays (tests). `threadsUsed` counts the parts linted on the thread.
 */
function startLintHelper(args, { bundle = bundleFile, cache = cacheFile, minBytes: min = minBytes } = {}) {
  if (process.env.HEADROOM_LINT_PARALLEL === '0') return undefined;
  if (args.some((a) => a === '--promtool' || a.startsWith('--prometheus-url'))) return undefined;
  if (!bigEnough(args, min) || require('node:os').availableParallelism() < 2) return undefined;
  const { Worker } = require('node:worker_threads');
  const worker = new Worker(join(__dirname, 'lint-worker.cjs'), { workerData: { bundle, cache } });
  let released = false;
  // The one part's result; a thread that fails (even before it is asked) is a rejection, which
  // lintFiles answers by linting everything itself.
  const result = new Promise((resolve, reject) => {
    worker.once('message', (part) => {
      released = true; // the thread ends by itself after its one part
      worker.unref();
      helper.threadsUsed++;
      resolve(part);
    });
    worker.on('error', reject);
    worker.once('exit', (code) => reject(new Error(`the lint helper thread exited (${code})`)));
  });
  result.catch(() => undefined);
  const helper = {
    minBytes: min,
    threadsUsed: 0,
    lint(files, options) {
      worker.postMessage({ files, options });
      return result;
    },
    release() {
      if (released) return;
      released = true;
      worker.terminate().catch(() => undefined);
    },
  };
  return helper;
}

exports.startLintHelper = startLintHelper;
exports.minBytes = minBytes;
