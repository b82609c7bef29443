#!/usr/bin/env node
// Entry point of the `headroom` command. Runs the compiled JavaScript in dist/ (built by
// `npm install` through `prepare`, and before `npm test`) when it is the current compilation of
// src/; otherwise — a fresh edit, a build not yet run — the TypeScript sources through tsx's
// loader, which is slower to start but never runs old code.
// `headroom lint …` (a pre-commit hook's command) has a lean root of its own: from dist/ the
// one-file bundle run from V8's code cache (bin/lint-bundle.mjs; HEADROOM_LINT_BUNDLE=0 runs
// dist/cli/lint-main.js instead), else src/cli/lint-main.ts.
import { readFileSync } from 'node:fs';
import { distIsCurrent } from './dist-freshness.mjs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The one answer that needs none of the program (scripts call it to check the install): no load at all.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const lint = args[0] === 'lint';
  let main;
  if (process.env.HEADROOM_FROM_SOURCE !== '1' && distIsCurrent()) {
    const bundle = lint && process.env.HEADROOM_LINT_BUNDLE !== '0' ? (await import('./lint-bundle.mjs')).loadLintBundle() : null;
    if (bundle) {
      process.exitCode = await bundle.exports.lintMain(process.argv);
      bundle.writeCache(); // only when the build's cache was missing or rejected (another Node)
    } else {
      main = lint ? (await import('../dist/cli/lint-main.js')).lintMain : (await import('../dist/cli/main.js')).main;
    }
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    main = lint ? (await import('../src/cli/lint-main.ts')).lintMain : (await import('../src/cli/main.ts')).main;
  }
  if (main) process.exitCode = await main(process.argv);
}
