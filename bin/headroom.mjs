#!/usr/bin/env node
// Entry point of the `headroom` command: runs the TypeScript sources through tsx's loader so that
// a fresh `npm install` is all the set-up needed (no build step to forget).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
