/**
 * collectKubernetesInventory: the cluster as it is now — workloads with their containers'
 * requests/limits and replicas, HPAs (autoscaling/v2), VPAs (CRD; absent CRD = none), nodes,
 * namespaces, ResourceQuotas and PVCs — read with @kubernetes/client-node, every list paged.
 *
 *   list (in parallel, paged) → index HPAs/VPAs by target → workloads → nodes → quotas, PVCs
 *
 * Workloads, nodes, namespaces and pods are required (a failure fails the collection); HPAs,
 * VPAs, quotas and PVCs are optional (a refusal becomes a warning, the rest proceeds).
 */
import {
  AppsV1Api, AutoscalingV2Api, BatchV1Api, CoreV1Api, CustomObjectsApi,
  type KubeConfig, type V1Container, type V1ObjectMeta, type V1PodSpec, type V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { HpaSpec, NodeInfo, ResourceSettings, WorkloadInventoryItem, WorkloadKind } from '../../domain/workload.js';
import { nodeFactsFromLabels } from '../../domain/conventions.js';
import { listAll, statusCode, type ListFn } from './list-all.js';
import { kubernetesMessages as msg } from './messages.js';
import { parseOptionalQuantity, parseQuantity } from './quantity.js';
import type { KubernetesInventory, PersistentVolumeClaimInfo, ResourceQuotaInfo } from './types.js';

export interface CollectInventoryOptions {
  /** Name recorded for this cluster. */
  cluster: string;
  /** Namespaces to skip. Default none. */
  excludeNamespaces?: string[];
  /** Page size of list calls. Default 500. */
  pageLimit?: number;
}

const VPA = { group: 'autoscaling.k8s.io', version: 'v1', plural: 'verticalpodautoscalers' } as const;

interface VpaObject { metadata?: V1ObjectMeta; spec?: { targetRef?: { kind?: string; name?: string } } }

export async function collectKubernetesInventory(kc: KubeConfig, options: CollectInventoryOptions): Promise<KubernetesInventory> {
  const server = kc.getCurrentCluster()?.server ?? '(unknown server)';
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const autoscaling = kc.makeApiClient(AutoscalingV2Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const limit = options.pageLimit;
  const excluded = new Set(options.excludeNamespaces ?? []);
  const cluster = options.cluster;
  const warnings: string[] = [];
  const list = <T>(what: string, fn: ListFn<T>) => listAll(server, what, fn, limit);
  /** Optional lists: a 403/404 is a warning and an empty list. */
  const optional = async <T>(what: string, fn: ListFn<T>, absentMeansNone = false): Promise<T[]> => {
    try {
      return await listAll(server, what, fn, limit);
    } catch (err) {
      const code = statusCode((err as { cause?: unknown }).cause);
      if (code === 404 && absentMeansNone) return [];
      if (code === 403 || code === 404) {
        warnings.push((err as Error).message);
        return [];
      }
      throw err;
    }
  };

  const [namespaces, nodes, pods, deployments, statefulSets, daemonSets, cronJobs, jobs, hpas, vpas, quotas, pvcs] = await Promise.all([
    list('namespaces', (p) => core.listNamespace(p)),
    list('nodes', (p) => core.listNode(p)),
    list('pods', (p) => core.listPodForAllNamespaces(p)),
    list('deployments', (p) => apps.listDeploymentForAllNamespaces(p)),
    list('statefulsets', (p) => apps.listStatefulSetForAllNamespaces(p)),
    list('daemonsets', (p) => apps.listDaemonSetForAllNamespaces(p)),
    list('cronjobs', (p) => batch.listCronJobForAllNamespaces(p)),
    list('jobs', (p) => batch.listJobForAllNamespaces(p)),
    optional('horizontalpodautoscalers', (p) => autoscaling.listHorizontalPodAutoscalerForAllNamespaces(p)),
    // The VPA is a CRD: a cluster without it answers 404, which simply means no VPAs.
    optional<VpaObject>('verticalpodautoscalers', (p) => custom.listClusterCustomObject({ ...VPA, ...p }) as Promise<{ items: VpaObject[]; metadata?: { _continue?: string } }>, true),
    optional('resourcequotas', (p) => core.listResourceQuotaForAllNamespaces(p)),
    optional('persistentvolumeclaims', (p) => core.listPersistentVolumeClaimForAllNamespaces(p)),
  ]);

  const keep = (meta: V1ObjectMeta | undefined) => Boolean(meta?.namespace) && !excluded.has(meta!.namespace!);
  const targetKey = (namespace: string | undefined, kind: string | undefined, name: string | undefined) => `${namespace}/${kind}/${name}`;
  const hpaByTarget = new Map<string, HpaSpec>();
  for (const h of hpas) hpaByTarget.set(targetKey(h.metadata?.namespace, h.spec?.scaleTargetRef.kind, h.spec?.scaleTargetRef.name), toHpaSpec(h));
  const vpaTargets = new Set(vpas.map((v) => targetKey(v.metadata?.namespace, v.spec?.targetRef?.kind, v.spec?.targetRef?.name)));

  const workloads: WorkloadInventoryItem[] = [];
  const addWorkload = (kind: WorkloadKind, meta: V1ObjectMeta | undefined, podSpec: V1PodSpec | undefined, replicas: number) => {
    if (!keep(meta) || !meta?.name) return;
    const what = `${meta.namespace}/${kind}/${meta.name}`;
    workloads.push({
      cluster,
      namespace: meta.namespace!,
      workloadKind: kind,
      workload: meta.name,
      replicas,
      containers: (podSpec?.containers ?? []).map((c) => ({ name: c.name, resources: toResources(c, what, warnings) })),
      hpa: hpaByTarget.get(targetKey(meta.namespace, kind, meta.name)) ?? null,
      hasVpa: vpaTargets.has(targetKey(meta.namespace, kind, meta.name)),
      labels: { ...(meta.labels ?? {}) },
    });
  };
  for (const d of deployments) addWorkload('Deployment', d.metadata, d.spec?.template.spec, d.spec?.replicas ?? 1);
  for (const s of statefulSets) addWorkload('StatefulSet', s.metadata, s.spec?.template.spec, s.spec?.replicas ?? 1);
  for (const s of daemonSets) addWorkload('DaemonSet', s.metadata, s.spec?.template.spec, s.status?.desiredNumberScheduled ?? 0);
  for (const c of cronJobs) addWorkload('CronJob', c.metadata, c.spec?.jobTemplate.spec?.template.spec, c.spec?.jobTemplate.spec?.parallelism ?? 1);
  // Jobs a CronJob created belong to the CronJob; only stand-alone Jobs are workloads of their own.
  for (const j of jobs) if (!j.metadata?.ownerReferences?.some((o) => o.kind === 'CronJob')) addWorkload('Job', j.metadata, j.spec?.template.spec, j.spec?.parallelism ?? 1);
  // Bare pods: no controller owns them.
  for (const p of pods) if (!p.metadata?.ownerReferences?.length && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') addWorkload('Pod', p.metadata, p.spec, 1);

  return {
    cluster,
    workloads: workloads.sort((a, b) => `${a.namespace}/${a.workloadKind}/${a.workload}`.localeCompare(`${b.namespace}/${b.workloadKind}/${b.workload}`)),
    nodes: nodes.map((n): NodeInfo => {
      const labels = n.metadata?.labels ?? {};
      const name = n.metadata?.name ?? '';
      const quantity = (q: string | undefined, what: string) => {
        try {
          return parseOptionalQuantity(q) ?? 0;
        } catch (err) {
          warnings.push(msg.badQuantity(`node ${name} ${what}`, (err as Error).message));
          return 0;
        }
      };
      return {
        cluster,
        node: name,
        ...nodeFactsFromLabels((key) => labels[key]),
        allocatableCpuCores: quantity(n.status?.allocatable?.cpu, 'allocatable cpu'),
        allocatableMemoryBytes: quantity(n.status?.allocatable?.memory, 'allocatable memory'),
      };
    }).sort((a, b) => a.node.localeCompare(b.node)),
    namespaces: namespaces.map((n) => n.metadata?.name ?? '').filter((n) => n && !excluded.has(n)).sort(),
    resourceQuotas: quotas.filter((q) => keep(q.metadata)).map((q): ResourceQuotaInfo => ({
      cluster,
      namespace: q.metadata!.namespace!,
      name: q.metadata?.name ?? '',
      resources: Object.entries(q.status?.hard ?? q.spec?.hard ?? {}).map(([resource, hard]) => ({
        resource,
        hard: safeQuantity(hard, `quota ${q.metadata?.namespace}/${q.metadata?.name} ${resource}`, warnings),
        used: safeQuantity(q.status?.used?.[resource] ?? '0', `quota ${q.metadata?.namespace}/${q.metadata?.name} ${resource}`, warnings),
      })).sort((a, b) => a.resource.localeCompare(b.resource)),
    })),
    persistentVolumeClaims: pvcs.filter((c) => keep(c.metadata)).map((c): PersistentVolumeClaimInfo => ({
      cluster,
      namespace: c.metadata!.namespace!,
      name: c.metadata?.name ?? '',
      storageClass: c.spec?.storageClassName ?? null,
      requestBytes: c.spec?.resources?.requests?.storage ? safeQuantity(c.spec.resources.requests.storage, `pvc ${c.metadata?.name}`, warnings) : null,
      capacityBytes: c.status?.capacity?.storage ? safeQuantity(c.status.capacity.storage, `pvc ${c.metadata?.name}`, warnings) : null,
      phase: c.status?.phase ?? 'Unknown',
    })),
    warnings,
  };
}

function safeQuantity(text: string, what: string, warnings: string[]): number {
  try {
    return parseQuantity(text);
  } catch (err) {
    warnings.push(msg.badQuantity(what, (err as Error).message));
    return Number.NaN;
  }
}

function toResources(c: V1Container, what: string, warnings: string[]): ResourceSettings {
  const q = (text: string | undefined, field: string) => {
    try {
      return parseOptionalQuantity(text);
    } catch (err) {
      warnings.push(msg.badQuantity(`${what} container ${c.name} ${field}`, (err as Error).message));
      return null;
    }
  };
  return {
    cpuRequestCores: q(c.resources?.requests?.cpu, 'requests.cpu'),
    cpuLimitCores: q(c.resources?.limits?.cpu, 'limits.cpu'),
    memoryRequestBytes: q(c.resources?.requests?.memory, 'requests.memory'),
    memoryLimitBytes: q(c.resources?.limits?.memory, 'limits.memory'),
  };
}

function toHpaSpec(h: V2HorizontalPodAutoscaler): HpaSpec {
  const target = (name: string) => h.spec?.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === name && m.resource.target.type === 'Utilization')?.resource?.target.averageUtilization ?? null;
  return {
    minReplicas: h.spec?.minReplicas ?? 1,
    maxReplicas: h.spec?.maxReplicas ?? 1,
    cpuTargetUtilizationPercent: target('cpu'),
    memoryTargetUtilizationPercent: target('memory'),
  };
}

