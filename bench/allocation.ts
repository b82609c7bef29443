/**
 * `npm run bench:allocation`: cost allocation from the store at 10,000 workload containers × 30
 * days of hourly requests and usage, priced by a bill of per-node daily lines.
 *
 *   build a store (cached in .cache/allocation-bench, rebuilt when this file's work changes)
 *   ─► measured run in its own process (bench/_allocation-run.ts): window, bill, node hours,
 *      labels, container series in namespace batches ─► allocator ─► groupings ─► JSON
 *
 * Targets: ≤ 10 s and peak RSS ≤ 1 GiB for 10,000 containers × 30 days.
 * Usage: npm run bench:allocation [-- containers days]   (default 10000 30)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeMachine } from './machine.js';
import { Store } from '../src/store/index.js';
import { saveAllocationInputs } from '../src/store/allocation-repo.js';
import { replaceCostLineItems } from '../src/store/cost-repo.js';
import type { ContainerNodeHours, NodeHours } from '../src/domain/allocation.js';
import type { CostLineItem } from '../src/domain/cost.js';
import type { WorkloadKind } from '../src/domain/workload.js';
import { RandomStream } from '../src/sample/prng.js';

const [containersArg, daysArg] = process.argv.slice(2);
const containers = Number(containersArg ?? 10_000);
const days = Number(daysArg ?? 30);
const hours = days * 24;
const containersPerNode = 20;
const nodes = Math.ceil(containers / containersPerNode);
const namespaces = 100;
const endMs = Date.UTC(2026, 10, 16);
const startMs = endMs - days * 86_400_000;
const GIB = 1024 ** 3;
const dir = join('.cache', 'allocation-bench');
const storePath = join(dir, `v2-${containers}x${days}d.duckdb`);

/** Deterministic pseudo-random numbers: the sample's mulberry32 stream. */
function random(seed: number): () => number {
  const stream = new RandomStream(seed);
  return () => stream.next();
}

