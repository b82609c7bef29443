import { describe, expect, it } from 'vitest';
import { formatLintFinding, formatLintFindings, lintMessages as msg, lintText, newLintRun, type LintFinding } from '../../../src/generators/lint/index.js';
import { substituteGrafanaVariablesMapped } from '../../../src/generators/lint/grafana-variables.js';
import { checkGoTemplate } from '../../../src/generators/lint/go-template-check.js';
import { compileMonitoring } from '../../../src/generators/compile.js';
import { resolveMonitoringSettings } from '../../../src/generators/settings.js';
import { validateConfig } from '../../../src/config/load.js';

const options = { severities: ['critical', 'warning', 'info'] };
const lint = (file: string, text: string) => lintText(file, text, options).map(formatLintFinding);
const checksOf = (findings: LintFinding[]) => findings.map((f) => f.check);

/** One rule in a plain rule file, with conventions satisfied so only the check under test speaks. */
function ruleFile(rule: string): string {
  return `groups:\n  - name: g\n    rules:\n${rule.replace(/^/gm, '      ')}\n`;
}
const alert = (expr: string, extra = '') => ruleFile(`- alert: TestAlert\n  expr: ${expr}\n${extra}  labels: { severity: warning }\n  annotations: { summary: s, description: d }`);
const lintRule = (text: string) => lintText('r.yaml', text, { ...options, disabledChecks: ['headroom/conventions'] });

describe('headroom lint', () => {
  it('reports a PromQL syntax error once, at its line and column in the file', () => {
    const text = `groups:
  - name: team.rules
    rules:
      - alert: ApiDown
        expr: sum(rate(http_requests_total[5m]) == 0
        labels: { severity: critical }
        annotations: { summary: s, description: d }
`;
    expect(lint('team.yaml', text)).toEqual([`team.yaml:5:53: error [promql/syntax] group "team.rules", alert "ApiDown": ${msg.promqlSyntax('unexpected end of expression')}`]);
  });

  it('reports Headroom conventions at level info, and accepts severity none', () => {
    const text = `groups:
  - name: team.rules
    rules:
      - alert: api_down
        expr: up == 0
        labels: { severity: sev1 }
        annotations: { summary: s }
      - alert: Watchdog
        expr: vector(1)
        labels: { severity: "none" }
        annotations: { summary: s, description: d }
      - record: "bad name"
        expr: sum(up)
`;
    expect(lint('team.yaml', text)).toEqual([
      `team.yaml:4:9: info [headroom/conventions] group "team.rules", alert "api_down": ${msg.missingAnnotation('description')}`,
      `team.yaml:4:16: info [headroom/conventions] group "team.rules", alert "api_down": ${msg.alertNameCase('api_down')}`,
      `team.yaml:6:29: info [headroom/conventions] group "team.rules", alert "api_down": ${msg.badSeverity('sev1', options.severities)}`,
      `team.yaml:12:17: error [rule/name] group "team.rules", record "bad name": ${msg.recordName('bad name')}`,
    ]);
  });

  it('limits a group to 20 rules and reads PrometheusRule CRDs', () => {
    const rules = Array.from({ length: 21 }, (_, i) => `      - record: r:x${i}:sum\n        expr: sum(up)`).join('\n');
    const text = `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: x }\nspec:\n  groups:\n    - name: big\n      rules:\n${rules.replace(/^ {6}/gm, '        ')}\n`;
    expect(lint('crd.yaml', text)).toEqual([`crd.yaml:6:7: info [headroom/conventions] group "big": ${msg.tooManyRules(21, 20)}`]);
  });

  it('requires a title and uid on dashboards and parses panel queries with Grafana variables', () => {
    const d = { panels: [{ title: 'CPU', targets: [{ expr: 'sum(rate(x{cluster=~"$cluster"}[$__rate_interval]))' }, { expr: 'sum(x' }] }] };
    const text = JSON.stringify(d);
    expect(lint('d.json', text)).toEqual([
      `d.json:1:1: warning [dashboard/uid] dashboard: ${msg.dashboardMissing('title')}`,
      `d.json:1:1: warning [dashboard/uid] dashboard: ${msg.dashboardMissing('uid')}`,
      `d.json:1:${text.indexOf('sum(x"') + 6}: error [promql/syntax] dashboard, panel "CPU": ${msg.promqlSyntax('unexpected end of expression')}`,
    ]);
  });

  it('finds nothing in what headroom generate writes', () => {
    const { files } = compileMonitoring({ settings: resolveMonitoringSettings(validateConfig({ alerting: { prometheusRuleCrds: true } })), slos: [] });
    const findings = files.filter((f) => /\.(json|yaml)$/.test(f.path)).flatMap((f) => lint(f.path, f.content));
    expect(findings).toEqual([]);
    expect(files.filter((f) => f.path.startsWith('alerts/crds/')).length).toBe(5);
  });
});

