/**
 * `headroom costs --by namespace|workload|container|node|node-pool|cluster|label:KEY`: the cost
 * allocation (src/app/allocation.ts), run, stored as an `allocation` run and printed in the
 * DESIGN.md "Allocation" contract (json) or as a table / CSV. Wired from costs.ts.
 */
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { allocationKeyKinds } from '../../domain/allocation.js';
import type { CostFormat } from '../../app/cost-formats.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

/** True when `--by` names an allocation grouping (the other `--by` values are the bill's own dimensions). */
export function isAllocationGrouping(by: string): boolean {
  return (allocationKeyKinds as readonly string[]).includes(by) || by.startsWith('label:');
}

export interface CostsAllocationOptions {
  by: string;
  days: number;
  source?: string;
  share?: string;
  format: CostFormat;
  output?: string;
  /** The store file (--store); default store.path of the config. */
  storePath?: string;
  /** Exchange rates into USD for a bill in several currencies (`--fx`). */
  fx?: Record<string, number>;
}

export async function runCostsAllocation(ctx: CliContext, opts: CostsAllocationOptions): Promise<void> {
  const config = await ctx.config();
  const [{ Store }, app, { allocationFormatters }, { loadPriceList }] = await Promise.all([
    import('../../store/index.js'), import('../../app/allocation.js'), import('../../app/allocation-formats.js'), import('../../pricing/index.js'),
  ]);
  const by = app.parseAllocationBy(opts.by);
  const sharedNamespaces = opts.share === undefined ? config.allocation.sharedNamespaces : opts.share === 'none' ? [] : opts.share.split(',').map((s) => s.trim()).filter(Boolean);
  if (opts.share !== undefined && opts.share !== 'none' && sharedNamespaces.length === 0) throw new HeadroomError('USAGE', `--share ${opts.share}: expected namespaces separated by commas, or none`, { hint: 'e.g. --share kube-system,monitoring' });
  const prices = await loadPriceList(config.billing.pricingFile);
  const store = await Store.open(opts.storePath ?? config.store.path);
  try {
    const saved = await app.runAndSaveAllocation(store, {
      days: opts.days, source: opts.source, fx: opts.fx, prices, cpuToMemoryPriceRatio: config.rightsizing.cpuToMemoryPriceRatio, gpuHourUsd: config.allocation.gpuHourUsd,
      sharedNamespaces, labelKeys: config.allocation.labels, extra: [by], nowMs: () => ctx.nowMs(),
    });
    const grouped = saved.grouped.get(by)!;
    const text = allocationFormatters[opts.format]({ by, report: grouped.report, allocation: saved.run.allocation, billSource: saved.run.billSource });
    if (opts.output) await writeFileAtomic(opts.output, text);
    else ctx.stdout.write(text);
  } finally {
    await store.close();
  }
}
