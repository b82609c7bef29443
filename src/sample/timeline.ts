/**
 * Who runs where and when: nodes joining, pods of every workload with their names, owners and
 * lifetimes — rollouts (new ReplicaSet hash, new pods), HPA replica changes, CronJob runs,
 * DaemonSet pods per node. Deterministic: every name and choice comes from a keyed stream.
 */
import type { NodeInfo } from '../domain/workload.js';
import { DAY_SECONDS } from '../domain/units.js';
import { RandomStream } from './prng.js';
import type { NodeSpec, WorkloadSpec } from './catalogue.js';
import { shapeCpuLevel } from './usage-model.js';

/** The sample's time grid: samples at startMs + k·stepSeconds, k = 0 … steps − 1. */
export interface SampleGrid {
  seed: number;
  cluster: string;
  startMs: number;
  endMs: number;
  stepSeconds: number;
  steps: number;
}

export interface NodePlan {
  index: number;
  info: NodeInfo;
  /** First step the node exists (0 = whole window). */
  startStep: number;
  cpuCores: number;
  memoryBytes: number;
  internalIp: string;
  instanceId: string;
}

export interface PodPlan {
  index: number;
  workloadIndex: number;
  pod: string;
  /** ReplicaSet or Job that owns the pod; null for direct owners. */
  intermediateOwner: string | null;
  nodeIndex: number;
  /** Sample steps [startStep, endStep). */
  startStep: number;
  endStep: number;
  podIp: string;
  uid: string;
}

export interface OwnerObject {
  workloadIndex: number;
  name: string;
  startStep: number;
  endStep: number;
}

export interface Timeline {
  nodes: NodePlan[];
  pods: PodPlan[];
  /** Per HPA workload index: replicas per step. */
  hpaReplicas: Map<number, Int16Array>;
  replicaSets: OwnerObject[];
  jobs: OwnerObject[];
}

/** Steps a rollout's old and new pods overlap (surge). */
const SURGE_STEPS_SECONDS = 120;
/** HPA scale-down stabilisation (Kubernetes default 300 s): replicas = max desired over this window. */
const HPA_STABILISATION_SECONDS = 300;

function ipOf(index: number, subnet: number): string {
  return `10.${subnet}.${Math.floor(index / 250)}.${10 + (index % 250)}`;
}

/** Nodes per zone subnet (third octets 16–31, 32–47, 48–63: 16 blocks of 240 addresses). */
const NODES_PER_ZONE_SUBNET = 16 * 240;

/**
 * A node's private IP, which also names it (`ip-10-0-16-10.ec2.internal`), so it must be unique:
 * the last octet cycles through 240 addresses (7 is coprime with 240, so a block of 240 nodes gets
 * 240 different ones) and the third octet moves on after each block of 240, not 250 — with 250,
 * node i and i + 240 (same zone) shared a name from 241 nodes on, and two series shared one label
 * set (promtool: "out of order sample"). Past 3 × 3,840 nodes the second octet moves on.
 */
function nodeIpOf(index: number, zoneIndex: number): string {
  const subnet = Math.floor(index / (3 * NODES_PER_ZONE_SUBNET));
  const inSubnet = index % (3 * NODES_PER_ZONE_SUBNET);
  return `10.${subnet}.${16 + zoneIndex * 16 + Math.floor(inSubnet / 240)}.${10 + ((inSubnet * 7) % 240)}`;
}

/** Plans the nodes: each spec group's count, zones round-robin over us-east-1a/b/c. */
export function planNodes(grid: SampleGrid, specs: NodeSpec[]): NodePlan[] {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const nodes: NodePlan[] = [];
  for (const spec of specs) {
    for (let i = 0; i < spec.count; i++) {
      const index = nodes.length;
      const zone = zones[index % zones.length]!;
      const zoneIndex = index % zones.length;
      const ip = nodeIpOf(index, zoneIndex);
      const rng = RandomStream.for(grid.seed, `node/${index}`);
      const startStep = spec.addedDaysBeforeEnd === undefined ? 0 : Math.max(0, grid.steps - Math.round((spec.addedDaysBeforeEnd * DAY_SECONDS) / grid.stepSeconds));
      nodes.push({
        index,
        startStep,
        cpuCores: spec.cpuCores,
        memoryBytes: spec.memoryBytes,
        internalIp: ip,
        instanceId: `i-0${rng.kubeSuffix(16).replace(/[^0-9a-f]/g, (ch) => ((ch.charCodeAt(0) % 6) + 10).toString(16))}`,
        info: {
          cluster: grid.cluster,
          node: `ip-${ip.replaceAll('.', '-')}.ec2.internal`,
          instanceType: spec.instanceType,
          region: 'us-east-1',
          zone,
          capacityType: spec.capacityType,
          allocatableCpuCores: spec.allocatableCpuCores,
          allocatableMemoryBytes: spec.allocatableMemoryBytes,
          nodePool: spec.instanceType,
        },
      });
    }
  }
  return nodes;
}

