/** Capacity overview: requests, usage and allocatable per cluster and node pool; headroom; forecast exhaustion. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { headroomLabels as HL, headroomMetrics as HM, headroomRecords as R, sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import { queryRecorded } from '../rules/recording.js';
import { selector } from '../rules/promql.js';
import type { MonitoringSettings } from '../settings.js';
import { buildScope, DashboardDraft } from './panels.js';

export const capacityDashboardUid = 'headroom-capacity';

/** Node-pool join: allocatable or requests (both carry `node`) summed per instance type via `kube_node_labels`. */
function byNodePool(s: MonitoringSettings, metric: string, resource: string): string {
  const c = s.clusterLabel;
  const scope = buildScope(s, false);
  const labels = `max by (${c}, ${L.node}, ${L.instanceType}) (${selector(M.kubeNodeLabels, { job: s.jobs.kubeStateMetrics, ...scope })})`;
  return `sum by (${L.instanceType}) (\n  ${selector(metric, { job: s.jobs.kubeStateMetrics, [L.resource]: resource, ...scope })}\n  * on (${c}, ${L.node}) group_left (${L.instanceType})\n  ${labels}\n)`;
}

export function buildCapacityDashboard(s: MonitoringSettings, useRecordingRules: boolean): Dashboard {
  const scope = buildScope(s, false);
  const rec = (name: (typeof R)[keyof typeof R]) => `sum(${queryRecorded(s, name, scope, useRecordingRules)})`;
  const d = new DashboardDraft(s, {
    uid: capacityDashboardUid,
    title: 'Headroom / Capacity overview',
    description: 'Requests, usage and allocatable per cluster and node pool, the headroom left, and when Headroom forecasts it runs out.',
    tags: ['capacity'],
  });
  d.row('Headroom now')
    .stat('CPU requested', 'CPU requests as a share of allocatable CPU.', 'percentunit', { expr: `${rec(R.clusterCpuRequestsCores)}\n/\n${rec(R.clusterCpuAllocatableCores)}`, legend: 'requested' })
    .stat('Memory requested', 'Memory requests as a share of allocatable memory.', 'percentunit', { expr: `${rec(R.clusterMemoryRequestsBytes)}\n/\n${rec(R.clusterMemoryAllocatableBytes)}`, legend: 'requested' })
    .stat('CPU headroom', 'Allocatable CPU not yet requested.', 'none', { expr: `${rec(R.clusterCpuAllocatableCores)}\n-\n${rec(R.clusterCpuRequestsCores)}`, legend: 'cores' })
    .stat('Memory headroom', 'Allocatable memory not yet requested.', 'bytes', { expr: `${rec(R.clusterMemoryAllocatableBytes)}\n-\n${rec(R.clusterMemoryRequestsBytes)}`, legend: 'bytes' });
  d.row('CPU and memory')
    .timeseries('CPU: usage, requests, allocatable', 'Cores used (5m rate), requested and allocatable.', 'none', [
      { expr: rec(R.clusterCpuUsageCores), legend: 'usage' },
      { expr: rec(R.clusterCpuRequestsCores), legend: 'requests' },
      { expr: rec(R.clusterCpuAllocatableCores), legend: 'allocatable' },
    ])
    .timeseries('Memory: working set, requests, allocatable', 'Working-set bytes, requested and allocatable.', 'bytes', [
      { expr: rec(R.clusterMemoryWorkingSetBytes), legend: 'working set' },
      { expr: rec(R.clusterMemoryRequestsBytes), legend: 'requests' },
      { expr: rec(R.clusterMemoryAllocatableBytes), legend: 'allocatable' },
    ]);
  d.row('Node pools')
    .timeseries('CPU by node pool: requests and allocatable', 'Requested and allocatable cores per node pool (instance type).', 'none', [
      { expr: byNodePool(s, M.kubePodContainerResourceRequests, 'cpu'), legend: `{{${L.instanceType}}} requests` },
      { expr: byNodePool(s, M.kubeNodeStatusAllocatable, 'cpu'), legend: `{{${L.instanceType}}} allocatable` },
    ])
    .timeseries('Memory by node pool: requests and allocatable', 'Requested and allocatable bytes per node pool (instance type).', 'bytes', [
      { expr: byNodePool(s, M.kubePodContainerResourceRequests, 'memory'), legend: `{{${L.instanceType}}} requests` },
      { expr: byNodePool(s, M.kubeNodeStatusAllocatable, 'memory'), legend: `{{${L.instanceType}}} allocatable` },
    ]);
  d.row('Forecast')
    .timeseries('Days until capacity runs out', "Headroom's forecast of days until requests exceed allocatable (mean and the pessimistic lower bound).", 'd', [
      { expr: `min by (${HL.resource}, ${HL.nodePool}) (${selector(HM.exhaustionDays, scope)})`, legend: '{{resource}} {{node_pool}}' },
      { expr: `min by (${HL.resource}, ${HL.nodePool}) (${selector(HM.exhaustionDaysLower, scope)})`, legend: '{{resource}} {{node_pool}} (lower bound)' },
    ], 24)
    .table('Time to exhaustion', 'Smallest forecast days until exhaustion per resource and node pool.', 'd', [
      { expr: `min by (${HL.resource}, ${HL.nodePool}) (${selector(HM.exhaustionDays, scope)})`, legend: '' },
    ]);
  return d.build();
}