describe('typed PromQL (the Prometheus UI\'s checker)', () => {
  const cases: [string, string][] = [
    ['rate(x) > 1', 'expected type matrix in call to function "rate", got vector'],
    ['sum(x[5m]) > 1', 'expected type vector in aggregation expression, got matrix'],
    ['rate(x[5m], 2) > 1', 'expected 1 argument(s) in call to "rate", got 2'],
    ['histogram_quantile(x_bucket) > 1', 'expected 2 argument(s) in call to "histogram_quantile", got 1'],
    ['topk(x, y) > 1', 'expected type scalar in aggregation parameter, got vector'],
    ['rate(x + y[5m]) > 1', 'ranges only allowed for vector selectors (a range after an operator applies to its right-hand selector only; add parentheses or a subquery)'],
  ];
  it.each(cases)('rejects %s with one finding', (expr, message) => {
    const findings = lintRule(alert(expr));
    expect(findings.map((f) => `${f.check}: ${f.message}`)).toEqual([`promql/types: ${msg.promqlType(message)}`]);
  });

  it('names a function PromQL does not have, at its name, as promtool does (a typo, or MetricsQL in a vmalert file)', () => {
    for (const [expr, name, column] of [['sum(rat(x[5m])) > 1', 'rat', 19], ['(1 - histogram_share(0.2, sum by (vmrange) (rate(x_bucket[5m])))) > 0.1', 'histogram_share', 20]] as const) {
      expect(lintRule(alert(expr)).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([`5:${column} ${msg.promqlSyntax(`unknown function with name "${name}"`)}`]);
    }
  });

  it('says what holt_winters is called since Prometheus 3', () => {
    expect(lintRule(alert('holt_winters(x[10m], 0.5, 0.5) > 1')).map((f) => f.message)).toEqual([msg.promqlSyntax('unknown function with name "holt_winters" (Prometheus 3 renamed it double_exponential_smoothing, an experimental function (--enable-feature=promql-experimental-functions); Prometheus 2 still has holt_winters)')]);
    expect(lintRule(alert('double_exponential_smoothing(x[10m], 0.5, 0.5) > 1'))).toEqual([]);
  });

  it('rejects by/without after a function call as a syntax error, once', () => {
    expect(lintRule(alert('rate(x[5m]) by (job) > 1')).map((f) => f.message)).toEqual([msg.promqlSyntax('"by" is only allowed on aggregations (sum, avg, max, count…), not after a function call or selector')]);
  });

  it('accepts two __name__ matchers inside the braces, as Prometheus does (the UI checker refuses them), and refuses a name set twice', () => {
    // Every pg_settings_ family but one, compared with itself 5 minutes ago (awesome-prometheus-alerts' PostgresqlConfigurationChanged).
    const families = '{__name__=~"pg_settings_.*",__name__!="pg_settings_transaction_read_only"}';
    expect(lintRule(alert(`'${families} != on (__name__, instance) ${families} offset 5m'`))).toEqual([]);
    expect(lintRule(alert('foo{__name__="bar"} > 1')).filter((f) => f.check === 'promql/types').map((f) => f.message)).toEqual([msg.promqlType('metric name must not be set twice: foo or bar')]);
  });

  it.each(['sum by (job) (rate(x[5m])) > 1', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m]))) > 1', 'topk(5, x) > 1', 'label_replace(x, "a", "$1", "b", "(.*)") > 1', 'x[10m:1m] offset 5m', 'count_values("v", x) without (c) > 1'])('accepts %s', (expr) => {
    expect(checksOf(lintRule(alert(expr))).filter((c) => c.startsWith('promql/'))).toEqual([]);
  });
});

