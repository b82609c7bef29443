#!/bin/sh
':' //; [ "$1" = lint ] && case " $* " in *" --prometheus-url"*) ;; *) unset NODE_EXTRA_CA_CERTS ;; esac
':' //; exec node "$0" "$@"
// The lines above are for sh, which runs this file as the installed `headroom` command; for Node
// they are string statements and comments. sh starts Node on this same file, as `#!/usr/bin/env
// node` would, with one difference: `headroom lint` without --prometheus-url opens no connection,
// so Node is started without NODE_EXTRA_CA_CERTS. Node 20 reads and parses that file, with every
// root certificate it carries, at each start before any program code runs (nodejs/node#40524; a
// distribution's bundle of ~140 certificates: ~28 ms of a ~75 ms lint run, bench:lint). Every
// other command, and lint with --prometheus-url, keeps it. `node bin/headroom.cjs …` skips sh.
/* eslint-disable @typescript-eslint/no-require-imports */
/* global require, __dirname */
// Entry point of the `headroom` command. Runs the compiled JavaScript in dist/ (built by
// `npm install` through `prepare`, and before `npm test`) when it is the current compilation of
// src/; otherwise — a fresh edit, a build not yet run — the TypeScript sources through tsx's
// loader, which is slower to start but never runs old code.
// `headroom lint …` (a pre-commit hook's command) has a lean root of its own: from dist/ the
// one-file bundle run from V8's code cache (bin/lint-bundle.cjs; HEADROOM_LINT_BUNDLE=0 runs
// dist/cli/lint-main.js instead), else src/cli/lint-main.ts.
// CommonJS (bin/headroom.mjs is the same for whoever runs that path): on the lint bundle's path no
// ES module is loaded at all, which saves Node's ES module loader (~5 ms of a ~20 ms start).
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const root = join(__dirname, '..');
const load = (rel) => import(pathToFileURL(join(root, rel)).href);

/**
 * Notes which of process.stdout and process.stderr the run builds (each is built on first use; lint
 * writes its findings with write(2) and builds neither unless fd 1 would block or an error is
 * printed). Returns a check that every stream built has nothing left queued: output to a pipe that
 * another process made non-blocking waits in the stream, and ending the process would lose it.
 */
function watchStdio() {
  const built = new Set();
  for (const name of ['stdout', 'stderr']) {
    const d = Object.getOwnPropertyDescriptor(process, name);
    if (!d || !d.get || !d.configurable) {
      built.add(name); // already a plain value: check it
      continue;
    }
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: d.enumerable,
      get() {
        built.add(name);
        return d.get.call(this);
      },
    });
  }
  return () => [...built].every((name) => process[name].writableLength === 0);
}

async function run(args) {
  const lint = args[0] === 'lint';
  const fromSource = process.env.HEADROOM_FROM_SOURCE === '1';
  const freshness = require('./dist-freshness.cjs');
  if (!fromSource && lint && process.env.HEADROOM_LINT_BUNDLE !== '0' && freshness.lintBundleIsCurrent()) {
    const bundle = require('./lint-bundle.cjs').loadLintBundle();
    if (bundle) {
      const allWritten = watchStdio();
      const code = await bundle.exports.lintMain(process.argv);
      bundle.writeCache(); // only when the build's cache was missing or rejected (another Node)
      // The run is over and its output written: end here rather than have Node tear the heap
      // down first (~2 ms of a lint run, bench:lint).
      if (allWritten()) process.exit(code);
      return code;
    }
  }
  let main;
  if (!fromSource && freshness.distIsCurrent()) {
    main = lint ? (await load('dist/cli/lint-main.js')).lintMain : (await load('dist/cli/main.js')).main;
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    main = lint ? (await load('src/cli/lint-main.ts')).lintMain : (await load('src/cli/main.ts')).main;
  }
  return main(process.argv);
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The one answer that needs none of the program (scripts call it to check the install): no load at all.
  process.stdout.write(`${JSON.parse(require('node:fs').readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
} else {
  run(args).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      // What the launcher itself cannot do (a broken install): the error as Node would print it.
      process.exitCode = 1;
      console.error(err);
    },
  );
}
