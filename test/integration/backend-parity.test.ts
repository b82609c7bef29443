/**
 * Same inputs, same recommendations: `headroom rightsize` on the same sample held by Prometheus
 * and by VictoriaMetrics (the multi-cluster test's data, cached: 2 days at a 5-minute scrape,
 * namespaces shop and auth; cluster sample-a). Where MetricsQL differs from PromQL the test states
 * the difference (README, "Metrics backends") instead of skipping it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusBackend, victoriaMetricsBackend, type MetricsBackend } from '../helpers/metrics-backends.js';
import { runCli } from '../helpers/cli.js';
import type { SampleCluster } from '../../src/sample/index.js';
import type { RightsizeRecord } from '../../src/domain/recommendation.js';

const keyOf = (r: { namespace: string; workloadKind: string; workload: string; container: string }) => `${r.namespace}/${r.workloadKind}/${r.workload}/${r.container}`;
let dir: string;
let sample: SampleCluster;
const recs = new Map<string, Map<string, RightsizeRecord>>();

async function rightsizeOn(backend: MetricsBackend): Promise<void> {
  const fleet = await backend.startClusters(3, { days: 2, stepSeconds: 300, seed: 7, openMetrics: { namespaces: ['shop', 'auth'] } });
  try {
    sample = fleet.samples[0]!;
    const out = join(dir, `${backend.kind}.json`);
    const r = await runCli(['rightsize', '--prometheus-url', fleet.url, '--cluster', sample.cluster, '--history', '2d', '--at', String(sample.endMs / 1000), '--format', 'json', '--output', out, '--log-level', 'error'], { cwd: dir, timeoutMs: 400_000 });
    expect(r.code, r.stderr).toBe(0);
    recs.set(backend.kind, new Map((JSON.parse(await readFile(out, 'utf8')) as RightsizeRecord[]).map((x) => [keyOf(x), x])));
  } finally {
    await fleet.stop();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hr-parity-'));
  await rightsizeOn(prometheusBackend);
  await rightsizeOn(victoriaMetricsBackend);
}, 900_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('rightsize on Prometheus and on VictoriaMetrics holding the same sample', () => {
  it('recommends the same containers with the same memory, limits policy, confidence and current settings', () => {
    const prom = recs.get('prometheus')!;
    const vm = recs.get('victoriametrics')!;
    expect([...vm.keys()].sort()).toEqual([...prom.keys()].sort());
    for (const [key, p] of prom) {
      const v = vm.get(key)!;
      expect(v.current, key).toEqual(p.current);
      expect(v.recommended.memoryRequestBytes, key).toBe(p.recommended.memoryRequestBytes);
      expect(v.recommended.memoryLimitBytes, key).toBe(p.recommended.memoryLimitBytes);
      expect(v.confidence, key).toBe(p.confidence);
    }
  });

  it('recommends the same CPU for containers whose pods ran the whole window, and no less where pods started inside it (MetricsQL rate() at a counter\'s start)', () => {
    const prom = recs.get('prometheus')!;
    const vm = recs.get('victoriametrics')!;
    const rateWindowMs = sample.cpuRateWindowSeconds * 1000;
    const startsInside = new Set(sample.pods.filter((p) => p.startMs > sample.startMs + rateWindowMs).map((p) => `${p.namespace}/${p.workloadKind}/${p.workload}`));
    const differing: string[] = [];
    for (const [key, p] of prom) {
      const v = vm.get(key)!;
      if (v.recommended.cpuRequestCores === p.recommended.cpuRequestCores) continue;
      differing.push(key);
      expect(startsInside.has(key.split('/').slice(0, 3).join('/')), `${key}: ${v.recommended.cpuRequestCores} vs ${p.recommended.cpuRequestCores}`).toBe(true);
      expect(v.recommended.cpuRequestCores!, key).toBeGreaterThan(p.recommended.cpuRequestCores!);
    }
    // Most containers agree exactly; the difference is confined to pods that start in the window.
    expect(differing.length).toBeLessThan(prom.size / 2);
  });
});
