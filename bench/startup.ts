/**
 * `npm run bench:startup` (also run by `npm run bench`) — how long `headroom` takes to start, beside
 * `node -e 0` measured in the same run, rounds interleaved so that both see the same machine load.
 *
 *   node -e 0                         the floor: starting Node itself
 *   headroom --version                target ≤ 0.2 s on an idle machine
 *   headroom lint alerts/capacity.yaml    target ≤ 0.5 s (a pre-commit hook pays this on every commit);
 *                                     the lint bundle from its code cache, and for comparison without it
 *   headroom --help                   every command's options registered (the whole CLI surface)
 *   headroom --help (sources)         the same through tsx: what a stale or missing dist/ costs
 *
 * dist/ is built first when it is not the current compilation of src/ (the build time is printed,
 * not counted). Wall-clock medians and the 90th percentile of --runs rounds (default 15).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.js';
// @ts-expect-error plain JavaScript module shared with bin/headroom.mjs, no declarations
import { distIsCurrent } from '../bin/dist-freshness.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const runsIdx = args.indexOf('--runs');
const runs = runsIdx >= 0 ? Number(args[runsIdx + 1]) : 15;
const lintFile = 'alerts/capacity.yaml';

console.log(`bench:startup on ${describeMachine()}; ${runs} rounds`);
if (!(distIsCurrent as () => boolean)()) {
  const t = performance.now();
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  console.log(`dist/ was stale: rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s (not counted)`);
}

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  targetSeconds?: number;
  expectExit?: number;
}
const cases: Case[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'headroom --version', args: ['bin/headroom.mjs', '--version'], targetSeconds: 0.2 },
  { name: `headroom lint ${lintFile}`, args: ['bin/headroom.mjs', 'lint', lintFile], targetSeconds: 0.5 },
  { name: '  same, without the bundle (dist/)', args: ['bin/headroom.mjs', 'lint', lintFile], env: { HEADROOM_LINT_BUNDLE: '0' } },
  { name: 'headroom --help', args: ['bin/headroom.mjs', '--help'] },
  { name: 'headroom --help (sources via tsx)', args: ['bin/headroom.mjs', '--help'], env: { HEADROOM_FROM_SOURCE: '1' } },
];

const seconds = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let round = 0; round < runs; round++) {
  for (const c of cases) {
    const t = performance.now();
    const r = spawnSync(process.execPath, c.args, { cwd: root, env: { ...process.env, ...c.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const elapsed = (performance.now() - t) / 1000;
    if (r.status !== (c.expectExit ?? 0)) throw new Error(`${c.name}: exit ${r.status}: ${r.stderr.toString()}`);
    seconds.get(c.name)!.push(elapsed);
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const floor = quantile(seconds.get('node -e 0')!, 0.5);
console.log(`\n${'command'.padEnd(40)} ${'median'.padStart(8)} ${'p90'.padStart(8)} ${'− node'.padStart(8)} ${'× node'.padStart(7)}  target`);
for (const c of cases) {
  const xs = seconds.get(c.name)!;
  const median = quantile(xs, 0.5);
  const target = c.targetSeconds === undefined ? '' : `≤ ${c.targetSeconds} s ${median <= c.targetSeconds ? 'met' : 'MISSED'}`;
  console.log(`${c.name.padEnd(40)} ${median.toFixed(3).padStart(7)}s ${quantile(xs, 0.9).toFixed(3).padStart(7)}s ${(median - floor).toFixed(3).padStart(7)}s ${(median / floor).toFixed(1).padStart(6)}×  ${target}`);
}
console.log('\nTargets are for an idle machine; under load compare the "− node" column (time above starting Node itself).');