describe('rule semantics (pint\'s checks): each fails and passes', () => {
  const table: [check: string, failing: string, passing: string][] = [
    ['rule/duration', alert('up == 0', '  for: 5x\n'), alert('up == 0', '  for: 5m\n')],
    ['rule/duration', alert('up == 0', '  keep_firing_for: soon\n'), alert('up == 0', '  keep_firing_for: 1h30m\n')],
    ['rule/duration', ruleFile('- record: a:b:sum\n  expr: sum(up)\n  for: 5m'), ruleFile('- record: a:b:sum\n  expr: sum(up)')],
    ['alerts/template', ruleFile('- alert: A\n  expr: up == 0\n  annotations: { summary: "{{ $labels.job }", description: d }\n  labels: { severity: warning }'), ruleFile('- alert: A\n  expr: up == 0\n  annotations: { summary: "{{ $labels.job }}", description: d }\n  labels: { severity: warning }')],
    ['alerts/template', ruleFile('- alert: A\n  expr: up == 0\n  annotations: { summary: "{{ $lables.job }}", description: d }\n  labels: { severity: warning }'), ruleFile('- alert: A\n  expr: up == 0\n  annotations: { summary: "{{ $externalLabels.cluster }}", description: d }\n  labels: { severity: warning }')],
    ['alerts/template', ruleFile('- alert: A\n  expr: sum(up) == 0\n  annotations: { summary: "{{ $labels.instance }} down", description: d }\n  labels: { severity: warning }'), ruleFile('- alert: A\n  expr: sum by (instance) (up) == 0\n  annotations: { summary: "{{ $labels.instance }} down", description: d }\n  labels: { severity: warning }')],
    ['alerts/value-in-labels', ruleFile('- alert: A\n  expr: up == 0\n  annotations: { summary: s, description: d }\n  labels: { severity: warning, value: "{{ $value }}" }'), ruleFile('- alert: A\n  expr: up == 0\n  annotations: { summary: "{{ $value }}", description: d }\n  labels: { severity: warning }')],
    ['rule/labels', ruleFile('- alert: A\n  expr: up == 0\n  annotations: { summary: s, description: d }\n  labels: { severity: warning, bad-label: x }'), ruleFile('- alert: A\n  expr: up == 0\n  annotations: { summary: s, description: d }\n  labels: { severity: warning, good_label: x }')],
    ['rule/labels', ruleFile('- alert: A\n  expr: up == 0\n  annotations: { summary: s, description: d }\n  labels: { severity: [critical] }'), ruleFile('- alert: A\n  expr: up == 0\n  annotations: { summary: s, description: d }\n  labels: { severity: critical }')],
    ['rule/fields', alert('up == 0', '  fro: 5m\n'), alert('up == 0', '  for: 5m\n')],
    ['rule/fields', alert('up == 0').replace('  - name: g\n', '  - name: g\n    limit: many\n'), alert('up == 0').replace('  - name: g\n', '  - name: g\n    limit: 10\n')],
    ['rule/duration', alert('up == 0').replace('  - name: g\n', '  - name: g\n    interval: 1 minute\n'), alert('up == 0').replace('  - name: g\n', '  - name: g\n    interval: 1m\n    query_offset: 30s\n')],
    ['rule/duplicate', ruleFile('- record: a:b:sum\n  expr: sum(up)\n- record: a:b:sum\n  expr: sum(up)'), ruleFile('- record: a:b:sum\n  expr: sum(up)\n  labels: { verb: read }\n- record: a:b:sum\n  expr: sum(up)\n  labels: { verb: write }')],
    ['rule/duplicate', `${alert('up == 0')}  - name: h\n    rules:\n      - alert: TestAlert\n        expr: up == 0\n        labels: { severity: warning }\n`, alert('up == 0')],
    ['promql/rate', alert('rate(x[1m]) > 1'), alert('rate(x[2m]) > 1')],
    ['promql/rate', alert('irate(x[90s]) > 1'), alert('irate(x[5m]) > 1')],
    ['promql/range', alert('avg_over_time(x[90d]) > 1'), alert('avg_over_time(x[30d]) > 1')],
    ['alerts/comparison', alert('up{job="api"}'), alert('up{job="api"} == 0')],
    // `unless` is a condition (pint counts it too): what existed two hours ago and no longer does.
    ['alerts/comparison', alert('count by (instance) (up offset 2h) + count by (instance) (up)'), alert('count by (instance) (up offset 2h) unless count by (instance) (up)')],
    ['alerts/comparison', alert('up and up offset 1h'), alert('up unless up offset 1h')],
    ['alerts/absent', alert('absent(up{job="api"})'), alert('absent(up{job="api"})', '  for: 5m\n')],
    ['promql/regexp', alert('up{job=~"api"} == 0'), alert('up{job=~"api|web"} == 0')],
  ];
  it.each(table)('%s: fails the first, passes the second', (check, failing, passing) => {
    expect(checksOf(lintRule(failing))).toContain(check);
    expect(checksOf(lintRule(passing))).not.toContain(check);
  });

  it('judges names by the validation scheme it is given: legacy (Prometheus 2) or utf8 (Prometheus 3\'s default)', () => {
    // Prometheus' own model/rulefmt testdata: utf-8_lname.good.yaml and utf-8_annotation.good.yaml, good under UTF-8 only.
    const text = ruleFile('- record: "hola.total"\n  expr: 1\n  labels: { ins-tance: localhost }\n- alert: Hola\n  expr: up == 0\n  labels: { severity: warning }\n  annotations: { summary: s, description: d, ins-tance: localhost }');
    const legacy = lintText('r.yaml', text, { ...options, disabledChecks: ['headroom/conventions'] });
    expect(legacy.map((f) => `${f.line}:${f.check} ${f.message}`)).toEqual([
      `4:rule/name ${msg.recordName('hola.total')}`,
      `6:rule/labels ${msg.badLabelName('label', 'ins-tance')}`,
      `10:rule/labels ${msg.badLabelName('annotation', 'ins-tance')}`,
    ]);
    expect(lintText('r.yaml', text, { ...options, disabledChecks: ['headroom/conventions'], nameValidation: 'utf8' })).toEqual([]);
    // Braces are refused under either scheme (rulefmt invalid_record_name.bad.yaml).
    const braces = ruleFile('- record: strawberry{flavor="sweet"}\n  expr: vector(1)');
    expect(lintText('r.yaml', braces, { ...options, nameValidation: 'utf8' }).map((f) => `${f.check} ${f.message}`)).toEqual([`rule/name ${msg.recordBraces('strawberry{flavor="sweet"}')}`]);
    expect(checksOf(lintText('r.yaml', braces, options))).toEqual(['rule/name']);
  });

  it('refuses __name__ among a rule\'s labels under either scheme, as Prometheus does (rulefmt invalid_label_name.bad.yaml)', () => {
    const text = ruleFile('- record: hola\n  expr: vector(1)\n  labels: { __name__: anything }');
    for (const nameValidation of ['legacy', 'utf8'] as const) {
      expect(lintText('r.yaml', text, { ...options, nameValidation }).map((f) => `${f.check} ${f.message}`)).toEqual([`rule/labels ${msg.metricNameLabel()}`]);
    }
  });

  it('reads YAML merge keys as Go\'s YAML does (rulefmt test_aliases.yaml): the merged rule is whole', () => {
    const text = ruleFile('- &high\n  alert: HighErrors\n  expr: sum(rate(errors_total[5m])) > 1\n  for: 5m\n  labels: { severity: critical }\n  annotations: { summary: s, description: d }\n- <<: *high\n  alert: HighErrors2');
    expect(lintText('r.yaml', text, options)).toEqual([]);
  });

  it('compares rate ranges with the scrape interval it is given (config, flag or live server)', () => {
    const text = alert('rate(x[1m]) > 1');
    expect(checksOf(lintText('r.yaml', text, { ...options, scrapeIntervalSeconds: 15 }))).not.toContain('promql/rate');
    expect(lintText('r.yaml', text, { ...options, scrapeIntervalSeconds: 60 }).filter((f) => f.check === 'promql/rate').map((f) => f.message)).toEqual([msg.rateTooShort('rate', '1m', 60)]);
  });

  it('finds a duplicate recording rule across files of one run', () => {
    const run = newLintRun();
    const rule = ruleFile('- record: a:b:sum\n  expr: sum(up)');
    expect(lintText('one.yaml', rule, options, run)).toEqual([]);
    expect(lintText('two.yaml', rule, options, run).map((f) => f.message)).toEqual([msg.duplicateRecord('a:b:sum', 'one.yaml:4')]);
  });
});

