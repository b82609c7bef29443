/** Builds the labels and annotations every Headroom alert carries. */
import type { MonitoringSettings } from '../settings.js';
import type { AlertRule } from './types.js';

/** `<runbookBaseUrl>#<alertname-lowercase>` — one anchor per alert in the runbook page. */
export function runbookUrl(settings: MonitoringSettings, alert: string): string {
  return `${settings.runbookBaseUrl}#${alert.toLowerCase()}`;
}

/** An alert with severity, summary, templated description and runbook URL. */
export function buildAlert(settings: MonitoringSettings, spec: Omit<AlertRule, 'kind' | 'labels' | 'annotations'> & { severity: string; summary: string; description: string; labels?: Record<string, string> }): AlertRule {
  const rule: AlertRule = {
    kind: 'alert',
    alert: spec.alert,
    expr: spec.expr,
    labels: { severity: spec.severity, ...spec.labels },
    annotations: { summary: spec.summary, description: spec.description, runbook_url: runbookUrl(settings, spec.alert) },
  };
  if (spec.for) rule.for = spec.for;
  if (spec.fixture) rule.fixture = spec.fixture;
  return rule;
}
