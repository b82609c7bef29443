/**
 * Workload health alerts: CFS throttling, OOM kills, and usage above requests for long (the
 * signal that a workload needs rightsizing before the scheduler packs it onto a busy node).
 */
import { sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import { formatNumber, parseDurationSeconds } from '../format.js';
import type { MonitoringSettings } from '../settings.js';
import { buildAlert } from './annotations.js';
import { by, on, selector } from './promql.js';
import type { AlertRule, RuleGroup, TestSeries } from './types.js';

const gib = 1024 ** 3;

function containerKey(s: MonitoringSettings): string[] {
  return [s.clusterLabel, L.namespace, L.pod, L.container];
}

function buildThrottlingAlert(s: MonitoringSettings): AlertRule {
  const key = containerKey(s);
  const job = s.jobs.kubelet;
  const ratio = s.thresholds.cpuThrottlingRatio;
  const labels = { [s.clusterLabel]: 'c1', job, [L.namespace]: 'shop', [L.pod]: 'api-1', [L.container]: 'api' };
  const throttledShare = (ratio + 1) / 2;
  const series = (share: number): TestSeries[] => [
    { metric: M.containerCpuCfsPeriodsTotal, labels, values: '0+600x30' },
    { metric: M.containerCpuCfsThrottledPeriodsTotal, labels, values: `0+${formatNumber(600 * share)}x30` },
  ];
  return buildAlert(s, {
    alert: 'HeadroomCpuThrottlingHigh',
    expr: `sum ${by(key)} (increase(${selector(M.containerCpuCfsThrottledPeriodsTotal, { job, container: '!=' })}[5m]))\n/ ${on(key)}\nsum ${by(key)} (increase(${selector(M.containerCpuCfsPeriodsTotal, { job, container: '!=' })}[5m]))\n> ${formatNumber(ratio)}`,
    for: '15m',
    severity: 'info',
    summary: 'A container is CPU-throttled often.',
    description: `{{ $value | humanizePercentage }} of CFS periods of container {{ $labels.container }} in {{ $labels.namespace }}/{{ $labels.pod }} are throttled (threshold ${formatNumber(ratio * 100)}%); raise or drop its CPU limit.`,
    fixture: {
      interval: '1m',
      evalTime: '25m',
      firing: series(throttledShare),
      expected: [{ labels: { [s.clusterLabel]: 'c1', [L.namespace]: 'shop', [L.pod]: 'api-1', [L.container]: 'api' }, value: throttledShare }],
      silent: series(ratio / 2),
    },
  });
}

function buildOomAlert(s: MonitoringSettings): AlertRule {
  const ksm = s.jobs.kubeStateMetrics;
  const labels = { [s.clusterLabel]: 'c1', job: ksm, [L.namespace]: 'shop', [L.pod]: 'api-1', [L.container]: 'api' };
  const restarts = selector(M.kubePodContainerStatusRestartsTotal, { job: ksm });
  const reason = { metric: M.kubePodContainerStatusLastTerminatedReason, labels: { ...labels, [L.reason]: 'OOMKilled' }, values: '1x20' };
  return buildAlert(s, {
    alert: 'HeadroomContainerOomKilled',
    expr: `(${restarts} - ${restarts} offset 10m >= 1)\nand ignoring (${L.reason})\nmin_over_time(${selector(M.kubePodContainerStatusLastTerminatedReason, { job: ksm, [L.reason]: 'OOMKilled' })}[10m]) == 1`,
    severity: 'warning',
    summary: 'A container was OOM-killed.',
    description: 'Container {{ $labels.container }} in {{ $labels.namespace }}/{{ $labels.pod }} was OOM-killed ({{ printf "%.0f" $value }} restarts in 10 minutes); its memory limit is below its peak working set.',
    fixture: {
      interval: '1m',
      evalTime: '15m',
      firing: [{ metric: M.kubePodContainerStatusRestartsTotal, labels, values: '0x9 1x10' }, reason],
      expected: [{ labels, value: 1 }],
      silent: [{ metric: M.kubePodContainerStatusRestartsTotal, labels, values: '0x20' }, reason],
    },
  });
}

function buildUsageAboveRequestsAlert(s: MonitoringSettings, resource: 'cpu' | 'memory'): AlertRule {
  const key = containerKey(s);
  const { usageAboveRequestsRatio: ratio, usageAboveRequestsFor: holdFor } = s.thresholds;
  const cpu = resource === 'cpu';
  const ksm = s.jobs.kubeStateMetrics;
  const job = s.jobs.kubelet;
  const base = { [s.clusterLabel]: 'c1', [L.namespace]: 'shop', [L.pod]: 'api-1', [L.container]: 'api' };
  const usage = cpu
    ? `sum ${by(key)} (rate(${selector(M.containerCpuUsageSecondsTotal, { job, container: '!=' })}[5m]))`
    : `sum ${by(key)} (${selector(M.containerMemoryWorkingSetBytes, { job, container: '!=' })})`;
  const requests = `sum ${by(key)} (${selector(M.kubePodContainerResourceRequests, { job: ksm, [L.resource]: resource })})`;
  const holdMinutes = Math.ceil((parseDurationSeconds(holdFor) ?? 21600) / 60);
  const steps = holdMinutes + 30;
  const requestValue = cpu ? 1 : gib;
  const series = (share: number): TestSeries[] => [
    { metric: M.kubePodContainerResourceRequests, labels: { ...base, job: ksm, [L.resource]: resource }, values: `${requestValue}x${steps}` },
    cpu
      ? { metric: M.containerCpuUsageSecondsTotal, labels: { ...base, job }, values: `0+${formatNumber(60 * share)}x${steps}` }
      : { metric: M.containerMemoryWorkingSetBytes, labels: { ...base, job }, values: `${formatNumber(gib * share)}x${steps}` },
  ];
  const firingShare = ratio * 1.5;
  return buildAlert(s, {
    alert: cpu ? 'HeadroomCpuUsageAboveRequests' : 'HeadroomMemoryUsageAboveRequests',
    expr: `${usage}\n/ ${on(key)}\n${requests}\n> ${formatNumber(ratio)}`,
    for: holdFor,
    severity: 'info',
    summary: `A container has used more ${cpu ? 'CPU' : 'memory'} than it requests for ${holdFor}.`,
    description: `Container {{ $labels.container }} in {{ $labels.namespace }}/{{ $labels.pod }} has used {{ $value | humanizePercentage }} of its ${cpu ? 'CPU' : 'memory'} request for ${holdFor}; the scheduler under-counts it. Run \`headroom rightsize\` for a new request.`,
    fixture: {
      interval: '1m',
      evalTime: `${holdMinutes + 10}m`,
      firing: series(firingShare),
      expected: [{ labels: base, value: firingShare }],
      silent: series(ratio / 2),
    },
  });
}

/** The `headroom.workload` alert group. */
export function buildWorkloadGroup(s: MonitoringSettings): RuleGroup {
  return {
    name: 'headroom.workload',
    rules: [buildThrottlingAlert(s), buildOomAlert(s), buildUsageAboveRequestsAlert(s, 'cpu'), buildUsageAboveRequestsAlert(s, 'memory')],
  };
}
