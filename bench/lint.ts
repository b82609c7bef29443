/**
 * `npm run bench:lint`: `headroom lint` on a kube-prometheus-sized corpus (234 rules in 9
 * multi-document PrometheusRules, 33 dashboards in a ConfigMapList; test/fixtures/lint) against
 * `promtool check rules` on the same rules as plain rule files, in one run. Both are timed as a user
 * runs them — a fresh process, start-up included — medians of 9 runs, the commands interleaved (one
 * run of each per round, so that a noisy neighbour weighs on all alike); the target is headroom
 * within 2× of promtool. The split: bare Node (`node -e ""`), lint of an empty rule file (the fixed
 * cost: Node, the launcher, the bundle), of the rules alone, of everything, and lint in-process
 * (no start-up). (Linting the dashboards on a second thread was measured and not kept: V8's
 * compiler and GC threads already use the second core, and each thread warms up on its own —
 * 409 ms against 335 ms on one thread, 657 against 497 ms of CPU.)
 * The CLI runs the lint bundle from its code cache (bin/lint-bundle.cjs); for comparison with the
 * paths before it, also without the bundle (HEADROOM_LINT_BUNDLE=0: the lean root from dist/) and
 * through the full CLI root of every command (dist/cli/main.js, what `headroom lint` ran before).
 * dist/ is built first when stale (not counted), so the figures are never of the tsx fallback.
 * `headroom` is run as the installed command runs (bin/headroom.cjs executed: sh, then Node). Where
 * NODE_EXTRA_CA_CERTS is set, which Node 20 loads at every start, that is Node without it for lint
 * (the launcher drops it when no connection is made); the same run with Node started directly
 * (`node bin/headroom.cjs`, which reads it) is timed alongside.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintFiles } from '../src/generators/lint/index.js';
import { writeLintCorpus, writePlainRuleFiles } from '../test/fixtures/lint/generate-corpus.js';
import { describeMachine, peakRssBytes } from './machine.js';
import { median } from '../src/models/stats/index.js';
// @ts-expect-error plain JavaScript module shared with bin/headroom.cjs, no declarations
import { distIsCurrent } from '../bin/dist-freshness.mjs';

const runs = 9;

interface Timed { name: string; command: string; args: string[]; env?: Record<string, string>; unset?: string[]; times: number[]; status: number | null }

/** Runs every command `runs` times, one of each per round; the median of each. */
function timeInterleaved(commands: Omit<Timed, 'times' | 'status'>[]): Map<string, { ms: number; status: number | null }> {
  const timed: Timed[] = commands.map((c) => ({ ...c, times: [], status: null }));
  for (let i = 0; i < runs; i++) {
    for (const c of timed) {
      const t0 = performance.now();
      const env = { ...process.env, ...c.env };
      for (const name of c.unset ?? []) delete env[name];
      const r = spawnSync(c.command, c.args, { stdio: 'ignore', env });
      c.times.push(performance.now() - t0);
      c.status = r.status;
      if (r.error) throw r.error;
    }
  }
  return new Map(timed.map((c) => [c.name, { ms: median(c.times), status: c.status }]));
}

if (!(distIsCurrent as () => boolean)()) {
  const t = performance.now();
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  console.log(`dist/ was stale: rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s (not counted)`);
}
const fullRoot = ['--input-type=module', '-e', "const { main } = await import('./dist/cli/main.js'); process.exitCode = await main(process.argv)", 'headroom'];

