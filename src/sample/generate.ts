/**
 * `generateSampleCluster`: the embedded sample cluster, seeded and deterministic.
 *
 *   catalogue (+ scaled copies) ─► timeline (nodes, pods, rollouts, HPA, CronJobs)
 *     ─► per (pod, container): usage series ─► truth, summaries, histories, node and namespace sums
 *     ─► cluster series, volumes, inventory, billing
 *
 * Series are generated one (pod, container) at a time and folded into running figures, so memory
 * stays bounded by the per-step node and namespace sums; the OpenMetrics writer regenerates the
 * same series from the same streams (see usage-model.ts).
 */
import { InputError } from '../domain/errors.js';
import { DAY_SECONDS, HOUR_SECONDS } from '../domain/units.js';
import type { ContainerRef, NodeInfo, WorkloadInventoryItem } from '../domain/workload.js';
import type { ContainerUsageHistory, ContainerUsageSummary, NamedSeries, VolumeUsage } from '../domain/usage.js';
import type { SampleCluster, SampleContainerTruth, SampleOptions, SamplePod } from './types.js';
import { sampleNodeSpecs, sampleWorkloadSpecs, type NodeSpec, type WorkloadSpec } from './catalogue.js';
import { scaleCatalogue } from './scale.js';
import { planTimeline, type SampleGrid, type Timeline } from './timeline.js';
import { generateContainerSeries, volumeUsedBytesAt } from './usage-model.js';
import { computePodContainerStats, computePodCpuRates, cpuRateWindowSeconds, foldMaxOverPods, type PodContainerStats } from './truth.js';
import { generateBilling } from './billing.js';
import type { AllocationInputs, ContainerNodeHours } from '../domain/allocation.js';
import { sampleNamespaceLabels } from './catalogue.js';

import { sampleDefaults } from './defaults.js';

export { sampleDefaults };

export type ResolvedSampleOptions = Required<Omit<SampleOptions, 'containers'>> & { containers: number | null };

/** A PVC of a StatefulSet replica. */
export interface VolumePlan {
  workloadIndex: number;
  replica: number;
  namespace: string;
  persistentVolumeClaim: string;
  volumeName: string;
  capacityBytes: number;
  spec: NonNullable<WorkloadSpec['volume']>;
}

/** What the OpenMetrics writer needs to regenerate every series of a sample. */
export interface SampleModel {
  options: ResolvedSampleOptions;
  grid: SampleGrid;
  workloads: WorkloadSpec[];
  nodeSpecs: NodeSpec[];
  timeline: Timeline;
  /** Per node: CPU cores and working-set bytes of its pods, per step. */
  nodeCpuCores: Float64Array[];
  nodeMemoryBytes: Float64Array[];
  volumes: VolumePlan[];
}

const models = new WeakMap<SampleCluster, SampleModel>();

/** The model behind a sample (rebuilt from its options if the object was copied). */
export function sampleModelOf(sample: SampleCluster): SampleModel {
  const cached = models.get(sample);
  if (cached) return cached;
  const { containers, ...rest } = sample.options;
  const rebuilt = generateSampleCluster(containers === null ? rest : { ...rest, containers });
  return models.get(rebuilt)!;
}

/** Validates options and fills defaults. */
export function resolveSampleOptions(options: SampleOptions = {}): ResolvedSampleOptions {
  const o = { ...sampleDefaults, containers: null as number | null, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as ResolvedSampleOptions;
  if (!Number.isInteger(o.seed)) throw new InputError(`sample seed ${o.seed}: expected a whole number`, { hint: 'pass e.g. --seed 42' });
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > 90) throw new InputError(`sample days ${o.days}: expected a whole number from 1 to 90`, { hint: 'pass e.g. --days 30' });
  if (!Number.isInteger(o.stepSeconds) || o.stepSeconds < 1 || HOUR_SECONDS % o.stepSeconds !== 0) {
    throw new InputError(`sample step ${o.stepSeconds}s: expected whole seconds dividing an hour`, { hint: 'use e.g. 15s, 30s, 60s or 300s' });
  }
  if (o.containers !== null && (!Number.isInteger(o.containers) || o.containers < 1 || o.containers > 100_000)) {
    throw new InputError(`sample containers ${o.containers}: expected a whole number from 1 to 100000`, { hint: 'pass e.g. --containers 1000' });
  }
  if (!Number.isFinite(o.endMs)) throw new InputError(`sample end ${o.endMs}: expected epoch milliseconds`);
  const stepMs = o.stepSeconds * 1000;
  o.endMs = Math.floor(o.endMs / stepMs) * stepMs;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.cluster)) throw new InputError(`sample cluster name "${o.cluster}": expected lowercase letters, digits and dashes`);
  return o;
}

