/**
 * Demo stage "monitoring": generates dashboards, alert/recording rules, SLO rules from the
 * bundled example specs (slos/*.yaml), promtool tests, an Alertmanager config (with example
 * receivers whose secrets are file references) and the Jsonnet mixin under <outDir>/monitoring/.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { validateConfig } from '../config/index.js';
import type { DemoContext, DemoStage } from './demo-stage.js';
import { generateMonitoring } from './generate.js';

/** The example SLO specs shipped in the repository (slos/). */
export const exampleSlosDir = fileURLToPath(new URL('../../slos/', import.meta.url));
/** The alert rules the repository ships (alerts/), generated from headroom.example.yaml. */
export const exampleAlertsDir = fileURLToPath(new URL('../../alerts/', import.meta.url));

/** The demo's alerting section: routes by severity to example receivers (secrets as files). */
function buildDemoAlertingConfig(ctx: DemoContext) {
  const alerting = ctx.config.alerting;
  if (alerting.receivers.length) return ctx.config;
  return validateConfig({
    alerting: {
      runbookBaseUrl: alerting.runbookBaseUrl,
      routes: { critical: 'oncall', warning: 'platform-team', info: 'platform-team' },
      receivers: [
        { name: 'oncall', pagerduty: { routingKey: { file: '/etc/alertmanager/secrets/pagerduty-routing-key' } } },
        { name: 'platform-team', slack: { webhookUrl: { file: '/etc/alertmanager/secrets/slack-webhook-url' }, channel: '#platform' }, email: { to: 'platform@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587' } },
      ],
    },
  }, 'demo alerting');
}

export const monitoringStage: DemoStage = {
  name: 'monitoring',
  async run(ctx: DemoContext) {
    const outDir = join(ctx.outDir, 'monitoring');
    const result = await generateMonitoring({ config: buildDemoAlertingConfig(ctx), outDir, slosDir: exampleSlosDir });
    const count = (re: RegExp) => result.files.filter((f) => re.test(f.path)).length;
    const outputs = [
      { label: 'Grafana dashboards', path: join(outDir, 'dashboards') },
      { label: 'alert and recording rules', path: join(outDir, 'alerts') },
      { label: 'promtool unit tests', path: join(outDir, 'alerts', 'tests') },
      { label: 'SLO burn-rate rules', path: join(outDir, 'slos', 'rules') },
      { label: 'Alertmanager config', path: join(outDir, 'alertmanager', 'alertmanager.yml') },
      { label: 'Jsonnet mixin', path: join(outDir, 'mixin', 'mixin.libsonnet') },
    ];
    const alerts = result.files.filter((f) => /^(alerts\/[^/]+|slos\/rules\/[^/]+)\.yaml$/.test(f.path)).reduce((n, f) => n + (f.content.match(/^ {6}- alert: /gm)?.length ?? 0), 0);
    return {
      outputs,
      summary: `${count(/^dashboards\/[^/]+\.json$/)} dashboards, ${alerts} alerts, ${count(/^slos\/rules\//)} SLO rule files, ${count(/^alerts\/tests\//)} promtool test files; check with promtool test rules ${join(outDir, 'alerts', 'tests')}/*.yaml`,
    };
  },
};
