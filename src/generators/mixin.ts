/**
 * The Jsonnet mixin (`mixin/mixin.libsonnet`): the generated dashboards and rules under the
 * monitoring-mixin fields `grafanaDashboards`, `prometheusAlerts`, `prometheusRules` and
 * `_config`, so kube-prometheus users can import it and override. `_config.runbookBaseUrl` and
 * `_config.extraAlertLabels` are applied by Jsonnet, so overriding them changes every alert.
 */
import { generatedMarker } from '../domain/conventions.js';
import { sortKeys } from './format.js';

export interface MixinInput {
  runbookBaseUrl: string;
  alertGroups: unknown[];
  recordingGroups: unknown[];
  dashboards: Record<string, unknown>;
}

/** Renders the mixin; `raw` is JSON, which is valid Jsonnet. */
export function renderMixin(input: MixinInput): string {
  const raw = JSON.stringify(sortKeys({ alertGroups: input.alertGroups, recordingGroups: input.recordingGroups, dashboards: input.dashboards, runbookBaseUrl: input.runbookBaseUrl }), null, 2);
  return `// ${generatedMarker}
// Usage: local headroom = (import 'mixin/mixin.libsonnet') + { _config+:: { extraAlertLabels: { team: 'platform' } } };
local raw = ${raw};
{
  _config+:: {
    // Each alert links <runbookBaseUrl>#<alertname in lower case>.
    runbookBaseUrl: ${JSON.stringify(input.runbookBaseUrl)},
    // Labels added to every alert (e.g. team routing).
    extraAlertLabels: {},
  },
  prometheusAlerts+:: {
    groups+: [
      group {
        rules: [
          rule {
            labels+: $._config.extraAlertLabels,
            // Runbook links a spec set by hand are kept; derived ones follow _config.runbookBaseUrl.
            annotations+: if rule.annotations.runbook_url == raw.runbookBaseUrl + '#' + std.asciiLower(rule.alert)
            then { runbook_url: $._config.runbookBaseUrl + '#' + std.asciiLower(rule.alert) }
            else {},
          }
          for rule in group.rules
        ],
      }
      for group in raw.alertGroups
    ],
  },
  prometheusRules+:: {
    groups+: raw.recordingGroups,
  },
  grafanaDashboards+:: raw.dashboards,
}
`;
}
