import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { CostFormat } from '../../app/cost-formats.js';
import { HeadroomError } from '../../domain/errors.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { addAtOption, addFormatOption, addFxOption, addOutputOption, addStoreOption, addWindowOption, coreFormats, readOutputFile, readAtMs, readStorePath, readWindowSeconds, requireExistingStore, storeCreators, type WindowAlias } from '../options.js';

const windowAliases: WindowAlias[] = ['--days'];

export function registerCosts(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('costs')
    .description('Summarise imported spend by service, namespace and day (amortised), with week-over-week change')
    .option('--source <source>', 'billing source to read: cur, focus, cost-explorer or sample (default: the most detailed imported)')
    .option('--chart <file>', 'also write an SVG chart of daily spend against a week before')
    .option('--by <key>', 'allocate the bill (OpenCost\'s method) by namespace, workload, container, node, node-pool, cluster or label:KEY (e.g. label:team); or break the bill down by provider, service, region, account or billing-period')
    .option('--share <namespaces>', 'with an allocation --by: namespaces whose cost is spread over the others, comma-separated, or none (default: allocation.sharedNamespaces)')
    .option('--min-change-baseline <amount>', 'smallest previous-week cost a week-over-week percent is computed against (else "new" or "—")', '1');
  addFxOption(cmd, '; also for an allocation --by');
  addWindowOption(cmd, { description: 'whole days to summarise, ending at --at', defaultText: '28d', aliases: windowAliases });
  addAtOption(cmd, 'end of the window: RFC 3339 or Unix seconds (default: the last imported day)');
  addStoreOption(cmd);
  addFormatOption(cmd, { choices: coreFormats, default: 'table' });
  addOutputOption(cmd);
  cmd
    .addHelpText('after', `
Examples:
  $ headroom costs
  $ headroom costs --window 14d --format csv --output costs.csv --chart costs.svg
  $ headroom costs --source focus --format json
  $ headroom costs --by billing-period --fx EUR=1.08
  $ headroom costs --by namespace --window 7d --format json --output allocation.json
  $ headroom costs --by label:team --share kube-system,monitoring`)
    .action(async (opts: { source?: string; format: CostFormat; chart?: string; by?: string; share?: string; fx: string[]; minChangeBaseline: string } & Record<string, unknown>) => {
      const days = readWindowSeconds(opts, { default: '28d', aliases: windowAliases, wholeDays: true, maxSeconds: 400 * 86_400 }) / 86_400;
      const atMs = readAtMs(opts, Number.POSITIVE_INFINITY);
      const output = readOutputFile(opts);
      const chart = opts.chart;
      const allocation = await import('./costs-allocation.js');
      if (opts.by !== undefined && allocation.isAllocationGrouping(opts.by)) {
        const config = await ctx.config();
        const { parseFxRates } = await import('../../app/cost-currency.js');
        return allocation.runCostsAllocation(ctx, { by: opts.by, days, source: opts.source, share: opts.share, format: opts.format, output, storePath: requireExistingStore(readStorePath(opts, config), storeCreators.collectAndBilling), fx: { ...config.billing.fx, ...parseFxRates(opts.fx) } });
      }
      const { costSummaryDimensions, isCostSummaryDimension } = await import('../../app/costs.js');
      if (opts.by !== undefined && !isCostSummaryDimension(opts.by)) {
        throw new HeadroomError('USAGE', `--by ${opts.by}: expected namespace, workload, container, node, node-pool, cluster or label:KEY (allocation), or one of ${costSummaryDimensions.join(', ')} (the bill's own)`, { hint: 'e.g. --by namespace, --by label:team or --by provider' });
      }
      const config = await ctx.config();
      const [{ Store }, { summarizeCosts }, { costFormatters }, { parseCostSummaryFlags }] = await Promise.all([
        import('../../store/index.js'), import('../../app/costs.js'), import('../../app/cost-formats.js'), import('../../app/cost-flags.js')]);
      const flags = parseCostSummaryFlags(opts);
      const store = await Store.open(requireExistingStore(readStorePath(opts, config), storeCreators.billing));
      try {
        const summary = await summarizeCosts(store, { days, source: opts.source, ...flags, fx: { ...config.billing.fx, ...flags.fx }, ...(Number.isFinite(atMs) ? { endMs: atMs } : {}) });
        const text = costFormatters[opts.format](summary);
        if (chart) {
          const { renderCostChart } = await import('../../app/billing-charts.js');
          await writeFileAtomic(chart, await renderCostChart(summary));
        }
        if (output) await writeFileAtomic(output, text);
        else ctx.stdout.write(text);
      } finally {
        await store.close();
      }
    });
}