const dir = mkdtempSync(join(tmpdir(), 'headroom-bench-lint-'));
try {
  const corpus = writeLintCorpus(join(dir, 'corpus'));
  const plain = writePlainRuleFiles(join(dir, 'plain'));
  const ruleFiles = corpus.files.filter((f) => f.endsWith('prometheusRule.yaml'));
  console.log(`bench:lint on ${describeMachine()}`);
  console.log(`corpus: ${corpus.rules} rules in ${ruleFiles.length} PrometheusRule files, ${corpus.dashboards} dashboards in one ConfigMapList; medians of ${runs} runs`);

  writeFileSync(join(dir, 'empty.yaml'), 'groups: []\n');
  const launcher = join('bin', 'headroom.cjs');
  const headroom = (name: string, args: string[], env?: Record<string, string>) => ({ name, command: launcher, args, env });
  // Node 20 reads and parses the file NODE_EXTRA_CA_CERTS names at every start, before any of the
  // program runs (nodejs/node#40524): with a distribution's bundle of ~140 certificates that is tens
  // of milliseconds of every Node process. The launcher starts lint's Node without it; where it is set
  // (a proxy's CA, as on some build machines), Node started directly on the launcher is timed too.
  const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
  const t = timeInterleaved([
    { name: 'promtool', command: 'promtool', args: ['check', 'rules', ...plain] },
    { name: 'node', command: process.execPath, args: ['-e', ''], unset: ['NODE_EXTRA_CA_CERTS'] },
    headroom('empty', ['lint', join(dir, 'empty.yaml')]),
    headroom('rules', ['lint', ...ruleFiles]),
    headroom('all', ['lint', join(dir, 'corpus')]),
    headroom('unbundled', ['lint', join(dir, 'corpus')], { HEADROOM_LINT_BUNDLE: '0' }),
    { name: 'fullRoot', command: process.execPath, args: [...fullRoot, 'lint', join(dir, 'corpus')], unset: ['NODE_EXTRA_CA_CERTS'] },
    headroom('help', ['--help']),
    ...(extraCaCerts
      ? [
          { name: 'direct', command: process.execPath, args: [launcher, 'lint', join(dir, 'corpus')] },
          { name: 'nodeCa', command: process.execPath, args: ['-e', ''] },
        ]
      : []),
  ]);
  const ms = (name: string) => t.get(name)!.ms;
  const promtool = t.get('promtool')!;

  const inProcess: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await lintFiles([join(dir, 'corpus')], { severities: ['critical', 'warning', 'info'] });
    inProcess.push(performance.now() - t0);
  }

  const row = (name: string, value: number, note = '') => console.log(`${name.padEnd(66)} ${value.toFixed(0).padStart(6)} ms${note}`);
  const times = (name: string) => `  ${(ms(name) / promtool.ms).toFixed(1)}× promtool`;
  row('promtool check rules (234 rules, plain files)', promtool.ms, promtool.status === 0 ? '' : ` (exit ${promtool.status})`);
  row('headroom lint, rules only (CLI, start-up included)', ms('rules'), times('rules'));
  row('headroom lint, rules + 33 dashboards (CLI)', ms('all'), `${times('all')} (target ≤ 2×)`);
  if (extraCaCerts) row('  same, as `node bin/headroom.cjs lint` (Node reads the CA file)', ms('direct'), times('direct'));
  row('  same, without the bundle (lean root from dist/)', ms('unbundled'), times('unbundled'));
  row('  same, through the full CLI root (the path before)', ms('fullRoot'), times('fullRoot'));
  row('  headroom lint of an empty rule file (start-up, bundle load)', ms('empty'), `  ${(ms('empty') - ms('node')).toFixed(0)} ms over bare Node`);
  row('  headroom --help (full CLI start-up alone)', ms('help'));
  row('  of which: node -e "" (bare Node start-up)', ms('node'));
  if (extraCaCerts) row('  node -e "" with NODE_EXTRA_CA_CERTS', ms('nodeCa'), `  +${(ms('nodeCa') - ms('node')).toFixed(0)} ms`);
  row('headroom lint in-process, rules + dashboards, warm', median(inProcess.slice(1)), ` (first run ${inProcess[0]!.toFixed(0)} ms)`);
  console.log(`peak RSS of the in-process runs ${(peakRssBytes() / 2 ** 20).toFixed(0)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
