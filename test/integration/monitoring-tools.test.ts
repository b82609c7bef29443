/**
 * What `headroom generate` writes passes the real tools: promtool check/test rules (including the
 * SLO burn scenarios: page at 20× within an hour, silent at 0.5× for three days), amtool
 * check-config, and the Jsonnet mixin evaluates with `jsonnet` to the same JSON and YAML.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMonitoring } from '../../src/app/generate.js';
import { validateConfig } from '../../src/config/load.js';
import { repoRoot } from '../helpers/cli.js';

let out: string;

function run(cmd: string, args: string[], cwd = out): { code: number; output: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

let testRun: { code: number; output: string } | undefined;
/** One `promtool test rules` run over every generated test file (about 30 s), shared by the tests below. */
function runAllPromtoolTests(): { code: number; output: string } {
  testRun ??= run('promtool', ['test', 'rules', ...list('alerts/tests')]);
  return testRun;
}

const list = (dir: string, re = /\.yaml$/) => readdirSync(join(out, dir)).filter((f) => re.test(f)).sort().map((f) => `${dir}/${f}`);

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'headroom-monitoring-'));
  const config = validateConfig({
    alerting: {
      prometheusRuleCrds: true,
      routes: { critical: 'oncall', warning: 'platform', info: 'platform' },
      receivers: [
        { name: 'oncall', pagerduty: { routingKey: { file: '/etc/alertmanager/secrets/pd' } } },
        { name: 'platform', slack: { webhookUrl: { file: '/etc/alertmanager/secrets/slack' }, channel: '#platform' }, email: { to: 'team@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587' } },
      ],
    },
  });
  await generateMonitoring({ config, outDir: out, slosDir: join(repoRoot, 'slos') });
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('generated monitoring files and the real tools', () => {
  it('promtool check rules accepts every rule file', () => {
    const files = [...list('alerts'), ...list('slos/rules')];
    expect(files).toEqual(['alerts/capacity.yaml', 'alerts/cost.yaml', 'alerts/forecast.yaml', 'alerts/recording.yaml', 'alerts/workload.yaml', 'slos/rules/checkout.yaml', 'slos/rules/search.yaml']);
    const r = run('promtool', ['check', 'rules', ...files]);
    expect(r.output).not.toContain('FAILED');
    expect(r.code).toBe(0);
    expect(r.output.match(/SUCCESS/g)?.length).toBe(files.length);
  });

  it('promtool test rules passes the generated tests: every alert fires on its input and stays silent on the other', () => {
    const tests = list('alerts/tests');
    const r = runAllPromtoolTests();
    expect(r.output).not.toContain('FAILED');
    expect(r.code).toBe(0);
    const alerts = [...list('alerts'), ...list('slos/rules')].flatMap((f) => (parse(readFileSync(join(out, f), 'utf8')) as { groups: { rules: { alert?: string }[] }[] }).groups.flatMap((g) => g.rules.flatMap((x) => (x.alert ? [x.alert] : []))));
    const cluster = alerts.filter((a) => a.startsWith('Headroom'));
    const testText = tests.map((t) => readFileSync(join(out, t), 'utf8')).join('\n');
    for (const a of cluster) {
      expect(testText).toContain(`name: "${a} fires when its condition holds for its whole for: period"`);
      expect(testText).toContain(`name: ${a} stays silent on similar series below its threshold`);
    }
    expect(cluster.length).toBe(15);
  });

  it('the SLO rules of the sloth example page at a 20x burn within an hour and stay silent at 0.5x for three days', () => {
    const test = readFileSync(join(out, 'alerts/tests/slo-checkout.yaml'), 'utf8');
    expect(test).toContain('checkout-requests-availability pages within an hour at a 20x error-budget burn');
    expect(test).toContain('checkout-requests-availability stays silent for three days at a 0.5x error-budget burn');
    expect(test).toContain('expr: ALERTS{alertname="CheckoutAvailabilityBudgetBurn", alertstate="firing", sloth_id="checkout-requests-availability", sloth_severity="page"}');
    const r = runAllPromtoolTests();
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Unit Testing: +alerts\/tests\/slo-checkout\.yaml\n +SUCCESS/);
  });

  it('a generated test fails when the rule it tests is changed, so the tests can catch regressions', () => {
    const broken = mkdtempSync(join(tmpdir(), 'headroom-broken-'));
    try {
      cpSync(out, broken, { recursive: true });
      const file = join(broken, 'alerts/capacity.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('> 0.9', '> 0.99'));
      const r = run('promtool', ['test', 'rules', 'alerts/tests/capacity.yaml'], broken);
      expect(r.code).toBe(1);
      expect(r.output).toContain('alertname: HeadroomCpuRequestsNearAllocatable');
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('amtool check-config accepts the Alertmanager config, whose secrets are file references', () => {
    const r = run('amtool', ['check-config', 'alertmanager/alertmanager.yml']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('SUCCESS');
    expect(r.output).toContain('2 receivers');
    const text = readFileSync(join(out, 'alertmanager/alertmanager.yml'), 'utf8');
    expect(text).toContain('routing_key_file: /etc/alertmanager/secrets/pd');
    expect(text).toContain('api_url_file: /etc/alertmanager/secrets/slack');
  });

  it('the PrometheusRule CRDs carry the same groups as the plain rule files', () => {
    for (const name of ['capacity', 'workload']) {
      const crd = parse(readFileSync(join(out, `alerts/crds/${name}.yaml`), 'utf8')) as { kind: string; spec: unknown };
      expect(crd.kind).toBe('PrometheusRule');
      expect(crd.spec).toEqual(parse(readFileSync(join(out, `alerts/${name}.yaml`), 'utf8')));
    }
  });

  it('jsonnet evaluates the mixin to the same dashboards and rules, and _config overrides apply', () => {
    const evalJsonnet = (code: string) => {
      const r = run('jsonnet', ['-J', out, '-e', code]);
      expect(r.code, r.output).toBe(0);
      return JSON.parse(r.output) as Record<string, unknown>;
    };
    const mixin = evalJsonnet('local m = import "mixin/mixin.libsonnet"; { d: m.grafanaDashboards, a: m.prometheusAlerts, r: m.prometheusRules, c: m._config }');
    const dashboards = readdirSync(join(out, 'dashboards')).filter((f) => f.endsWith('.json')).sort();
    expect(Object.keys(mixin.d as object).sort()).toEqual(dashboards);
    for (const f of dashboards) expect((mixin.d as Record<string, unknown>)[f]).toEqual(JSON.parse(readFileSync(join(out, 'dashboards', f), 'utf8')));
    const groups = [...list('alerts'), ...list('slos/rules')].flatMap((f) => (parse(readFileSync(join(out, f), 'utf8')) as { groups: { name: string; rules: Record<string, unknown>[] }[] }).groups);
    const isAlertGroup = (g: { rules: Record<string, unknown>[] }) => g.rules.some((r) => 'alert' in r);
    const sortGroups = (gs: { name: string }[]) => [...gs].sort((a, b) => a.name.localeCompare(b.name));
    expect(sortGroups((mixin.a as { groups: { name: string }[] }).groups)).toEqual(sortGroups(groups.filter(isAlertGroup)));
    expect(sortGroups((mixin.r as { groups: { name: string }[] }).groups)).toEqual(sortGroups(groups.filter((g) => !isAlertGroup(g))));
    expect(mixin.c).toEqual({ extraAlertLabels: {}, runbookBaseUrl: 'https://github.com/headroom-dev/headroom/blob/main/alerts/runbooks.md', kubeStateMetricsSelector: 'job="kube-state-metrics"', kubeletSelector: 'job="kubelet"' });

    const overridden = evalJsonnet('((import "mixin/mixin.libsonnet") + { _config+:: { runbookBaseUrl: "https://runbooks.example.com", extraAlertLabels: { team: "platform" } } }).prometheusAlerts') as { groups: { rules: { alert: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[] };
    const rules = overridden.groups.flatMap((g) => g.rules);
    expect(rules.every((r) => r.labels.team === 'platform')).toBe(true);
    expect(rules.find((r) => r.alert === 'HeadroomCpuOvercommit')!.annotations.runbook_url).toBe('https://runbooks.example.com#headroomcpuovercommit');

    const selectors = evalJsonnet('local m = (import "mixin/mixin.libsonnet") + { _config+:: { kubeStateMetricsSelector: "job=\\"ksm\\"", kubeletSelector: "job=\\"cadvisor\\"" } }; { a: m.prometheusAlerts, r: m.prometheusRules, d: m.grafanaDashboards }');
    const text = JSON.stringify(selectors);
    expect(text).not.toContain('job=\\"kube-state-metrics\\"');
    expect(text).not.toContain('job=\\"kubelet\\"');
    expect(text).toContain('kube_node_status_allocatable{job=\\"ksm\\", resource=\\"cpu\\"}');
    expect(text).toContain('container_cpu_usage_seconds_total{job=\\"cadvisor\\", container!=\\"\\"}');
  });
});
