/** PVC capacity and usage at the window end, and the hourly usage history (kubelet volume stats). */
import type { VolumeUsage } from '../../domain/usage.js';
import { sourceLabels as L } from '../../domain/conventions.js';
import type { PrometheusClient } from './client.js';
import * as Q from './queries.js';
import { alignUp } from './window-steps.js';
import type { CollectWindow } from './collect-usage.js';

export async function collectVolumes(client: PrometheusClient, scope: Q.QueryScope, window: CollectWindow, historyStepSeconds: number, cluster: string): Promise<VolumeUsage[]> {
  const q = Q.volumeQueries(scope, Math.round((window.endMs - window.startMs) / 1000), historyStepSeconds);
  const startMs = alignUp(window.startMs, historyStepSeconds * 1000);
  const [capacity, used, history] = await Promise.all([
    client.query('PVC capacity', q.capacity, window.endMs),
    client.query('PVC usage', q.used, window.endMs),
    client.queryRange('PVC usage history', q.usedHistory, startMs, window.endMs, historyStepSeconds),
  ]);
  const key = (m: Record<string, string>) => `${m[L.namespace]}/${m[L.persistentVolumeClaim]}`;
  const usedBy = new Map(used.map((r) => [key(r.metric), r.value]));
  const histBy = new Map(history.map((s) => [key(s.metric), s]));
  return capacity.filter((r) => r.metric[L.persistentVolumeClaim]).map((r) => {
    const h = histBy.get(key(r.metric));
    return {
      cluster,
      namespace: r.metric[L.namespace] ?? '',
      persistentVolumeClaim: r.metric[L.persistentVolumeClaim]!,
      capacityBytes: r.value,
      usedBytes: usedBy.get(key(r.metric)) ?? 0,
      history: h ? h.timestampsMs.map((t, i) => ({ timestampMs: t, value: h.values[i]! })) : [],
    };
  }).sort((a, b) => `${a.namespace}/${a.persistentVolumeClaim}`.localeCompare(`${b.namespace}/${b.persistentVolumeClaim}`));
}
