/**
 * Every check `headroom lint` runs: its stable name (what `lint.disable`, `# headroom-lint disable`
 * and the output use), its level and what it looks for. pint's checks are the model; the names
 * follow pint's where the check is the same.
 */
import type { LintLevel } from './types.js';

export const lintChecks = {
  'input/syntax': { level: 'error', about: 'the file is valid YAML or JSON (first error of each document, with its line and column)' },
  'input/binary': { level: 'error', about: 'the file is text, not binary' },
  'input/empty': { level: 'warning', about: 'the file has content' },
  'input/kind': { level: 'warning', about: 'the file is a rule file, PrometheusRule, dashboard, ConfigMap(List) with dashboards or rules, or SLO spec' },
  'input/shape': { level: 'error', about: 'lists are lists and objects are objects where Prometheus and Grafana expect them (null rules, null panels, panels given as an object…)' },
  'rule/fields': { level: 'error', about: 'no unknown fields in groups and rules (Prometheus refuses them: `fro:`)' },
  'rule/kind': { level: 'error', about: 'a rule has exactly one of alert or record, and an expr' },
  'rule/name': { level: 'error', about: 'record names are metric names; group names are set and unique in a file' },
  'rule/duration': { level: 'error', about: '`for`, `keep_firing_for` and `interval` are Prometheus durations; recording rules have neither `for` nor annotations' },
  'rule/labels': { level: 'error', about: 'label and annotation names are valid, their values are strings' },
  'rule/duplicate': { level: 'error', about: 'no recording rule is defined twice (same name, labels and query); an alert so duplicated is a warning' },
  'promql/syntax': { level: 'error', about: 'the query parses (Prometheus\' own Lezer grammar)' },
  'promql/types': { level: 'error', about: 'argument types, arity, range vs instant vectors, scalar comparisons (the Prometheus UI\'s linter, @prometheus-io/codemirror-promql)' },
  'promql/rate': { level: 'warning', about: 'rate/irate/increase/deriv ranges are at least 2× the scrape interval' },
  'promql/range': { level: 'warning', about: 'ranges are not longer than the data kept (31 days, or the live server\'s retention)' },
  'promql/regexp': { level: 'warning', about: 'regexp matchers (=~, !~) use a regexp; a plain string wants = or !=' },
  'promql/promtool': { level: 'error', about: 'with --promtool, what `promtool check rules` rejects' },
  'promql/series': { level: 'error', about: 'with --prometheus-url: selected metrics exist now (or did within the look-back), and labels in matchers and by() exist on them' },
  'alerts/template': { level: 'error', about: 'labels and annotations are valid Go templates using only defined variables (error); $labels.x names a label the query keeps (warning: it renders empty)' },
  'alerts/value-in-labels': { level: 'warning', about: '$value is not used in labels (every new value makes a new alert)' },
  'alerts/comparison': { level: 'warning', about: 'alert queries have a condition (a comparison), so they do not fire for every series' },
  'alerts/absent': { level: 'warning', about: 'alerts on absent() have a `for` (one failed scrape is not an outage)' },
  'headroom/conventions': { level: 'info', about: 'Headroom\'s conventions: CamelCase alert names, a configured severity, summary and description, at most 20 rules per group' },
  'slo/spec': { level: 'error', about: 'SLO specs parse as `headroom generate` reads them (sloth prometheus/v1, PrometheusServiceLevel)' },
  'dashboard/uid': { level: 'warning', about: 'dashboards have a title and a uid of at most 40 characters' },
  'internal/error': { level: 'error', about: 'a bug in Headroom while reading this file (reported, never a crash)' },
} as const satisfies Record<string, { level: LintLevel; about: string }>;

export type LintCheck = keyof typeof lintChecks;
