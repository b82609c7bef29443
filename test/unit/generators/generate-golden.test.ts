import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { compileMonitoring } from '../../../src/generators/compile.js';
import { resolveMonitoringSettings } from '../../../src/generators/settings.js';
import { parseSloSpec } from '../../../src/generators/slo/parse-spec.js';
import { buildAlertmanagerConfig } from '../../../src/generators/alertmanager.js';
import { repoRoot } from '../../helpers/cli.js';

const goldenDir = join(repoRoot, 'test/golden/generators/latency-28d');

function compileCase() {
  const config = validateConfig({
    prometheus: { url: 'http://prometheus:9090', clusterLabel: 'k8s_cluster' },
    alerting: { prometheusRuleCrds: true, slo: { period: '28d', pageFor: '5m' } },
  });
  const spec = parseSloSpec('spec.yaml', readFileSync(join(goldenDir, 'spec.yaml'), 'utf8'), 'spec');
  expect(spec.problems).toEqual([]);
  return compileMonitoring({ settings: resolveMonitoringSettings(config), slos: spec.slos });
}

const goldenFiles = ['slos/rules/spec.yaml', 'alerts/tests/slo-spec.yaml', 'alerts/crds/slo-spec.yaml', 'alerts/capacity.yaml', 'dashboards/slo-api-latency.json'];

describe('headroom generate output', () => {
  it('Generate with a latency SLO over 28 days, a custom cluster label and CRDs should match the golden files', () => {
    const files = new Map(compileCase().files.map((f) => [f.path, f.content]));
    for (const path of goldenFiles) {
      const golden = join(goldenDir, 'expected', path);
      const actual = files.get(path);
      expect(actual, path).toBeDefined();
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(dirname(golden), { recursive: true });
        writeFileSync(golden, actual!);
      }
      expect(actual, path).toBe(readFileSync(golden, 'utf8'));
    }
  });

  it('Generating twice should give byte-identical files', () => {
    const a = compileCase().files;
    const b = compileCase().files;
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThan(15);
  });

  it('Generate should derive the 28-day burn factors and guard on traffic in the page alert', () => {
    const rules = compileCase().files.find((f) => f.path === 'slos/rules/spec.yaml')!.content;
    expect(rules).toContain('(13.44 * 0.005)');
    expect(rules).toContain('(5.6 * 0.005)');
    expect(rules).not.toContain('(2.8 * 0.005)'); // the ticket tier is disabled
    expect(rules).toContain('slo:sli_total:rate1h{sloth_id="api-latency"} >= 0.1');
    expect(rules).toContain('api_request_duration_seconds_bucket{job="api", route!="/healthz", le="0.25"}');
    expect(rules).not.toMatch(/\d\.\d*0000000\d/);
  });
});

describe('Alertmanager config', () => {
  const settings = (alerting: Record<string, unknown>) => resolveMonitoringSettings(validateConfig({ alerting }));

  it('is not generated without routes or receivers', () => {
    expect(buildAlertmanagerConfig(settings({}), 'cluster')).toEqual({ doc: undefined, problems: [] });
  });

  it('reports every receiver problem: unknown route targets, env-var secrets and missing email fields', () => {
    const r = buildAlertmanagerConfig(settings({
      routes: { critical: 'pager', warning: 'nobody' },
      receivers: [{ name: 'pager', pagerduty: { routingKey: { env: 'PD_KEY' } } }, { name: 'mail', email: { to: 'a@example.com' } }],
    }), 'cluster');
    expect(r.doc).toBeUndefined();
    expect(r.problems).toEqual([
      'alerting.routes.warning: receiver "nobody" is not defined in alerting.receivers',
      'alerting.receivers.0.pagerduty.routingKey: Alertmanager reads secrets from files; give { file: /path } instead of { env: PD_KEY }',
      'alerting.receivers.1.email.from: required by Alertmanager (sender address)',
      'alerting.receivers.1.email.smarthost: required by Alertmanager (host:port of the SMTP server)',
    ]);
  });

  it('routes each severity to its receiver, most severe first, with secrets as file references', () => {
    const r = buildAlertmanagerConfig(settings({
      routes: { warning: 'team', critical: 'pager' },
      receivers: [{ name: 'pager', pagerduty: { routingKey: { file: '/s/pd' } } }, { name: 'team', slack: { webhookUrl: { file: '/s/slack' } } }],
    }), 'cluster');
    const route = r.doc!.route as { receiver: string; routes: { receiver: string; matchers: string[] }[] };
    expect(route.receiver).toBe('team');
    expect(route.routes.map((x) => [x.matchers[0], x.receiver])).toEqual([['severity="critical"', 'pager'], ['severity="warning"', 'team']]);
    expect(JSON.stringify(r.doc)).toContain('"routing_key_file":"/s/pd"');
    expect(JSON.stringify(r.doc)).toContain('"api_url_file":"/s/slack"');
  });
});

describe('the repository\'s own generated monitoring files', () => {
  it('Generate from headroom.example.yaml and slos/ should match what is checked in', async () => {
    const { loadConfig } = await import('../../../src/config/load.js');
    const { readSloSpecs } = await import('../../../src/app/generate.js');
    const config = await loadConfig(join(repoRoot, 'headroom.example.yaml'));
    const slos = await readSloSpecs(join(repoRoot, 'slos'), true);
    const { files } = compileMonitoring({ settings: resolveMonitoringSettings(config), slos });
    // Paths as committed; a difference means someone changed a generator without regenerating
    // (node bin/headroom.mjs generate --config headroom.example.yaml --out .).
    for (const f of files) expect(readFileSync(join(repoRoot, f.path), 'utf8'), f.path).toBe(f.content);
  });

  it('Reading SLO specs from a missing --slos directory should name it and the fix', async () => {
    const { readSloSpecs } = await import('../../../src/app/generate.js');
    await expect(readSloSpecs('/nonexistent/slos', true)).rejects.toThrow('SLO spec directory /nonexistent/slos cannot be read (ENOENT)');
    await expect(readSloSpecs('/nonexistent/slos', false)).resolves.toEqual([]);
  });
});

describe('runbooks', () => {
  it('Every generated alert should link a section of alerts/runbooks.md', async () => {
    const { parse } = await import('yaml');
    const { readSloSpecs } = await import('../../../src/app/generate.js');
    const { files } = compileMonitoring({ settings: resolveMonitoringSettings(validateConfig({})), slos: await readSloSpecs(join(repoRoot, 'slos'), true) });
    const runbooks = files.find((f) => f.path === 'alerts/runbooks.md')!.content;
    const anchors = new Set([...runbooks.matchAll(/^## (\S+)$/gm)].map((m) => m[1]!.toLowerCase()));
    const urls = files.filter((f) => /^(alerts|slos\/rules)\/[^/]+\.yaml$/.test(f.path))
      .flatMap((f) => (parse(f.content) as { groups: { rules: { alert?: string; annotations?: { runbook_url: string } }[] }[] }).groups.flatMap((g) => g.rules))
      .filter((r) => r.alert).map((r) => r.annotations!.runbook_url);
    expect(urls.length).toBe(21);
    for (const url of urls) {
      expect(url.startsWith('https://github.com/headroom-dev/headroom/blob/main/alerts/runbooks.md#')).toBe(true);
      expect(anchors.has(url.split('#')[1]!), url).toBe(true);
    }
  });
});