/** HPA replicas per step from the workload's noise-free demand: desired = ⌈demand / (request × target)⌉, scale-down stabilised. */
export function planHpaReplicas(grid: SampleGrid, w: WorkloadSpec): Int16Array {
  const hpa = w.hpa!;
  const c = w.containers[0]!;
  const perPodTargetCores = (c.resources.cpuRequestCores ?? 0.1) * (hpa.cpuTargetUtilizationPercent / 100);
  const desired = new Int16Array(grid.steps);
  for (let k = 0; k < grid.steps; k++) {
    const tMs = grid.startMs + k * grid.stepSeconds * 1000;
    const d = Math.ceil(shapeCpuLevel(c.cpu, tMs, grid.endMs) / perPodTargetCores - 1e-9);
    desired[k] = Math.min(hpa.maxReplicas, Math.max(hpa.minReplicas, d));
  }
  const window = Math.max(1, Math.round(HPA_STABILISATION_SECONDS / grid.stepSeconds));
  const replicas = new Int16Array(grid.steps);
  for (let k = 0; k < grid.steps; k++) {
    // The controller acts on the previous step's metrics; scale-down takes the max over the window.
    let r = desired[Math.max(0, k - 1)]!;
    for (let j = Math.max(0, k - window); j < k; j++) r = Math.max(r, desired[j]!);
    replicas[k] = r;
  }
  return replicas;
}

interface PlanContext {
  grid: SampleGrid;
  nodes: NodePlan[];
  pods: PodPlan[];
  nodeLoadCores: Float64Array;
  replicaSets: OwnerObject[];
  jobs: OwnerObject[];
  /** Distinct node join steps, ascending, and eligible nodes per (pool, nodes joined so far). */
  joinSteps: number[];
  eligible: Map<string, NodePlan[]>;
}

function pickNode(ctx: PlanContext, w: WorkloadSpec, rng: RandomStream, atStep: number): number {
  let joined = 0;
  while (joined < ctx.joinSteps.length && ctx.joinSteps[joined]! <= atStep) joined++;
  const key = `${w.pool ?? ''}|${joined}`;
  let candidates = ctx.eligible.get(key);
  if (!candidates) {
    const eligible = ctx.nodes.filter((n) => n.startStep <= atStep && (w.pool ? n.info.instanceType === w.pool : n.info.instanceType.startsWith('m5.')));
    candidates = eligible.length > 0 ? eligible : ctx.nodes.filter((n) => n.startStep <= atStep);
    ctx.eligible.set(key, candidates);
  }
  // Power of two choices on requested CPU per allocatable core: a fair spread without a full scheduler.
  const a = candidates[rng.int(candidates.length)]!;
  const b = candidates[rng.int(candidates.length)]!;
  const load = (n: NodePlan) => ctx.nodeLoadCores[n.index]! / n.info.allocatableCpuCores;
  return (load(a) <= load(b) ? a : b).index;
}

