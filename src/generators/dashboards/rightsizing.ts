/** Workload rightsizing: usage p95 against requests, throttling, OOM kills, and Headroom's savings. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { headroomLabels as HL, headroomMetrics as HM, headroomRecords as R, sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import { queryRecorded } from '../rules/recording.js';
import { selector } from '../rules/promql.js';
import type { MonitoringSettings } from '../settings.js';
import { buildScope, DashboardDraft } from './panels.js';

export const rightsizingDashboardUid = 'headroom-rightsizing';

export function buildRightsizingDashboard(s: MonitoringSettings, useRecordingRules: boolean): Dashboard {
  const scope = buildScope(s, true);
  const c = s.clusterLabel;
  const key = `${L.namespace}, ${L.pod}, ${L.container}`;
  const ksm = s.jobs.kubeStateMetrics;
  const cpuUsage = queryRecorded(s, R.containerCpuUsageCores, scope, useRecordingRules);
  const wss = selector(M.containerMemoryWorkingSetBytes, { job: s.jobs.kubelet, container: '!=', ...scope });
  const requests = (resource: string) => `sum by (${key}) (${selector(M.kubePodContainerResourceRequests, { job: ksm, [L.resource]: resource, ...scope })})`;
  const d = new DashboardDraft(s, {
    uid: rightsizingDashboardUid,
    title: 'Headroom / Workload rightsizing',
    description: 'Per-container usage against requests, CPU throttling, OOM kills, and the savings Headroom recommends.',
    tags: ['rightsizing'],
  });
  d.row('Usage against requests')
    .timeseries('CPU: p95 usage ÷ request', 'p95 over 1 day of the 5-minute CPU usage, divided by the request; below 1 means over-requested.', 'percentunit', [
      { expr: `quantile_over_time(0.95, (sum by (${key}) (${cpuUsage}))[1d:5m])\n/ on (${key})\n${requests('cpu')}`, legend: '{{namespace}}/{{pod}}/{{container}}' },
    ])
    .timeseries('Memory: peak working set ÷ request', 'Maximum working set over 1 day, divided by the request.', 'percentunit', [
      { expr: `max_over_time((sum by (${key}) (${wss}))[1d:5m])\n/ on (${key})\n${requests('memory')}`, legend: '{{namespace}}/{{pod}}/{{container}}' },
    ])
    .table('Most over-requested CPU', 'Requested cores minus p95 usage over the last day, largest first.', 'none', [
      { expr: `topk(20,\n  ${requests('cpu')}\n  - on (${key})\n  quantile_over_time(0.95, (sum by (${key}) (${cpuUsage}))[1d:5m])\n)`, legend: '' },
    ]);
  d.row('Health')
    .timeseries('CPU throttling', 'Share of CFS periods throttled per container (5m).', 'percentunit', [
      { expr: `topk(10, ${queryRecorded(s, R.containerCpuThrottledRatio, scope, useRecordingRules)})`, legend: '{{namespace}}/{{pod}}/{{container}}' },
    ])
    .timeseries('OOM kills', 'Container restarts whose last termination reason is OOMKilled, per hour.', 'none', [
      {
        expr: `sum by (${L.namespace}, ${L.pod}, ${L.container}) (\n  increase(${selector(M.kubePodContainerStatusRestartsTotal, { job: ksm, ...scope })}[1h])\n  * on (${c}, ${key}) group_left\n  max by (${c}, ${key}) (${selector(M.kubePodContainerStatusLastTerminatedReason, { job: ksm, [L.reason]: 'OOMKilled', ...scope })})\n) > 0`,
        legend: '{{namespace}}/{{pod}}/{{container}}',
      },
    ]);
  d.row('Savings')
    .stat('Monthly savings available', "Sum of Headroom's estimated monthly savings if every recommendation is applied.", 'currencyUSD', { expr: `sum(${selector(HM.monthlySavingsUsd, scope)})`, legend: 'USD' })
    .table('Recommendations', 'Current and recommended requests per workload container, from Headroom.', 'none', [
      { expr: `sum by (${HL.namespace}, ${HL.workload}, ${HL.container}, ${HL.resource}) (${selector(HM.currentRequest, scope)})`, legend: 'current' },
      { expr: `sum by (${HL.namespace}, ${HL.workload}, ${HL.container}, ${HL.resource}) (${selector(HM.recommendedRequest, scope)})`, legend: 'recommended' },
      { expr: `sum by (${HL.namespace}, ${HL.workload}, ${HL.container}) (${selector(HM.monthlySavingsUsd, scope)})`, legend: 'savings' },
    ], 18);
  return d.build();
}
