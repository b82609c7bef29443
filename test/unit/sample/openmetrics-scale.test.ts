import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { generateSampleCluster, writeOpenMetrics } from '../../../src/sample/index.js';
import { sourceMetrics as M } from '../../../src/domain/conventions.js';

// The benchmarks' setting (1 day, hourly) at a size past 240 nodes, where node names once repeated.
const sample = generateSampleCluster({ containers: 2500, days: 1, stepSeconds: 3600, seed: 42 });
/** Cheap families that carry every name that labels a series: node, pod, owner, container, PVC. */
const families = [
  M.kubePodOwner, M.kubeReplicasetOwner, M.kubeJobOwner, M.kubePodInfo,
  M.kubePodContainerResourceRequests, M.kubeNodeLabels, M.kubeNodeStatusAllocatable, M.kubeletVolumeStatsCapacityBytes,
];

/** The series' identity as promtool sees it: name plus labels, whatever their order. */
function seriesKeyOf(seriesText: string): string {
  const brace = seriesText.indexOf('{');
  const pairs = [...seriesText.slice(brace + 1, -1).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => `${m[1]}=${m[2]}`).sort();
  return `${seriesText.slice(0, brace)}{${pairs.join(',')}}`;
}

describe('the OpenMetrics of a sample scaled past 240 nodes', () => {
  it('names every node once', () => {
    expect(sample.nodes.length).toBeGreaterThan(240);
    expect(new Set(sample.nodes.map((n) => n.node)).size).toBe(sample.nodes.length);
  });

  it('gives every series its own label set, written in one run of strictly increasing timestamps (what promtool needs)', async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(chunk); cb(); } });
    const stats = await writeOpenMetrics(sample, out, { families });
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
    const lastTimestamp = new Map<string, number>();
    const finished = new Set<string>();
    let current = '';
    let currentText = '';
    const outOfOrder: string[] = [];
    for (const line of lines) {
      if (line.startsWith('#')) continue;
      const sp = line.lastIndexOf(' ');
      const text = line.slice(0, line.lastIndexOf(' ', sp - 1));
      // Parsing labels is the slow part: only when the series text changes.
      const key = text === currentText ? current : seriesKeyOf(text);
      currentText = text;
      const ts = Number(line.slice(sp + 1));
      if (key !== current) {
        // A series that comes back after another one started is a second series with the same labels.
        if (finished.has(key) || lastTimestamp.has(key)) outOfOrder.push(line);
        if (current) finished.add(current);
        current = key;
      } else if (ts <= lastTimestamp.get(key)!) outOfOrder.push(line);
      lastTimestamp.set(key, ts);
    }
    expect(outOfOrder.slice(0, 3)).toEqual([]);
    expect(lastTimestamp.size).toBe(stats.series);
    expect(stats.series).toBeGreaterThan(sample.pods.length);
  });
});
