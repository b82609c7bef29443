/**
 * node-exporter targets whose `instance` is an IP:port, as in a plain Prometheus scrape, mapped to
 * Kubernetes nodes through a `node` label, kube_node_info's internal_ip and kube_pod_info's
 * host_ip — in a real Prometheus backfilled with two hours of hand-written series. One target maps
 * to nothing: the collector warns and leaves it out, and the doctor names it with the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type PrometheusHandle } from '../helpers/prometheus.js';
import { PrometheusClient, prometheusSourceFromUrl } from '../../src/collectors/prometheus/index.js';
import { collectNodeUsage } from '../../src/collectors/prometheus/collect-node-usage.js';
import { runPrometheusChecks } from '../../src/collectors/prometheus/doctor-checks.js';
import { doctorMessages } from '../../src/collectors/prometheus/doctor-messages.js';
import { sourceMetrics as M } from '../../src/domain/conventions.js';
import type { NodeUsage } from '../../src/domain/usage.js';

const STEP_SECONDS = 60;
const STEPS = 120;
const START_SECONDS = 1_700_000_040; // a multiple of 60
const END_MS = (START_SECONDS + (STEPS - 1) * STEP_SECONDS) * 1000;
const GIB = 1024 ** 3;

/** Target → (node label on the series, idle seconds gained per second per CPU, CPUs, used memory). */
const targets = [
  { instance: '10.0.0.1:9100', nodeLabel: null, idlePerSecond: 0.75, cpus: 2, usedBytes: 3 * GIB },
  { instance: '10.0.0.2:9100', nodeLabel: 'ip-10-0-0-2.ec2.internal', idlePerSecond: 0.5, cpus: 4, usedBytes: 5 * GIB },
  { instance: '10.0.0.3:9100', nodeLabel: null, idlePerSecond: 0.9, cpus: 2, usedBytes: 1 * GIB },
  { instance: '10.0.0.9:9100', nodeLabel: null, idlePerSecond: 0.2, cpus: 2, usedBytes: 2 * GIB },
];

function openMetrics(): string {
  const lines: string[] = [];
  const series = (name: string, labels: string, value: (k: number) => number) => {
    for (let k = 0; k < STEPS; k++) lines.push(`${name}{${labels}} ${value(k)} ${START_SECONDS + k * STEP_SECONDS}`);
  };
  const targetLabels = (t: (typeof targets)[number]) => `instance="${t.instance}",job="node-exporter"${t.nodeLabel ? `,node="${t.nodeLabel}"` : ''}`;
  lines.push('# TYPE node_cpu_seconds counter');
  for (const t of targets) {
    for (let cpu = 0; cpu < t.cpus; cpu++) series(M.nodeCpuSecondsTotal, `cpu="${cpu}",${targetLabels(t)},mode="idle"`, (k) => 1000 + k * STEP_SECONDS * t.idlePerSecond);
  }
  lines.push(`# TYPE ${M.nodeMemoryMemTotalBytes} gauge`);
  for (const t of targets) series(M.nodeMemoryMemTotalBytes, targetLabels(t), () => 16 * GIB);
  lines.push(`# TYPE ${M.nodeMemoryMemAvailableBytes} gauge`);
  for (const t of targets) series(M.nodeMemoryMemAvailableBytes, targetLabels(t), (k) => 16 * GIB - t.usedBytes + (k % 2 === 0 ? 0 : 1024 ** 2));
  // Only the first node is known by its internal IP; the third only through its node-exporter pod.
  lines.push(`# TYPE ${M.kubeNodeInfo} gauge`);
  series(M.kubeNodeInfo, 'internal_ip="10.0.0.1",node="ip-10-0-0-1.ec2.internal"', () => 1);
  lines.push(`# TYPE ${M.kubePodInfo} gauge`);
  series(M.kubePodInfo, 'host_ip="10.0.0.3",namespace="monitoring",node="ip-10-0-0-3.ec2.internal",pod="node-exporter-7xk2p",pod_ip="10.0.0.3"', () => 1);
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

let prom: PrometheusHandle | null = null;
let client: PrometheusClient;
let usage: NodeUsage[] = [];
const warnings: string[] = [];

beforeAll(async () => {
  prom = await startPrometheus({ openMetricsText: openMetrics() });
  client = new PrometheusClient(prometheusSourceFromUrl(prom.url));
  usage = await collectNodeUsage(client, { clusterLabel: 'cluster', cluster: null, namespace: null },
    { windowSeconds: 3600, stepSeconds: STEP_SECONDS, rateWindowSeconds: 300, endSeconds: END_MS / 1000 },
    { cluster: 'test', endMs: END_MS, historyStartMs: END_MS - 3600_000, historyStepSeconds: 3600, warnings });
}, 120_000);

afterAll(async () => {
  await client?.close();
  await prom?.stop();
});

describe('node-exporter targets addressed by IP', () => {
  it('maps each target to its node by node label, internal IP or host IP of its pod', () => {
    expect(usage.map((u) => [u.instance, u.node, u.mappedBy])).toEqual([
      ['10.0.0.1:9100', 'ip-10-0-0-1.ec2.internal', 'internal-ip'],
      ['10.0.0.2:9100', 'ip-10-0-0-2.ec2.internal', 'node-label'],
      ['10.0.0.3:9100', 'ip-10-0-0-3.ec2.internal', 'pod-host-ip'],
    ]);
  });

  it('measures CPUs − idle rate and MemTotal − MemAvailable for each mapped node', () => {
    for (const u of usage) {
      const t = targets.find((x) => x.instance === u.instance)!;
      const busy = t.cpus * (1 - t.idlePerSecond);
      expect(u.cpuCount).toBe(t.cpus);
      expect(u.cpuMeanCores).toBeCloseTo(busy, 9);
      expect(u.cpuP95Cores).toBeCloseTo(busy, 9);
      expect(u.memoryPeakBytes).toBe(t.usedBytes);
      // Every other sample has 1 MiB more available: the p95 is the peak, the mean lies between.
      expect(u.memoryP95Bytes).toBe(t.usedBytes);
      expect(u.memoryTotalBytes).toBe(16 * GIB);
      expect(u.history!.memoryPeakBytes.at(-1)).toBe(t.usedBytes);
      expect(u.history!.cpuMeanCores.at(-1)).toBeCloseTo(busy, 9);
    }
  });

  it('warns about the target no rule maps, naming it', () => {
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^1 node-exporter target\(s\) could not be matched to a Kubernetes node \(10\.0\.0\.9:9100\)/);
  });

  it('returns no node usage and no warning where there is no node-exporter (a cluster without it)', async () => {
    const none: string[] = [];
    const r = await collectNodeUsage(client, { clusterLabel: 'cluster', cluster: 'other', namespace: null },
      { windowSeconds: 3600, stepSeconds: STEP_SECONDS, rateWindowSeconds: 300, endSeconds: END_MS / 1000 },
      { cluster: 'other', endMs: END_MS, historyStartMs: END_MS - 3600_000, historyStepSeconds: 3600, warnings: none });
    expect(r).toEqual([]);
    expect(none).toEqual([]);
  });

  it('makes the doctor name the unmapped target with the fix', async () => {
    const findings = await runPrometheusChecks(client, { atMs: END_MS, historySeconds: 3600 });
    const f = findings.find((x) => x.check === 'node-exporter')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(doctorMessages.nodeExporterUnmapped(['10.0.0.9:9100'], 4));
    expect(f.fix).toBe(doctorMessages.nodeExporterUnmappedFix);
  });
});
