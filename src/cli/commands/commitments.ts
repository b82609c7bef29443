import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { parseFxRates } from '../../app/cost-currency.js';
import { HeadroomError } from '../../domain/errors.js';
import type { CommitmentPayment, CommitmentTerm } from '../../domain/commitment.js';
import type { Store } from '../../store/index.js';
import type { CommitmentFormat } from '../../app/commitment-formats.js';
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { addAtOption, addFormatOption, addFxOption, addOutputOption, addStoreOption, addWindowOption, coreFormats, readAtMs, readOutputFile, readStorePath, readWindowSeconds, requireExistingStore, storeCreators, type WindowAlias } from '../options.js';

const windowAliases: WindowAlias[] = ['--lookback'];

interface CommitmentsOptions {
  usage?: string;
  term: CommitmentTerm;
  payment: CommitmentPayment;
  pricing?: string;
  kind: 'reserved-instance' | 'savings-plan' | 'both';
  existing?: string;
  billedCommitments: boolean;
  usageIncludesExisting?: boolean;
  format: CommitmentFormat;
  save?: boolean;
  chart?: string;
  fx: string[];
  [flag: string]: unknown;
}

export function registerCommitments(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('commitments')
    .description('Plan Reserved Instance and Savings Plan purchases that pay off over the forecast of the term, with a pessimistic (P10) saving')
    .option('--usage <file>', 'hourly on-demand usage CSV: timestamp,region,instanceType,instances (default: usage imported into the store)')
    .addOption(new Option('--term <term>', 'commitment term').choices(['1y', '3y']).default('1y'))
    .addOption(new Option('--payment <option>', 'payment option').choices(['no-upfront', 'partial-upfront', 'all-upfront']).default('no-upfront'))
    .option('--pricing <file>', 'price list JSON (DESIGN.md format) instead of the bundled, dated estimate')
    .addOption(new Option('--kind <kind>', 'what to plan: RIs, a Compute Savings Plan, or RIs then a Savings Plan over the rest').choices(['reserved-instance', 'savings-plan', 'both']).default('both'))
    .option('--existing <file>', 'commitments you own: JSON array of { kind, region, instanceType, count, hourlyCommitmentUsd, expires }; replaces those read from the bill')
    .option('--no-billed-commitments', 'do not count the Reserved Instances and Savings Plans that imported billing (CUR, FOCUS) shows you own')
    .option('--usage-includes-existing', 'the usage counts every running instance, hours existing commitments covered included (node counts); default: on-demand usage only, as the bill shows it')
    .option('--chart <file>', 'also write an SVG chart of hourly demand against the recommended RIs')
    .option('--save', 'record the plan as a run in the store (always when usage comes from the store)');
  addWindowOption(cmd, { description: 'usage history read from the store, ending at --at', defaultText: '30d', aliases: windowAliases });
  addAtOption(cmd, 'end of the usage window read from the store: RFC 3339 or Unix seconds (default: the last imported hour)');
  addFxOption(cmd, '; for the Savings Plans of a bill, and AWS Cost Explorer\'s recommendations, in another currency than the price list');
  addStoreOption(cmd);
  addFormatOption(cmd, { choices: coreFormats, default: 'table' });
  addOutputOption(cmd);
  cmd
    .addHelpText('after', `
Examples:
  $ headroom commitments --usage usage.csv --term 1y --payment no-upfront --format json --output plan.json
  $ headroom commitments --usage usage.csv --term 3y --payment all-upfront --pricing my-rates.json --chart demand.svg
  $ headroom commitments --term 1y --payment partial-upfront --kind reserved-instance   # usage imported with 'headroom import'
  $ headroom commitments --existing owned.json        # what you own from a file instead of the imported bill
  $ headroom commitments --no-billed-commitments      # plan as if nothing were owned

Existing commitments: by default the RIs and Savings Plans in the imported bills (headroom import
--cur/--focus) are counted until they expire (without an expiry in the export, for the whole
term); --existing FILE replaces them; --no-billed-commitments counts none. A Savings Plan billed
in another currency than the price list (USD) needs --fx EUR=RATE; an RI is a count and needs none.`)
    .action(async (opts: CommitmentsOptions) => {
      const lookbackDays = readWindowSeconds(opts, { default: '30d', aliases: windowAliases }) / 86_400;
      const atMs = readAtMs(opts, Number.POSITIVE_INFINITY);
      const output = readOutputFile(opts);
      const chart = opts.chart;
      const config = await ctx.config();
      const fx = { ...config.billing.fx, ...parseFxRates(opts.fx) };
      const storePath = readStorePath(opts, config);
      // Usage read from the store needs one; with --usage the store is only written (--save) or, when it exists, read for the bill.
      if (!opts.usage) requireExistingStore(storePath, storeCreators.billing);
      const [{ loadPriceList }, { Store }, { loadBillCommitments, loadProviderRecommendations, loadStoredUsage, makeCommitmentPlan, planTimeMs, readExistingCommitments, readUsageCsv, saveCommitmentPlan }, { commitmentFormatters }] = await Promise.all([
        import('../../pricing/index.js'), import('../../store/index.js'), import('../../app/commitments.js'), import('../../app/commitment-formats.js'),
      ]);
      const prices = await loadPriceList(opts.pricing ?? config.billing.pricingFile);
      const existingFromFile = opts.existing ? await readExistingCommitments(opts.existing) : null;
      let store: Store | null = null;
      try {
        let usage;
        if (opts.usage) {
          usage = await readUsageCsv(opts.usage);
        } else {
          store = await Store.open(storePath);
          usage = await loadStoredUsage(store, lookbackDays, atMs);
          if (!usage.length) throw new HeadroomError('USAGE', `no instance usage in the store ${storePath}`, { hint: 'pass --usage USAGE.csv, or import billing first: headroom import --cur FILE' });
        }
        let existing = existingFromFile ?? [];
        let billNote: string | null = null;
        if (!existingFromFile && opts.billedCommitments) {
          // The bill is read from the store; with --usage only when a store exists (never create one
          // to find none), and a store that cannot be opened (locked by another process) is reported, not fatal;
          // a path that cannot be a store at all (a directory, no permission) is the user's to fix.
          let billStore: Store | null = store;
          if (!billStore && existsSync(storePath)) {
            billStore = await Store.open(storePath).catch((err: unknown) => {
              if (err instanceof HeadroomError && err.code === 'OUTPUT_UNWRITABLE') throw err;
              ctx.logger.warn(`existing commitments not read from the bill: store ${storePath} cannot be opened (${(err as Error).message.split('\n')[0]}); planning without them`);
              return null;
            });
          }
          try {
            if (billStore) {
              const bill = await loadBillCommitments(billStore, planTimeMs(usage), opts.term, { currency: prices.currency, fx });
              existing = bill.existing;
              if (bill.counted.length || bill.notCounted.length) billNote = bill.summary;
              if (bill.notCountedSummary) ctx.logger.warn(bill.notCountedSummary);
            }
          } finally {
            if (billStore && billStore !== store) await billStore.close();
          }
        }
        const plan = makeCommitmentPlan({ usage, prices, term: opts.term, payment: opts.payment, kinds: opts.kind, existing, usageIncludesExisting: opts.usageIncludesExisting ?? false });
        if (store) {
          const provider = await loadProviderRecommendations(store, opts.term, opts.payment, fx, prices.currency);
          if (provider?.note) ctx.logger.warn(provider.note);
          if (provider?.recommendations.length) plan.providerRecommendations = provider.recommendations;
        }
        if (opts.save && !store) store = await Store.open(storePath);
        if (store) {
          const runId = await saveCommitmentPlan(store, plan, ctx.nowMs);
          ctx.logger.debug({ runId }, 'commitment plan stored');
        }
        if (chart) {
          const { renderCommitmentChart } = await import('../../app/billing-charts.js');
          const svg = await renderCommitmentChart(plan, usage);
          if (svg) await writeFileAtomic(chart, svg);
          else ctx.logger.info('no Reserved Instance recommended: no chart written');
        }
        let text = commitmentFormatters[opts.format](plan);
        // Say what was counted: in the table people read, on stderr beside machine formats.
        if (billNote && opts.format === 'table') text += `\n${billNote}\n`;
        else if (billNote) ctx.logger.info(billNote);
        if (output) {
          await writeFileAtomic(output, text);
          ctx.logger.info(`wrote ${plan.recommendations.length} recommendation(s) to ${output}`);
        } else {
          ctx.stdout.write(text);
        }
      } finally {
        await store?.close();
      }
    });
}