describe('robust input: findings, never a crash', () => {
  const cases: [name: string, file: string, text: string | Buffer, checks: string[]][] = [
    ['a null rule', 'r.yaml', 'groups:\n  - name: g\n    rules:\n      - null\n      - record: a:b:sum\n        expr: sum(up)\n', ['input/shape']],
    ['a null group', 'r.yaml', 'groups:\n  - null\n', ['input/shape']],
    ['groups as an object', 'r.yaml', 'groups: { name: g }\n', ['input/shape']],
    ['a null panel', 'd.json', JSON.stringify({ title: 't', uid: 'u', panels: [null, { title: 'p', targets: [{ expr: 'up' }] }] }), ['input/shape']],
    ['panels given as an object', 'd.json', JSON.stringify({ title: 't', uid: 'u', panels: { a: 1 } }), ['input/shape']],
    ['targets as a string', 'd.json', JSON.stringify({ title: 't', uid: 'u', panels: [{ title: 'p', targets: 'up' }] }), ['input/shape']],
    ['an empty file', 'e.yaml', '', ['input/empty']],
    ['only comments', 'e.yaml', '# nothing\n', ['input/empty']],
    ['a binary file', 'b.yaml', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]), ['input/binary']],
    ['a truncated YAML file', 't.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: "up ==', ['input/syntax']],
    ['a truncated JSON file', 't.json', '{"title": "t", "panels": [{"title": "p", "targ', ['input/syntax']],
    ['a list at the top', 'l.yaml', '- a\n- b\n', ['input/kind']],
    ['a string at the top', 's.json', '"dashboard"', ['input/kind']],
    ['a number at the top', 'n.yaml', '42\n', ['input/kind']],
    ['an unknown object', 'u.yaml', 'hello: world\n', ['input/kind']],
    ['a ConfigMap whose data is a list', 'c.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: [a]\n', ['input/shape']],
    ['a dashboard in a ConfigMap that is not JSON', 'c.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n  d.json: |-\n    {"title": \n', ['input/syntax']],
    ['a YAML alias bomb', 'a.yaml', `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`, ['input/syntax']],
  ];
  it('reads a quoted scalar continued at its key\'s indentation as Prometheus (Go\'s YAML) and js-yaml do, positions included', () => {
    // VictoriaMetrics' alerts-vmagent.yml: `yaml` alone calls this quote unclosed.
    const continued = '"Reload failed on {{ $labels.instance }}.\n    Check the logs."';
    const text = (summary: string, description = continued) => ruleFile(`- alert: A\n  expr: up == 0\n  labels: { severity: warning }\n  annotations:\n    summary: "${summary}"\n    description: ${description}`);
    expect(lintRule(text('s'))).toEqual([]);
    // The broken template's position is the same as with a one-line description.
    const at = (t: string) => lintRule(t).map((f) => `${f.line}:${f.column} ${f.check}`);
    expect(at(text('{{ $labels.job }'))).toEqual(['8:21 alerts/template']);
    expect(at(text('{{ $labels.job }', '"Reload failed. Check the logs."'))).toEqual(['8:21 alerts/template']);
    // A quote that never closes is still one error.
    expect(checksOf(lintRule(ruleFile('- alert: A\n  expr: up == 0\n  annotations:\n    summary: "never closed\n    description: d')))).toEqual(['input/syntax']);
  });

  it('reads a ConfigMap\'s rules and dashboards and leaves other programs\' configuration beside them alone', () => {
    // kube-prometheus' blackbox exporter ConfigMap: its config.yml is the exporter's. An entry named for alerts that is none is worth a word.
    const configMap = (key: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n  ${key}: |-\n    modules:\n      http_2xx: { prober: http }\n  list.yaml: |-\n    - a\n    - b\n`;
    expect(lintText('blackbox.yaml', configMap('config.yml'), options)).toEqual([]);
    const named = lintText('cm.yaml', configMap('alerts.yaml'), options);
    expect(named.map((f) => `${f.line}:${f.column} ${f.check} ${f.where}: ${f.message}`)).toEqual([`6:5 input/kind data "alerts.yaml": ${msg.unknownKind()}`]);
  });

  it('leaves sloth\'s AlertWindows (burn-rate windows for another SLO period) to sloth: no spec, no finding', () => {
    const windows = 'apiVersion: sloth.slok.dev/v1\nkind: AlertWindows\nspec:\n  sloPeriod: 7d\n  page:\n    quick: { errorBudgetPercent: 8, shortWindow: 5m, longWindow: 1h }\n    slow: { errorBudgetPercent: 12.5, shortWindow: 30m, longWindow: 6h }\n  ticket:\n    quick: { errorBudgetPercent: 20, shortWindow: 2h, longWindow: 1d }\n    slow: { errorBudgetPercent: 42, shortWindow: 6h, longWindow: 3d }\n';
    const run = newLintRun();
    expect(lintText('windows/7d.yaml', windows, options, run)).toEqual([]);
    expect(run.sloSpecs).toEqual([]); // not handed to the SLO spec parser either
  });

  it.each(cases)('%s gives the expected finding', (_name, file, text, checks) => {
    const findings = lintText(file, text, options);
    expect(checksOf(findings)).toEqual(checks);
    expect(findings.every((f) => f.line === undefined || f.line >= 1)).toBe(true);
  });

  it('judges each ConfigMap entry on its own problems: an empty entry after a broken one is reported empty', () => {
    // Both entries are read by yaml (a broken text; a stream of empty documents), which the fast path leaves to it.
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: rules }', 'data:', '  broken.yaml: |', '    groups: [', '  empty.yaml: |', '    ---', '    ---', ''].join('\n');
    expect(lintText('c.yaml', text, options).map((f) => `${f.line}:${f.column} ${f.check} ${f.where}`)).toEqual([
      '7:5 input/syntax data "broken.yaml"',
      '8:5 input/empty data "empty.yaml"',
    ]);
  });

  it('reads every document of a --- separated PrometheusRule file and reports YAML errors with line and column', () => {
    const doc = (name: string, expr: string) => `---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: ${name} }\nspec:\n  groups:\n    - name: ${name}\n      rules:\n        - record: ${name}:up:sum\n          expr: ${expr}\n`;
    const findings = lintText('multi.yaml', `${doc('a', 'sum(up)')}${doc('b', 'sum(up')}---\nkey: [unclosed\n`, options);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.check} ${f.where}`)).toEqual(['20:23 promql/syntax document 2, group "b", record "b:up:sum"', '23:1 input/syntax document 3']);
  });

  it('points into double-quoted (escaped), folded and single-quoted YAML scalars at the column the file shows', () => {
    const text = `groups:
  - name: g
    rules:
      - record: a:b:x
        expr: "sum(rate(x{a=\\"b\\"}[5m])) by (a) )"
      - record: a:b:y
        expr: >-
          sum(rate(y[5m]))
          + )
      - record: a:b:z
        expr: 'sum(z{a="it''s"}) )'
`;
    const lines = text.split('\n');
    const lastParen = (line: number) => lines[line - 1]!.lastIndexOf(')') + 1;
    expect(lintText('q.yaml', text, options).map((f) => `${f.line}:${f.column} ${f.check}`)).toEqual([`5:${lastParen(5)} promql/syntax`, `9:${lastParen(9)} promql/syntax`, `11:${lastParen(11)} promql/syntax`]);
  });

  it('reads dashboards embedded in a ConfigMapList, in the rows layout, and maps columns back through JSON escapes and block indentation', () => {
    const dash = JSON.stringify({ title: 'T', uid: 'u', rows: [{ panels: [{ title: 'P', targets: [{ expr: 'sum(rate(x{job="a"}[5m] by (job)' }] }] }] }, null, 2);
    const text = `apiVersion: v1\nkind: ConfigMapList\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: dash }\n    data:\n      t.json: |-\n${dash.split('\n').map((l) => `        ${l}`).join('\n')}\n`;
    const findings = lintText('cm.yaml', text, options);
    const exprLine = text.split('\n').findIndex((l) => l.includes('"expr"')) + 1;
    const col = text.split('\n')[exprLine - 1]!.indexOf(' by (job)') + 2;
    expect(findings.map((f) => `${f.line}:${f.column} ${f.check} ${f.where}`)).toEqual([`${exprLine}:${col} promql/syntax ConfigMap "dash", data "t.json", dashboard "T", panel "P"`]);
  });
});

