// `headroom sample --scrape-intervals` as a user runs it: each job at the interval asked for, and
// an interval the sample cannot write is one line, exit 2, before anything is written.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-sample-intervals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Seconds between one series' consecutive samples, per job label. */
function gapsByJob(text: string): Record<string, number[]> {
  const gaps = new Map<string, Set<number>>();
  const last = new Map<string, number>();
  for (const l of text.split('\n')) {
    if (!l || l.startsWith('#')) continue;
    const series = l.slice(0, l.lastIndexOf('}') + 1);
    const ts = Number(l.slice(l.lastIndexOf(' ') + 1));
    const job = /job="([^"]+)"/.exec(series)![1]!;
    const prev = last.get(series);
    if (prev !== undefined) (gaps.get(job) ?? gaps.set(job, new Set()).get(job)!).add(ts - prev);
    last.set(series, ts);
  }
  return Object.fromEntries([...gaps].map(([job, s]) => [job, [...s].sort((a, b) => a - b)]));
}

describe('headroom sample --scrape-intervals', () => {
  it('writes each job at the interval given as job=duration', async () => {
    const file = join(dir, 'slow-ksm.om');
    const r = await runCli(['sample', '--openmetrics', file, '--days', '1', '--namespaces', 'auth', '--families', 'up,kube_pod_owner,node_memory_MemAvailable_bytes', '--scrape-intervals', 'kube-state-metrics=5m,node-exporter=2m']);
    expect(r.code, r.stderr).toBe(0);
    expect(gapsByJob(readFileSync(file, 'utf8'))).toEqual({ 'kubelet': [60], 'kube-state-metrics': [300], 'node-exporter': [120] });
  });

  it('refuses an interval that is not a multiple of the step in one line, exit 2, writing nothing', async () => {
    const before = readdirSync(dir);
    const r = await runCli(['sample', '--openmetrics', join(dir, 'bad.om'), '--truth', join(dir, 'bad.csv'), '--days', '1', '--scrape-intervals', 'kube-state-metrics=90s']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: scrape intervals: kube-state-metrics every 1m30s is not a whole multiple of the 1m step (use multiples of 1m, or a finer --step)');
    expect(readdirSync(dir)).toEqual(before);
  });

  it('names the jobs it knows when one is misspelt', async () => {
    const r = await runCli(['sample', '--openmetrics', join(dir, 'bad.om'), '--days', '1', '--scrape-intervals', 'ksm=4m']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/"ksm=4m" is not job=duration with job one of kubelet, kube-state-metrics, node-exporter/);
  });
});
