/**
 * `headroom lint` against the reference tool, `promtool check rules` (the Debian package's, run for
 * real): on rules promtool accepts lint reports no error, and every rule promtool refuses lint
 * reports as an error. The accepted side is the conformance corpus (test/fixtures/lint/generate-corpus.ts,
 * modelled on kube-prometheus, written as plain rule files); the refused side is
 * test/fixtures/lint/broken/prometheus-rejects.yaml, one mistake per rule, each rule checked in a
 * file of its own so that one refusal cannot hide another.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { lintFiles } from '../../src/generators/lint/index.js';
import { writePlainRuleFiles } from '../fixtures/lint/generate-corpus.js';

const work = mkdtempSync(join(tmpdir(), 'headroom-lint-promtool-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function promtoolAccepts(files: string[]): { ok: boolean; output: string } {
  const r = spawnSync('promtool', ['check', 'rules', ...files], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

async function lintErrors(files: string[]): Promise<string[]> {
  const { findings } = await lintFiles(files, { severities: ['critical', 'warning', 'info'] });
  return findings.filter((f) => f.level === 'error').map((f) => `${f.line}:${f.column} ${f.check}: ${f.message}`);
}

describe('lint agrees with promtool check rules', () => {
  it('accepts what promtool accepts: the conformance corpus (234 rules) has no error in either', async () => {
    const files = writePlainRuleFiles(join(work, 'corpus'));
    const promtool = promtoolAccepts(files);
    expect(promtool.ok, promtool.output).toBe(true);
    const rulesFound = [...promtool.output.matchAll(/SUCCESS: (\d+) rules found/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(rulesFound).toBe(234);
    expect(await lintErrors(files)).toEqual([]);
  });

  it('accepts idioms of public rule collections that promtool accepts and a checker might not', async () => {
    const file = join(work, 'idioms.yaml');
    // Every family of an exporter but one, by two __name__ matchers (awesome-prometheus-alerts,
    // PostgresqlConfigurationChanged; the Prometheus UI's checker calls it a name set twice).
    const families = '{__name__=~"pg_settings_.*",__name__!="pg_settings_transaction_read_only"}';
    writeFileSync(file, stringify({ groups: [{ name: 'idioms', rules: [
      { alert: 'SettingsChanged', expr: `${families} != on (__name__, instance) ${families} offset 5m`, labels: { severity: 'info' }, annotations: { summary: 's', description: 'd' } },
      { record: 'job:families:count', expr: `count by (job) (${families})` },
    ] }] }));
    // A quoted annotation continued at its key's indentation (VictoriaMetrics' alerts-vmagent.yml), which Go's YAML reads.
    const quoted = join(work, 'quoted.yaml');
    writeFileSync(quoted, 'groups:\n  - name: quoted\n    rules:\n      - alert: ReloadFailed\n        expr: reload_successful != 1\n        labels:\n          severity: warning\n        annotations:\n          summary: "Reload failed on {{ $labels.instance }}"\n          description: "Configuration reload failed on {{ $labels.instance }}.\n          Check the logs."\n');
    // A rule merged from another by a YAML merge key (Prometheus' own model/rulefmt/testdata/test_aliases.yaml).
    const merged = join(work, 'merged.yaml');
    writeFileSync(merged, 'groups:\n  - name: merged\n    rules:\n      - &high\n        alert: HighErrors\n        expr: sum(rate(errors_total[5m])) > 1\n        labels: { severity: critical }\n      - <<: *high\n        alert: HighErrors2\n');
    const promtool = promtoolAccepts([file, quoted, merged]);
    expect(promtool.ok, promtool.output).toBe(true);
    expect(await lintErrors([file, quoted, merged])).toEqual([]);
  });

  it('refuses __name__ among a rule\'s labels, as promtool does (rulefmt invalid_label_name.bad.yaml)', async () => {
    const file = join(work, 'name-label.yaml');
    writeFileSync(file, 'groups:\n  - name: g\n    rules:\n      - record: hola\n        expr: vector(1)\n        labels:\n          __name__: anything\n');
    expect(promtoolAccepts([file]).ok).toBe(false);
    expect(await lintErrors([file])).toEqual([expect.stringMatching(/^7:21 rule\/labels: label "__name__" cannot be set by a rule/)]);
  });

  it('reports an error for every rule promtool refuses', async () => {
    const source = parse(readFileSync(new URL('../fixtures/lint/broken/prometheus-rejects.yaml', import.meta.url), 'utf8')) as { groups: { name: string; rules: Record<string, unknown>[] }[] };
    const rules = source.groups.flatMap((g) => g.rules.map((rule) => ({ group: g.name, rule })));
    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const [i, { group, rule }] of rules.entries()) {
      const name = String(rule.alert ?? rule.record);
      const file = join(work, `reject-${i}.yaml`);
      writeFileSync(file, stringify({ groups: [{ name: group, rules: [rule] }] }));
      const promtool = promtoolAccepts([file]);
      expect(promtool.ok, `promtool accepted ${name}`).toBe(false);
      expect(await lintErrors([file]), `lint found no error in ${name}, which promtool refuses:\n${promtool.output}`).not.toEqual([]);
    }
  });
});
