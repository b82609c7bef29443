#!/usr/bin/env node
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

async function run(args) {
  const lint = args[0] === 'lint';
  const fromSource = process.env.HEADROOM_FROM_SOURCE === '1';
  const freshness = require('./dist-freshness.cjs');
  if (!fromSource && lint && process.env.HEADROOM_LINT_BUNDLE !== '0' && freshness.lintBundleIsCurrent()) {
    const bundle = require('./lint-bundle.cjs').loadLintBundle();
    if (bundle) {
      const code = await bundle.exports.lintMain(process.argv);
      bundle.writeCache(); // only when the build's cache was missing or rejected (another Node)
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
