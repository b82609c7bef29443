import { describe, expect, it } from 'vitest';
import { judgeJobIntervals } from '../../../src/collectors/prometheus/doctor-checks.js';

const kubelet = (s: number) => ({ job: 'kubelet (cAdvisor)', intervalSeconds: s, rated: true });
const nodeExporter = (s: number) => ({ job: 'node-exporter', intervalSeconds: s, rated: true });
const ksm = (s: number) => ({ job: 'kube-state-metrics', intervalSeconds: s, rated: false });

describe('scrape intervals per job against the rate window (doctor)', () => {
  it('passes jobs whose rated counters get at least 4 scrapes per rate window and that are scraped within the 5m lookback', () => {
    expect(judgeJobIntervals([kubelet(60), nodeExporter(30), ksm(120)], 300)).toEqual([]);
    expect(judgeJobIntervals([kubelet(60), nodeExporter(75), ksm(300)], 300)).toEqual([]);
  });

  it('warns about a rated job with 2 to 4 scrapes per window, with the interval that would do', () => {
    const [p, ...rest] = judgeJobIntervals([kubelet(60), nodeExporter(120), ksm(240)], 300);
    expect(rest).toEqual([]);
    expect(p).toEqual({
      job: 'node-exporter', severity: 'warning',
      message: 'node-exporter is scraped every 2m: the 5m rate() window Headroom uses (chosen from the kubelet\'s interval) holds 2.5 of its scrapes; a window needs at least 4 (under 2, rate() returns nothing at some steps)',
      fix: 'scrape node-exporter at least every 1m15s (the interval of its ServiceMonitor or scrape_config), a quarter of the rate window',
    });
  });

  it('makes a rated job with fewer than 2 scrapes per window an error', () => {
    expect(judgeJobIntervals([nodeExporter(180)], 300).map((p) => p.severity)).toEqual(['error']);
  });

  it('warns about a job scraped less often than the 5m lookback even when nothing rates it', () => {
    const problems = judgeJobIntervals([kubelet(60), ksm(600)], 300);
    expect(problems.map((p) => [p.job, p.severity])).toEqual([['kube-state-metrics', 'warning']]);
    expect(problems[0]!.message).toBe('kube-state-metrics is scraped every 10m, longer than Prometheus\'s 5m lookback: between scrapes its series vanish from instant queries and per-step sums (requests, allocatable)');
  });
});
