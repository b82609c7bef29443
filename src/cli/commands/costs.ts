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
    .option('--by <dimension>', 'also break spend down by provider, service, region, account or billing-period')
    .option('--fx <rates>', 'exchange rates into USD for a bill in several currencies, e.g. EUR=1.08 (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--min-change-baseline <amount>', 'smallest previous-week cost a week-over-week percent is computed against (else "new" or "—")', '1')
    .addHelpText('after', `
Examples:
  $ headroom costs
  $ headroom costs --days 14 --format csv --output costs.csv --chart costs.svg
  $ headroom costs --source focus --format json
  $ headroom costs --by billing-period --fx EUR=1.08`)
    .action(async (opts: { days: string; source?: string; format: CostFormat; output?: string; chart?: string; by?: string; fx: string[]; minChangeBaseline: string }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1 || days > 400) throw new HeadroomError('USAGE', `--days ${opts.days}: expected a whole number from 1 to 400`);
      const config = await ctx.config();
      const [{ Store }, { summarizeCosts }, { costFormatters }, { parseCostSummaryFlags }] = await Promise.all([
        import('../../store/index.js'), import('../../app/costs.js'), import('../../app/cost-formats.js'), import('../../app/cost-flags.js')]);
      const flags = parseCostSummaryFlags(opts);
      const store = await Store.open(config.store.path);
      try {
        const summary = await summarizeCosts(store, { days, source: opts.source, ...flags });
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
