/**
 * Demo stage `allocation`: the sample's bill (imported by the billing stage, no namespace tags on
 * node lines) allocated to namespaces, workloads, nodes and teams by OpenCost's method from the
 * hourly requests and usage the sample stage stored; reconciled to the bill to the cent.
 */
import { join } from 'node:path';
import { HeadroomError } from '../domain/errors.js';
import { formatMoney } from '../domain/money.js';
import type { AllocationBy } from '../domain/allocation.js';
import { loadPriceList } from '../pricing/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { allocationFormatters, reconciliationLine } from './allocation-formats.js';
import { runAndSaveAllocation } from './allocation.js';
import type { DemoStage, DemoOutput } from './demo-stage.js';

export const allocationStage: DemoStage = {
  name: 'allocation',
  async run(ctx) {
    const dir = join(ctx.outDir, 'allocation');
    const { config } = ctx;
    const team = `label:${config.allocation.teamLabel}` as AllocationBy;
    const saved = await runAndSaveAllocation(ctx.store, {
      days: 28, prices: await loadPriceList(config.billing.pricingFile), cpuToMemoryPriceRatio: config.rightsizing.cpuToMemoryPriceRatio, gpuHourUsd: config.allocation.gpuHourUsd,
      sharedNamespaces: config.allocation.sharedNamespaces, labelKeys: config.allocation.labels, extra: [team], nowMs: () => ctx.nowMs,
    });
    const outputs: DemoOutput[] = [];
    for (const by of ['namespace', 'workload', 'node', team] as AllocationBy[]) {
      const report = saved.grouped.get(by)!.report;
      const name = by.replace(':', '-');
      const view = { by, report, allocation: saved.run.allocation, billSource: saved.run.billSource };
      await writeFileAtomic(join(dir, `by-${name}.txt`), allocationFormatters.table(view));
      await writeFileAtomic(join(dir, `by-${name}.json`), allocationFormatters.json(view));
      await writeFileAtomic(join(dir, `by-${name}.csv`), allocationFormatters.csv(view));
      outputs.push({ label: `cost by ${by}`, path: join(dir, `by-${name}.txt`) });
    }
    const namespace = saved.grouped.get('namespace')!.report;
    const line = reconciliationLine(namespace, saved.run.billSource !== null);
    if (!line.startsWith('Reconciled')) throw new HeadroomError('INTERNAL', `the sample's allocation does not reconcile: ${line}`);
    ctx.results.set('allocation', saved);
    const top = namespace.allocations[0];
    return { outputs, summary: `${line}; ${namespace.allocations.length} namespaces${top ? `, most ${top.key} (${formatMoney(top.totalUsd, namespace.currency)})` : ''}` };
  },
};
