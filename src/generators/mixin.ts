/**
 * The Jsonnet mixin (`mixin/mixin.libsonnet`): the generated dashboards and rules under the
 * monitoring-mixin fields `grafanaDashboards`, `prometheusAlerts`, `prometheusRules` and
 * `_config`, so kube-prometheus users can import it and override. Jsonnet applies
 * `_config.runbookBaseUrl`, `_config.extraAlertLabels` and the job selectors
 * (`kubeStateMetricsSelector`, `kubeletSelector`, as in kubernetes-mixin) to every rule and panel;
 * thresholds are fixed at generation time (set them in headroom.yaml).
 */
import { generatedMarker } from '../domain/conventions.js';
import { sortKeys } from './format.js';

export interface MixinInput {
  runbookBaseUrl: string;
  alertGroups: unknown[];
  recordingGroups: unknown[];
  dashboards: Record<string, unknown>;
  /** The job matchers as they appear in the generated expressions, e.g. `job="kube-state-metrics"`. */
  selectors: { kubeStateMetrics: string; kubelet: string };
}

/** Renders the mixin; `raw` is JSON, which is valid Jsonnet. */
export function renderMixin(input: MixinInput): string {
  const raw = JSON.stringify(sortKeys({ alertGroups: input.alertGroups, recordingGroups: input.recordingGroups, dashboards: input.dashboards, runbookBaseUrl: input.runbookBaseUrl, selectors: input.selectors }), null, 2);
  return `// ${generatedMarker}
// Usage: local headroom = (import 'mixin/mixin.libsonnet') + { _config+:: { extraAlertLabels: { team: 'platform' } } };
local raw = ${raw};
{
  _config+:: {
    // Each alert links <runbookBaseUrl>#<alertname in lower case>.
    runbookBaseUrl: ${JSON.stringify(input.runbookBaseUrl)},
    // Labels added to every alert (e.g. team routing).
    extraAlertLabels: {},
    // Label matchers of the scrape jobs, as in kubernetes-mixin; they replace the generated ones
    // in every rule and panel query.
    kubeStateMetricsSelector: ${JSON.stringify(input.selectors.kubeStateMetrics)},
    kubeletSelector: ${JSON.stringify(input.selectors.kubelet)},
  },
  withSelectors(expr):: std.strReplace(
    std.strReplace(expr, raw.selectors.kubeStateMetrics, $._config.kubeStateMetricsSelector),
    raw.selectors.kubelet, $._config.kubeletSelector,
  ),
  prometheusAlerts+:: {
    groups+: [
      group {
        rules: [
          rule {
            expr: $.withSelectors(rule.expr),
            labels+: $._config.extraAlertLabels,
            // Runbook links a spec set by hand are kept; derived ones follow _config.runbookBaseUrl.
            annotations+: if std.objectHas(rule.annotations, 'runbook_url') && rule.annotations.runbook_url == raw.runbookBaseUrl + '#' + std.asciiLower(rule.alert)
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
    groups+: [
      group { rules: [rule { expr: $.withSelectors(rule.expr) } for rule in group.rules] }
      for group in raw.recordingGroups
    ],
  },
  grafanaDashboards+:: {
    [name]: raw.dashboards[name] {
      panels: [
        panel + (if std.objectHas(panel, 'targets') then { targets: [target { expr: $.withSelectors(target.expr) } for target in panel.targets] } else {})
        for panel in raw.dashboards[name].panels
      ],
    }
    for name in std.objectFields(raw.dashboards)
  },
}
`;
}