interface RefAgg {
  ref: ContainerRef;
  workloadIndex: number;
  containerIndex: number;
  stats: PodContainerStats | null;
  firstStep: number;
  lastStep: number;
  sampleCount: number;
  throttled: number;
  periods: number;
  oomKills: number;
  restarts: number;
  cpuSum: Float64Array;
  podSteps: Float64Array;
  cpuMax: Float64Array;
  memoryPeak: Float64Array;
}

/** Generates the sample cluster. Same options → identical result. */
export function generateSampleCluster(options?: SampleOptions): SampleCluster {
  const o = resolveSampleOptions(options);
  const steps = (o.days * DAY_SECONDS) / o.stepSeconds;
  const grid: SampleGrid = { seed: o.seed, cluster: o.cluster, startMs: o.endMs - o.days * DAY_SECONDS * 1000, endMs: o.endMs, stepSeconds: o.stepSeconds, steps };
  const { workloads, nodeSpecs } = o.containers === null ? { workloads: sampleWorkloadSpecs, nodeSpecs: sampleNodeSpecs } : scaleCatalogue(sampleWorkloadSpecs, sampleNodeSpecs, o.containers);
  const timeline = planTimeline(grid, nodeSpecs, workloads);
  const hours = steps / (HOUR_SECONDS / o.stepSeconds);
  const stepsPerHour = HOUR_SECONDS / o.stepSeconds;
  const rateWindowSeconds = cpuRateWindowSeconds(o.stepSeconds);

  const nodeCount = timeline.nodes.length;
  const nodeCpuCores = Array.from({ length: nodeCount }, () => new Float64Array(steps));
  const nodeMemoryBytes = Array.from({ length: nodeCount }, () => new Float64Array(steps));
  const nodeReqCpuDiff = Array.from({ length: nodeCount }, () => new Float64Array(steps + 1));
  const nodeReqMemDiff = Array.from({ length: nodeCount }, () => new Float64Array(steps + 1));
  const namespaces = [...new Set(workloads.map((w) => w.namespace))].sort();
  const nsIndex = new Map(namespaces.map((n, i) => [n, i]));
  const nsCpu = namespaces.map(() => new Float64Array(steps));
  const nsMem = namespaces.map(() => new Float64Array(steps));
  const nsReqCpuDiff = namespaces.map(() => new Float64Array(steps + 1));
  const nsReqMemDiff = namespaces.map(() => new Float64Array(steps + 1));
  const workloadPodsDiff = workloads.map(() => new Int32Array(steps + 1));

  // Allocation inputs (hand-written catalogue only: at benchmark scale they would dominate memory).
  const withAllocation = o.containers === null;
  const placements = new Map<string, ContainerNodeHours>();
  const placementOf = (wi: number, ci: number, nodeIndex: number): ContainerNodeHours => {
    const key = `${wi}/${ci}/${nodeIndex}`;
    let p = placements.get(key);
    if (!p) {
      const w = workloads[wi]!;
      const zeros = () => new Float64Array(hours);
      p = {
        ref: { cluster: o.cluster, namespace: w.namespace, workloadKind: w.kind, workload: w.name, container: w.containers[ci]!.name }, node: timeline.nodes[nodeIndex]!.info.node,
        startMs: grid.startMs, stepSeconds: HOUR_SECONDS, cpuRequestCores: zeros(), memoryRequestBytes: zeros(), cpuUsageCores: zeros(), memoryUsageBytes: zeros(), gpuRequest: null,
      };
      placements.set(key, p);
    }
    return p;
  };

  const refs = new Map<string, RefAgg>();
  const refOf = (wi: number, ci: number): RefAgg => {
    const key = `${wi}/${ci}`;
    let agg = refs.get(key);
    if (!agg) {
      const w = workloads[wi]!;
      agg = {
        ref: { cluster: o.cluster, namespace: w.namespace, workloadKind: w.kind, workload: w.name, container: w.containers[ci]!.name },
        workloadIndex: wi, containerIndex: ci, stats: null, firstStep: Infinity, lastStep: -1, sampleCount: 0, throttled: 0, periods: 0, oomKills: 0, restarts: 0,
        cpuSum: new Float64Array(hours), podSteps: new Float64Array(hours), cpuMax: new Float64Array(hours), memoryPeak: new Float64Array(hours),
      };
      refs.set(key, agg);
    }
    return agg;
  };

  for (const pod of timeline.pods) {
    const w = workloads[pod.workloadIndex]!;
    const ns = nsIndex.get(w.namespace)!;
    workloadPodsDiff[pod.workloadIndex]![pod.startStep]! += 1;
    workloadPodsDiff[pod.workloadIndex]![pod.endStep]! -= 1;
    let podReqCpu = 0;
    let podReqMem = 0;
    w.containers.forEach((c, ci) => {
      podReqCpu += c.resources.cpuRequestCores ?? 0;
      podReqMem += c.resources.memoryRequestBytes ?? 0;
      const s = generateContainerSeries(grid, w, c, pod, timeline.hpaReplicas.get(pod.workloadIndex) ?? null);
      const agg = refOf(pod.workloadIndex, ci);
      const n = s.memoryBytes.length;
      const nodeCpu = nodeCpuCores[pod.nodeIndex]!;
      const nodeMem = nodeMemoryBytes[pod.nodeIndex]!;
      const nsC = nsCpu[ns]!;
      const nsM = nsMem[ns]!;
      if (withAllocation) {
        // Step means over each hour: a pod that ran part of the hour counts for that part.
        const p = placementOf(pod.workloadIndex, ci, pod.nodeIndex);
        const reqCpu = (c.resources.cpuRequestCores ?? 0) / stepsPerHour;
        const reqMem = (c.resources.memoryRequestBytes ?? 0) / stepsPerHour;
        for (let i = 0; i < n; i++) {
          const h = Math.floor((pod.startStep + i) / stepsPerHour);
          p.cpuUsageCores[h]! += s.cpuCores[i]! / stepsPerHour;
          p.memoryUsageBytes[h]! += s.memoryBytes[i]! / stepsPerHour;
          p.cpuRequestCores[h]! += reqCpu;
          p.memoryRequestBytes[h]! += reqMem;
        }
      }
      for (let i = 0; i < n; i++) {
        const k = pod.startStep + i;
        const cpu = s.cpuCores[i]!;
        const mem = s.memoryBytes[i]!;
        nodeCpu[k]! += cpu;
        nodeMem[k]! += mem;
        nsC[k]! += cpu;
        nsM[k]! += mem;
        const h = Math.floor(k / stepsPerHour);
        agg.cpuSum[h]! += cpu;
        agg.podSteps[h]! += 1;
        if (mem > agg.memoryPeak[h]!) agg.memoryPeak[h] = mem;
      }
      const rates = computePodCpuRates(s.cpuCounter, pod.startStep, o.stepSeconds, steps, rateWindowSeconds);
      for (let m = 0; m < rates.length; m++) {
        const h = Math.min(hours - 1, Math.floor((pod.startStep + 1 + m) / stepsPerHour));
        if (rates[m]! > agg.cpuMax[h]!) agg.cpuMax[h] = rates[m]!;
      }
      agg.firstStep = Math.min(agg.firstStep, pod.startStep);
      agg.lastStep = Math.max(agg.lastStep, pod.endStep - 1);
      agg.sampleCount += n;
      agg.throttled += s.throttledPeriodsTotal;
      agg.periods += s.periodsTotal;
      agg.oomKills += s.oomKills;
      agg.restarts += s.restarts[n - 1] ?? 0;
      const stats = computePodContainerStats(rates, s.memoryBytes);
      if (stats) agg.stats = foldMaxOverPods(agg.stats, stats);
    });
    nodeReqCpuDiff[pod.nodeIndex]![pod.startStep]! += podReqCpu;
    nodeReqCpuDiff[pod.nodeIndex]![pod.endStep]! -= podReqCpu;
    nodeReqMemDiff[pod.nodeIndex]![pod.startStep]! += podReqMem;
    nodeReqMemDiff[pod.nodeIndex]![pod.endStep]! -= podReqMem;
    nsReqCpuDiff[ns]![pod.startStep]! += podReqCpu;
    nsReqCpuDiff[ns]![pod.endStep]! -= podReqCpu;
    nsReqMemDiff[ns]![pod.startStep]! += podReqMem;
    nsReqMemDiff[ns]![pod.endStep]! -= podReqMem;
  }

  const workloadPods = workloadPodsDiff.map((diff) => cumulate(diff, steps));
  const truth: SampleContainerTruth[] = [];
  const summaries: ContainerUsageSummary[] = [];
  const histories: ContainerUsageHistory[] = [];
  const sortedRefs = [...refs.values()].sort((a, b) => a.workloadIndex - b.workloadIndex || a.containerIndex - b.containerIndex);
  for (const agg of sortedRefs) {
    if (agg.sampleCount === 0 || !agg.stats) continue;
    const w = workloads[agg.workloadIndex]!;
    const c = w.containers[agg.containerIndex]!;
    const st = agg.stats;
    const podsPerStep = workloadPods[agg.workloadIndex]!;
    let podSum = 0;
    let podMax = 0;
    for (let k = agg.firstStep; k <= agg.lastStep; k++) {
      podSum += podsPerStep[k]!;
      if (podsPerStep[k]! > podMax) podMax = podsPerStep[k]!;
    }
    const nan0 = (v: number) => (Number.isNaN(v) ? 0 : v);
    const common = {
      historySeconds: (agg.lastStep - agg.firstStep) * o.stepSeconds,
      cpuP50Cores: nan0(st.cpuP50Cores), cpuP90Cores: nan0(st.cpuP90Cores), cpuP95Cores: nan0(st.cpuP95Cores), cpuP99Cores: nan0(st.cpuP99Cores), cpuMaxCores: nan0(st.cpuMaxCores),
      memoryP95Bytes: st.memoryP95Bytes, memoryPeakBytes: st.memoryPeakBytes,
      cpuThrottlingRatio: c.resources.cpuLimitCores === null || agg.periods === 0 ? null : agg.throttled / agg.periods,
      oomKills: agg.oomKills,
      oomKilledAtMemoryLimitBytes: agg.oomKills > 0 ? c.resources.memoryLimitBytes : null,
      restarts: agg.restarts,
      current: { ...c.resources },
    };
    truth.push({ ref: agg.ref, pattern: w.pattern, steady: w.steady, ...common });
    summaries.push({
      ref: agg.ref, windowStartMs: grid.startMs, windowEndMs: grid.endMs, sampleCount: agg.sampleCount, ...common,
      replicasAvg: podSum / (agg.lastStep - agg.firstStep + 1), replicasMax: podMax,
    });
    const cpuMeanCores = new Float64Array(hours);
    const podsPerHour = new Float64Array(hours);
    const cpuMaxCores = new Float64Array(hours);
    const memoryPeakBytes = new Float64Array(hours);
    for (let h = 0; h < hours; h++) {
      const seen = agg.podSteps[h]! > 0;
      cpuMeanCores[h] = seen ? agg.cpuSum[h]! / agg.podSteps[h]! : Number.NaN;
      podsPerHour[h] = seen ? agg.podSteps[h]! / stepsPerHour : Number.NaN;
      cpuMaxCores[h] = seen ? agg.cpuMax[h]! : Number.NaN;
      memoryPeakBytes[h] = seen ? agg.memoryPeak[h]! : Number.NaN;
    }
    histories.push({ ref: agg.ref, startMs: grid.startMs, stepSeconds: HOUR_SECONDS, cpuMeanCores, cpuMaxCores, memoryPeakBytes, pods: podsPerHour });
  }

  const nodes: NodeInfo[] = timeline.nodes.map((n) => ({ ...n.info }));
  const volumes = planVolumes(workloads);
  const volumeUsage: VolumeUsage[] = volumes.map((v) => ({
    cluster: o.cluster,
    namespace: v.namespace,
    persistentVolumeClaim: v.persistentVolumeClaim,
    capacityBytes: v.capacityBytes,
    usedBytes: volumeUsedBytesAt(v.spec, v.replica, grid.endMs - o.stepSeconds * 1000, grid.endMs),
    history: Array.from({ length: hours }, (_, h) => {
      const timestampMs = grid.startMs + h * HOUR_SECONDS * 1000;
      return { timestampMs, value: volumeUsedBytesAt(v.spec, v.replica, timestampMs, grid.endMs) };
    }),
  }));

  const clusterSeries = buildClusterSeries({
    grid, hours, stepsPerHour, timeline, namespaces, nsCpu, nsMem,
    nsReqCpu: nsReqCpuDiff.map((d) => cumulate(d, steps)), nsReqMem: nsReqMemDiff.map((d) => cumulate(d, steps)),
    nodeCpuCores, nodeMemoryBytes, nodeReqCpu: nodeReqCpuDiff.map((d) => cumulate(d, steps)), nodeReqMem: nodeReqMemDiff.map((d) => cumulate(d, steps)),
  });

  const inventory: WorkloadInventoryItem[] = workloads.map((w, wi) => {
    const hpaReplicas = timeline.hpaReplicas.get(wi);
    const replicas = hpaReplicas ? hpaReplicas[steps - 1]! : w.kind === 'DaemonSet' ? timeline.nodes.length : w.replicas;
    return {
      cluster: o.cluster, namespace: w.namespace, workloadKind: w.kind, workload: w.name, replicas,
      containers: w.containers.map((c) => ({ name: c.name, resources: { ...c.resources } })),
      hpa: w.hpa ? { minReplicas: w.hpa.minReplicas, maxReplicas: w.hpa.maxReplicas, cpuTargetUtilizationPercent: w.hpa.cpuTargetUtilizationPercent, memoryTargetUtilizationPercent: null } : null,
      hasVpa: false,
      labels: { ...w.labels },
    };
  });

  const stepMs = o.stepSeconds * 1000;
  const pods: SamplePod[] = timeline.pods.map((p) => {
    const w = workloads[p.workloadIndex]!;
    return { namespace: w.namespace, workloadKind: w.kind, workload: w.name, pod: p.pod, intermediateOwner: p.intermediateOwner, node: timeline.nodes[p.nodeIndex]!.info.node, startMs: grid.startMs + p.startStep * stepMs, endMs: grid.startMs + p.endStep * stepMs };
  });

  const billing = generateBilling(grid, timeline.nodes, volumes.map((v) => ({ namespace: v.namespace, capacityBytes: v.capacityBytes })));
  const allocation: AllocationInputs | undefined = withAllocation ? {
    containerNodeHours: [...placements.values()],
    nodeHours: timeline.nodes.map((n) => {
      const up = new Float64Array(hours);
      for (let h = 0; h < hours; h++) up[h] = Math.min(1, Math.max(0, ((h + 1) * stepsPerHour - n.startStep) / stepsPerHour));
      // Capacity as kube_node_status_capacity reports it (openmetrics.ts): all cores, 97 % of the memory.
      return {
        cluster: o.cluster, node: n.info.node, providerId: `aws:///${n.info.zone}/${n.instanceId}`, instanceType: n.info.instanceType, region: n.info.region,
        capacityType: n.info.capacityType, nodePool: n.info.nodePool, cpuCores: n.cpuCores, memoryBytes: Math.round(n.memoryBytes * 0.97), gpus: 0, capacityFrom: 'capacity' as const,
        startMs: grid.startMs, stepSeconds: HOUR_SECONDS, up,
      };
    }),
    labels: [
      ...namespaces.map((namespace) => ({ cluster: o.cluster, namespace, workloadKind: null, workload: null, labels: { ...(sampleNamespaceLabels[namespace] ?? {}) } })),
      ...workloads.map((w) => ({ cluster: o.cluster, namespace: w.namespace, workloadKind: w.kind, workload: w.name, labels: { ...w.labels } })),
    ],
  } : undefined;

  const sample: SampleCluster = {
    cluster: o.cluster, seed: o.seed, startMs: grid.startMs, endMs: grid.endMs, stepSeconds: o.stepSeconds,
    cpuRateWindowSeconds: rateWindowSeconds, options: o,
    nodes, inventory, pods, truth,
    usage: {
      cluster: o.cluster, windowStartMs: grid.startMs, windowEndMs: grid.endMs, summaries, histories, nodes: nodes.map((n) => ({ ...n })), volumes: volumeUsage, clusterSeries,
      // As kube-state-metrics reports them (openmetrics.ts names each HPA after its workload).
      hpas: inventory.flatMap((w) => (w.hpa ? [{ cluster: w.cluster, namespace: w.namespace, workloadKind: w.workloadKind, workload: w.workload, hpaName: w.workload, hpa: { ...w.hpa } }] : [])),
      stats: { queries: 0, bytesReceived: 0, prometheusSeconds: 0 }, warnings: [],
      ...(allocation ? { allocation } : {}),
    },
    billing,
  };
  models.set(sample, { options: o, grid, workloads, nodeSpecs, timeline, nodeCpuCores, nodeMemoryBytes, volumes });
  return sample;
}

