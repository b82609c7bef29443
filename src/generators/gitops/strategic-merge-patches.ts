/**
 * One strategic-merge patch per workload (containers merge by `name`; a `null` value deletes the
 * key, e.g. a CPU limit the policy removes), plus a kustomization.yaml that targets them.
 */
import type { ContainerRecommendation } from '../../domain/recommendation.js';
import { rightsizePatchMarker } from '../../domain/conventions.js';
import { renderYaml } from '../format.js';
import { apiVersionByKind, containersPath } from './container-path.js';
import { toResourceValues } from './resource-values.js';

export interface GeneratedFile {
  /** Path relative to the output directory. */
  path: string;
  text: string;
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function patchFileName(ref: { namespace: string; workloadKind: string; workload: string }): string {
  return `${safeName(ref.namespace)}--${ref.workloadKind.toLowerCase()}--${safeName(ref.workload)}.yaml`;
}

function nest(path: string[], leaf: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((acc, key) => ({ [key]: acc }), leaf as Record<string, unknown>);
}

/** Patches for every workload with at least one recommended container, sorted by file name. */
export function buildStrategicMergePatches(recs: readonly ContainerRecommendation[]): GeneratedFile[] {
  const byWorkload = new Map<string, ContainerRecommendation[]>();
  for (const r of recs) {
    if (r.status !== 'recommended') continue;
    const key = patchFileName(r.ref);
    byWorkload.set(key, [...(byWorkload.get(key) ?? []), r]);
  }
  const files: GeneratedFile[] = [];
  const resources: string[] = [];
  for (const [path, group] of [...byWorkload.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const ref = group[0]!.ref;
    const containers = [...group].sort((a, b) => (a.ref.container < b.ref.container ? -1 : 1)).map((r) => {
      const v = toResourceValues(r);
      // Keys with null stay in the patch on purpose: strategic merge deletes them.
      const limits: Record<string, string | null> = { cpu: v.limits.cpu, memory: v.limits.memory };
      if (r.current.cpuLimitCores === null && v.limits.cpu === null) delete limits.cpu;
      if (r.current.memoryLimitBytes === null && v.limits.memory === null) delete limits.memory;
      const resourcesBlock: Record<string, unknown> = { requests: { cpu: v.requests.cpu, memory: v.requests.memory } };
      if (Object.keys(limits).length) resourcesBlock.limits = limits;
      return { name: r.ref.container, resources: resourcesBlock };
    });
    const cPath = containersPath(ref.workloadKind)!;
    const doc = {
      apiVersion: apiVersionByKind[ref.workloadKind],
      kind: ref.workloadKind,
      metadata: { name: ref.workload, namespace: ref.namespace },
      ...nest(cPath, containers),
    };
    files.push({ path, text: renderYaml(doc, rightsizePatchMarker) });
    resources.push(path);
  }
  if (files.length) {
    const kustomization = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      patches: files.map((f) => {
        const ref = byWorkload.get(f.path)![0]!.ref;
        return { path: f.path, target: { kind: ref.workloadKind, name: ref.workload, namespace: ref.namespace } };
      }),
    };
    files.push({ path: 'kustomization.yaml', text: renderYaml(kustomization, rightsizePatchMarker) });
  }
  return files;
}
