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

  it('accepts odd but valid PromQL that promtool accepts: modifiers, subqueries, literals, matching, every function family', async () => {
    // Written against promtool 2.42 (the Debian package). Left out, as Prometheus 3 differs: mad_over_time,
    // limitk and info (3's), holt_winters (renamed in 3; lint says so).
    const queries = [
      "x @ start()",
      "x offset -5m",
      "rate(x[5m] @ 1609746000)",
      "max_over_time(rate(x[1m])[5m:1m])",
      "x[5m:]",
      "a * on(job) group_left(instance) b",
      "a * ignoring(instance) group_right b",
      "x{a=\"a\\\"b\"}",
      "x{a=`raw\\d`}",
      "x # comment",
      "0x10 + x",
      "x > Inf",
      "x != NaN",
      "x[1h30m]",
      "sum by () (x)",
      "sum without () (x)",
      "x{on=\"a\", by=\"b\"}",
      "sum(x) by (le)",
      "count_values(\"v\", x)",
      "quantile_over_time(0.9, x[5m])",
      "histogram_quantile(0.9, rate(x[5m]))",
      "label_replace(label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\"), \"c\", \"$1\", \"a\", \"(.*)\")",
      "x and on() vector(1)",
      "-x",
      "+x",
      "- - x",
      "x ^ 2 ^ 3",
      "x % 2",
      "x atan2 y",
      "sgn(x)",
      "timestamp(x)",
      "absent_over_time(x[5m])",
      "present_over_time(x[5m])",
      "last_over_time(x[5m])",
      "topk(3, x) by (job)",
      "sort_desc(x)",
      "vector(1) == bool 1",
      "time() - x",
      "day_of_week()",
      "{job=\"a\"}",
      "x offset 1d @ end()",
      "rate(x[5m] offset 1h)",
      "stddev_over_time(x[1h])",
      "sum(rate(x[5m])) by (job) / ignoring(job) group_left sum(rate(y[5m]))",
      "x unless on(a) y",
      "group(x) by (a)",
      "x[5m] offset 1m",
      "predict_linear(x[1h], 3600)",
      "resets(x[1h])",
      "changes(x[1h])",
      "deriv(x[5m])",
      "idelta(x[5m])",
      "round(x, 0.5)",
      "clamp(x, 0, 1)",
      "histogram_count(rate(x[5m]))",
      "histogram_fraction(0, 1, rate(x[5m]))",
      "label_join(x, \"a\", \",\", \"b\", \"c\")",
      "x{a!~\"\"}",
      "x{a=~\".+\"}",
      "x == on(a) group_left y",
      "sum by (a) (x) > on() group_left() vector(1)",
    ];
    const file = join(work, 'odd-valid.yaml');
    writeFileSync(file, stringify({ groups: [{ name: 'odd', rules: queries.map((expr, i) => ({ record: `odd:query:${i}`, expr })) }] }));
    const promtool = promtoolAccepts([file]);
    expect(promtool.ok, promtool.output).toBe(true);
    expect(promtool.output).toContain(`SUCCESS: ${queries.length} rules found`);
    expect(await lintErrors([file])).toEqual([]);
    // Their invalid neighbours are refused by both, each alone: a scalar comparison without bool, a name set twice, no non-empty matcher.
    for (const [i, expr] of ['scalar(x) > 1', 'x{__name__=~"a.*"}', '{a=""}'].entries()) {
      const bad = join(work, `odd-invalid-${i}.yaml`);
      writeFileSync(bad, stringify({ groups: [{ name: 'odd', rules: [{ record: 'odd:query:bad', expr }] }] }));
      expect(promtoolAccepts([bad]).ok, expr).toBe(false);
      expect(await lintErrors([bad]), expr).not.toEqual([]);
    }
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
