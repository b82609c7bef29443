import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { generateSampleCluster, writeOpenMetrics, type OpenMetricsOptions } from '../../../src/sample/index.js';
import { InputError } from '../../../src/domain/errors.js';
import { sampleModelOf } from '../../../src/sample/generate.js';
import { generateContainerSeries } from '../../../src/sample/usage-model.js';

const sample = generateSampleCluster({ days: 2 });

async function write(options: OpenMetricsOptions): Promise<{ text: string; stats: Awaited<ReturnType<typeof writeOpenMetrics>> }> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(chunk); cb(); } });
  const stats = await writeOpenMetrics(sample, out, options);
  return { text: Buffer.concat(chunks).toString('utf8'), stats };
}

describe('the OpenMetrics writer', () => {
  it('writes contiguous families with # TYPE lines (counters without _total), samples in time order, seconds, # EOF', async () => {
    const { text, stats } = await write({ namespaces: ['auth'], families: ['container_cpu_usage_seconds_total', 'kube_pod_owner'] });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('# TYPE container_cpu_usage_seconds counter');
    expect(lines.at(-1)).toBe('# EOF');
    expect(lines.filter((l) => l.startsWith('# TYPE'))).toEqual(['# TYPE container_cpu_usage_seconds counter', '# TYPE kube_pod_owner gauge']);
    const samples = lines.filter((l) => !l.startsWith('#'));
    expect(samples).toHaveLength(stats.samples);
    expect(stats.bytes).toBe(Buffer.byteLength(text));
    // Each series' timestamps strictly increase, in whole seconds on the 60 s grid.
    const last = new Map<string, number>();
    const bad: string[] = [];
    for (const l of samples) {
      const sp = l.lastIndexOf(' ');
      const vs = l.lastIndexOf(' ', sp - 1);
      const series = l.slice(0, vs);
      const ts = Number(l.slice(sp + 1));
      if (!series.endsWith('}') || !Number.isFinite(Number(l.slice(vs + 1, sp))) || ts % 60 !== 0 || ts <= (last.get(series) ?? 0)) bad.push(l);
      last.set(series, ts);
    }
    expect(bad.slice(0, 3)).toEqual([]);
    expect(last.size).toBe(stats.series);
  });

  it('writes the counters with the very values the truth was computed from, beside the pod-level and pause-container series', async () => {
    const { text } = await write({ namespaces: ['auth'], families: ['container_cpu_usage_seconds_total'] });
    expect(text).toMatch(/container="POD",image="[^"]+pause[^"]*"/);
    expect(text).toMatch(/\{container="",instance=/);
    const pod = sample.pods.find((p) => p.workload === 'auth' && p.startMs === sample.startMs)!;
    const values = text.split('\n').filter((l) => l.includes(`container="auth",`) && l.includes(`pod="${pod.pod}"`)).map((l) => Number(l.split(' ')[1]));
    const m = sampleModelOf(sample);
    const plan = m.timeline.pods.find((p) => p.pod === pod.pod)!;
    const w = m.workloads[plan.workloadIndex]!;
    const regenerated = generateContainerSeries(m.grid, w, w.containers[0]!, plan, null).cpuCounter;
    expect(values).toEqual(Array.from(regenerated));
  });

  it('writes fewer samples for a coarser step and fewer days', async () => {
    const full = await write({ namespaces: ['auth'], families: ['kube_pod_owner'] });
    const coarse = await write({ namespaces: ['auth'], families: ['kube_pod_owner'], stepSeconds: 300 });
    const oneDay = await write({ namespaces: ['auth'], families: ['kube_pod_owner'], days: 1 });
    expect(coarse.stats.samples).toBeGreaterThan(full.stats.samples / 5 - 50);
    expect(coarse.stats.samples).toBeLessThan(full.stats.samples / 5 + 50);
    expect(oneDay.stats.samples).toBeLessThan(full.stats.samples * 0.6);
    const firstTs = Number(oneDay.text.split('\n')[1]!.split(' ').at(-1));
    expect(firstTs).toBeGreaterThanOrEqual((sample.endMs - 86_400_000) / 1000);
  });

  it('adds external labels to every series', async () => {
    const { text } = await write({ families: ['up'], externalLabels: { cluster: 'eu-1' } });
    const series = text.split('\n').filter((l) => l.startsWith('up{'));
    expect(series.length).toBeGreaterThan(0);
    expect(series.every((l) => l.includes(',cluster="eu-1"}'))).toBe(true);
  });

  it('rejects unknown families, namespaces, steps and day counts with the fix', async () => {
    await expect(write({ families: ['nope_total'] })).rejects.toThrow(InputError);
    await expect(write({ namespaces: ['nope'] })).rejects.toThrow(/no namespace nope/);
    await expect(write({ stepSeconds: 90 })).rejects.toThrow(/multiple of the sample's 60s step/);
    await expect(write({ days: 3 })).rejects.toThrow(/from 1 to 2/);
  });
});
