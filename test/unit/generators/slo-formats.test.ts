import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { compileMonitoring } from '../../../src/generators/compile.js';
import { resolveMonitoringSettings } from '../../../src/generators/settings.js';
import { buildSloGroups, listSliPluginIds, parseSloSpec } from '../../../src/generators/slo/index.js';
import { hoistWindowSubqueries } from '../../../src/generators/slo/hoist-subqueries.js';
import { buildSloDashboard } from '../../../src/generators/dashboards/slo.js';
import type { AlertRule } from '../../../src/generators/rules/types.js';
import { repoRoot } from '../../helpers/cli.js';

const fixture = (name: string) => {
  const r = parseSloSpec(name, readFileSync(join(repoRoot, 'test/fixtures/slo', name), 'utf8'), name.replace(/\.ya?ml$/, ''));
  expect(r.problems).toEqual([]);
  return r.slos;
};
const settings = (compat: 'headroom' | 'sloth') => resolveMonitoringSettings(validateConfig({ alerting: { slo: { compat } } }));
const alertsOf = (slo: ReturnType<typeof fixture>[number], compat: 'headroom' | 'sloth') => buildSloGroups(slo, settings(compat)).flatMap((g) => g.rules).filter((r): r is AlertRule => r.kind === 'alert');

describe('SLO specs as their users write them', () => {
  it('Label values written as YAML numbers and booleans should be read as the strings sloth writes, and snake/hyphen alert names accepted', () => {
    const [p80] = fixture('victoria-metrics.yml');
    expect(p80!.labels).toMatchObject({ generated: 'true', le_seconds: '0.25' });
    expect(p80!.alerting.labels).toEqual({ objective: '80', budget_percent: '20' });
    expect(p80!.alerting.name).toBe('slo_quote-api_rpc-latency-p80_fail');
    expect(p80!.rules.dialect).toBe('metricsql');
  });

  it('An SLI plugin should become a raw SLI with its traffic, and an unknown plugin id should list the known ones', () => {
    const [slo] = fixture('plugin-getting-started.yml');
    expect(slo!.sli).toEqual({
      kind: 'raw',
      errorRatioQuery: 'sum(rate(http_request_duration_seconds_count{ region="eu",zone="a",job="storefront",code=~"(5..|429)" }[{{.window}}]))\n/\nsum(rate(http_request_duration_seconds_count{ region="eu",zone="a",job="storefront" }[{{.window}}]))',
      totalQuery: 'sum(rate(http_request_duration_seconds_count{ region="eu",zone="a",job="storefront" }[{{.window}}]))',
    });
    const bad = parseSloSpec('x.yaml', 'version: prometheus/v1\nservice: a\nslos:\n  - name: b\n    objective: 99\n    sli: { plugin: { id: nope/v1 } }\n    alerting: { page_alert: { disable: true }, ticket_alert: { disable: true } }\n', 'x');
    expect(bad.problems).toEqual([`x.yaml: slos.0.sli.plugin.id: unknown SLI plugin "nope/v1"; known: ${listSliPluginIds().join(', ')}`]);
    expect(listSliPluginIds()).toContain('sloth-common/kubernetes/apiserver/latency');
  });

  it('The Kubernetes API server plugins should build sloth-common\'s queries from bucket and filter', () => {
    const spec = (id: string, options: string) => parseSloSpec('k.yaml', `version: prometheus/v1\nservice: k\nslos:\n  - name: a\n    objective: 99\n    sli: { plugin: { id: ${id}, options: ${options} } }\n    alerting: { name: A }\n`, 'k');
    const latency = spec('sloth-common/kubernetes/apiserver/latency', '{ bucket: 0.4, filter: \'cluster="odin"\' }');
    expect(latency.problems).toEqual([]);
    expect(latency.slos[0]!.sli).toMatchObject({ totalQuery: 'sum(rate(apiserver_request_duration_seconds_count{ cluster="odin",verb!="WATCH" }[{{.window}}]))' });
    expect(spec('sloth-common/kubernetes/apiserver/latency', '{}').problems[0]).toContain('the "bucket" option is required');
    expect(spec('sloth-common/kubernetes/apiserver/availability', '{}').slos[0]!.sli).toMatchObject({ errorRatioQuery: 'sum(rate(apiserver_request_total{ code=~"(5..|429)" }[{{.window}}]))\n/\nsum(rate(apiserver_request_total{  }[{{.window}}]))' });
  });

  it('A PrometheusServiceLevel with snake_case page_alert/ticket_alert should keep their labels', () => {
    const [slo] = fixture('plugin-k8s-getting-started.yml');
    expect(slo!.alerting.page.labels).toEqual({ severity: 'oncall', routing_key: 'web-team' });
    expect(slo!.k8s).toEqual({ name: 'slo-storefront-plugin', namespace: 'observability', labels: { prometheus: 'main', role: 'alert-rules', app: 'headroom-fixture' }, annotations: {} });
  });

  it('OpenSLO v1alpha objectives should become one SLO each, and v1 SLOs should resolve their SLI and AlertPolicy by name', () => {
    expect(fixture('openslo-kubernetes-apiserver.yml').map((s) => [s.id, s.objectivePercent, s.alerting.page.disable])).toEqual([
      ['kube-api-kube-api-availability-0', 99.9, true], ['kube-api-kube-api-latency-0', 99, true], ['kube-api-kube-api-latency-1', 99.9, true],
    ]);
    const [checkout, p99] = fixture('openslo-v1.yaml');
    expect(checkout!.sli.kind).toBe('events');
    expect(checkout!.alerting).toMatchObject({ name: 'CheckoutBudgetBurn', labels: { team: 'web-team' }, page: { disable: false }, ticket: { disable: false } });
    expect(p99!.sli).toMatchObject({ kind: 'raw' });
    expect(p99!.objectivePercent).toBe(99);
  });

  it('An OpenSLO time window should be the SLO\'s period: its budget, burn-rate factors and period rules', () => {
    const v1 = readFileSync(join(repoRoot, 'test/fixtures/slo/openslo-v1.yaml'), 'utf8');
    const parse = (text: string) => parseSloSpec('o.yaml', text, 'o');
    const fourWeeks = parse(v1.replaceAll('duration: 30d', 'duration: 28d'));
    expect(fourWeeks.problems).toEqual([]);
    expect(fourWeeks.slos.map((s) => s.periodSeconds)).toEqual([28 * 86400, 28 * 86400]);
    const rules = buildSloGroups(fourWeeks.slos[0]!, settings('sloth')).flatMap((g) => g.rules);
    expect(rules.map((r) => (r.kind === 'record' ? r.record : r.alert))).toContain('slo:sli_error:ratio_rate4w');
    expect(rules.find((r) => r.kind === 'record' && r.record === 'slo:time_period:days')?.expr).toBe('vector(28)');
    const [page, ticket] = rules.filter((r): r is AlertRule => r.kind === 'alert');
    expect(page!.expr).toContain('> (13.44 * ((100 - 99.9) / 100))');
    expect(page!.expr).toContain('> (5.6 * ((100 - 99.9) / 100))');
    expect(ticket!.expr).toContain('> (2.8 * ((100 - 99.9) / 100))');
    expect(ticket!.expr).toContain('> (0.933333333333 * ((100 - 99.9) / 100))');
    // A week, in the default mode; a spec without a window keeps alerting.slo.period.
    const week = parse(v1.replaceAll('duration: 30d', 'duration: 1w')).slos[0]!;
    const [weekPage] = alertsOf(week, 'headroom');
    expect(weekPage!.expr).toContain('> (3.36 * 0.001)');
    expect(weekPage!.expr).toContain('> (1.4 * 0.001)');
    expect(buildSloDashboard(settings('headroom'), week).description).toBe('Checkout requests answered without 5xx or 429. — objective 99.9% over 1w.');
    expect(fixture('getting-started.yml')[0]!.periodSeconds).toBeUndefined();
    const alpha = parse(readFileSync(join(repoRoot, 'test/fixtures/slo/openslo-getting-started.yml'), 'utf8').replace('count: 30', 'count: 7'));
    expect(alpha.problems).toEqual([]);
    expect(buildSloGroups(alpha.slos[0]!, settings('sloth')).flatMap((g) => g.rules).some((r) => r.kind === 'record' && r.record === 'slo:sli_error:ratio_rate1w')).toBe(true);
  });

  it('An OpenSLO v1 SLO with `alertPolicies:` and nothing under it (OpenSLO\'s own examples) should read as one without policies', () => {
    const spec = (policies: string) => `apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: search }\nspec:\n  service: shop\n  indicator:\n    metadata: { name: search-errors }\n    spec:\n      ratioMetric:\n        counter: true\n        bad: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(search_errors_total[{{.window}}]))' } } }\n        total: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(search_total[{{.window}}]))' } } }\n  objectives:\n    - target: 0.99\n${policies}`;
    const empty = parseSloSpec('o.yaml', spec('  alertPolicies:\n'), 'o');
    expect(empty.problems).toEqual([]);
    const absent = parseSloSpec('o.yaml', spec(''), 'o');
    expect(empty.slos).toEqual(absent.slos);
  });

  it('Calendar windows, short or calendar-unit durations and time-slice budgeting should be rejected naming the SLO and what is supported', () => {
    const v1 = readFileSync(join(repoRoot, 'test/fixtures/slo/openslo-v1.yaml'), 'utf8');
    const first = (text: string) => parseSloSpec('o.yaml', text, 'o').problems;
    const rolling = 'use a rolling window (isRolling: true) of at least 3d, such as 28d or 30d';
    expect(first(v1.replace('duration: 30d\n      isRolling: true', 'duration: 1M\n      isRolling: false\n      calendar: { startTime: "2026-01-01 00:00:00", timeZone: UTC }'))).toEqual([
      `o.yaml: document 3: spec.timeWindow.0: SLO "checkout-availability": calendar-aligned time windows are not supported; ${rolling}`,
    ]);
    expect(first(v1.replace('duration: 30d', 'duration: 1M'))).toEqual([`o.yaml: document 3: spec.timeWindow.0: SLO "checkout-availability": time window "1M" is not supported; ${rolling}`]);
    expect(first(v1.replace('duration: 30d', 'duration: 1d'))).toEqual([`o.yaml: document 3: spec.timeWindow.0: SLO "checkout-availability": time window "1d" is not supported; ${rolling}`]);
    for (const method of ['Timeslices', 'RatioTimeslices']) {
      expect(first(v1.replace('budgetingMethod: Occurrences', `budgetingMethod: ${method}`))).toEqual([`o.yaml: document 3: spec.budgetingMethod: SLO "checkout-availability": budgetingMethod "${method}" is not supported; only Occurrences (the default)`]);
    }
    const alpha = readFileSync(join(repoRoot, 'test/fixtures/slo/openslo-getting-started.yml'), 'utf8');
    expect(first(alpha.replace('unit: Day', 'unit: Day\n      isRolling: false'))).toEqual([`o.yaml: spec.timeWindows.0: SLO "storefront-availability": calendar-aligned time windows are not supported; ${rolling}`]);
    expect(first(alpha.replace('budgetingMethod: Occurrences', 'budgetingMethod: Timeslices'))).toEqual(['o.yaml: spec.budgetingMethod: SLO "storefront-availability": budgetingMethod "Timeslices" is not supported; only Occurrences (the default)']);
  });

  it('Sloth-compatible alerts should have no for:, sloth\'s labels and annotations, and sloth\'s threshold arithmetic', () => {
    const [availability] = fixture('kubernetes-apiserver.yml');
    const [page] = alertsOf(availability!, 'sloth');
    expect(page!.for).toBeUndefined();
    expect(page!.labels).toEqual({ category: 'availability', severity: 'critical', sloth_severity: 'page' });
    expect(page!.annotations).toEqual({
      summary: '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.',
      title: '(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.',
      runbook: 'https://runbooks.example.com/kube-api#availability',
    });
    expect(page!.expr).toContain('> (14.4 * ((100 - 99.9) / 100))) without (sloth_window)');
    expect(page!.expr).not.toContain('sli_total');
  });

  it('Default alerts should keep the spec\'s runbook, name the window pairs in an annotation, and carry no label that changes while firing', () => {
    const [availability] = fixture('kubernetes-apiserver.yml');
    const [page] = alertsOf(availability!, 'headroom');
    expect(page!.for).toBe('2m');
    expect(page!.labels).toEqual({ severity: 'critical', category: 'availability', sloth_severity: 'page' });
    expect(page!.annotations.runbook).toBe('https://runbooks.example.com/kube-api#availability');
    expect(page!.annotations.runbook_url).toBeUndefined();
    expect(page!.annotations.burn_window).toContain('"burn_window", "6h/30m"');
    expect(page!.expr).not.toContain('label_replace');
    expect(page!.expr).toContain('slo:sli_total:rate1h{sloth_id="kube-api-requests-availability"} >= 0.1');
  });

  it('The traffic guard should apply to a raw SLI with traffic (plugin) and be off in sloth mode unless the SLO asks', () => {
    const [plugin] = fixture('plugin-getting-started.yml');
    expect(alertsOf(plugin!, 'headroom')[0]!.expr).toContain('slo:sli_total:rate1h{sloth_id="storefront-requests-availability"} >= 0.1');
    expect(alertsOf(plugin!, 'sloth')[0]!.expr).not.toContain('sli_total');
    const guarded = { ...plugin!, rules: { ...plugin!.rules, minEventsPerSecond: 2 } };
    expect(alertsOf(guarded, 'sloth')[0]!.expr).toContain('>= 2)');
    expect(alertsOf({ ...plugin!, rules: { ...plugin!.rules, minEventsPerSecond: 0 } }, 'headroom')[0]!.expr).not.toContain('sli_total');
  });

  it('Window subqueries over gauges (home-wifi) should be recorded once per evaluation and read by every window, not re-evaluated per window', () => {
    const [decent] = fixture('home-wifi.yml');
    const rules = buildSloGroups(decent!, settings('sloth'))[0]!.rules.filter((r) => r.kind === 'record');
    const id = 'sloth_id="office-wifi-decent-wifi-clients", sloth_service="office-wifi", sloth_slo="decent-wifi-clients"';
    expect(rules.slice(0, 2).map((r) => [r.record, r.expr, r.labels?.sloth_subquery])).toEqual([
      ['slo:sli_subquery:step', 'count(unifipoller_client_satisfaction_ratio < 0.7)', '0'],
      ['slo:sli_subquery:step', 'count(unifipoller_client_satisfaction_ratio)', '1'],
    ]);
    const threeDays = rules.find((r) => r.record === 'slo:sli_error:ratio_rate3d')!;
    expect(threeDays.expr).toBe([
      '(',
      `sum without (sloth_id, sloth_service, sloth_slo, sloth_subquery) (sum_over_time(slo:sli_subquery:step{${id}, sloth_subquery="0"}[3d])) OR on() vector(0)`,
      ')', '/', '(',
      `sum without (sloth_id, sloth_service, sloth_slo, sloth_subquery) (sum_over_time(slo:sli_subquery:step{${id}, sloth_subquery="1"}[3d]))`,
      ')',
    ].join('\n'));
    expect(rules.map((r) => r.expr).join('\n')).not.toMatch(/\[\d+[smhdw]:/);
    // A subquery with its own resolution, or whose inner expression uses the window, stays as written.
    const kept = hoistWindowSubqueries({ kind: 'raw', errorRatioQuery: 'avg_over_time((up == bool 0)[{{.window}}:1m]) + max_over_time((rate(x[{{ .window }}]))[{{.window}}:])' }, { sloth_id: 'a' });
    expect(kept).toEqual({ sli: { kind: 'raw', errorRatioQuery: 'avg_over_time((up == bool 0)[{{.window}}:1m]) + max_over_time((rate(x[{{.window}}]))[{{.window}}:])' }, steps: [] });
  });

  it('SLO plugins should add info labels, group intervals and denominator-corrected rules, and an unknown id should list the known ones', () => {
    const [info, intervals] = fixture('contrib-slo-plugins.yml');
    const infoRule = buildSloGroups(info!, settings('sloth')).flatMap((g) => g.rules).find((r) => r.kind === 'record' && r.record === 'sloth_slo_info');
    expect(infoRule?.labels).toMatchObject({ info_a: 'value-a', info_b: 'value-b', sloth_mode: 'cli-gen-prom' });
    expect(buildSloGroups(intervals!, settings('sloth')).map((g) => g.interval)).toEqual(['2m', '2m', '2m']);
    const [corrected] = fixture('contrib-denominator-corrected.yaml');
    const rules = buildSloGroups(corrected!, settings('sloth')).flatMap((g) => g.rules);
    expect(rules.some((r) => r.kind === 'record' && r.record === 'slo:numerator_correction:ratio5m')).toBe(true);
    const bad = parseSloSpec('x.yaml', 'version: prometheus/v1\nservice: a\nslo_plugins: { chain: [ { id: sloth.dev/contrib/nope/v1 } ] }\nslos:\n  - name: b\n    objective: 99\n    sli: { raw: { error_ratio_query: "vector(0)[{{.window}}:]" } }\n    alerting: { name: B }\n', 'x');
    expect(bad.problems[0]).toMatch(/^x\.yaml: slo_plugins\.chain\.0\.id: unknown SLO plugin "sloth\.dev\/contrib\/nope\/v1"; known: .*headroom\.dev\/min_traffic\/v1/);
  });

  it('--format prometheusrule should write a PrometheusServiceLevel back as a PrometheusRule under its own name and namespace', () => {
    const slos = fixture('k8s-getting-started.yml');
    const files = (format: 'rules' | 'prometheusrule') => new Map(compileMonitoring({ settings: settings('sloth'), slos, sloFormat: format }).files.map((f) => [f.path, f.content]));
    const crd = files('prometheusrule');
    expect(crd.get('slos/rules/k8s-getting-started.yaml')).toContain('kind: PrometheusRule\nmetadata:\n  name: slo-storefront\n  namespace: observability\n  labels:\n    app.kubernetes.io/component: SLO\n    app.kubernetes.io/managed-by: headroom\nspec:\n  groups:\n');
    expect(crd.has('alerts/tests/slo-k8s-getting-started.yaml')).toBe(false);
    const plain = files('rules');
    expect(plain.get('slos/rules/k8s-getting-started.yaml')).toMatch(/^# .*\ngroups:\n/);
    expect(plain.has('alerts/tests/slo-k8s-getting-started.yaml')).toBe(true);
  });
});
