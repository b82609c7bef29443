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
    const full = await write({ namespaces: ['auth'], families: ['kube_pod_owner'], scrapeIntervals: 'uniform' });
    const coarse = await write({ namespaces: ['auth'], families: ['kube_pod_owner'], stepSeconds: 300 });
    const oneDay = await write({ namespaces: ['auth'], families: ['kube_pod_owner'], days: 1, scrapeIntervals: 'uniform' });
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

  it('scrapes each job at its own interval, kube-state-metrics every 2 minutes by default, every 4 in the exaggerated variant', async () => {
    const families = ['container_memory_working_set_bytes', 'kube_node_status_allocatable', 'node_memory_MemAvailable_bytes', 'up'];
    const gaps = (text: string) => {
      // Per job: the distinct gaps between one series' consecutive samples.
      const byJob = new Map<string, Set<number>>();
      const last = new Map<string, number>();
      for (const l of text.split('\n').filter((x) => x && !x.startsWith('#'))) {
        const series = l.slice(0, l.lastIndexOf('}') + 1);
        const ts = Number(l.slice(l.lastIndexOf(' ') + 1));
        const job = /job="([^"]+)"/.exec(series)![1]!;
        const prev = last.get(series);
        if (prev !== undefined) (byJob.get(job) ?? byJob.set(job, new Set()).get(job)!).add(ts - prev);
        last.set(series, ts);
      }
      return Object.fromEntries([...byJob].map(([job, s]) => [job, [...s].sort((a, b) => a - b)]));
    };
    const byDefault = await write({ namespaces: ['auth'], families });
    expect(gaps(byDefault.text)).toEqual({ 'kubelet': [60], 'kube-state-metrics': [120], 'node-exporter': [60] });
    const exaggerated = await write({ namespaces: ['auth'], families, scrapeIntervals: 'exaggerated' });
    expect(gaps(exaggerated.text)).toEqual({ 'kubelet': [60], 'kube-state-metrics': [240], 'node-exporter': [120] });
    const explicit = await write({ namespaces: ['auth'], families, scrapeIntervals: { 'kube-state-metrics': 180 } });
    expect(gaps(explicit.text)).toEqual({ 'kubelet': [60], 'kube-state-metrics': [180], 'node-exporter': [60] });
    // A preset on a coarse step rounds up to the step; nothing is scraped more often than written.
    const coarse = await write({ namespaces: ['auth'], families, stepSeconds: 300, scrapeIntervals: 'exaggerated' });
    expect(gaps(coarse.text)).toEqual({ 'kubelet': [300], 'kube-state-metrics': [300], 'node-exporter': [300] });
    // Every family stays contiguous and ends the file with # EOF.
    expect(exaggerated.text.split('\n').filter((l) => l.startsWith('# TYPE')).length).toBe(families.length);
    expect(exaggerated.text.trimEnd().endsWith('# EOF')).toBe(true);
  });

  it('rejects an explicit scrape interval that is not a multiple of the step, naming the job', async () => {
    await expect(write({ families: ['up'], scrapeIntervals: { 'kube-state-metrics': 90 } })).rejects.toThrow(/kube-state-metrics every 1m30s is not a whole multiple of the 1m step/);
  });

  it('rejects unknown families, namespaces, steps and day counts with the fix', async () => {
    await expect(write({ families: ['nope_total'] })).rejects.toThrow(InputError);
    await expect(write({ namespaces: ['nope'] })).rejects.toThrow(/no namespace nope/);
    await expect(write({ stepSeconds: 90 })).rejects.toThrow(/multiple of the sample's 60s step/);
    await expect(write({ days: 3 })).rejects.toThrow(/from 1 to 2/);
  });
});
