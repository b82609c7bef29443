/**
 * `npm run bench:lint`: `headroom lint` on a kube-prometheus-sized corpus (234 rules in 9
 * multi-document PrometheusRules, 33 dashboards in a ConfigMapList; test/fixtures/lint) against
 * `promtool check rules` on the same rules as plain rule files, in one run. Both are timed as a user
 * runs them — a fresh process, start-up included — medians of 5 runs; the target is headroom within
 * 2× of promtool. Also: lint of the rules alone, of an empty rule file (the fixed cost: Node, the
 * launcher and the bundle), and lint in-process (no start-up) for the split.
 * The CLI runs the lint bundle from its code cache (bin/lint-bundle.mjs); for comparison with the
 * paths before it, also without the bundle (HEADROOM_LINT_BUNDLE=0: the lean root from dist/) and
 * through the full CLI root of every command (dist/cli/main.js, what `headroom lint` ran before).
 * dist/ is built first when stale (not counted), so the figures are never of the tsx fallback.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintFiles } from '../src/generators/lint/index.js';
import { writeLintCorpus, writePlainRuleFiles } from '../test/fixtures/lint/generate-corpus.js';
import { describeMachine, peakRssBytes } from './machine.js';
import { median } from '../src/models/stats/index.js';
// @ts-expect-error plain JavaScript module shared with bin/headroom.mjs, no declarations
import { distIsCurrent } from '../bin/dist-freshness.mjs';

const runs = 5;

function timeCommand(command: string, args: string[], env: Record<string, string> = {}): { ms: number; status: number | null } {
  const times: number[] = [];
  let status: number | null = null;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(command, args, { stdio: 'ignore', env: { ...process.env, ...env } });
    times.push(performance.now() - t0);
    status = r.status;
    if (r.error) throw r.error;
  }
  return { ms: median(times), status };
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

  const promtool = timeCommand('promtool', ['check', 'rules', ...plain]);
  const node = timeCommand(process.execPath, ['-e', '']);
  const lintAll = timeCommand(process.execPath, ['bin/headroom.mjs', 'lint', join(dir, 'corpus')]);
  const lintRules = timeCommand(process.execPath, ['bin/headroom.mjs', 'lint', ...ruleFiles]);
  writeFileSync(join(dir, 'empty.yaml'), 'groups: []\n');
  const lintEmpty = timeCommand(process.execPath, ['bin/headroom.mjs', 'lint', join(dir, 'empty.yaml')]);
  const lintUnbundled = timeCommand(process.execPath, ['bin/headroom.mjs', 'lint', join(dir, 'corpus')], { HEADROOM_LINT_BUNDLE: '0' });
  const lintFullRoot = timeCommand(process.execPath, [...fullRoot, 'lint', join(dir, 'corpus')]);
  const help = timeCommand(process.execPath, ['bin/headroom.mjs', '--help']);

  const inProcess: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await lintFiles([join(dir, 'corpus')], { severities: ['critical', 'warning', 'info'] });
    inProcess.push(performance.now() - t0);
  }

  const row = (name: string, ms: number, note = '') => console.log(`${name.padEnd(62)} ${ms.toFixed(0).padStart(6)} ms${note}`);
  row('promtool check rules (234 rules, plain files)', promtool.ms, promtool.status === 0 ? '' : ` (exit ${promtool.status})`);
  row('headroom lint, rules only (CLI, start-up included)', lintRules.ms, `  ${(lintRules.ms / promtool.ms).toFixed(1)}× promtool`);
  row('headroom lint, rules + 33 dashboards (CLI)', lintAll.ms, `  ${(lintAll.ms / promtool.ms).toFixed(1)}× promtool (target ≤ 2×)`);
  row('  same, without the bundle (lean root from dist/)', lintUnbundled.ms, `  ${(lintUnbundled.ms / promtool.ms).toFixed(1)}× promtool`);
  row('  same, through the full CLI root (the path before)', lintFullRoot.ms, `  ${(lintFullRoot.ms / promtool.ms).toFixed(1)}× promtool`);
  row('  headroom lint of an empty rule file (start-up, bundle load)', lintEmpty.ms);
  row('  headroom --help (full CLI start-up alone)', help.ms);
  row('  of which: node -e "" (bare Node start-up)', node.ms);
  row('headroom lint in-process, rules + dashboards, warm', median(inProcess.slice(1)), ` (first run ${inProcess[0]!.toFixed(0)} ms)`);
  console.log(`peak RSS of the in-process runs ${(peakRssBytes() / 2 ** 20).toFixed(0)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
