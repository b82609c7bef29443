/**
 * Alertmanager configuration from `alerting.routes` and `alerting.receivers`: one route per
 * severity, Slack/email/PagerDuty receivers whose secrets are `*_file` references (Alertmanager
 * reads the file; the secret never enters the generated config).
 */
import type { MonitoringSettings } from './settings.js';

export interface AlertmanagerResult {
  doc: Record<string, unknown> | undefined;
  problems: string[];
}

/** Builds the config, or lists every problem (unknown receivers, env-var secrets, missing email fields). */
export function buildAlertmanagerConfig(s: MonitoringSettings, clusterLabel: string): AlertmanagerResult {
  const { routes, receivers } = s.alertmanager;
  const problems: string[] = [];
  if (receivers.length === 0 && Object.keys(routes).length === 0) return { doc: undefined, problems };
  const names = new Set(receivers.map((r) => r.name));
  for (const [severity, receiver] of Object.entries(routes)) {
    if (!names.has(receiver)) problems.push(`alerting.routes.${severity}: receiver "${receiver}" is not defined in alerting.receivers`);
  }
  const receiverDocs = receivers.map((r, i) => {
    const doc: Record<string, unknown> = { name: r.name };
    const fileOf = (ref: { env?: string; file?: string }, path: string): string | undefined => {
      if (ref.file) return ref.file;
      problems.push(`alerting.receivers.${i}.${path}: Alertmanager reads secrets from files; give { file: /path } instead of { env: ${ref.env} }`);
      return undefined;
    };
    if (r.slack) doc.slack_configs = [{ api_url_file: fileOf(r.slack.webhookUrl, 'slack.webhookUrl'), channel: r.slack.channel, send_resolved: true, title: '{{ .CommonAnnotations.summary }}', text: '{{ range .Alerts }}{{ .Annotations.description }}\n{{ .Annotations.runbook_url }}\n{{ end }}' }];
    if (r.email) {
      if (!r.email.from) problems.push(`alerting.receivers.${i}.email.from: required by Alertmanager (sender address)`);
      if (!r.email.smarthost) problems.push(`alerting.receivers.${i}.email.smarthost: required by Alertmanager (host:port of the SMTP server)`);
      doc.email_configs = [{ to: r.email.to, from: r.email.from, smarthost: r.email.smarthost, send_resolved: true }];
    }
    if (r.pagerduty) doc.pagerduty_configs = [{ routing_key_file: fileOf(r.pagerduty.routingKey, 'pagerduty.routingKey'), send_resolved: true }];
    return doc;
  });
  if (problems.length) return { doc: undefined, problems };
  const severities = Object.keys(routes).filter((k) => k !== 'default').sort((a, b) => rankSeverity(s, a) - rankSeverity(s, b));
  let defaultReceiver = routes.default ?? routes.warning ?? receivers[0]?.name;
  const docs = [...receiverDocs];
  if (!defaultReceiver) {
    defaultReceiver = 'headroom-null';
    docs.push({ name: defaultReceiver });
  }
  return {
    problems,
    doc: {
      route: {
        receiver: defaultReceiver,
        group_by: ['alertname', clusterLabel, 'namespace'],
        group_wait: '30s',
        group_interval: '5m',
        repeat_interval: '4h',
        routes: severities.map((sev) => ({ receiver: routes[sev], matchers: [`severity="${sev}"`], continue: false })),
      },
      inhibit_rules: [
        { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: ['alertname', clusterLabel, 'namespace'] },
        { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal: ['alertname', clusterLabel, 'namespace'] },
      ],
      receivers: docs,
    },
  };
}

function rankSeverity(s: MonitoringSettings, severity: string): number {
  const i = s.severities.indexOf(severity);
  return i < 0 ? s.severities.length : i;
}
