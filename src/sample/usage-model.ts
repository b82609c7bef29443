/**
 * Per-step usage of one container of one pod, as cAdvisor would report it: a CPU-seconds counter
 * (resetting when the container restarts), the working set, CFS period counters when a CPU limit
 * is set, and OOM kills when the working set reaches the memory limit. Each (pod, container) draws
 * from its own random stream, so the writer can regenerate any series alone, identically.
 */
import { DAY_SECONDS } from '../domain/units.js';
import { RandomStream } from './prng.js';
import type { ContainerSpec, CpuProfile, WorkloadSpec } from './catalogue.js';
import type { PodPlan, SampleGrid } from './timeline.js';

const HOUR_MS = 3600_000;
const DAY_MS = DAY_SECONDS * 1000;
/** Diurnal peak hour (UTC). */
const PEAK_HOUR = 15;
/** CFS enforcement period is 100 ms: 10 periods per second of a busy container. */
const CFS_PERIODS_PER_SECOND = 10;
/** Working-set figures are whole memory pages. */
const PAGE_BYTES = 4096;

/** Noise-free CPU demand at `tMs`: base × diurnal × weekend × growth (growth anchored at the window's end). */
export function shapeCpuLevel(p: CpuProfile, tMs: number, endMs: number): number {
  const hour = (tMs / HOUR_MS) % 24;
  const diurnal = 1 + p.diurnal * Math.cos((2 * Math.PI * (hour - PEAK_HOUR)) / 24);
  const weekday = (Math.floor(tMs / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const weekend = weekday === 0 || weekday === 6 ? 1 - p.weekendDip : 1;
  const growth = Math.max(0.2, 1 + p.growthPerDay * ((tMs - endMs) / DAY_MS));
  return p.baseCores * diurnal * weekend * growth;
}

export interface ContainerSeries {
  /** Cumulative CPU seconds at each sample (µs-quantised; resets to the new container's usage after a restart). */
  cpuCounter: Float64Array;
  /** CPU cores used during the step ending at each sample. */
  cpuCores: Float64Array;
  /** Working-set bytes at each sample. */
  memoryBytes: Float64Array;
  /** CFS counters (only with a CPU limit). */
  cfsPeriods: Float64Array | null;
  cfsThrottledPeriods: Float64Array | null;
  /** Restart count at each sample (kube_pod_container_status_restarts_total). */
  restarts: Float64Array;
  /** Sample index of the first OOM kill, −1 if none. */
  firstOomIndex: number;
  oomKills: number;
  throttledPeriodsTotal: number;
  periodsTotal: number;
}

/** Generates the series of container `c` of `pod`: samples at steps pod.startStep … pod.endStep − 1. */
export function generateContainerSeries(grid: SampleGrid, w: WorkloadSpec, c: ContainerSpec, pod: PodPlan, hpaReplicas: Int16Array | null): ContainerSeries {
  const n = pod.endStep - pod.startStep;
  const rng = RandomStream.for(grid.seed, `usage/${w.namespace}/${pod.pod}/${pod.startStep}/${c.name}`);
  const step = grid.stepSeconds;
  const stepMs = step * 1000;
  const cpuCounter = new Float64Array(n);
  const cpuCores = new Float64Array(n);
  const memoryBytes = new Float64Array(n);
  const restarts = new Float64Array(n);
  const cpuLimit = c.resources.cpuLimitCores;
  const memLimit = c.resources.memoryLimitBytes;
  const cfsPeriods = cpuLimit !== null ? new Float64Array(n) : null;
  const cfsThrottled = cpuLimit !== null ? new Float64Array(n) : null;
  const batch = w.kind === 'CronJob' || w.kind === 'Job';
  const p = c.cpu;
  const m = c.memory;
  const burstProbability = p.burstsPerDay ? (p.burstsPerDay * step) / DAY_SECONDS : 0;
  const burstSteps = Math.max(1, Math.round(((p.burstMinutes ?? 5) * 60) / step));
  const sawPhaseMs = rng.next() * (m.periodHours ?? 1) * HOUR_MS;
  // Batch memory: rises over the first 40 % of the run, then plateaus.
  const rampSteps = Math.max(1, Math.round(n * 0.4));

  let burstLeft = 0;
  let counter = 0;
  let periods = 0;
  let throttled = 0;
  let restartCount = 0;
  let containerStartIndex = 0;
  let firstOomIndex = -1;
  let oomKills = 0;
  let periodsTotal = 0;
  let throttledTotal = 0;
  let restartPending = false;

  for (let i = 0; i < n; i++) {
    const k = pod.startStep + i;
    const tMs = grid.startMs + k * stepMs;
    if (restartPending) {
      // The kubelet restarted the killed container: new cgroup, counters from zero.
      restartPending = false;
      restartCount++;
      containerStartIndex = i;
      counter = 0;
      periods = 0;
      throttled = 0;
    }
    // CPU demand.
    let level = shapeCpuLevel(p, tMs, grid.endMs);
    if (hpaReplicas) level /= hpaReplicas[k]!;
    if (batch) level *= Math.min(1, (i + 1) / 2);
    if (burstLeft > 0) {
      level *= p.burstMultiplier ?? 2;
      burstLeft--;
    } else if (burstProbability > 0 && rng.next() < burstProbability) {
      burstLeft = burstSteps - 1;
      level *= p.burstMultiplier ?? 2;
    }
    let demand = level * (1 + p.noise * rng.gaussian());
    if (demand < level * 0.05) demand = level * 0.05;
    let used = demand;
    if (cpuLimit !== null) {
      if (used > cpuLimit) used = cpuLimit;
      // Bursty demand is throttled before the average reaches the limit; the share grows with demand.
      const pressure = (demand / cpuLimit - 0.6) / 0.6;
      const share = pressure <= 0 ? 0 : pressure >= 1 ? 1 : pressure;
      const stepPeriods = step * CFS_PERIODS_PER_SECOND;
      const stepThrottled = Math.round(stepPeriods * share);
      periods += stepPeriods;
      throttled += stepThrottled;
      periodsTotal += stepPeriods;
      throttledTotal += stepThrottled;
      cfsPeriods![i] = periods;
      cfsThrottled![i] = throttled;
    }
    cpuCores[i] = used;
    counter += used * step;
    cpuCounter[i] = Math.round(counter * 1e6) / 1e6;

    // Memory.
    let mem: number;
    const containerAgeHours = ((i - containerStartIndex) * step) / 3600;
    switch (m.kind) {
      case 'sawtooth': {
        const period = (m.periodHours ?? 1) * HOUR_MS;
        mem = m.baseBytes + (m.amplitudeBytes ?? 0) * (((tMs + sawPhaseMs) % period) / period);
        break;
      }
      case 'leak':
        mem = m.baseBytes + (m.leakBytesPerHour ?? 0) * containerAgeHours;
        break;
      case 'grow':
        mem = m.baseBytes * Math.max(0.2, 1 + (m.growthPerDay ?? 0) * ((tMs - grid.endMs) / DAY_MS));
        break;
      case 'batch':
        mem = m.baseBytes * (0.3 + 0.7 * Math.min(1, (i - containerStartIndex + 1) / rampSteps));
        break;
      default:
        mem = m.baseBytes;
    }
    mem *= 1 + m.noise * rng.gaussian();
    mem = Math.max(PAGE_BYTES, Math.round(mem / PAGE_BYTES) * PAGE_BYTES);
    if (memLimit !== null && mem >= memLimit && i === n - 1) {
      // The pod ends with this sample: no kill that nobody would see restart.
      mem = memLimit - PAGE_BYTES;
    } else if (memLimit !== null && mem >= memLimit) {
      // The kernel OOM-kills the container at its limit; the kubelet restarts it next step.
      mem = memLimit;
      oomKills++;
      if (firstOomIndex < 0) firstOomIndex = i;
      restartPending = true;
    }
    memoryBytes[i] = mem;
    restarts[i] = restartCount;
  }
  return { cpuCounter, cpuCores, memoryBytes, cfsPeriods, cfsThrottledPeriods: cfsThrottled, restarts, firstOomIndex, oomKills, throttledPeriodsTotal: throttledTotal, periodsTotal };
}

/** Fill of a PVC at `tMs`: linear growth anchored 30 days before the window's end, with a small daily wiggle (compaction, log rotation). */
export function volumeUsedBytesAt(v: { capacityBytes: number; usedAtStartBytes: number; growthBytesPerDay: number }, replica: number, tMs: number, endMs: number): number {
  const days = (tMs - (endMs - 30 * DAY_MS)) / DAY_MS;
  const wiggle = 0.002 * v.capacityBytes * Math.sin((2 * Math.PI * ((tMs / HOUR_MS) % 24)) / 24);
  const used = (v.usedAtStartBytes + v.growthBytesPerDay * days) * (1 + 0.04 * replica) + wiggle;
  return Math.min(v.capacityBytes, Math.max(0, Math.round(used / PAGE_BYTES) * PAGE_BYTES));
}