function addPod(ctx: PlanContext, workloadIndex: number, w: WorkloadSpec, pod: string, intermediateOwner: string | null, startStep: number, endStep: number, nodeIndex: number | null, rng: RandomStream): void {
  if (endStep <= startStep) return;
  const node = nodeIndex ?? pickNode(ctx, w, rng, startStep);
  ctx.nodeLoadCores[node]! += w.containers.reduce((s, c) => s + (c.resources.cpuRequestCores ?? 0), 0);
  const index = ctx.pods.length;
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(16).toString(16)).join('');
  ctx.pods.push({ index, workloadIndex, pod, intermediateOwner, nodeIndex: node, startStep, endStep, podIp: ipOf(index, 1 + (node % 3)), uid: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}` });
}

/** Steps at which the workload rolls out (new ReplicaSet), within (createdStep, steps). */
function rolloutSteps(grid: SampleGrid, w: WorkloadSpec, createdStep: number): number[] {
  if (!w.rollouts) return [];
  const out: number[] = [];
  const daySteps = DAY_SECONDS / grid.stepSeconds;
  // Anchored to the window's end, so a shorter window shows the same recent rollouts.
  for (let daysBeforeEnd = w.rollouts.phaseDays; ; daysBeforeEnd += w.rollouts.everyDays) {
    const step = grid.steps - Math.round(daysBeforeEnd * daySteps);
    if (step <= createdStep) break;
    out.unshift(step);
  }
  return out;
}

function planReplicated(ctx: PlanContext, workloadIndex: number, w: WorkloadSpec, hpaReplicas: Int16Array | null): void {
  const { grid } = ctx;
  const createdStep = w.createdDaysBeforeEnd === undefined ? 0 : Math.max(0, grid.steps - Math.round((w.createdDaysBeforeEnd * DAY_SECONDS) / grid.stepSeconds));
  const rollouts = rolloutSteps(grid, w, createdStep);
  const bounds = [createdStep, ...rollouts, grid.steps];
  const surge = Math.max(1, Math.round(SURGE_STEPS_SECONDS / grid.stepSeconds));
  const maxReplicas = w.hpa ? w.hpa.maxReplicas : w.replicas;
  const rng = RandomStream.for(grid.seed, `pods/${w.namespace}/${w.name}`);
  for (let rev = 0; rev < bounds.length - 1; rev++) {
    const revStart = bounds[rev]!;
    const revEnd = bounds[rev + 1]!;
    const isLast = rev === bounds.length - 2;
    let owner: string | null = null;
    if (w.kind === 'Deployment') {
      owner = `${w.name}-${rng.kubeSuffix(10)}`;
      ctx.replicaSets.push({ workloadIndex, name: owner, startStep: revStart, endStep: grid.steps });
    }
    for (let slot = 0; slot < maxReplicas; slot++) {
      // A slot lives where replicas > slot; each contiguous run is one pod.
      let k = revStart;
      while (k < revEnd) {
        while (k < revEnd && hpaReplicas && hpaReplicas[k]! <= slot) k++;
        if (k >= revEnd) break;
        let e = k;
        while (e < revEnd && (!hpaReplicas || hpaReplicas[e]! > slot)) e++;
        const end = e === revEnd && !isLast ? Math.min(grid.steps, e + surge) : e;
        const name = w.kind === 'StatefulSet' ? `${w.name}-${slot}` : w.kind === 'Pod' ? w.name : `${owner}-${rng.kubeSuffix(5)}`;
        addPod(ctx, workloadIndex, w, name, owner, k, end, null, rng);
        k = e;
      }
    }
  }
}

function planCron(ctx: PlanContext, workloadIndex: number, w: WorkloadSpec): void {
  const { grid } = ctx;
  const rng = RandomStream.for(grid.seed, `pods/${w.namespace}/${w.name}`);
  const runs: { startMs: number; minutes: number; job: string }[] = [];
  if (w.kind === 'Job') {
    const startMs = grid.endMs - (w.createdDaysBeforeEnd ?? 0) * DAY_SECONDS * 1000;
    runs.push({ startMs, minutes: w.runMinutes ?? 10, job: w.name });
  } else {
    const cron = w.cron!;
    const periodMs = cron.everyHours * 3600_000;
    const first = Math.floor(grid.startMs / periodMs) * periodMs;
    for (let p = first; p < grid.endMs; p += periodMs) {
      const scheduledMs = p + cron.offsetMinutes * 60_000;
      runs.push({ startMs: scheduledMs, minutes: cron.durationMinutes, job: `${w.name}-${Math.floor(scheduledMs / 60_000)}` });
    }
  }
  const stepMs = grid.stepSeconds * 1000;
  for (const run of runs) {
    const startStep = Math.ceil((run.startMs - grid.startMs) / stepMs);
    // Run lengths vary ±20 % from run to run.
    const minutes = run.minutes * (0.8 + 0.4 * rng.next());
    const endStep = Math.min(grid.steps, startStep + Math.max(2, Math.round((minutes * 60) / grid.stepSeconds)));
    if (startStep < 0 || startStep >= grid.steps) continue;
    ctx.jobs.push({ workloadIndex, name: run.job, startStep, endStep });
    addPod(ctx, workloadIndex, w, `${run.job}-${rng.kubeSuffix(5)}`, run.job, startStep, endStep, null, rng);
  }
}

/** Plans every pod of every workload. */
export function planTimeline(grid: SampleGrid, nodeSpecs: NodeSpec[], workloads: WorkloadSpec[]): Timeline {
  const nodes = planNodes(grid, nodeSpecs);
  const joinSteps = [...new Set(nodes.map((n) => n.startStep))].sort((a, b) => a - b);
  const ctx: PlanContext = { grid, nodes, pods: [], nodeLoadCores: new Float64Array(nodes.length), replicaSets: [], jobs: [], joinSteps, eligible: new Map() };
  const hpaReplicas = new Map<number, Int16Array>();
  workloads.forEach((w, wi) => {
    if (w.kind === 'DaemonSet') {
      const rng = RandomStream.for(grid.seed, `pods/${w.namespace}/${w.name}`);
      for (const n of nodes) addPod(ctx, wi, w, `${w.name}-${rng.kubeSuffix(5)}`, null, n.startStep, grid.steps, n.index, rng);
    } else if (w.kind === 'CronJob' || w.kind === 'Job') {
      planCron(ctx, wi, w);
    } else {
      const replicas = w.hpa ? planHpaReplicas(grid, w) : null;
      if (replicas) hpaReplicas.set(wi, replicas);
      planReplicated(ctx, wi, w, replicas);
    }
  });
  return { nodes, pods: ctx.pods, hpaReplicas, replicaSets: ctx.replicaSets, jobs: ctx.jobs };
}
