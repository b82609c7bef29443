/**
 * One measured allocation run, in its own process so that its peak RSS is its own (the parent
 * built the store). Prints one JSON line of figures. Args: <store file> <days>
 */
import { peakRssBytes } from './machine.js';
import { Store } from '../src/store/index.js';
import { allocateFromStore, groupAll } from '../src/app/allocation.js';

const [storePath, daysArg] = process.argv.slice(2);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const store = await Store.open(storePath!);
try {
  const run = await allocateFromStore(store, { days: Number(daysArg), prices: null });
  const groupings = ['namespace', 'workload', 'container', 'node', 'node-pool', 'cluster', 'label:team', 'label:cost-center'] as const;
  const grouped = groupAll(run, groupings, ['ns-0']);
  const json = JSON.stringify(grouped.get('namespace')!.report);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const report = grouped.get('workload')!.report;
  const cents = (x: number) => Math.round(x * 100);
  const reconciled = report.allocations.reduce((s, a) => s + cents(a.totalUsd), 0) + cents(report.idleUsd) + cents(report.unallocatedUsd) === cents(report.totalUsd);
  const [lines] = await store.all<{ n: number }>('SELECT count(*) AS n FROM cost_line_items');
  process.stdout.write(`${JSON.stringify({
    seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, modelSeconds: run.modelSeconds, peakRssBytes: peakRssBytes(), containerRows: run.containerRows, hours: Math.round((run.allocation.windowEndMs - run.allocation.windowStartMs) / 3_600_000),
    nodes: run.allocation.nodes.length, billLines: Number(lines!.n), groupings: groupings.length, totalUsd: report.totalUsd, reconciled, jsonBytes: json.length,
  })}\n`);
} finally {
  await store.close();
}
