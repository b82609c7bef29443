// Alert and recording rules: one builder per group, rendered as rule files, CRDs and promtool tests.
import type { MonitoringSettings } from '../settings.js';
import { buildCapacityGroup } from './capacity.js';
import { buildCostGroup } from './cost.js';
import { buildForecastGroup } from './forecast.js';
import { buildRecordingGroup } from './recording.js';
import type { RuleFile } from './types.js';
import { buildWorkloadGroup } from './workload.js';

export type { AlertRule, RecordingRule, Rule, RuleFile, RuleGroup, AlertFixture, TestSeries, PromtoolTestGroup } from './types.js';
export { buildRuleFileDoc, buildPrometheusRuleCrd, buildPromtoolTestDoc, formatSeries } from './render.js';
export { renderAlertTemplate, formatGoG } from './go-template.js';
export { selector } from './promql.js';
export { runbookUrl } from './annotations.js';

/** Every cluster rule file, in output order (`alerts/<name>.yaml`). */
export function buildClusterRuleFiles(settings: MonitoringSettings): RuleFile[] {
  return [
    { name: 'recording', groups: [buildRecordingGroup(settings)] },
    { name: 'capacity', groups: [buildCapacityGroup(settings)] },
    { name: 'forecast', groups: [buildForecastGroup(settings)] },
    { name: 'workload', groups: [buildWorkloadGroup(settings)] },
    { name: 'cost', groups: [buildCostGroup(settings)] },
  ];
}
export { queryRecorded, type RecordName } from './recording.js';
