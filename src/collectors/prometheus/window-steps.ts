/** Shared shapes of a collection: the workload kinds the collector knows and step alignment. */
import type { WorkloadKind } from '../../domain/workload.js';
import { HOUR_SECONDS } from '../../domain/units.js';

/** Owner kinds a workload can have (anything else in kube-state-metrics is ignored). */
export const WORKLOAD_KINDS: ReadonlySet<WorkloadKind> = new Set<WorkloadKind>(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']);

/** Settings and HPAs "as of the end" look this far back for the newest pods and scrapes. */
export const CURRENT_SETTINGS_RANGE_SECONDS = HOUR_SECONDS;

/** The first multiple of `stepMs` at or after `ms`: range queries start on whole steps. */
export function alignUp(ms: number, stepMs: number): number {
  return Math.ceil(ms / stepMs) * stepMs;
}
