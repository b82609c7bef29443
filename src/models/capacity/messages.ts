/** Every sentence the capacity models put in front of people, in one place (tests assert against these). */
import type { CapacityMetric, CapacityResource, CapacityScopeKind, ThresholdKind } from '../../domain/capacity.js';
import { HeadroomError } from '../../domain/errors.js';

export function describeScope(scope: CapacityScopeKind, name: string): string {
  return `${scope === 'node-pool' ? 'node pool' : scope} ${name}`;
}

function resourceWord(resource: CapacityResource): string {
  return resource === 'cpu' ? 'CPU' : 'memory';
}

/** "runs out of memory requests" / "passes the 75 % target of allocatable memory in daily usage peaks". */
export function describeExhaustionEvent(metric: CapacityMetric, resource: CapacityResource, thresholdKind: ThresholdKind, targetUtilization: number): string {
  const what = metric === 'requests' ? `${resourceWord(resource)} requests` : `${resourceWord(resource)} (daily usage peaks)`;
  if (thresholdKind === 'allocatable') return `runs out of ${what}`;
  const pct = Math.round(targetUtilization * 100);
  return metric === 'requests'
    ? `passes its ${pct} % target of allocatable ${resourceWord(resource)} in requests`
    : `passes its ${pct} % target of allocatable ${resourceWord(resource)} in daily usage peaks`;
}

export const capacityMessages = {
  exhaustedNow: (subject: string, event: string) => `${subject} already ${event.replace(/^runs out of/, 'is out of').replace(/^passes/, 'is past')}`,
  between: (subject: string, event: string, earliest: string, latest: string, level: number, expected: string | null) =>
    `${subject} ${event} between ${earliest} and ${latest} at ${level} % confidence${expected ? ` (expected ${expected})` : ''}`,
  fromOnwards: (subject: string, event: string, earliest: string, level: number, expected: string | null, horizonWeeks: number) =>
    `${subject} ${event} between ${earliest} and beyond the ${horizonWeeks}-week horizon at ${level} % confidence (${expected ? `expected ${expected}` : 'the mean forecast stays below'})`,
  notWithinHorizon: (subject: string, event: string, horizonWeeks: number, level: number) =>
    `${subject} does not ${event.replace(/^runs/, 'run').replace(/^passes/, 'pass')} within ${horizonWeeks} weeks (${level} % upper bound stays below)`,
  unknown: (subject: string, event: string, reason: string) => `${subject}: cannot tell when it ${event} (${reason})`,
  noAllocatable: 'namespaces have no allocatable of their own',
  noForecast: (days: number, minDays: number) => `only ${days} days of history; forecasts need at least ${minDays}`,
  noSeries: (series: string) => `no series ${series} in the collection`,
  pvcFull: (pvc: string) => `PVC ${pvc} is full`,
  pvcFills: (pvc: string, earliest: string, latest: string | null, level: number, expected: string) =>
    `PVC ${pvc} fills between ${earliest} and ${latest ?? 'beyond the horizon'} at ${level} % confidence (expected ${expected})`,
  pvcNotWithin: (pvc: string, horizonWeeks: number, expected: string | null) =>
    `PVC ${pvc} does not fill within ${horizonWeeks} weeks${expected ? ` (at the current rate on ${expected})` : ''}`,
  pvcNotGrowing: (pvc: string) => `PVC ${pvc} is not growing`,
  pvcUnknown: (pvc: string, reason: string) => `PVC ${pvc}: cannot tell when it fills (${reason})`,
  pvcShortHistory: (points: number) => `only ${points} usage points; need at least 6`,
  costShortHistory: (days: number, minDays: number) => `only ${days} days of cost history; need at least ${minDays}`,
  costZero: 'no spend in the history',
  costIndicative: (historyDays: number, neededDays: number, months: number) => `indicative: ${historyDays} days of history for a ${months}-month forecast; ${neededDays} days (3 months per forecast year) are needed to plan on it`,
} as const;

/** Errors a user of `headroom capacity` (and the capacity run) can meet: one line, with the fix. */
export const capacityErrors = {
  badWeeks: (text: string | undefined) => new HeadroomError('USAGE', `--weeks ${text}: expected a whole number from 1 to 104`, { hint: 'e.g. --weeks 13' }),
  badTarget: (text: string | undefined) => new HeadroomError('USAGE', `--target ${text}: expected a ratio above 0 and at most 1`, { hint: 'e.g. --target 0.75' }),
  unknownMethod: (method: string, known: string[]) => new HeadroomError('USAGE', `forecast method "${method}" is unknown`, { hint: `use one of ${known.join(', ')}` }),
  atBeforeData: (atMs: number, firstEndMs: number, cluster: string | undefined, storeLabel: string | undefined) => new HeadroomError('USAGE',
    `--at ${new Date(atMs).toISOString()}: no capacity data${cluster ? ` for cluster ${cluster}` : ''}${storeLabel ? ` in ${storeLabel}` : ''} ends at or before it; the earliest collection ends ${new Date(firstEndMs).toISOString()}`,
    { hint: `give --at ${new Date(firstEndMs).toISOString()} or later, or collect that history first: headroom collect --at TIME` }),
  noInputs: (cluster: string | undefined, storeLabel: string | undefined) => new HeadroomError('NOT_FOUND', `no capacity data${cluster ? ` for cluster ${cluster}` : ''}${storeLabel ? ` in ${storeLabel}` : ''}`, {
    hint: 'run `headroom collect` first (or `headroom demo` and pass --store headroom-demo/headroom.duckdb)',
  }),
} as const;
