/**
 * What the generators need from `headroom.yaml`, resolved once: label and job names, thresholds,
 * SLO alerting defaults. Generators read only this, so they stay pure functions of their inputs.
 */
import type { HeadroomConfig } from '../config/index.js';
import { sourceJobs, sourceLabels } from '../domain/conventions.js';
import { parseDurationSeconds } from './format.js';

export interface MonitoringSettings {
  /** Label the cost dashboard's team panels group allocations by (`allocation.teamLabel`). Default `team`. */
  allocationTeamLabel?: string;
  /** Label separating clusters (kube-prometheus multi-cluster setups use `cluster`). */
  clusterLabel: string;
  runbookBaseUrl: string;
  prometheusRuleCrds: boolean;
  /** Severities an alert may carry; lint reports others. */
  severities: string[];
  jobs: { kubelet: string; kubeStateMetrics: string; nodeExporter: string };
  thresholds: {
    cpuThrottlingRatio: number;
    quotaUsedRatio: number;
    pvcFillHours: number;
    exhaustionDays: number;
    requestsAllocatableRatio: number;
    usageAboveRequestsRatio: number;
    usageAboveRequestsFor: string;
  };
  slo: {
    /** SLO period, e.g. `30d`; burn-rate factors are derived from it. */
    period: string;
    periodSeconds: number;
    pageFor: string;
    ticketFor: string;
    /** Burn alerts stay silent below this request rate (1 h average), so 1 error in 3 requests at night does not page. */
    minRequestsPerSecond: number;
    /** `sloth`: the burn alerts exactly as sloth writes them; `headroom`: with Headroom's additions. */
    compat: 'headroom' | 'sloth';
  };
  alertmanager: {
    routes: Record<string, string>;
    receivers: HeadroomConfig['alerting']['receivers'];
  };
}

/** Resolves the generator settings from a validated config. */
export function resolveMonitoringSettings(config: HeadroomConfig): MonitoringSettings {
  const a = config.alerting;
  return {
    clusterLabel: config.prometheus?.clusterLabel ?? sourceLabels.cluster,
    allocationTeamLabel: config.allocation.teamLabel,
    runbookBaseUrl: a.runbookBaseUrl,
    prometheusRuleCrds: a.prometheusRuleCrds,
    severities: [...a.severities],
    jobs: { kubelet: sourceJobs.cadvisor, kubeStateMetrics: sourceJobs.kubeStateMetrics, nodeExporter: sourceJobs.nodeExporter },
    thresholds: { ...a.thresholds },
    slo: {
      period: a.slo.period,
      periodSeconds: parseDurationSeconds(a.slo.period) ?? 30 * 86400,
      pageFor: a.slo.pageFor,
      ticketFor: a.slo.ticketFor,
      minRequestsPerSecond: a.slo.minRequestsPerSecond,
      compat: a.slo.compat,
    },
    alertmanager: { routes: { ...a.routes }, receivers: a.receivers },
  };
}