describe('Grafana variables in every syntax', () => {
  it.each([
    'sum(rate(x{cluster="$cluster"}[${__rate_interval}]))',
    'sum(rate(x[$__rate_interval]))',
    'increase(x[${__range_s}s])',
    'rate(x[$interval])',
    'topk($n, x)',
    'sum by ($groupby) (x)',
    'sum(rate(x{job=~"[[job]]"}[5m])) by ([[groupby]])',
    'x{instance=~"${instance:regex}"} offset $__interval',
    'x @ ${__to:date:seconds}',
    '$metric{job="a"}',
    'sum(x{a="$a"}) / ${total}',
  ])('accepts %s', (expr) => {
    const d = { title: 't', uid: 'u', templating: { list: [{ name: 'n', current: { value: '5' } }, { name: 'total', current: { value: '100' } }] }, panels: [{ title: 'p', targets: [{ expr }] }] };
    expect(lintText('d.json', JSON.stringify(d), options)).toEqual([]);
  });

  // What a variable becomes says which context it was read in. `w` is a number (a label name
  // keeps the variable's name, elsewhere the number is used), `s` and `d` are not (a scalar is 1,
  // a duration 5m, elsewhere the name).
  it.each([
    ['x @ $s', 'x @ 1'],
    ['x offset -$d', 'x offset -5m'],
    ['x OFFSET\n $d', 'x OFFSET\n 5m'],
    ['xoffset $d', 'xoffset d'],
    ['sum by (a, $w) (x)', 'sum by (a, w) (x)'],
    ['x * on (a) group_left ($w) y', 'x * on (a) group_left (w) y'],
    ['sum BY ($w) (x)', 'sum BY (w) (x)'],
    ['json($w)', 'json(9)'],
    ['sum by (a) (x) + $w', 'sum by (a) (x) + 9'],
    ['topk ( $s , x)', 'topk ( 1 , x)'],
    ['histogram_quantile($s, x)', 'histogram_quantile(1, x)'],
    ['xtopk($s)', 'xtopk(s)'],
    ['quantile_over_time($s, x[5m])', 'quantile_over_time(1, x[5m])'],
    ['x > $s', 'x > 1'],
    ['x == bool $s', 'x == bool 1'],
    ['x == BOOL $s', 'x == BOOL s'],
    ['x =~ $s', 'x =~ s'],
    ['x{a="\\"$s", b=\'$s\'} + `$s` * $s', 'x{a="\\".*", b=\'.*\'} + `.*` * 1'],
    ['rate(x[$d]) / ${w} + [[s]]', 'rate(x[5m]) / 9 + 1'],
    ['${a.b}{c="${c:regex}"} + $1x', 'a{c=".*"} + 1'],
  ])('substitutes by context: %s', (expr, substituted) => {
    expect(substituteGrafanaVariablesMapped(expr, { w: '9', s: 'abc', d: 'abc' }).text).toBe(substituted);
  });

  it('maps substituted offsets back to the original query', () => {
    const s = substituteGrafanaVariablesMapped('rate(x[$__rate_interval]) + y');
    expect(s.text).toBe('rate(x[5m]) + y');
    expect(s.originalOffset(s.text.indexOf('y'))).toBe('rate(x[$__rate_interval]) + y'.indexOf('y'));
    expect(s.originalOffset(7)).toBe(7);
  });
});

