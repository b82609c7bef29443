#!/usr/bin/env node
// Entry point of the `headroom` command. Runs the compiled JavaScript in dist/ (built by
// `npm install` through `prepare`, and before `npm test`) when it is the current compilation of
// src/; otherwise — a fresh edit, a build not yet run — the TypeScript sources through tsx's
// loader, which is slower to start but never runs old code.
import { distIsCurrent } from './dist-freshness.mjs';

let main;
if (process.env.HEADROOM_FROM_SOURCE !== '1' && distIsCurrent()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
