/**
 * `npm run bench`: runs every benchmark (`bench/<name>.ts`, each also `npm run bench:<name>`) in
 * its own process, one after another so they do not compete for the two cores.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describeMachine } from './machine.js';

const only = process.argv.slice(2);
const benches = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !['index.ts', 'machine.ts'].includes(f) && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((n) => only.length === 0 || only.includes(n));
console.log(`headroom benchmarks on ${describeMachine()}`);
if (benches.length === 0) console.log('no benchmarks yet');
let failures = 0;
for (const name of benches) {
  console.log(`\n== bench:${name}`);
  const r = spawnSync(process.execPath, ['bin/run-ts.mjs', `bench/${name}.ts`], { stdio: 'inherit' });
  if (r.status !== 0) failures++;
}
process.exitCode = failures ? 1 : 0;