describe('Grafana templating variable queries', () => {
  /** A dashboard with one query variable; `query` is Grafana's string or `{ query, refId }` object. */
  const withVariable = (query: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({
    title: 't', uid: 'u',
    templating: { list: [{ name: 'cluster', type: 'query', current: { value: 'prod' } }, { name: 'v', type: 'query', datasource: { type: 'prometheus', uid: '$datasource' }, query, ...extra }] },
    panels: [],
  }, null, 2);
  /** Line:column of `needle` in `text` (1-based), as lint reports a finding there. */
  const at = (text: string, needle: string, from = 0) => {
    const offset = text.indexOf(needle, from);
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${before[before.length - 1]!.length + 1}`;
  };

  it.each([
    'label_values(up{job="kubelet"}, cluster)',
    'label_values(kube_pod_info{cluster="$cluster", namespace=~"$namespace"}, pod)',
    'label_values(cluster)',
    'label_names()',
    'label_names(up{job="a"})',
    'metrics(node_.*)',
    'query_result(topk(5, sum by (namespace) (rate(x_total{cluster="$cluster"}[$__range]))))',
    '5,10,20',
  ])('accepts %s, as a string and as { query, refId }', (query) => {
    expect(lintText('d.json', withVariable(query), options)).toEqual([]);
    expect(lintText('d.json', withVariable({ query, refId: 'PrometheusVariableQueryEditor-VariableQuery', qryType: 1 }), options)).toEqual([]);
  });

  it('reports the PromQL inside label_values, label_names and query_result at its place in the file', () => {
    const cases: [unknown, string, string][] = [
      ['label_values(up{job="a", foo}, cluster)', '}, cluster', 'promql/syntax'],
      ['label_values(rate(x_total[5m]), job)', 'rate(x_total', 'promql/types'],
      ['label_values(up{job=~"kubelet"}, cluster)', 'job=~', 'promql/regexp'],
      ['label_names(sum(up))', 'sum(up)', 'promql/types'],
      ['label_names(up{job="a")', '', 'promql/syntax'],
      ['query_result(sum(rate(x[5m]))) by (job))', ') by', 'promql/syntax'],
      ['query_result(rate(x))', 'x))', 'promql/types'],
      [{ query: 'label_values(up{job=~"kubelet"}, cluster)', refId: 'A' }, 'job=~', 'promql/regexp'],
    ];
    for (const [query, needle, check] of cases) {
      const text = withVariable(query);
      const findings = lintText('d.json', text, options);
      expect(findings.map((f) => f.check), JSON.stringify(query)).toEqual([check]);
      expect(findings[0]!.where).toBe('dashboard "t", variable "v"');
      if (needle) expect(`${findings[0]!.line}:${findings[0]!.column}`, JSON.stringify(query)).toBe(at(text, needle, text.indexOf('"v"')));
    }
  });

  it('lints variables of Prometheus datasources only, and only query variables', () => {
    const broken = 'label_values(up{job="a", foo}, cluster)';
    expect(lintText('d.json', withVariable(broken, { datasource: { type: 'loki', uid: 'l' } }), options)).toEqual([]);
    expect(lintText('d.json', withVariable(broken, { type: 'custom' }), options)).toEqual([]);
    expect(lintText('d.json', withVariable(broken), options)).toHaveLength(1);
  });

  it('knows a datasource named through a variable or an export input by its plugin: LogQL is left alone, PromQL checked', () => {
    const panel = (title: string, datasource: unknown, expr: string) => ({ title, datasource, targets: [{ expr }] });
    const logql = '{app="x"} |~ "err"';
    const dashboard = {
      title: 't', uid: 'u',
      __inputs: [{ name: 'DS_LOGS', type: 'datasource', pluginId: 'loki' }, { name: 'DS_METRICS', type: 'datasource', pluginId: 'prometheus' }],
      templating: { list: [{ name: 'logs', type: 'datasource', query: 'loki' }, { name: 'metrics', type: 'datasource', query: 'prometheus' }] },
      panels: [
        panel('a', '$logs', logql), panel('b', '${logs}', logql), panel('c', '[[logs]]', logql), panel('d', { uid: '${logs}' }, logql),
        panel('e', { type: '$logs' }, logql), panel('f', '${DS_LOGS}', logql),
        panel('g', '$metrics', 'rate(x)'), panel('h', '${DS_METRICS}', 'rate(y)'), panel('i', { uid: '${metrics}' }, 'rate(z)'),
        panel('j', { type: 'grafana-amazonprometheus-datasource', uid: 'amp' }, 'rate(w)'),
      ],
    };
    const findings = lintText('d.json', JSON.stringify(dashboard, null, 2), options);
    expect(findings.map((f) => `${f.check} ${f.where}`)).toEqual(['g', 'h', 'i', 'j'].map((p) => `promql/types dashboard "t", panel "${p}"`));
  });

  it('reads dashboards in grafana-operator\'s GrafanaDashboard (spec.json) and Grafana\'s own Kubernetes Dashboard (spec)', () => {
    const dashboard = { title: 'Ops', uid: 'ops', panels: [{ title: 'p', targets: [{ expr: 'rate(x)' }] }] };
    const json = JSON.stringify(dashboard, null, 2);
    const operator = `apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDashboard\nmetadata:\n  name: ops\nspec:\n  instanceSelector:\n    matchLabels: { dashboards: grafana }\n  json: |\n${json.replace(/^/gm, '    ')}\n`;
    const findings = lintText('ops.yaml', operator, options);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.check} ${f.where}`)).toEqual([`${at(operator, 'x)')} promql/types spec.json, dashboard "Ops", panel "p"`]);
    // Grafana 12's API: the object's name is the uid; the spec is the dashboard model.
    const { uid: _uid, ...model } = dashboard;
    const k8s = `apiVersion: dashboard.grafana.app/v1beta1\nkind: Dashboard\nmetadata:\n  name: ops\nspec:\n${JSON.stringify(model, null, 2).replace(/^/gm, '  ')}\n`;
    expect(lintText('ops-k8s.yaml', k8s, options).map((f) => `${f.check} ${f.where}`)).toEqual(['promql/types dashboard "Ops", panel "p"']);
    // Other sources (grafana.com, a URL, gzip) are not read.
    expect(lintText('com.yaml', 'apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDashboard\nmetadata: { name: n }\nspec:\n  grafanaCom: { id: 1860 }\n', options)).toEqual([]);
  });

  it('checks the PromQL of annotation queries, and no other annotation', () => {
    const dashboard = {
      title: 't', uid: 'u', panels: [],
      annotations: { list: [
        { name: 'Annotations & Alerts', builtIn: 1, datasource: { type: 'datasource', uid: 'grafana' }, enable: true },
        { name: 'Deploys', datasource: { type: 'prometheus', uid: 'p' }, expr: 'changes(kube_deployment_status_observed_generation{namespace="$namespace"}[$__rate_interval]) > 0', step: '60s' },
        { name: 'Restarts', datasource: { type: 'prometheus', uid: 'p' }, expr: 'increase(kube_pod_container_status_restarts_total)' },
        { name: 'Logs', datasource: { type: 'loki', uid: 'l' }, expr: '{app="x"} |= "panic"' },
      ] },
    };
    const text = JSON.stringify(dashboard, null, 2);
    const findings = lintText('d.json', text, options);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.check} ${f.where}`)).toEqual([`${at(text, 'kube_pod_container_status_restarts_total)')} promql/types dashboard "t", annotation "Restarts"`]);
  });

  it('maps columns through substituted variables and YAML block scalars (a dashboard in a ConfigMap)', () => {
    const dash = withVariable('label_values(kube_pod_info{cluster="$cluster", namespace=~"kube-system"}, pod)');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: dash }\ndata:\n  d.json: |-\n${dash.replace(/^/gm, '    ')}\n`;
    const findings = lintText('cm.yaml', text, options);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.check}`)).toEqual([`${at(text, 'namespace=~')} promql/regexp`]);
  });
});

describe('Go templates', () => {
  it.each([
    ['{{ $labels.x }', 'unclosed action'],
    ['{{ if $value }}x', 'unexpected EOF: {{if}} has no {{end}}'],
    ['{{ end }}', 'unexpected {{end}}'],
    ['{{ $value | humanise }}', 'function "humanise" not defined'],
    ['{{ $nope }}', 'undefined variable "$nope"'],
    ['{{ printf "%.2f" ($value }}', 'unclosed left paren'],
  ])('rejects %s', (template, message) => {
    expect(checkGoTemplate(template).error?.message).toBe(message);
  });

  it('accepts what kube-prometheus and Headroom write and lists the labels it reads', () => {
    const t = checkGoTemplate('{{ $value | humanizePercentage }} of {{ $labels.namespace }}/{{ .Labels.pod }} {{ with $x := index $labels "node" }}{{ $x }}{{ end }}{{/* note */}}{{- range $i, $v := args 1 2 -}}{{ $v }}{{ end }}');
    expect(t.error).toBeNull();
    expect(t.labels.map((l) => l.name)).toEqual(['namespace', 'pod', 'node']);
    expect(t.usesValue).toBe(true);
  });
});

describe('levels, control and formats', () => {
  it('honours headroom-lint comments inside rule files embedded in a ConfigMap, at the lines of the file', () => {
    const rules = [
      'groups:',
      '  - name: g',
      '    rules:',
      '      # headroom-lint disable promql/regexp',
      '      - alert: Quiet',
      '        expr: up{job=~"a"} == 0',
      '        labels: { severity: warning }',
      '        annotations: { summary: s, description: d }',
      '      - alert: Loud',
      '        expr: up{job=~"b"} == 0',
      '        labels: { severity: warning }',
      '        annotations: { summary: s, description: d }',
    ];
    const configMap = (body: string[]) => ['apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: rules }', 'data:', '  other.yaml: |', '    groups: []', '  alerts.yaml: |', ...body.map((l) => `    ${l}`), ''].join('\n');
    const text = configMap(rules);
    const lines = text.split('\n');
    const loud = lines.findIndex((l) => l.includes('job=~"b"'));
    expect(lintText('cm.yaml', text, options).map((f) => `${f.line}:${f.column} ${f.check} ${f.where}`)).toEqual([
      `${loud + 1}:${lines[loud]!.indexOf('job=~') + 1} promql/regexp data "alerts.yaml", group "g", alert "Loud"`,
    ]);
    // The same comment at the top of the embedded file as file/disable: the whole embedded file.
    expect(lintText('cm.yaml', configMap(['# headroom-lint file/disable promql/regexp', ...rules]), options)).toEqual([]);
    // Without the comment, both rules are flagged: the comment is what silences the first.
    expect(lintText('cm.yaml', configMap(rules.filter((l) => !l.includes('headroom-lint'))), options).map((f) => f.where.split(', ').pop())).toEqual(['alert "Quiet"', 'alert "Loud"']);
  });

  const text = `groups:
  - name: g
    rules:
      # headroom-lint disable promql/regexp
      - alert: A
        expr: up{job=~"api"} == 0
        labels: { severity: warning }
        annotations: { summary: s, description: d }
      - alert: B
        expr: up{job=~"api"} == 0
        labels: { severity: warning }
        annotations: { summary: s, description: d }
