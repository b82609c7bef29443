/** Shared shapes of a collection: the workload kinds the collector knows and step alignment. */
import type { WorkloadKind } from '../../domain/workload.js';
import { HOUR_SECONDS } from '../../domain/units.js';
import type { RangeSeries } from './client.js';

/** Owner kinds a workload can have (anything else in kube-state-metrics is ignored). */
export const WORKLOAD_KINDS: ReadonlySet<WorkloadKind> = new Set<WorkloadKind>(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']);

/** Settings and HPAs "as of the end" look this far back for the newest pods and scrapes. */
export const CURRENT_SETTINGS_RANGE_SECONDS = HOUR_SECONDS;

/** The first multiple of `stepMs` at or after `ms`: range queries start on whole steps. */
export function alignUp(ms: number, stepMs: number): number {
  return Math.ceil(ms / stepMs) * stepMs;
}

/** Points of a range query from `startMs` to `endMs` at `stepSeconds` (both ends included). */
export function stepCount(startMs: number, endMs: number, stepSeconds: number): number {
  return Math.floor((endMs - startMs) / (stepSeconds * 1000)) + 1;
}

/** Writes a range series into `target`, each value at its step's index from `startMs`; points outside `target` are dropped. */
export function placeOnSteps(target: Float64Array, series: RangeSeries, startMs: number, stepSeconds: number): void {
  series.timestampsMs.forEach((t, i) => {
    const idx = Math.round((t - startMs) / (stepSeconds * 1000));
    if (idx >= 0 && idx < target.length) target[idx] = series.values[i]!;
  });
}
