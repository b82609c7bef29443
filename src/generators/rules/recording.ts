/**
 * Recording rules that keep the dashboards cheap: per-namespace and per-cluster sums of usage,
 * requests and allocatable, and per-container CPU usage and throttling. Dashboards read these
 * instead of re-aggregating raw cAdvisor series on every refresh.
 */
import { headroomRecords as R, sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import type { MonitoringSettings } from '../settings.js';
import { by, selector } from './promql.js';
import type { RecordingRule, RuleGroup } from './types.js';

function record(name: string, expr: string): RecordingRule {
  return { kind: 'record', record: name, expr };
}

/** The `headroom.recording` group. */
export function buildRecordingGroup(s: MonitoringSettings): RuleGroup {
  const c = s.clusterLabel;
  const ns = [c, L.namespace];
  const key = [c, L.namespace, L.pod, L.container];
  const { kubelet, kubeStateMetrics: ksm } = s.jobs;
  const cpuUsage = `rate(${selector(M.containerCpuUsageSecondsTotal, { job: kubelet, container: '!=' })}[5m])`;
  const wss = selector(M.containerMemoryWorkingSetBytes, { job: kubelet, container: '!=' });
  const requests = (resource: string) => selector(M.kubePodContainerResourceRequests, { job: ksm, [L.resource]: resource });
  const alloc = (resource: string) => selector(M.kubeNodeStatusAllocatable, { job: ksm, [L.resource]: resource });
  return {
    name: 'headroom.recording',
    rules: [
      record(R.namespaceCpuUsageCores, `sum ${by(ns)} (${cpuUsage})`),
      record(R.namespaceMemoryWorkingSetBytes, `sum ${by(ns)} (${wss})`),
      record(R.namespaceCpuRequestsCores, `sum ${by(ns)} (${requests('cpu')})`),
      record(R.namespaceMemoryRequestsBytes, `sum ${by(ns)} (${requests('memory')})`),
      record(R.clusterCpuUsageCores, `sum ${by([c])} (${cpuUsage})`),
      record(R.clusterMemoryWorkingSetBytes, `sum ${by([c])} (${wss})`),
      record(R.clusterCpuRequestsCores, `sum ${by([c])} (${requests('cpu')})`),
      record(R.clusterMemoryRequestsBytes, `sum ${by([c])} (${requests('memory')})`),
      record(R.clusterCpuAllocatableCores, `sum ${by([c])} (${alloc('cpu')})`),
      record(R.clusterMemoryAllocatableBytes, `sum ${by([c])} (${alloc('memory')})`),
      record(R.containerCpuUsageCores, `sum ${by(key)} (${cpuUsage})`),
      record(
        R.containerCpuThrottledRatio,
        `sum ${by(key)} (rate(${selector(M.containerCpuCfsThrottledPeriodsTotal, { job: kubelet, container: '!=' })}[5m]))\n/\nsum ${by(key)} (rate(${selector(M.containerCpuCfsPeriodsTotal, { job: kubelet, container: '!=' })}[5m]))`,
      ),
    ],
  };
}
