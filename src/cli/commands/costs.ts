import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import type { CostFormat } from '../../app/cost-formats.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

export function registerCosts(program: Command, ctx: CliContext): void {
  program
    .command('costs')
    .description('Summarise imported spend by service, namespace and day (amortised), with week-over-week change')
    .option('--days <n>', 'days to summarise, ending at the last imported day', '28')
    .option('--source <source>', 'billing source to read: cur, focus, cost-explorer or sample (default: the most detailed imported)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--output <file>', 'write here instead of stdout')
    .option('--chart <file>', 'also write an SVG chart of daily spend against a week before')
    .option('--by <key>', 'allocate the bill (OpenCost\'s method) by namespace, workload, container, node, node-pool, cluster or label:KEY (e.g. label:team)')
    .option('--share <namespaces>', 'with --by: namespaces whose cost is spread over the others, comma-separated, or none (default: allocation.sharedNamespaces)')
    .addHelpText('after', `
Examples:
  $ headroom costs
  $ headroom costs --days 14 --format csv --output costs.csv --chart costs.svg
  $ headroom costs --source focus --format json
  $ headroom costs --by namespace --days 7 --format json --output allocation.json
  $ headroom costs --by label:team --share kube-system,monitoring`)
    .action(async (opts: { days: string; source?: string; format: CostFormat; output?: string; chart?: string; by?: string; share?: string }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1 || days > 400) throw new HeadroomError('USAGE', `--days ${opts.days}: expected a whole number from 1 to 400`);
      const allocation = await import('./costs-allocation.js');
      if (opts.by !== undefined && allocation.isAllocationGrouping(opts.by)) return allocation.runCostsAllocation(ctx, { ...opts, by: opts.by, days });
      if (opts.by !== undefined) throw new HeadroomError('USAGE', `--by ${opts.by}: expected namespace, workload, container, node, node-pool, cluster or label:KEY`, { hint: 'e.g. --by namespace or --by label:team' });
      const config = await ctx.config();
      const [{ Store }, { summarizeCosts }, { costFormatters }] = await Promise.all([import('../../store/index.js'), import('../../app/costs.js'), import('../../app/cost-formats.js')]);
      const store = await Store.open(config.store.path);
      try {
        const summary = await summarizeCosts(store, { days, source: opts.source });
        const text = costFormatters[opts.format](summary);
        if (opts.chart) {
          const { renderCostChart } = await import('../../app/billing-charts.js');
          await writeFileAtomic(opts.chart, await renderCostChart(summary));
        }
        if (opts.output) await writeFileAtomic(opts.output, text);
        else ctx.stdout.write(text);
      } finally {
        await store.close();
      }
    });
}