async function build(): Promise<void> {
  await mkdir(dir, { recursive: true });
  await rm(storePath, { force: true });
  const store = await Store.open(storePath);
  const rnd = random(42);
  const snapshotId = `bench/${containers}/${days}`;
  try {
    await store.run('INSERT INTO snapshots VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)', [snapshotId, 'bench', 'bench', new Date(startMs), new Date(endMs), new Date(endMs), 'complete']);
    const nodeHours: NodeHours[] = Array.from({ length: nodes }, (_, i) => ({
      cluster: 'bench', node: `node-${i}`, providerId: `aws:///us-east-1a/i-${i.toString(16).padStart(17, '0')}`, instanceType: i % 10 === 0 ? 'm5.4xlarge' : 'm5.2xlarge', region: 'us-east-1',
      capacityType: i % 7 === 0 ? 'spot' : 'on-demand', nodePool: i % 7 === 0 ? 'spot' : 'general', cpuCores: i % 10 === 0 ? 16 : 8, memoryBytes: (i % 10 === 0 ? 64 : 32) * GIB, gpus: 0,
      capacityFrom: 'capacity', startMs, stepSeconds: 3600, up: new Float64Array(hours).fill(1),
    }));
    const labels = [
      ...Array.from({ length: namespaces }, (_, n) => ({ cluster: 'bench', namespace: `ns-${n}`, workloadKind: null, workload: null, labels: { team: `team-${n % 20}`, 'cost-center': `cc-${n % 7}` } })),
    ];
    // Containers in batches of 1,000: each runs on one node, a tenth move to another node mid-window.
    let rows = 0;
    for (let first = 0; first < containers; first += 1000) {
      const batch: ContainerNodeHours[] = [];
      for (let c = first; c < Math.min(containers, first + 1000); c++) {
        const ref = { cluster: 'bench', namespace: `ns-${c % namespaces}`, workloadKind: 'Deployment' as WorkloadKind, workload: `app-${Math.floor(c / 2)}`, container: c % 2 ? 'sidecar' : 'main' };
        const reqCpu = 0.1 + rnd() * 0.9;
        const reqMem = (0.25 + rnd() * 2) * GIB;
        const moves = c % 10 === 0;
        const nodeA = Math.floor(c / containersPerNode) % nodes;
        const nodeB = (nodeA + 1) % nodes;
        for (const [node, from, to] of moves ? [[nodeA, 0, hours / 2], [nodeB, hours / 2, hours]] as const : [[nodeA, 0, hours]] as const) {
          const s = { cpuRequestCores: new Float64Array(hours), memoryRequestBytes: new Float64Array(hours), cpuUsageCores: new Float64Array(hours), memoryUsageBytes: new Float64Array(hours) };
          for (let h = from; h < to; h++) {
            const daily = 0.6 + 0.4 * Math.sin((2 * Math.PI * (h % 24)) / 24);
            s.cpuRequestCores[h] = reqCpu;
            s.memoryRequestBytes[h] = reqMem;
            s.cpuUsageCores[h] = reqCpu * daily * (0.5 + rnd());
            s.memoryUsageBytes[h] = reqMem * (0.6 + 0.5 * rnd());
          }
          batch.push({ ref, node: `node-${node}`, startMs, stepSeconds: 3600, ...s, gpuRequest: null });
        }
      }
      rows += batch.length;
      await store.transaction(async (tx) => {
        // saveAllocationInputs replaces a snapshot's rows, so batches go in under their own ids and are re-keyed below.
        await saveAllocationInputs(tx, `${snapshotId}#${first}`, { containerNodeHours: batch, nodeHours: [], labels: [] });
      });
    }
    await store.transaction((tx) => saveAllocationInputs(tx, `${snapshotId}#nodes`, { containerNodeHours: [], nodeHours, labels }));
    for (const table of ['container_node_hours', 'node_hours', 'allocation_labels']) await store.run(`UPDATE ${table} SET snapshot_id = $1 WHERE snapshot_id LIKE $2`, [snapshotId, `${snapshotId}#%`]);
    // The bill: a line per node and day (spot at the spot rate), plus instances outside the cluster and other services.
    const lines: CostLineItem[] = [];
    for (let d = 0; d < days; d++) {
      const dayMs = startMs + d * 86_400_000;
      const base = { periodStartMs: dayMs, periodEndMs: dayMs + 86_400_000, provider: 'AWS', service: 'AmazonEC2', region: 'us-east-1', namespace: '', usageQuantity: 24, usageUnit: 'Hrs', commitmentDiscountId: '', source: 'cur' as const };
      for (const n of nodeHours) {
        const hourly = (n.instanceType === 'm5.4xlarge' ? 0.768 : 0.384) * (n.capacityType === 'spot' ? 0.38 : 0.873);
        lines.push({ ...base, instanceType: n.instanceType, resourceId: n.providerId.split('/').at(-1)!, billedCostUsd: hourly * 24, effectiveCostUsd: hourly * 24, listCostUsd: 0.384 * 24, pricingCategory: n.capacityType === 'spot' ? 'Dynamic' : 'Standard' });
      }
      lines.push({ ...base, instanceType: 'm5.2xlarge', resourceId: '', usageQuantity: 240, billedCostUsd: 92.16, effectiveCostUsd: 92.16, listCostUsd: 92.16, pricingCategory: 'Standard' });
      lines.push({ ...base, service: 'AmazonS3', instanceType: '', resourceId: '', usageUnit: 'GB-Mo', usageQuantity: 100, billedCostUsd: 40, effectiveCostUsd: 40, listCostUsd: 40, pricingCategory: 'Standard' });
    }
    await store.transaction((tx) => replaceCostLineItems(tx, 'bench-bill', lines));
    console.log(`built ${storePath}: ${rows} container-on-node series, ${nodes} nodes, ${lines.length} bill lines`);
  } finally {
    await store.close();
  }
}

console.log(`allocation benchmark on ${describeMachine()}`);
if (!existsSync(storePath)) await build();
const r = spawnSync(process.execPath, ['bin/run-ts.mjs', 'bench/_allocation-run.ts', storePath, String(days)], { encoding: 'utf8' });
if (r.status !== 0) {
  process.stderr.write(r.stderr);
  process.exit(1);
}
const f = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { seconds: number; cpuSeconds: number; modelSeconds: number; peakRssBytes: number; containerRows: number; hours: number; nodes: number; billLines: number; groupings: number; totalUsd: number; reconciled: boolean };
const ok = f.seconds <= 10 && f.peakRssBytes <= 2 ** 30;
console.log(`work: ${containers} containers (${f.containerRows} container-on-node series) × ${f.hours} hours = ${(f.containerRows * f.hours / 1e6).toFixed(1)} M container-hours, ${f.nodes} nodes, ${f.billLines} bill lines, ${f.groupings} groupings`);
console.log(`allocation from the store: ${f.seconds.toFixed(2)} s wall, ${f.cpuSeconds.toFixed(2)} s CPU (this process and DuckDB's threads; the wall time grows with the machine's load) (store reads + model ${f.modelSeconds.toFixed(2)} s), peak RSS ${(f.peakRssBytes / 2 ** 20).toFixed(0)} MiB; total $${f.totalUsd.toFixed(2)}, reconciled to the cent: ${f.reconciled}`);
console.log(`targets ≤ 10 s and ≤ 1024 MiB: ${ok ? 'met' : 'MISSED'}`);
process.exitCode = ok && f.reconciled ? 0 : 1;
