/**
 * Every PromQL expression Headroom generates — alert and recording rules, SLO rules, dashboard
 * panels — runs against a real Prometheus backfilled with the sample cluster, and the capacity and
 * rightsizing panels return the sample's data.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import { buildClusterRuleFiles, buildDashboards, buildSloGroups, listDashboardQueries, parseSloSpec, resolveMonitoringSettings, substituteGrafanaVariables } from '../../src/generators/index.js';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { sourceMetrics } from '../../src/domain/conventions.js';
import { repoRoot } from '../helpers/cli.js';
import { queryInstant, startSamplePrometheus } from '../helpers/prometheus.js';

type Prom = Awaited<ReturnType<typeof startSamplePrometheus>>;
let prom: Prom;
let endSeconds: number;

const settings = resolveMonitoringSettings(validateConfig({}));
const slos = ['checkout', 'search'].flatMap((n) => parseSloSpec(n, readFileSync(`${repoRoot}slos/${n}.yaml`, 'utf8'), n).slos);

async function queryRange(expr: string, startSeconds: number, stepSeconds: number): Promise<{ metric: Record<string, string>; values: [number, string][] }[]> {
  const res = await fetch(`${prom.url}/api/v1/query_range`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr, start: String(startSeconds), end: String(endSeconds), step: String(stepSeconds) }),
  });
  const body = (await res.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; values: [number, string][] }[] } };
  if (body.status !== 'success') throw new Error(`query_range failed: ${body.error}: ${expr}`);
  return body.data!.result;
}

function panelQueries(d: Dashboard, title: string): string[] {
  const qs = listDashboardQueries(d).filter((q) => q.panel === title).map((q) => substituteGrafanaVariables(q.expr));
  expect(qs.length, title).toBeGreaterThan(0);
  return qs;
}

beforeAll(async () => {
  // Only the families the generated queries read, labelled with a cluster as on a multi-cluster
  // backend, so the `by (cluster)` aggregations are exercised.
  const M = sourceMetrics;
  const families = [M.containerCpuUsageSecondsTotal, M.containerMemoryWorkingSetBytes, M.containerCpuCfsPeriodsTotal, M.containerCpuCfsThrottledPeriodsTotal,
    M.kubePodInfo, M.kubePodContainerResourceRequests, M.kubePodContainerStatusRestartsTotal, M.kubePodContainerStatusLastTerminatedReason,
    M.kubeNodeInfo, M.kubeNodeLabels, M.kubeNodeStatusAllocatable, M.kubeletVolumeStatsCapacityBytes, M.kubeletVolumeStatsUsedBytes, M.kubeletVolumeStatsAvailableBytes];
  prom = await startSamplePrometheus({ days: 3, seed: 42, openMetrics: { families, externalLabels: { cluster: 'sample' } } });
  endSeconds = prom.sample.endMs / 1000 - 60;
});

afterAll(async () => {
  await prom?.stop();
});

describe('generated PromQL against a real Prometheus with the sample cluster', () => {
  it('every alert, recording and SLO rule expression evaluates without error', async () => {
    const exprs = [...buildClusterRuleFiles(settings).flatMap((f) => f.groups), ...slos.flatMap((s) => buildSloGroups(s, settings))].flatMap((g) => g.rules.map((r) => r.expr));
    expect(exprs.length).toBeGreaterThan(80);
    for (const expr of exprs) await expect(queryInstant(prom.url, expr, endSeconds), expr).resolves.toBeDefined();
  });

  it('every dashboard panel query evaluates without error, with and without the recording rules deployed', async () => {
    let count = 0;
    for (const useRecordingRules of [true, false]) {
      for (const { dashboard } of buildDashboards(settings, slos, useRecordingRules)) {
        for (const q of listDashboardQueries(dashboard)) {
          await expect(queryRange(substituteGrafanaVariables(q.expr), endSeconds - 86400, 3600), `${dashboard.title} / ${q.panel}`).resolves.toBeDefined();
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(60);
  });

  it('the capacity panels return the allocatable, requests and usage of the sample cluster', async () => {
    const d = buildDashboards(settings, [], false).find((x) => x.name === 'capacity')!.dashboard;
    const [usage, requests, allocatable] = await Promise.all(panelQueries(d, 'CPU: usage, requests, allocatable').map((q) => queryInstant(prom.url, q, endSeconds)));
    const nodesCpu = prom.sample.nodes.reduce((sum, n) => sum + n.allocatableCpuCores, 0);
    expect(allocatable![0]!.value).toBeCloseTo(nodesCpu, 6);
    expect(requests![0]!.value).toBeGreaterThan(0);
    expect(requests![0]!.value).toBeLessThan(nodesCpu);
    expect(usage![0]!.value).toBeGreaterThan(0);
    const [requested] = await queryInstant(prom.url, panelQueries(d, 'CPU requested')[0]!, endSeconds);
    expect(requested!.value).toBeCloseTo(requests![0]!.value / nodesCpu, 9);
    const [poolRequests, pools] = await Promise.all(panelQueries(d, 'CPU by node pool: requests and allocatable').map((q) => queryInstant(prom.url, q, endSeconds)));
    expect(poolRequests!.reduce((sum, p) => sum + p.value, 0)).toBeCloseTo(requests![0]!.value, 6);
    const byType = new Map<string, number>();
    for (const n of prom.sample.nodes) byType.set(n.instanceType, (byType.get(n.instanceType) ?? 0) + n.allocatableCpuCores);
    expect(Object.fromEntries(pools!.map((p) => [p.metric.label_node_kubernetes_io_instance_type, Number(p.value.toFixed(6))]))).toEqual(Object.fromEntries([...byType].map(([k, v]) => [k, Number(v.toFixed(6))])));
    for (const title of ['Memory requested', 'CPU headroom', 'Memory headroom', 'Memory: working set, requests, allocatable', 'Memory by node pool: requests and allocatable']) {
      for (const q of panelQueries(d, title)) expect((await queryInstant(prom.url, q, endSeconds)).length, title).toBeGreaterThan(0);
    }
  });

  it('the rightsizing panels return per-container data, including throttling and OOM kills', async () => {
    const d = buildDashboards(settings, [], false).find((x) => x.name === 'rightsizing')!.dashboard;
    for (const title of ['CPU: p95 usage ÷ request', 'Memory: peak working set ÷ request', 'Most over-requested CPU', 'CPU throttling']) {
      const series = await queryRange(panelQueries(d, title)[0]!, endSeconds - 86400, 3600);
      expect(series.length, title).toBeGreaterThan(0);
    }
    const oom = await queryRange(panelQueries(d, 'OOM kills')[0]!, prom.sample.startMs / 1000 + 3600, 600);
    const oomContainers = new Set(prom.sample.truth.filter((t) => t.oomKills > 0).map((t) => `${t.ref.namespace}/${t.ref.container}`));
    expect(oomContainers.size).toBeGreaterThan(0);
    expect(new Set(oom.map((s) => `${s.metric.namespace}/${s.metric.container}`))).toEqual(oomContainers);
  });
});
