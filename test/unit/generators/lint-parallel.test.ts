/**
 * A big `headroom lint` run lints part of its files on a helper thread (bin/lint-helper.cjs,
 * lintFiles' `helper`); the findings must be exactly those of one thread: on the conformance
 * corpus (the dashboards ConfigMapList goes to the helper), on the broken and odd files, and when
 * both parts hold rules (duplicates are looked for across files: lintFiles then lints all files
 * itself again) or the helper fails.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { formatLintFindings, helperShare, lintFiles, lintFilesPart, type LintFinding, type LintHelper } from '../../../src/generators/lint/index.js';
import { writeLintCorpus } from '../../fixtures/lint/generate-corpus.js';
// @ts-expect-error plain JavaScript build helpers, no declarations
import { bundleLint, writeLintCache } from '../../../scripts/bundle-lint.mjs';
// @ts-expect-error plain JavaScript, no declarations
import { loadLintBundle } from '../../../bin/lint-bundle.mjs';
// @ts-expect-error plain JavaScript, no declarations
import { startLintHelper } from '../../../bin/lint-helper.cjs';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'lint');
const work = mkdtempSync(join(tmpdir(), 'headroom-lint-parallel-'));
const corpus = join(work, 'corpus');
const severities = ['critical', 'warning', 'info'];
const all = [corpus, join(fixtures, 'broken'), join(fixtures, 'odd')];
beforeAll(() => writeLintCorpus(corpus));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A helper on this thread (the same lintFilesPart the thread runs); records the files it was given. */
function inProcessHelper(minBytes = 0, fail = false): LintHelper & { given: string[][]; released: number } {
  const helper = {
    minBytes,
    given: [] as string[][],
    released: 0,
    async lint(files: string[], options: Parameters<typeof lintFilesPart>[1]) {
      helper.given.push(files);
      if (fail) throw new Error('helper down');
      return structuredClone(lintFilesPart(files, options));
    },
    release() {
      helper.released++;
    },
  };
  return helper;
}

const serial = async (paths: string[]) => (await lintFiles(paths, { severities })).findings;

describe('lint with a helper thread gives the findings of one thread', () => {
  it('hands the biggest files to the helper, and only for a run of enough bytes', () => {
    const sizes = new Map([['a', 10], ['b', 500], ['c', 20], ['d', 30]]);
    expect([...helperShare(['a', 'b', 'c', 'd'], sizes, 100)]).toEqual([1]);
    expect([...helperShare(['a', 'b', 'c', 'd'], sizes, 1000)]).toEqual([]);
    expect([...helperShare(['b'], sizes, 0)]).toEqual([]);
    // Equal sizes alternate, biggest first.
    const even = new Map([['a', 40], ['b', 30], ['c', 20], ['d', 10]]);
    expect([...helperShare(['a', 'b', 'c', 'd'], even, 0)].sort()).toEqual([0, 3]);
  });

  it('on the corpus, the broken and the odd files, each alone and together', async () => {
    for (const paths of [[corpus], [join(fixtures, 'broken')], [join(fixtures, 'odd')], all]) {
      const helper = inProcessHelper();
      const helped = (await lintFiles(paths, { severities, helper })).findings;
      expect(helped, paths.join(' ')).toEqual(await serial(paths));
      expect(helper.given.length + helper.released, paths.join(' ')).toBe(1);
    }
    // The corpus splits with no rule on the helper's side: its findings are merged, not redone.
    const helper = inProcessHelper(256 * 1024);
    const findings = (await lintFiles([corpus], { severities, helper })).findings;
    expect(helper.given).toEqual([[join(corpus, 'grafana-dashboardDefinitions.yaml')]]);
    expect(findings).toHaveLength(65);
    expect(findings.filter((f) => f.file.endsWith('grafana-dashboardDefinitions.yaml')).length).toBeGreaterThan(0);
  });

  it('duplicates across files, SLO specs and unreadable files, whatever the split', async () => {
    const dir = join(work, 'dups');
    mkdirSync(dir);
    const rules = (name: string, pad: number) => `# ${'x'.repeat(pad)}\ngroups:\n- name: g\n  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n  - alert: Down\n    expr: up == 0\n    for: 5m\n    labels: {severity: warning}\n    annotations: {summary: down, description: down}\n# ${name}\n`;
    writeFileSync(join(dir, 'a.yaml'), rules('a', 10));
    writeFileSync(join(dir, 'b.yaml'), rules('b', 3000));
    writeFileSync(join(dir, 'c.yaml'), rules('c', 20));
    writeFileSync(join(dir, 'd.json'), '{"title": "D", "panels": [{"type": "timeseries", "targets": [{"expr": "rate(x_total[1m])"}]}]}');
    const paths = [dir, join(fixtures, 'broken', 'slo-odd-shape.yaml'), join(dir, 'missing.yaml'), join(dir, 'a.yaml')];
    const expected = await serial(paths);
    expect(expected.filter((f: LintFinding) => f.check === 'rule/duplicate').length).toBeGreaterThanOrEqual(4);
    for (const fail of [false, true]) {
      const helper = inProcessHelper(0, fail);
      expect((await lintFiles(paths, { severities, helper })).findings, `helper fails: ${fail}`).toEqual(expected);
      expect(helper.given).toHaveLength(1);
    }
  });

  it('the real helper thread runs the bundle from its code cache and gives the same JSON through the lean CLI root', async () => {
    // Inside the repo, as dist/ is: the bundle requires the packages it leaves out from node_modules.
    mkdirSync(join(import.meta.dirname, '..', '..', '..', 'node_modules', '.cache'), { recursive: true });
    const bundleDir = mkdtempSync(join(import.meta.dirname, '..', '..', '..', 'node_modules', '.cache', 'headroom-lint-parallel-'));
    onTestFinished(() => rmSync(bundleDir, { recursive: true, force: true }));
    const bundle = join(bundleDir, 'lint-cli.cjs');
    const cache = join(bundleDir, 'lint-cli.cache');
    expect(await bundleLint(bundle, validateConfig({}, '(defaults)'))).toBe(true);
    writeLintCache(bundle, cache);
    const loaded = loadLintBundle(bundle, cache) as { exports: { lintMain(argv: string[], out: NodeJS.WritableStream, helper?: LintHelper): Promise<number> }; cacheUsed: boolean };
    expect(loaded.cacheUsed).toBe(true);
    const run = async (paths: string[], helper?: LintHelper) => {
      let text = '';
      const out = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } });
      const code = await loaded.exports.lintMain(['node', 'headroom', 'lint', '--format', 'json', ...paths], out, helper);
      return { code, text };
    };
    for (const [paths, minBytes] of [[[corpus], undefined], [all, undefined], [[join(fixtures, 'broken'), join(fixtures, 'odd')], 0]] as const) {
      const helper = startLintHelper(['--format', 'json', ...paths], { bundle, cache, minBytes }) as (LintHelper & { threadsUsed: number }) | undefined;
      expect(helper, paths.join(' ')).toBeDefined();
      const helped = await run([...paths], helper);
      expect(helper!.threadsUsed, paths.join(' ')).toBe(1);
      expect(helped, paths.join(' ')).toEqual(await run([...paths]));
      expect(JSON.parse(helped.text), paths.join(' ')).toEqual(JSON.parse(formatLintFindings(await serial([...paths]), 'json')));
    }
    // A small run starts no thread.
    expect(startLintHelper([join(fixtures, 'odd')], { bundle, cache })).toBeUndefined();
    expect(startLintHelper(['--promtool', corpus], { bundle, cache })).toBeUndefined();
  }, 120_000);
});
