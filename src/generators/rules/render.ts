/**
 * Rule model → documents: Prometheus rule files, PrometheusRule CRDs and promtool unit tests.
 * Keys are emitted in a fixed order so that output is byte-stable.
 */
import { renderAlertTemplate } from './go-template.js';
import type { AlertRule, PromtoolTestGroup, Rule, RuleFile, RuleGroup, TestSeries } from './types.js';

function sortedRecord(r: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!r || Object.keys(r).length === 0) return undefined;
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]!]));
}

function toRuleDoc(rule: Rule): Record<string, unknown> {
  if (rule.kind === 'record') return { record: rule.record, expr: rule.expr, labels: sortedRecord(rule.labels) };
  const { summary, description, runbook_url: runbookUrl, ...rest } = rule.annotations;
  return {
    alert: rule.alert,
    expr: rule.expr,
    for: rule.for,
    labels: sortedRecord(rule.labels),
    annotations: { summary, description, runbook_url: runbookUrl, ...sortedRecord(rest) },
  };
}

function toGroupDoc(group: RuleGroup): Record<string, unknown> {
  return { name: group.name, interval: group.interval, rules: group.rules.map(toRuleDoc) };
}

/** A plain Prometheus rule file (`groups:`). */
export function buildRuleFileDoc(file: RuleFile): Record<string, unknown> {
  return { groups: file.groups.map(toGroupDoc) };
}

/**
 * The same groups as a prometheus-operator PrometheusRule. `meta` writes a sloth
 * PrometheusServiceLevel back under its own name, namespace and labels (as sloth does).
 */
export function buildPrometheusRuleCrd(file: RuleFile, name: string, meta?: { namespace?: string; labels: Record<string, string> }): Record<string, unknown> {
  const labels: Record<string, string> = meta
    ? { ...meta.labels, 'app.kubernetes.io/component': 'SLO', 'app.kubernetes.io/managed-by': 'headroom' }
    : { 'app.kubernetes.io/managed-by': 'headroom', 'app.kubernetes.io/name': 'headroom', prometheus: 'k8s', role: 'alert-rules' };
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name, namespace: meta?.namespace, labels: meta ? sortedRecord(labels) : labels },
    spec: buildRuleFileDoc(file),
  };
}

/** `metric{a="x"}` in promtool's series notation. */
export function formatSeries(s: TestSeries): string {
  const labels = Object.keys(s.labels).sort().map((k) => `${k}="${s.labels[k]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return labels.length ? `${s.metric}{${labels.join(', ')}}` : s.metric;
}

function buildAlertTests(rule: AlertRule): PromtoolTestGroup[] {
  const f = rule.fixture;
  if (!f) return [];
  const series = (list: TestSeries[]) => list.map((s) => ({ series: formatSeries(s), values: s.values }));
  return [
    {
      name: `${rule.alert} fires when its condition holds for its whole for: period`,
      interval: f.interval,
      input_series: series(f.firing),
      alert_rule_test: [{
        eval_time: f.evalTime,
        alertname: rule.alert,
        exp_alerts: f.expected.map((e) => ({
          exp_labels: sortedRecord({ ...e.labels, ...rule.labels })!,
          exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, renderAlertTemplate(v, e.labels, e.value)])),
        })),
      }],
    },
    {
      name: `${rule.alert} stays silent on similar series below its threshold`,
      interval: f.interval,
      input_series: series(f.silent),
      alert_rule_test: [{ eval_time: f.evalTime, alertname: rule.alert, exp_alerts: [] }],
    },
  ];
}

/** A promtool test file for one rule file; `ruleFilePath` is relative to the test file. */
export function buildPromtoolTestDoc(file: RuleFile, ruleFilePath: string, evaluationInterval = '1m'): Record<string, unknown> | undefined {
  const tests = file.groups.flatMap((g) => g.rules.flatMap((r) => (r.kind === 'alert' ? buildAlertTests(r) : [])));
  tests.push(...(file.extraTests ?? []));
  if (tests.length === 0) return undefined;
  return { rule_files: [ruleFilePath], evaluation_interval: evaluationInterval, tests };
}