function cumulate(diff: Float64Array | Int32Array, steps: number): Float64Array {
  const out = new Float64Array(steps);
  let acc = 0;
  for (let k = 0; k < steps; k++) {
    acc += diff[k]!;
    out[k] = acc;
  }
  return out;
}

function planVolumes(workloads: WorkloadSpec[]): VolumePlan[] {
  const out: VolumePlan[] = [];
  workloads.forEach((w, wi) => {
    if (!w.volume) return;
    for (let r = 0; r < w.replicas; r++) {
      out.push({
        workloadIndex: wi, replica: r, namespace: w.namespace, persistentVolumeClaim: `${w.volume.name}-${w.name}-${r}`,
        volumeName: `pvc-${(wi * 7919 + r * 104729).toString(16).padStart(8, '0')}-${w.name}`, capacityBytes: w.volume.capacityBytes, spec: w.volume,
      });
    }
  });
  return out;
}

interface ClusterSeriesInput {
  grid: SampleGrid;
  hours: number;
  stepsPerHour: number;
  timeline: Timeline;
  namespaces: string[];
  nsCpu: Float64Array[];
  nsMem: Float64Array[];
  nsReqCpu: Float64Array[];
  nsReqMem: Float64Array[];
  nodeCpuCores: Float64Array[];
  nodeMemoryBytes: Float64Array[];
  nodeReqCpu: Float64Array[];
  nodeReqMem: Float64Array[];
}

