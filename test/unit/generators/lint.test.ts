import { describe, expect, it } from 'vitest';
import { formatLintFinding, lintMessages as msg, lintText } from '../../../src/generators/lint/index.js';
import { compileMonitoring } from '../../../src/generators/compile.js';
import { resolveMonitoringSettings } from '../../../src/generators/settings.js';
import { validateConfig } from '../../../src/config/load.js';

const options = { severities: ['critical', 'warning', 'info'] };
const lint = (file: string, text: string) => lintText(file, text, options).map(formatLintFinding);

describe('headroom lint', () => {
  it('reports a PromQL syntax error with file, line, group, rule and position', () => {
    const text = `groups:
  - name: team.rules
    rules:
      - alert: ApiDown
        expr: sum(rate(http_requests_total[5m]) == 0
        labels: { severity: critical }
        annotations: { summary: s, description: d }
`;
    expect(lint('team.yaml', text)).toEqual([`team.yaml:5: group "team.rules", alert "ApiDown": ${msg.promqlSyntax(1, 39, 'unexpected end of expression')}`]);
  });

  it('checks alert conventions in hand-written rule files', () => {
    const text = `groups:
  - name: team.rules
    rules:
      - alert: api_down
        expr: up == 0
        labels: { severity: sev1 }
        annotations: { summary: s }
      - alert: NoSeverity
        expr: up == 0
        annotations: { summary: s, description: d }
      - record: "bad name"
        expr: sum(up)
`;
    expect(lint('team.yaml', text)).toEqual([
      `team.yaml:4: group "team.rules", alert "api_down": ${msg.alertNameCase('api_down')}`,
      `team.yaml:6: group "team.rules", alert "api_down": ${msg.badSeverity('sev1', options.severities)}`,
      `team.yaml:4: group "team.rules", alert "api_down": ${msg.missingAnnotation('description')}`,
      `team.yaml:8: group "team.rules", alert "NoSeverity": ${msg.missingSeverity()}`,
      `team.yaml:11: group "team.rules", record "bad name": ${msg.recordName('bad name')}`,
    ]);
  });

  it('limits a group to 20 rules and reads PrometheusRule CRDs', () => {
    const rules = Array.from({ length: 21 }, (_, i) => `      - record: r:x${i}:sum\n        expr: sum(up)`).join('\n');
    const text = `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: x }\nspec:\n  groups:\n    - name: big\n      rules:\n${rules.replace(/^ {6}/gm, '        ')}\n`;
    expect(lint('crd.yaml', text)).toEqual([`crd.yaml:6: group "big": ${msg.tooManyRules(21, 20)}`]);
  });

  it('requires a title and uid on dashboards and parses panel queries with Grafana variables', () => {
    const d = { panels: [{ title: 'CPU', targets: [{ expr: 'sum(rate(x{cluster=~"$cluster"}[$__rate_interval]))' }, { expr: 'sum(x' }] }] };
    expect(lint('d.json', JSON.stringify(d))).toEqual([
      `d.json: dashboard: ${msg.dashboardMissing('title')}`,
      `d.json: dashboard: ${msg.dashboardMissing('uid')}`,
      `d.json: dashboard: ${msg.panelPromql('CPU', 1, 6, 'unexpected end of expression')}`,
    ]);
  });

  it('finds nothing in what headroom generate writes', () => {
    const { files } = compileMonitoring({ settings: resolveMonitoringSettings(validateConfig({ alerting: { prometheusRuleCrds: true } })), slos: [] });
    const findings = files.filter((f) => /\.(json|yaml)$/.test(f.path)).flatMap((f) => lint(f.path, f.content));
    expect(findings).toEqual([]);
    expect(files.filter((f) => f.path.startsWith('alerts/crds/')).length).toBe(5);
  });
});
