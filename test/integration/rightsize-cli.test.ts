/** `headroom rightsize` as a user runs it, on the embedded sample (offline): outputs, GitOps edits, bad input. */
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { Store } from '../../src/store/index.js';
import { saveUsageCollection, usageSnapshotId } from '../../src/store/usage-repo.js';
import { generateSampleCluster } from '../../src/sample/index.js';
import { latestRecommendationRunId, loadRecommendations } from '../../src/store/recommendation-repo.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hr-rightsize-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('headroom rightsize on the embedded sample', () => {
  it('writes the DESIGN.md JSON contract, patches and edits manifests in place, and stores the run', async () => {
    const manifests = join(dir, 'deploy');
    await cp(new URL('../golden/rightsizing/apply-to/input', import.meta.url).pathname, manifests, { recursive: true });
    // A manifest of a workload that exists in the sample.
    const frontend = `# frontend — team shop\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n      - name: frontend   # main\n        image: shop/frontend:7\n        resources:\n          requests:\n            cpu: 500m   # guessed in 2023\n            memory: 512Mi\n          limits:\n            cpu: "1"\n            memory: 1Gi\n`;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(manifests, 'frontend.yaml'), frontend);
    const out = join(dir, 'recs.json');
    const config = join(dir, 'headroom.yaml');
    await writeFile(config, `store:\n  path: ${join(dir, 'store.duckdb')}\n`);
    const r = await runCli(['rightsize', '--config', config, '--sample', '--history', '14d', '--at', '2026-11-16T00:00:00Z', '--format', 'json', '--output', out,
      '--patches', join(dir, 'patches'), '--apply-to', manifests, '--save', '--log-level', 'warn']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const recs = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>[];
    expect(recs.length).toBe(52);
    // The DESIGN.md contract's keys first, in order, then the fields the table and CSV also show.
    for (const rec of recs) expect(Object.keys(rec)).toEqual(['namespace', 'workloadKind', 'workload', 'container', 'current', 'recommended', 'confidence', 'reasons', 'monthlySavingsUsd', 'cluster', 'status', 'severity', 'replicas', 'strategy', 'price']);
    const fe = recs.find((x) => x.workload === 'frontend' && x.container === 'frontend')!;
    const rec = fe.recommended as { cpuRequestCores: number; memoryRequestBytes: number };
    // The manifest now carries exactly the recommended values, and every comment survived.
    const edited = await readFile(join(manifests, 'frontend.yaml'), 'utf8');
    expect(edited).toContain(`cpu: ${Math.round(rec.cpuRequestCores * 1000)}m   # guessed in 2023`);
    expect(edited).toContain(`memory: ${rec.memoryRequestBytes / 2 ** 20}Mi`);
    expect(edited).not.toContain('cpu: "1"');
    const comments = (text: string) => text.split('\n').map((l) => l.match(/#.*$/)?.[0]).filter(Boolean);
    expect(comments(edited)).toEqual(comments(frontend));
    // Workloads not in the sample are left alone.
    expect(await readFile(join(manifests, 'shop.yaml'), 'utf8')).toBe(await readFile(new URL('../golden/rightsizing/apply-to/input/shop.yaml', import.meta.url).pathname, 'utf8'));
    const patches = await readdir(join(dir, 'patches'));
    expect(patches).toContain('shop--deployment--frontend.yaml');
    expect(patches).toContain('kustomization.yaml');
    const store = await Store.open(join(dir, 'store.duckdb'));
    try {
      const runId = await latestRecommendationRunId(store);
      const stored = await loadRecommendations(store, runId!);
      expect(stored.length).toBe(52);
      expect(stored.find((x) => x.workload === 'frontend' && x.container === 'frontend')!.recommended).toEqual(fe.recommended);
    } finally {
      await store.close();
    }
  });

  it('prints a table sorted by savings with the totals line', async () => {
    const r = await runCli(['rightsize', '--sample', '--history', '14d', '--at', '2026-11-16T00:00:00Z', '--limit', '5', '--log-level', 'error']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+WORKLOAD \/ CONTAINER\s+CPU REQUEST/);
    const dollars = lines.slice(1, 6).map((l) => Number(l.match(/(-?)\$([\d,.]+)$/)!.slice(1).join('').replace(/,/g, '')));
    expect([...dollars].sort((a, b) => b - a)).toEqual(dollars);
    expect(r.stdout).toMatch(/52 containers, 51 recommended, 1 without recommendation; estimated savings \$[\d,.]+\/month \(percentile@1\)/);
    expect(r.stdout).toMatch(/^nodes: 11 running, \d+ needed for today's requests, \d+ after rightsizing/m);
  });

  it('recommends from the latest usage collected into the store with --from-store', async () => {
    const storePath = join(dir, 'collected.duckdb');
    const sample = generateSampleCluster({ days: 7 });
    const store = await Store.open(storePath);
    try {
      await store.transaction((tx) => saveUsageCollection(tx, { snapshotId: usageSnapshotId('sample', sample.cluster, sample.startMs, sample.endMs), source: 'sample', collectedAtMs: sample.endMs }, sample.usage, sample.inventory));
    } finally {
      await store.close();
    }
    const { writeFile } = await import('node:fs/promises');
    const config = join(dir, 'collected.yaml');
    await writeFile(config, `store:\n  path: ${storePath}\n`);
    const out = join(dir, 'from-store.csv');
    const r = await runCli(['rightsize', '--config', config, '--from-store', '--format', 'csv', '--output', out, '--log-level', 'error']);
    expect(r.stderr).toBe('');
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1 + sample.usage.summaries.length);
    // The HPA in the stored inventory is honoured.
    expect(lines.find((l) => l.includes(',checkout,checkout,'))).toMatch(/HPA scales this workload on CPU at 70 %/);
  });

  it('documents strategies, their settings and examples in --help', async () => {
    const r = await runCli(['rightsize', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/halfLifeHours: Half-life of sample weights/);
    expect(r.stdout).toMatch(/Examples:\n {2}\$ headroom rightsize --prometheus-url/);
  });

  it.each([
    [['--history', 'two weeks'], /--history two weeks: "two weeks" is not a duration/],
    [['--strategy', 'krr'], /unknown rightsizing strategy "krr" \(use one of: percentile, decaying-histogram\)/],
  ])('rejects bad input %j with one line and exit code 2', async (args, message) => {
    const r = await runCli(['rightsize', '--sample', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says how to fix a missing Prometheus', async () => {
    const r = await runCli(['rightsize', '--history', '14d'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: no Prometheus to read usage from (pass --prometheus-url URL, set prometheus.url in headroom.yaml, or use --sample)');
  });
});