/** Hourly means of per-step sums, named `<scope>=<name>/<metric>` (see WorkloadUsageCollection.clusterSeries). */
function buildClusterSeries(x: ClusterSeriesInput): NamedSeries[] {
  const { grid, hours, stepsPerHour, timeline } = x;
  const hourly = (perStep: (k: number) => number): NamedSeries['points'] => {
    const points: NamedSeries['points'] = [];
    for (let h = 0; h < hours; h++) {
      let sum = 0;
      for (let k = h * stepsPerHour; k < (h + 1) * stepsPerHour; k++) sum += perStep(k);
      points.push({ timestampMs: grid.startMs + h * HOUR_SECONDS * 1000, value: sum / stepsPerHour });
    }
    return points;
  };
  const sumOf = (arrays: Float64Array[]) => (k: number) => {
    let s = 0;
    for (const a of arrays) s += a[k]!;
    return s;
  };
  const alive = (nodes: Timeline['nodes'], value: (n: Timeline['nodes'][number]) => number) => (k: number) => {
    let s = 0;
    for (const n of nodes) if (n.startStep <= k) s += value(n);
    return s;
  };
  const out: NamedSeries[] = [];
  const scopeSeries = (prefix: string, cpu: Float64Array[], mem: Float64Array[], reqCpu: Float64Array[], reqMem: Float64Array[], nodes: Timeline['nodes'] | null) => {
    out.push({ series: `${prefix}/cpu_usage_cores`, points: hourly(sumOf(cpu)) });
    out.push({ series: `${prefix}/cpu_requests_cores`, points: hourly(sumOf(reqCpu)) });
    if (nodes) out.push({ series: `${prefix}/cpu_allocatable_cores`, points: hourly(alive(nodes, (n) => n.info.allocatableCpuCores)) });
    out.push({ series: `${prefix}/memory_usage_bytes`, points: hourly(sumOf(mem)) });
    out.push({ series: `${prefix}/memory_requests_bytes`, points: hourly(sumOf(reqMem)) });
    if (nodes) {
      out.push({ series: `${prefix}/memory_allocatable_bytes`, points: hourly(alive(nodes, (n) => n.info.allocatableMemoryBytes)) });
      out.push({ series: `${prefix}/nodes`, points: hourly(alive(nodes, () => 1)) });
    }
  };
  scopeSeries(`cluster=${grid.cluster}`, x.nodeCpuCores, x.nodeMemoryBytes, x.nodeReqCpu, x.nodeReqMem, timeline.nodes);
  x.namespaces.forEach((ns, i) => scopeSeries(`namespace=${ns}`, [x.nsCpu[i]!], [x.nsMem[i]!], [x.nsReqCpu[i]!], [x.nsReqMem[i]!], null));
  const pools = [...new Set(timeline.nodes.map((n) => n.info.nodePool))].sort();
  for (const pool of pools) {
    const members = timeline.nodes.filter((n) => n.info.nodePool === pool);
    const pick = (arrays: Float64Array[]) => members.map((n) => arrays[n.index]!);
    scopeSeries(`node_pool=${pool}`, pick(x.nodeCpuCores), pick(x.nodeMemoryBytes), pick(x.nodeReqCpu), pick(x.nodeReqMem), members);
  }
  return out;
}
