/** HPAs from kube-state-metrics v2, mapped to the workloads they scale. */
import type { WorkloadKind } from '../../domain/workload.js';
import type { WorkloadHpa } from '../../domain/usage.js';
import { sourceLabels as L } from '../../domain/conventions.js';
import type { InstantSample, PrometheusClient } from './client.js';
import { prometheusMessages as msg } from './messages.js';
import * as Q from './queries.js';
import { CURRENT_SETTINGS_RANGE_SECONDS, WORKLOAD_KINDS } from './window-steps.js';

/**
 * HPAs at the window end, each mapped to the workload it scales through
 * `kube_horizontalpodautoscaler_info{scaletargetref_kind, scaletargetref_name}`. Only utilisation
 * targets on CPU and memory are kept: those are the ones a request change shifts.
 */
export async function collectHpas(client: PrometheusClient, scope: Q.QueryScope, endMs: number, cluster: string, warnings: string[] = []): Promise<WorkloadHpa[]> {
  const q = Q.hpaQueries(scope, CURRENT_SETTINGS_RANGE_SECONDS);
  const [info, minReplicas, maxReplicas, targets] = await Promise.all([
    client.query('HPA targets', q.info, endMs),
    client.query('HPA min replicas', q.minReplicas, endMs),
    client.query('HPA max replicas', q.maxReplicas, endMs),
    client.query('HPA utilisation targets', q.utilizationTargets, endMs),
  ]);
  const key = (m: Record<string, string>) => `${m[L.namespace] ?? ''}/${m[L.hpa] ?? ''}`;
  const valueBy = (rows: InstantSample[]) => new Map(rows.map((r) => [key(r.metric), r.value]));
  const minBy = valueBy(minReplicas);
  const maxBy = valueBy(maxReplicas);
  const targetBy = new Map(targets.map((r) => [`${key(r.metric)}/${r.metric[L.metricName]}`, r.value]));
  const out = new Map<string, WorkloadHpa>();
  for (const { metric: m } of info) {
    const kind = m[L.scaleTargetRefKind] as WorkloadKind;
    const namespace = m[L.namespace];
    const hpaName = m[L.hpa];
    const workload = m[L.scaleTargetRefName];
    if (!WORKLOAD_KINDS.has(kind) || !namespace || !hpaName || !workload) continue;
    const k = key(m);
    const max = maxBy.get(k);
    if (max === undefined || !Number.isFinite(max)) continue;
    const target = (resource: 'cpu' | 'memory') => { const v = targetBy.get(`${k}/${resource}`); return v === undefined || !Number.isFinite(v) ? null : v; };
    out.set(k, {
      cluster, namespace, workloadKind: kind, workload, hpaName,
      // Kubernetes defaults minReplicas to 1 when the spec leaves it out.
      hpa: { minReplicas: minBy.get(k) ?? 1, maxReplicas: max, cpuTargetUtilizationPercent: target('cpu'), memoryTargetUtilizationPercent: target('memory') },
    });
  }
  const unmapped = [...maxBy.keys()].filter((k) => !out.has(k)).sort();
  if (unmapped.length) warnings.push(msg.hpaWithoutTarget(unmapped));
  return [...out.values()].sort((a, b) => `${a.namespace}/${a.hpaName}`.localeCompare(`${b.namespace}/${b.hpaName}`));
}