`;
  it('a comment above a rule disables a check for that rule only; config disables it everywhere', () => {
    expect(lintText('r.yaml', text, options).map((f) => `${f.check} ${f.where}`)).toEqual(['promql/regexp group "g", alert "B"']);
    expect(lintText('r.yaml', text, { ...options, disabledChecks: ['promql/regexp'] })).toEqual([]);
    expect(lintText('r.yaml', `# headroom-lint file/disable promql\n${text}`, options)).toEqual([]);
  });

  it('writes text, json, GitHub annotations and checkstyle', () => {
    const f: LintFinding[] = [{ file: 'a,b.yaml', line: 3, column: 7, where: 'group "g"', check: 'promql/syntax', level: 'error', message: 'bad: <x> & "y"' }];
    expect(formatLintFindings(f, 'text')).toBe('a,b.yaml:3:7: error [promql/syntax] group "g": bad: <x> & "y"\n');
    expect(JSON.parse(formatLintFindings(f, 'json'))).toEqual([{ file: 'a,b.yaml', line: 3, column: 7, level: 'error', check: 'promql/syntax', where: 'group "g"', message: 'bad: <x> & "y"' }]);
    expect(formatLintFindings(f, 'github')).toBe('::error file=a%2Cb.yaml,line=3,col=7,title=promql/syntax::group "g": bad: <x> & "y"\n');
    expect(formatLintFindings(f, 'checkstyle')).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n  <file name="a,b.yaml">\n    <error line="3" column="7" severity="error" message="group &quot;g&quot;: bad: &lt;x&gt; &amp; &quot;y&quot;" source="headroom.promql/syntax"/>\n  </file>\n</checkstyle>\n');
  });
});
