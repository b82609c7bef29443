/**
 * Rightsizing end to end on the sample in a real Prometheus: `headroom rightsize --prometheus-url
 * URL --history 7d --at TIME --format json --output OUT.json`, checked against the sample's ground
 * truth. Backfill: the whole sample, 7 days at 60 s, the families the collector reads (several
 * minutes of promtool on a cold cache; cached under .cache/prometheus-tsdb afterwards).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsBackends, type RunningBackend } from '../helpers/metrics-backends.js';
import { runCli } from '../helpers/cli.js';
import type { SampleCluster, SampleContainerTruth } from '../../src/sample/index.js';
import type { RightsizeRecord } from '../../src/domain/recommendation.js';
import { defaultResourcePolicy } from '../../src/models/rightsizing/index.js';
import { sourceMetrics as M } from '../../src/domain/conventions.js';

describe.each(metricsBackends)('headroom rightsize on the sample in a real $name', (backend) => {
  let prom: (RunningBackend & { sample: SampleCluster }) | null = null;
  let dir: string;
  let recs: RightsizeRecord[] = [];
  let cliStderr = '';

  const keyOf = (r: { namespace: string; workloadKind: string; workload: string; container: string }) => `${r.namespace}/${r.workloadKind}/${r.workload}/${r.container}`;

  /** What collectWorkloadUsage reads; node-exporter and volume series are left out to keep the backfill small. */
  const collectorFamilies = [
    M.containerCpuUsageSecondsTotal, M.containerMemoryWorkingSetBytes, M.containerCpuCfsPeriodsTotal, M.containerCpuCfsThrottledPeriodsTotal,
    M.kubePodContainerResourceRequests, M.kubePodContainerResourceLimits, M.kubePodContainerStatusRestartsTotal, M.kubePodContainerStatusLastTerminatedReason,
    M.kubePodOwner, M.kubePodInfo, M.kubeReplicasetOwner, M.kubeJobOwner, M.kubeNodeLabels, M.kubeNodeStatusAllocatable,
    M.kubeHpaInfo, M.kubeHpaSpecMinReplicas, M.kubeHpaSpecMaxReplicas, M.kubeHpaSpecTargetMetric,
  ];

  beforeAll(async () => {
    prom = await backend.startSample({ days: 7, seed: 42, openMetrics: { families: collectorFamilies } });
    dir = await mkdtemp(join(tmpdir(), 'hr-rightsize-prom-'));
    const out = join(dir, 'recs.json');
    const at = String(prom.sample.endMs / 1000);
    const r = await runCli(['rightsize', '--prometheus-url', prom.url, '--history', '7d', '--at', at, '--format', 'json', '--output', out, '--log-level', 'error'], { cwd: dir });
    cliStderr = r.stderr;
    expect(r.code, r.stderr).toBe(0);
    recs = JSON.parse(await readFile(out, 'utf8')) as RightsizeRecord[];
  }, 900_000);

  afterAll(async () => {
    await prom?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function truths(filter: (t: SampleContainerTruth) => boolean = () => true): { truth: SampleContainerTruth; rec: RightsizeRecord }[] {
    const byKey = new Map(recs.map((r) => [keyOf(r), r]));
    return prom!.sample.truth.filter(filter).map((truth) => ({ truth, rec: byKey.get(keyOf(truth.ref))! }));
  }

  it('recommends every workload container under its owner name, aggregated across pods and rollouts', () => {
    expect(cliStderr).toBe('');
    const expected = prom!.sample.truth.map((t) => keyOf(t.ref)).sort();
    expect(recs.map(keyOf).sort()).toEqual(expected);
    // Owners, not pods or ReplicaSets: every workload name is one the inventory knows.
    const owners = new Set(prom!.sample.inventory.map((w) => `${w.namespace}/${w.workloadKind}/${w.workload}`));
    for (const r of recs) expect(owners.has(`${r.namespace}/${r.workloadKind}/${r.workload}`), keyOf(r)).toBe(true);
    expect(recs.filter((r) => r.recommended.cpuRequestCores !== null).length).toBeGreaterThanOrEqual(expected.length - 1);
  });

  it('never recommends memory below the true peak working set', () => {
    for (const { truth, rec } of truths()) {
      if (rec.recommended.memoryRequestBytes === null) continue;
      expect(rec.recommended.memoryRequestBytes, keyOf(truth.ref)).toBeGreaterThanOrEqual(truth.memoryPeakBytes);
    }
  });

  it('raises OOM-killed containers above the limit they were killed at', () => {
    const oom = truths((t) => t.oomKills > 0);
    expect(oom.length).toBeGreaterThan(0);
    for (const { truth, rec } of oom) {
      expect(rec.recommended.memoryRequestBytes!, keyOf(truth.ref)).toBeGreaterThan(truth.oomKilledAtMemoryLimitBytes!);
      expect(rec.reasons.some((x) => /OOM-killed/.test(x))).toBe(true);
    }
  });

  it('puts CPU requests of steady workloads between 0.9 × p90 and 1.6 × p99 of true usage (the 10m floor aside)', () => {
    const steady = truths((t) => t.steady);
    expect(steady.length).toBeGreaterThan(5);
    for (const { truth, rec } of steady) {
      const cpu = rec.recommended.cpuRequestCores!;
      expect(cpu, keyOf(truth.ref)).toBeGreaterThanOrEqual(0.9 * truth.cpuP90Cores);
      expect(cpu, keyOf(truth.ref)).toBeLessThanOrEqual(Math.max(1.6 * truth.cpuP99Cores, defaultResourcePolicy.cpuFloorCores));
    }
  });

  it('does not give the two-day-old workload high confidence', () => {
    const fresh = truths((t) => t.pattern === 'new');
    expect(fresh.length).toBeGreaterThan(0);
    for (const { truth, rec } of fresh) {
      expect(truth.historySeconds).toBeLessThan(3 * 86_400);
      expect(rec.confidence, keyOf(truth.ref)).not.toBe('high');
    }
  });

  it('shows positive dollar savings for idle over-provisioned workloads', () => {
    const idle = truths((t) => t.pattern === 'idle');
    expect(idle.length).toBeGreaterThan(0);
    for (const { truth, rec } of idle) expect(rec.monthlySavingsUsd!, keyOf(truth.ref)).toBeGreaterThan(0);
  });

  it('raises under-provisioned (throttled) CPU', () => {
    const throttled = truths((t) => t.pattern === 'throttled');
    expect(throttled.length).toBeGreaterThan(0);
    for (const { truth, rec } of throttled) {
      expect(rec.recommended.cpuRequestCores!, keyOf(truth.ref)).toBeGreaterThan(truth.current.cpuRequestCores!);
      expect(rec.reasons.some((x) => /throttled/.test(x))).toBe(true);
    }
  });

  it('keeps CPU requests of HPA workloads at p95 ÷ the HPA target, read from Prometheus alone (no kubeconfig), and says so', () => {
    const hpaWorkloads = prom!.sample.inventory.filter((w) => w.hpa?.cpuTargetUtilizationPercent);
    expect(hpaWorkloads.length).toBeGreaterThan(0);
    const hpa = truths((t) => t.pattern === 'hpa');
    expect(hpa.length).toBeGreaterThan(0);
    for (const { truth, rec } of hpa) {
      const key = keyOf(truth.ref);
      const target = hpaWorkloads.find((w) => w.namespace === truth.ref.namespace && w.workloadKind === truth.ref.workloadKind && w.workload === truth.ref.workload)!.hpa!.cpuTargetUtilizationPercent!;
      expect(rec.reasons.some((x) => x.includes(`an HPA scales this workload on CPU at ${target} %`)), `${key}: ${rec.reasons.join(' | ')}`).toBe(true);
      // The collector's p95 is within 2 % of the truth (collect-prometheus test); rounding adds up to 1 millicore.
      const expected = truth.cpuP95Cores / (target / 100);
      expect(Math.abs(rec.recommended.cpuRequestCores! - expected), `${key}: ${rec.recommended.cpuRequestCores} vs ${expected}`).toBeLessThanOrEqual(0.02 * expected + 0.001);
    }
  });

  it('collects only what the strategy and safety rules read, and recommends exactly as from a full snapshot', async () => {
    const { collectWorkloadUsage, prometheusSourceFromUrl } = await import('../../src/collectors/prometheus/index.js');
    const { resolveRightsizeSettings, runRightsizeModel, usagePartsForRightsizing } = await import('../../src/app/rightsize.js');
    const { validateConfig } = await import('../../src/config/index.js');
    const resolved = resolveRightsizeSettings(validateConfig({}).rightsizing);
    const parts = usagePartsForRightsizing(resolved);
    expect(parts).toMatchObject({ cpuPercentiles: [95, 99], histories: false, capacitySeries: false, volumes: false, nodeUsage: false });
    const source = prometheusSourceFromUrl(prom!.url, { clusterName: prom!.sample.cluster });
    const window = { startMs: prom!.sample.endMs - 7 * 86_400_000, endMs: prom!.sample.endMs };
    const [full, lean] = await Promise.all([collectWorkloadUsage(source, window), collectWorkloadUsage(source, window, { parts })]);
    expect(lean.stats.queries).toBeLessThan(full.stats.queries * 0.8);
    expect(lean.clusterSeries).toEqual([]);
    expect(Number.isNaN(lean.summaries[0]!.cpuP50Cores)).toBe(true);
    const model = (usage: typeof full) => runRightsizeModel({ usage, inventory: [], prices: new Map(), resolved }).recommendations;
    expect(model(lean)).toEqual(model(full));
  }, 300_000);
});
