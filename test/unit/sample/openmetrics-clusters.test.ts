import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { generateSampleClusters, sampleClusterNames, writeClustersOpenMetrics, writeOpenMetrics } from '../../../src/sample/index.js';
import { InputError } from '../../../src/domain/errors.js';

const clusters = generateSampleClusters(3, { days: 1, stepSeconds: 300, seed: 7 });
const options = { namespaces: ['auth'], families: ['container_cpu_usage_seconds_total', 'kube_pod_owner', 'kube_node_info'] };

function collector(): { out: Writable; text: () => Promise<string> } {
  const chunks: Buffer[] = [];
  // Tiny high-water mark and a slow sink: the writer must honour backpressure across its parts.
  const out = new Writable({ highWaterMark: 64, write(chunk: Buffer, _enc, cb) { chunks.push(chunk); setImmediate(cb); } });
  return { out, text: async () => { out.end(); await finished(out); return Buffer.concat(chunks).toString('utf8'); } };
}

describe('several sample clusters in one OpenMetrics stream', () => {
  it('names the clusters sample-a, sample-b, … and gives each its own seed, so usage and pods differ but workload names do not', () => {
    expect(clusters.map((c) => c.cluster)).toEqual(['sample-a', 'sample-b', 'sample-c']);
    expect(clusters.map((c) => c.seed)).toEqual([7, 8, 9]);
    const workloads = (i: number) => clusters[i]!.inventory.map((w) => `${w.namespace}/${w.workloadKind}/${w.workload}`).sort();
    expect(workloads(1)).toEqual(workloads(0));
    expect(clusters[1]!.truth[0]!.cpuP95Cores).not.toBe(clusters[0]!.truth[0]!.cpuP95Cores);
    expect(() => sampleClusterNames(0)).toThrow(InputError);
  });

  it('writes each family once, its series cluster after cluster with the cluster label, and one # EOF at the end', async () => {
    const { out, text } = collector();
    const stats = await writeClustersOpenMetrics(clusters, out, { ...options, clusterLabel: 'k8s_cluster' });
    const written = await text();
    const lines = written.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('#'))).toEqual(['# TYPE container_cpu_usage_seconds counter', '# TYPE kube_pod_owner gauge', '# TYPE kube_node_info gauge', '# EOF']);
    const samples = lines.filter((l) => !l.startsWith('#'));
    expect(samples).toHaveLength(stats.samples);
    expect(stats.bytes).toBe(Buffer.byteLength(written));
    expect(samples.every((l) => /,k8s_cluster="sample-[abc]"\} /.test(l))).toBe(true);
    // The same series as each cluster written alone, with its label added.
    for (const sample of clusters) {
      const alone = collector();
      await writeOpenMetrics(sample, alone.out, { ...options, externalLabels: { k8s_cluster: sample.cluster } });
      const own = (await alone.text()).split('\n').filter((l) => l && !l.startsWith('#'));
      expect(samples.filter((l) => l.includes(`k8s_cluster="${sample.cluster}"`))).toEqual(own);
    }
  });

  it('rejects an unknown family before writing anything', async () => {
    const { out, text } = collector();
    await expect(writeClustersOpenMetrics(clusters, out, { families: ['nope_total'] })).rejects.toThrow(/unknown metric nope_total/);
    expect(await text()).toBe('');
  });
});
