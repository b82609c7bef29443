/**
 * Scales the catalogue for benchmarks: generated copies of the hand-written workloads (same
 * patterns, new names, spread over `team-NN` namespaces) until the workload containers reach the
 * requested count, plus enough nodes to hold their requests at ~70 % of allocatable CPU.
 */
import type { NodeSpec, WorkloadSpec } from './catalogue.js';

const TEAM_NAMESPACES = 25;
const TARGET_CPU_REQUEST_SHARE = 0.7;

function containerCount(workloads: WorkloadSpec[]): number {
  return workloads.reduce((s, w) => s + w.containers.length, 0);
}

/** Steady-state CPU requests a workload places on its pool (HPA: midway between min and max). */
function requestedCores(w: WorkloadSpec): number {
  const perPod = w.containers.reduce((s, c) => s + (c.resources.cpuRequestCores ?? 0), 0);
  if (w.kind === 'CronJob' || w.kind === 'Job') return perPod * 0.5;
  const replicas = w.hpa ? (w.hpa.minReplicas + w.hpa.maxReplicas) / 2 : w.replicas;
  return perPod * replicas;
}

export function scaleCatalogue(workloads: WorkloadSpec[], nodeSpecs: NodeSpec[], containers: number): { workloads: WorkloadSpec[]; nodeSpecs: NodeSpec[] } {
  // DaemonSets already scale with nodes; plain Jobs outside short windows add no series; copies of
  // sub-daily CronJobs would multiply short-lived pods (and series) far beyond real clusters.
  const templates = workloads.filter((w) => w.kind !== 'DaemonSet' && w.kind !== 'Job' && !(w.cron && w.cron.everyHours < 24));
  const out = [...workloads];
  let total = containerCount(workloads);
  const extraCores = new Map<string, number>();
  for (let g = 1; total < containers; g++) {
    const t = templates[(g - 1) % templates.length]!;
    const copy: WorkloadSpec = {
      ...t,
      namespace: `team-${String((g - 1) % TEAM_NAMESPACES).padStart(2, '0')}`,
      name: `${t.name}-g${g}`,
      labels: { ...t.labels, 'app.kubernetes.io/name': `${t.name}-g${g}`, team: `team-${String((g - 1) % TEAM_NAMESPACES).padStart(2, '0')}` },
    };
    out.push(copy);
    total += copy.containers.length;
    const pool = copy.pool ?? 'm5.2xlarge';
    extraCores.set(pool, (extraCores.get(pool) ?? 0) + requestedCores(copy));
  }
  const scaledNodes = [...nodeSpecs];
  for (const [pool, cores] of [...extraCores].sort(([a], [b]) => a.localeCompare(b))) {
    const template = nodeSpecs.find((n) => n.instanceType === pool && n.capacityType === 'on-demand' && n.addedDaysBeforeEnd === undefined) ?? nodeSpecs[0]!;
    const count = Math.ceil(cores / (template.allocatableCpuCores * TARGET_CPU_REQUEST_SHARE));
    if (count > 0) scaledNodes.push({ ...template, count });
  }
  return { workloads: out, nodeSpecs: scaledNodes };
}
