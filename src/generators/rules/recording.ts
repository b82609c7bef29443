/**
 * Recording rules that keep the dashboards cheap: per-namespace and per-cluster sums of usage,
 * requests and allocatable, and per-container CPU usage and throttling. Dashboards read these
 * instead of re-aggregating raw cAdvisor series on every refresh. Each rule is defined as a
 * function of extra label matchers, so a dashboard can also be built without the rules deployed
 * (the same query with the matchers pushed into the raw selectors).
 */
import { headroomRecords as R, sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import type { MonitoringSettings } from '../settings.js';
import { by, selector } from './promql.js';
import type { RecordingRule, RuleGroup } from './types.js';

type Matchers = Record<string, string>;
export type RecordName = (typeof R)[keyof typeof R];

interface RecordDefinition {
  record: RecordName;
  /** The rule's expression with `m` added to every raw selector. */
  build(m: Matchers): string;
}

function listRecordDefinitions(s: MonitoringSettings): RecordDefinition[] {
  const c = s.clusterLabel;
  const ns = [c, L.namespace];
  const key = [c, L.namespace, L.pod, L.container];
  const { kubelet, kubeStateMetrics: ksm } = s.jobs;
  const cpuUsage = (m: Matchers) => `rate(${selector(M.containerCpuUsageSecondsTotal, { job: kubelet, container: '!=', ...m })}[5m])`;
  const wss = (m: Matchers) => selector(M.containerMemoryWorkingSetBytes, { job: kubelet, container: '!=', ...m });
  const requests = (resource: string, m: Matchers) => selector(M.kubePodContainerResourceRequests, { job: ksm, [L.resource]: resource, ...m });
  const alloc = (resource: string, m: Matchers) => selector(M.kubeNodeStatusAllocatable, { job: ksm, [L.resource]: resource, ...m });
  const cfs = (metric: string, m: Matchers) => `rate(${selector(metric, { job: kubelet, container: '!=', ...m })}[5m])`;
  return [
    { record: R.namespaceCpuUsageCores, build: (m) => `sum ${by(ns)} (${cpuUsage(m)})` },
    { record: R.namespaceMemoryWorkingSetBytes, build: (m) => `sum ${by(ns)} (${wss(m)})` },
    { record: R.namespaceCpuRequestsCores, build: (m) => `sum ${by(ns)} (${requests('cpu', m)})` },
    { record: R.namespaceMemoryRequestsBytes, build: (m) => `sum ${by(ns)} (${requests('memory', m)})` },
    { record: R.clusterCpuUsageCores, build: (m) => `sum ${by([c])} (${cpuUsage(m)})` },
    { record: R.clusterMemoryWorkingSetBytes, build: (m) => `sum ${by([c])} (${wss(m)})` },
    { record: R.clusterCpuRequestsCores, build: (m) => `sum ${by([c])} (${requests('cpu', m)})` },
    { record: R.clusterMemoryRequestsBytes, build: (m) => `sum ${by([c])} (${requests('memory', m)})` },
    { record: R.clusterCpuAllocatableCores, build: (m) => `sum ${by([c])} (${alloc('cpu', m)})` },
    { record: R.clusterMemoryAllocatableBytes, build: (m) => `sum ${by([c])} (${alloc('memory', m)})` },
    { record: R.containerCpuUsageCores, build: (m) => `sum ${by(key)} (${cpuUsage(m)})` },
    {
      record: R.containerCpuThrottledRatio,
      build: (m) => `sum ${by(key)} (${cfs(M.containerCpuCfsThrottledPeriodsTotal, m)})\n/\nsum ${by(key)} (${cfs(M.containerCpuCfsPeriodsTotal, m)})`,
    },
  ];
}

/**
 * A recorded series for a dashboard: `record{matchers}` when the recording rules are deployed,
 * otherwise the rule's own expression with the matchers pushed into its raw selectors.
 */
export function queryRecorded(s: MonitoringSettings, record: RecordName, matchers: Matchers, useRecordingRules: boolean): string {
  if (useRecordingRules) return selector(record, matchers);
  const def = listRecordDefinitions(s).find((d) => d.record === record)!;
  return `(${def.build(matchers)})`;
}

/** The `headroom.recording` group. */
export function buildRecordingGroup(s: MonitoringSettings): RuleGroup {
  return {
    name: 'headroom.recording',
    rules: listRecordDefinitions(s).map((d): RecordingRule => ({ kind: 'record', record: d.record, expr: d.build({}) })),
  };
}
