/**
 * `headroom collect` when Prometheus misbehaves — 500s, answers slower than the timeout, the
 * 11,000-points refusal — against a scripted fake (these faults a healthy Prometheus will not
 * produce on demand). Each gives one clear line and leaves the store exactly as it was.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fakeClusterObjects, startFakeKubernetes } from '../helpers/fake-kubernetes.js';
import { promBody, startFakePrometheus, type FakeAnswer, type FakePrometheus, type FakeRequest } from '../helpers/fake-prometheus-faults.js';
import { generateSampleCluster } from '../../src/sample/index.js';
import { Store } from '../../src/store/index.js';
import { saveUsageCollection, usageSnapshotId } from '../../src/store/usage-repo.js';
import { loadLatestInventory } from '../../src/store/inventory-repo.js';

let dir: string;
let storePath: string;
let fake: FakePrometheus | null = null;

async function storeState(): Promise<unknown[]> {
  const store = await Store.open(storePath);
  try {
    return [
      await store.all('SELECT snapshot_id, status FROM snapshots ORDER BY snapshot_id'),
      await store.all('SELECT count(*) AS n, sum(cpu_p95_cores) AS cpu FROM usage_snapshots'),
      await store.all('SELECT count(*) AS n FROM nodes'),
    ];
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hr-collect-faults-'));
  storePath = join(dir, 'store.duckdb');
  // A store with an earlier snapshot in it, which no failed collection may touch.
  const sample = generateSampleCluster({ days: 1 });
  const store = await Store.open(storePath);
  await store.transaction((tx) => saveUsageCollection(tx, { snapshotId: usageSnapshotId('sample', 'sample', sample.startMs, sample.endMs), source: 'sample', collectedAtMs: sample.endMs }, sample.usage));
  await store.close();
});

afterEach(async () => {
  await fake?.stop();
  fake = null;
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Answers the reachability check, cluster, scrape-interval and namespace discovery like a healthy single-cluster Prometheus, then applies `fault` to everything else. */
function healthyThen(fault: FakeAnswer): (req: FakeRequest) => FakeAnswer {
  return (req) => {
    const q = req.params.get('query') ?? '';
    if (q === 'vector(1)') return { body: promBody.vector([{ metric: {}, value: 1 }]) };
    if (q.startsWith('count by (cluster)')) return { body: promBody.vector([{ metric: {}, value: 12 }]) };
    if (q.startsWith('quantile(0.5, count_over_time(')) return { body: promBody.vector([{ metric: {}, value: 360 }]) };
    if (q.startsWith('count by (namespace)')) return { body: promBody.vector([{ metric: { namespace: 'shop' }, value: 3 }]) };
    return fault;
  };
}

async function collectWith(answer: (req: FakeRequest) => FakeAnswer, timeout = '1s') {
  fake = await startFakePrometheus(answer);
  await writeFile(join(dir, 'headroom.yaml'), `cluster: prod\nstore:\n  path: ${storePath}\nprometheus:\n  url: ${fake.url}\n  timeout: ${timeout}\n  retries: 1\n`);
  const before = await storeState();
  const r = await runCli(['collect', '--config', 'headroom.yaml', '--since', '1d', '--at', '2026-11-16T00:00:00Z', '--log-level', 'error'], { cwd: dir });
  expect(await storeState()).toEqual(before);
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  return r;
}

describe('headroom collect when Prometheus fails', () => {
  it('reports a Prometheus answering 500 after retrying, and stores nothing', async () => {
    const r = await collectWith(healthyThen({ status: 500, body: promBody.error('internal', 'query engine crashed') }));
    expect(r.stdout).toMatch(/^FAILED prometheus prod: Prometheus at http:\/\/127\.0\.0\.1:\d+ failed the .+ query with HTTP 500: query engine crashed \(2 attempts\)/m);
    expect(fake!.requests.length).toBeGreaterThan(2);
  });

  it('reports a Prometheus answering slower than the timeout, and stores nothing', async () => {
    const r = await collectWith(healthyThen({ body: promBody.vector([]), delayMs: 3000 }));
    expect(r.stdout).toMatch(/^FAILED prometheus prod: Prometheus at http:\/\/127\.0\.0\.1:\d+ did not answer the .+ query within 1s \(2 attempts\) \(raise prometheus\.timeout/m);
  });

  it('reports the 11,000 points refusal with its fix, and stores nothing', async () => {
    const r = await collectWith((req) => (req.path === '/api/v1/query_range' ? { status: 400, body: promBody.tooManyPoints() } : healthyThen({ body: promBody.vector([]) })(req)));
    expect(r.stdout).toMatch(/^FAILED prometheus prod: Prometheus at http:\/\/127\.0\.0\.1:\d+ refused the .+ query: more than 11,000 points per series \(lower the resolution/m);
  });

  it('reports a Prometheus with no container series as a source problem pointing at doctor', async () => {
    const r = await collectWith(() => ({ body: promBody.vector([]) }));
    expect(r.stdout).toMatch(/^FAILED prometheus prod: no container usage series .* for cluster prod in the window \(run `headroom doctor`/m);
  });

  it('stores the Kubernetes inventory while reporting the failed Prometheus', async () => {
    fake = await startFakePrometheus(() => ({ status: 503, body: promBody.error('unavailable', 'shutting down') }));
    const k8s = await startFakeKubernetes({ objects: fakeClusterObjects() });
    try {
      await writeFile(join(dir, 'headroom.yaml'), `cluster: prod\nstore:\n  path: ${storePath}\nprometheus:\n  url: ${fake.url}\n  retries: 0\nkubernetes:\n  kubeconfig: ${k8s.kubeconfigPath}\n`);
      const r = await runCli(['collect', '--config', 'headroom.yaml', '--since', '1d', '--at', '2026-11-16T00:00:00Z', '--log-level', 'error'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^FAILED prometheus prod: Prometheus at .* failed the reachability query with HTTP 503: shutting down \(1 attempt\)/m);
      expect(r.stdout).toMatch(/^ok +kubernetes prod: 6 workloads, 2 nodes, 3 namespaces, 1 quotas, 1 PVCs$/m);
      expect(r.stderr.trim()).toBe('error: 1 of 2 source(s) failed; the others were stored (see the FAILED lines above; `headroom doctor` checks Prometheus)');
      const store = await Store.open(storePath);
      try {
        const snapshots = await store.all<{ snapshot_id: string; source: string }>("SELECT snapshot_id, source FROM snapshots WHERE source = 'kubernetes'");
        expect(snapshots.map((x) => x.snapshot_id)).toEqual(['kubernetes/prod/2026-11-16T00:00:00Z/2026-11-16T00:00:00Z']);
        const workloads = await loadLatestInventory(store, 'prod');
        expect(workloads.map((w) => w.workload).sort()).toEqual(['api', 'backup', 'db', 'debug-shell', 'migrate-schema', 'node-agent']);
        expect(workloads.find((w) => w.workload === 'api')!.hpa).toEqual({ minReplicas: 2, maxReplicas: 10, cpuTargetUtilizationPercent: 70, memoryTargetUtilizationPercent: 80 });
        expect(await store.all<{ n: number }>("SELECT count(*) AS n FROM snapshots WHERE source = 'prometheus'")).toEqual([{ n: 0 }]);
      } finally {
        await store.close();
      }
    } finally {
      await k8s.stop();
    }
  });
});
