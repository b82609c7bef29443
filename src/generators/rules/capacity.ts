/**
 * Capacity alerts: requests against allocatable, overcommit as kubernetes-mixin defines it
 * (requests no longer fit when the largest node fails), ResourceQuota nearly full, and PVCs
 * predicted to fill (`predict_linear`).
 */
import { sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import { formatNumber } from '../format.js';
import type { MonitoringSettings } from '../settings.js';
import { buildAlert } from './annotations.js';
import { by, selector } from './promql.js';
import type { AlertRule, RuleGroup } from './types.js';

const gib = 1024 ** 3;

function buildOvercommitAlert(s: MonitoringSettings, resource: 'cpu' | 'memory'): AlertRule {
  const c = s.clusterLabel;
  const ksm = s.jobs.kubeStateMetrics;
  const alloc = (agg: string) => `${agg} ${by([c])} (${selector(M.kubeNodeStatusAllocatable, { job: ksm, [L.resource]: resource })})`;
  const requests = `sum ${by([c])} (${selector(M.kubePodContainerResourceRequests, { job: ksm, [L.resource]: resource })})`;
  const spare = `(${alloc('sum')} - ${alloc('max')})`;
  const node = (n: string, v: number) => ({ metric: M.kubeNodeStatusAllocatable, labels: { [c]: 'c1', job: ksm, [L.node]: n, [L.resource]: resource }, values: `${v}x20` });
  const req = (v: number) => ({ metric: M.kubePodContainerResourceRequests, labels: { [c]: 'c1', job: ksm, [L.namespace]: 'shop', [L.pod]: 'api-1', [L.container]: 'api', [L.resource]: resource }, values: `${v}x20` });
  const size = resource === 'cpu' ? 4 : 16 * gib;
  const cpu = resource === 'cpu';
  return buildAlert(s, {
    alert: cpu ? 'HeadroomCpuOvercommit' : 'HeadroomMemoryOvercommit',
    expr: `${requests} - ${spare} > 0\nand\n${spare} > 0`,
    for: '10m',
    severity: 'warning',
    summary: `Cluster has overcommitted ${cpu ? 'CPU' : 'memory'} resource requests.`,
    description: cpu
      ? `Cluster {{ $labels.${c} }} has overcommitted CPU requests: they no longer fit if its largest node fails ({{ printf "%.2f" $value }} cores short).`
      : `Cluster {{ $labels.${c} }} has overcommitted memory requests: they no longer fit if its largest node fails ({{ $value | humanize1024 }}B short).`,
    fixture: {
      interval: '1m',
      evalTime: '15m',
      firing: [node('n1', size), node('n2', size), req(size * 1.25)],
      expected: [{ labels: { [c]: 'c1' }, value: size * 0.25 }],
      silent: [node('n1', size), node('n2', size), req(size * 0.75)],
    },
  });
}

function buildRequestsOverAllocatableAlert(s: MonitoringSettings, resource: 'cpu' | 'memory'): AlertRule {
  const c = s.clusterLabel;
  const ksm = s.jobs.kubeStateMetrics;
  const ratio = s.thresholds.requestsAllocatableRatio;
  const cpu = resource === 'cpu';
  const size = cpu ? 4 : 16 * gib;
  const node = (n: string) => ({ metric: M.kubeNodeStatusAllocatable, labels: { [c]: 'c1', job: ksm, [L.node]: n, [L.resource]: resource }, values: `${size}x20` });
  // Requests at (ratio + 1) / 2 of allocatable fire; at ratio / 2 they do not.
  const firingShare = (ratio + 1) / 2;
  const req = (share: number) => ({ metric: M.kubePodContainerResourceRequests, labels: { [c]: 'c1', job: ksm, [L.namespace]: 'shop', [L.pod]: 'api-1', [L.container]: 'api', [L.resource]: resource }, values: `${formatNumber(2 * size * share)}x20` });
  return buildAlert(s, {
    alert: cpu ? 'HeadroomCpuRequestsNearAllocatable' : 'HeadroomMemoryRequestsNearAllocatable',
    expr: `sum ${by([c])} (${selector(M.kubePodContainerResourceRequests, { job: ksm, [L.resource]: resource })})\n/\nsum ${by([c])} (${selector(M.kubeNodeStatusAllocatable, { job: ksm, [L.resource]: resource })})\n> ${formatNumber(ratio)}`,
    for: '15m',
    severity: 'warning',
    summary: `${cpu ? 'CPU' : 'Memory'} requests are close to what the cluster's nodes can allocate.`,
    description: `Cluster {{ $labels.${c} }} has {{ $value | humanizePercentage }} of its allocatable ${cpu ? 'CPU' : 'memory'} requested (threshold ${formatNumber(ratio * 100)}%); new pods may not schedule.`,
    fixture: {
      interval: '1m',
      evalTime: '20m',
      firing: [node('n1'), node('n2'), req(firingShare)],
      expected: [{ labels: { [c]: 'c1' }, value: firingShare }],
      silent: [node('n1'), node('n2'), req(ratio / 2)],
    },
  });
}

function buildQuotaAlert(s: MonitoringSettings): AlertRule {
  const c = s.clusterLabel;
  const ksm = s.jobs.kubeStateMetrics;
  const ratio = s.thresholds.quotaUsedRatio;
  const labels = { [c]: 'c1', job: ksm, [L.namespace]: 'shop', [L.resource]: 'requests.cpu', resourcequota: 'shop-quota' };
  const quota = (type: string, v: number) => ({ metric: M.kubeResourceQuota, labels: { ...labels, type }, values: `${formatNumber(v)}x20` });
  const usedFiring = Math.min(20, 20 * ((ratio + 1) / 2));
  return buildAlert(s, {
    alert: 'HeadroomQuotaAlmostFull',
    expr: `${selector(M.kubeResourceQuota, { job: ksm, type: 'used' })}\n/ ignoring (instance, job, type)\n(${selector(M.kubeResourceQuota, { job: ksm, type: 'hard' })} > 0)\n> ${formatNumber(ratio)}`,
    for: '15m',
    severity: 'info',
    summary: 'A namespace ResourceQuota is nearly full.',
    description: 'Namespace {{ $labels.namespace }} uses {{ $value | humanizePercentage }} of its {{ $labels.resource }} quota ({{ $labels.resourcequota }}).',
    fixture: {
      interval: '1m',
      evalTime: '20m',
      firing: [quota('hard', 20), quota('used', usedFiring)],
      expected: [{ labels: { [c]: 'c1', [L.namespace]: 'shop', [L.resource]: 'requests.cpu', resourcequota: 'shop-quota' }, value: usedFiring / 20 }],
      silent: [quota('hard', 20), quota('used', 20 * ratio * 0.5)],
    },
  });
}

function buildPvcFillingAlert(s: MonitoringSettings): AlertRule {
  const c = s.clusterLabel;
  const job = s.jobs.kubelet;
  const hours = s.thresholds.pvcFillHours;
  const pvc = { [c]: 'c1', job, [L.namespace]: 'shop', [L.persistentVolumeClaim]: 'data-db-0' };
  const avail = selector(M.kubeletVolumeStatsAvailableBytes, { job });
  // 1000 bytes of capacity, 300 free at t=0, one byte more used per minute: below 15% free at
  // 150m, for 1h at 210m; 60 free (6%) at 240m, and the 6h trend says full long before `hours`.
  return buildAlert(s, {
    alert: 'HeadroomPersistentVolumeFillingUp',
    expr: `(\n  ${avail}\n  /\n  ${selector(M.kubeletVolumeStatsCapacityBytes, { job })}\n) < 0.15\nand\n${selector(M.kubeletVolumeStatsUsedBytes, { job })} > 0\nand\npredict_linear(${avail}[6h], ${formatNumber(hours)} * 3600) < 0`,
    for: '1h',
    severity: 'warning',
    summary: 'A PersistentVolume is predicted to fill up.',
    description: `PVC {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has {{ $value | humanizePercentage }} free and, at the last 6 hours' rate, fills within ${formatNumber(hours)} hours.`,
    fixture: {
      interval: '1m',
      evalTime: '240m',
      firing: [
        { metric: M.kubeletVolumeStatsAvailableBytes, labels: pvc, values: '300-1x250' },
        { metric: M.kubeletVolumeStatsCapacityBytes, labels: pvc, values: '1000x250' },
        { metric: M.kubeletVolumeStatsUsedBytes, labels: pvc, values: '700+1x250' },
      ],
      expected: [{ labels: pvc, value: 0.06 }],
      silent: [
        { metric: M.kubeletVolumeStatsAvailableBytes, labels: pvc, values: '900x250' },
        { metric: M.kubeletVolumeStatsCapacityBytes, labels: pvc, values: '1000x250' },
        { metric: M.kubeletVolumeStatsUsedBytes, labels: pvc, values: '100x250' },
      ],
    },
  });
}

/** The `headroom.capacity` alert group. */
export function buildCapacityGroup(s: MonitoringSettings): RuleGroup {
  return {
    name: 'headroom.capacity',
    rules: [
      buildOvercommitAlert(s, 'cpu'),
      buildOvercommitAlert(s, 'memory'),
      buildRequestsOverAllocatableAlert(s, 'cpu'),
      buildRequestsOverAllocatableAlert(s, 'memory'),
      buildQuotaAlert(s),
      buildPvcFillingAlert(s),
    ],
  };
}
