#!/usr/bin/env node
// Entry point of the `headroom` command. Runs the compiled JavaScript in dist/ (built by
// `npm install` through `prepare`, and before `npm test`) when it is the current compilation of
// src/; otherwise — a fresh edit, a build not yet run — the TypeScript sources through tsx's
// loader, which is slower to start but never runs old code.
import { readFileSync } from 'node:fs';
import { distIsCurrent } from './dist-freshness.mjs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The one answer that needs none of the program (scripts call it to check the install): no load at all.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  let main;
  if (process.env.HEADROOM_FROM_SOURCE !== '1' && distIsCurrent()) {
    ({ main } = await import('../dist/cli/main.js'));
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../src/cli/main.ts'));
  }
  process.exitCode = await main(process.argv);
}
