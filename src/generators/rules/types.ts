/** The rule model the generators build and the renderers turn into Prometheus rule files. */

/** One input series of a promtool unit test, in promtool's expanding notation (`0+60x30`). */
export interface TestSeries {
  metric: string;
  labels: Record<string, string>;
  values: string;
}

/** Series that make an alert fire at `evalTime`, and the alerts (labels and `$value`) expected then. */
export interface AlertFixture {
  /** Sample spacing of the input series, e.g. `1m`. */
  interval: string;
  evalTime: string;
  firing: TestSeries[];
  /** Labels of each expected alert (without rule labels and alertname) and its `$value`. */
  expected: { labels: Record<string, string>; value: number }[];
  /** Series that look alike but must not fire. */
  silent: TestSeries[];
}

export interface AlertRule {
  kind: 'alert';
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  /** `summary` always; Headroom's alerts also `description` and `runbook_url` (sloth-compatible SLO alerts carry sloth's). */
  annotations: { summary: string } & Record<string, string>;
  /** Input for the generated promtool test; every generated alert has one. */
  fixture?: AlertFixture;
}

export interface RecordingRule {
  kind: 'record';
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export type Rule = AlertRule | RecordingRule;

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

/** One rule file: `alerts/<name>.yaml` (or `slos/rules/<name>.yaml`). */
export interface RuleFile {
  name: string;
  groups: RuleGroup[];
  /** Hand-made promtool tests (SLO burn scenarios) besides the per-alert fixtures. */
  extraTests?: PromtoolTestGroup[];
}

/** A promtool `tests:` entry. */
export interface PromtoolTestGroup {
  name: string;
  interval: string;
  input_series: { series: string; values: string }[];
  alert_rule_test?: { eval_time: string; alertname: string; exp_alerts: { exp_labels: Record<string, string>; exp_annotations?: Record<string, string> }[] }[];
  promql_expr_test?: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}
