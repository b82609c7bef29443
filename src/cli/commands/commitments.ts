import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { parseDurationSeconds } from '../../domain/units.js';
import type { CommitmentPayment, CommitmentTerm } from '../../domain/commitment.js';
import type { Store } from '../../store/index.js';
import type { CommitmentFormat } from '../../app/commitment-formats.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

interface CommitmentsOptions {
  usage?: string;
  term: CommitmentTerm;
  payment: CommitmentPayment;
  pricing?: string;
  kind: 'reserved-instance' | 'savings-plan' | 'both';
  existing?: string;
  lookback: string;
  format: CommitmentFormat;
  output?: string;
  save?: boolean;
  chart?: string;
}

export function registerCommitments(program: Command, ctx: CliContext): void {
  program
    .command('commitments')
    .description('Plan Reserved Instance and Savings Plan purchases that pay off over the forecast of the term, with a pessimistic (P10) saving')
    .option('--usage <file>', 'hourly on-demand usage CSV: timestamp,region,instanceType,instances (default: usage imported into the store)')
    .addOption(new Option('--term <term>', 'commitment term').choices(['1y', '3y']).default('1y'))
    .addOption(new Option('--payment <option>', 'payment option').choices(['no-upfront', 'partial-upfront', 'all-upfront']).default('no-upfront'))
    .option('--pricing <file>', 'price list JSON (DESIGN.md format) instead of the bundled, dated estimate')
    .addOption(new Option('--kind <kind>', 'what to plan: RIs, a Compute Savings Plan, or RIs then a Savings Plan over the rest').choices(['reserved-instance', 'savings-plan', 'both']).default('both'))
    .option('--existing <file>', 'commitments you own: JSON array of { kind, region, instanceType, count, hourlyCommitmentUsd, expires }')
    .option('--lookback <duration>', 'lookback when reading usage from the store', '30d')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table', 'csv']).default('table'))
    .option('--output <file>', 'write here instead of stdout')
    .option('--chart <file>', 'also write an SVG chart of hourly demand against the recommended RIs')
    .option('--save', 'record the plan as a run in the store (always when usage comes from the store)')
    .addHelpText('after', `
Examples:
  $ headroom commitments --usage usage.csv --term 1y --payment no-upfront --format json --output plan.json
  $ headroom commitments --usage usage.csv --term 3y --payment all-upfront --pricing my-rates.json --chart demand.svg
  $ headroom commitments --term 1y --payment partial-upfront --kind reserved-instance   # usage imported with 'headroom import'`)
    .action(async (opts: CommitmentsOptions) => {
      const config = await ctx.config();
      let lookbackDays: number;
      try {
        lookbackDays = parseDurationSeconds(opts.lookback) / 86_400;
      } catch (err) {
        throw new HeadroomError('USAGE', `--lookback ${opts.lookback}: ${(err as Error).message}`, { hint: 'e.g. --lookback 30d' });
      }
      const [{ loadPriceList }, { Store }, { loadProviderRecommendations, loadStoredUsage, makeCommitmentPlan, readExistingCommitments, readUsageCsv, saveCommitmentPlan }, { commitmentFormatters }] = await Promise.all([
        import('../../pricing/index.js'), import('../../store/index.js'), import('../../app/commitments.js'), import('../../app/commitment-formats.js'),
      ]);
      const prices = await loadPriceList(opts.pricing ?? config.billing.pricingFile);
      const existing = opts.existing ? await readExistingCommitments(opts.existing) : [];
      let store: Store | null = null;
      try {
        let usage;
        if (opts.usage) {
          usage = await readUsageCsv(opts.usage);
        } else {
          store = await Store.open(config.store.path);
          usage = await loadStoredUsage(store, lookbackDays);
          if (!usage.length) throw new HeadroomError('USAGE', `no instance usage in the store ${config.store.path}`, { hint: 'pass --usage USAGE.csv, or import billing first: headroom import --cur FILE' });
        }
        const plan = makeCommitmentPlan({ usage, prices, term: opts.term, payment: opts.payment, kinds: opts.kind, existing });
        if (store) {
          const provider = await loadProviderRecommendations(store, opts.term, opts.payment);
          if (provider?.length) plan.providerRecommendations = provider;
        }
        if (opts.save && !store) store = await Store.open(config.store.path);
        if (store) {
          const runId = await saveCommitmentPlan(store, plan, ctx.nowMs);
          ctx.logger.debug({ runId }, 'commitment plan stored');
        }
        if (opts.chart) {
          const { renderCommitmentChart } = await import('../../app/billing-charts.js');
          const svg = await renderCommitmentChart(plan, usage);
          if (svg) await writeFileAtomic(opts.chart, svg);
          else ctx.logger.info('no Reserved Instance recommended: no chart written');
        }
        const text = commitmentFormatters[opts.format](plan);
        if (opts.output) {
          await writeFileAtomic(opts.output, text);
          ctx.logger.info(`wrote ${plan.recommendations.length} recommendation(s) to ${opts.output}`);
        } else {
          ctx.stdout.write(text);
        }
      } finally {
        await store?.close();
      }
    });
}
