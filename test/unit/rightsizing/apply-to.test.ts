import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRecommendationsToText } from '../../../src/generators/gitops/index.js';
import { GIB_BYTES, MIB_BYTES } from '../../../src/domain/units.js';
import { makeRecommendation, makeRef } from './fixtures.js';
import { expectGolden } from './golden.js';

const goldenDir = new URL('../../golden/rightsizing/apply-to/', import.meta.url).pathname;

const recs = [
  makeRecommendation(makeRef('checkout', 'app'), { cpuRequestCores: 1, cpuLimitCores: 2, memoryRequestBytes: 2 * GIB_BYTES, memoryLimitBytes: 2 * GIB_BYTES },
    { cpuRequestCores: 0.25, cpuLimitCores: null, memoryRequestBytes: 700 * MIB_BYTES, memoryLimitBytes: 700 * MIB_BYTES }),
  makeRecommendation(makeRef('cart-redis', 'redis', 'shop', 'StatefulSet'), { cpuRequestCores: null, cpuLimitCores: null, memoryRequestBytes: null, memoryLimitBytes: null },
    { cpuRequestCores: 0.05, cpuLimitCores: null, memoryRequestBytes: 300 * MIB_BYTES, memoryLimitBytes: 300 * MIB_BYTES }),
  makeRecommendation(makeRef('nightly-report', 'report', 'shop', 'CronJob'), { cpuRequestCores: 0.5, cpuLimitCores: null, memoryRequestBytes: GIB_BYTES, memoryLimitBytes: null },
    { cpuRequestCores: 1.2, cpuLimitCores: null, memoryRequestBytes: 1200 * MIB_BYTES, memoryLimitBytes: 1200 * MIB_BYTES }),
  makeRecommendation(makeRef('api', 'api', 'platform'), { cpuRequestCores: 0.75, cpuLimitCores: null, memoryRequestBytes: 1536 * MIB_BYTES, memoryLimitBytes: 1536 * MIB_BYTES },
    { cpuRequestCores: 0.3, cpuLimitCores: null, memoryRequestBytes: GIB_BYTES, memoryLimitBytes: GIB_BYTES }),
  makeRecommendation(makeRef('worker', 'worker', 'platform'), { cpuRequestCores: 0.25, cpuLimitCores: null, memoryRequestBytes: 512 * MIB_BYTES, memoryLimitBytes: null },
    { cpuRequestCores: 0.1, cpuLimitCores: null, memoryRequestBytes: 256 * MIB_BYTES, memoryLimitBytes: 256 * MIB_BYTES }),
];

async function listYaml(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listYaml(p)));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Lines of `after` that differ from `before`, ignoring lines that only hold resource keys. */
function nonResourceDiff(before: string, after: string): string[] {
  const resourceLine = /^\s*(cpu|memory|requests|limits|resources):/;
  const a = before.split('\n').filter((l) => !resourceLine.test(l));
  const b = after.split('\n').filter((l) => !resourceLine.test(l));
  return b.filter((l, i) => l !== a[i]);
}

describe('--apply-to edits resources in place', () => {
  it('rewrites manifests and Helm values exactly as the golden files, with every comment kept', async () => {
    const inputDir = join(goldenDir, 'input');
    for (const file of await listYaml(inputDir)) {
      const rel = relative(inputDir, file);
      const before = await readFile(file, 'utf8');
      const result = applyRecommendationsToText(before, recs, { relativePath: rel });
      await expectGolden(join(goldenDir, 'expected', rel), result.text);
      const commentsBefore = before.split('\n').map((l) => l.match(/#.*$/)?.[0]).filter(Boolean);
      const commentsAfter = result.text.split('\n').map((l) => l.match(/#.*$/)?.[0]).filter(Boolean);
      expect(commentsAfter).toEqual(commentsBefore);
      expect(nonResourceDiff(before, result.text)).toEqual([]);
    }
  });

  it('changes only the values that differ and reports each change', async () => {
    const before = await readFile(join(goldenDir, 'input', 'shop.yaml'), 'utf8');
    const { changes } = applyRecommendationsToText(before, recs, { relativePath: 'shop.yaml' });
    const checkout = changes.filter((c) => c.workload === 'shop/Deployment/checkout');
    expect(checkout).toEqual([
      { workload: 'shop/Deployment/checkout', container: 'app', field: 'requests.cpu', from: '1', to: '250m' },
      { workload: 'shop/Deployment/checkout', container: 'app', field: 'requests.memory', from: '2Gi', to: '700Mi' },
      { workload: 'shop/Deployment/checkout', container: 'app', field: 'limits.cpu', from: '2', to: null },
      { workload: 'shop/Deployment/checkout', container: 'app', field: 'limits.memory', from: '2Gi', to: '700Mi' },
    ]);
    expect(changes.some((c) => c.container === 'istio-proxy')).toBe(false);
  });

  it('applying the same recommendations twice changes nothing the second time', async () => {
    const before = await readFile(join(goldenDir, 'input', 'shop.yaml'), 'utf8');
    const once = applyRecommendationsToText(before, recs, { relativePath: 'shop.yaml' });
    const twice = applyRecommendationsToText(once.text, recs, { relativePath: 'shop.yaml' });
    expect(twice.changes).toEqual([]);
    expect(twice.text).toBe(once.text);
  });

  it('leaves a file that is not valid YAML unchanged and says so', () => {
    const bad = 'kind: Deployment\n  bad: [\n';
    const result = applyRecommendationsToText(bad, recs, { relativePath: 'bad.yaml' });
    expect(result.text).toBe(bad);
    expect(result.notes[0]).toMatch(/bad\.yaml: not valid YAML/);
  });
});
