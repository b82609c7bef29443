import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { parseTimeMs } from '../../domain/units.js';
import { formatMoney } from '../../domain/money.js';
import type { CommitmentPayment, CommitmentTerm } from '../../domain/commitment.js';
import { addAtOption, addStoreOption, addWindowOption, readAtMs, readStorePath, readWindowSeconds } from '../options.js';

interface ImportOptions {
  focus: string[];
  cur: string[];
  costExplorer?: boolean;
  from?: string;
  to?: string;
  term: CommitmentTerm;
  payment: CommitmentPayment;
  replaceSmaller?: boolean;
  [flag: string]: unknown;
}

const collect = (value: string, previous: string[]) => [...previous, value];
const dayMs = 86_400_000;

/**
 * The Cost Explorer window: `--from`/`--to` dates, or the shared `--window` (whole days) ending at
 * `--at`; one name per end, refused when both are given. Checked before anything is imported.
 */
function costExplorerWindow(opts: ImportOptions, nowMs: number): { fromMs: number; toMs: number } {
  if (opts.to !== undefined && opts.at !== undefined) throw new HeadroomError('USAGE', '--to and --at both set where the Cost Explorer window ends', { hint: 'give one of --to or --at' });
  if (opts.from !== undefined && opts.window !== undefined) throw new HeadroomError('USAGE', '--from and --window both set where the Cost Explorer window starts', { hint: 'give one of --from or --window' });
  let toMs: number;
  let fromMs: number;
  try {
    toMs = opts.to ? parseTimeMs(opts.to) : Math.floor(nowMs / dayMs) * dayMs;
    fromMs = opts.from ? parseTimeMs(opts.from) : Number.NaN;
  } catch (err) {
    throw new HeadroomError('USAGE', `--from/--to: ${(err as Error).message}`);
  }
  if (opts.at !== undefined) {
    toMs = readAtMs(opts, toMs);
    if (toMs % dayMs !== 0) throw new HeadroomError('USAGE', `--at ${String(opts.at)}: Cost Explorer works in whole days`, { hint: 'give a date, e.g. --at 2026-11-01' });
  }
  if (Number.isNaN(fromMs)) fromMs = toMs - readWindowSeconds(opts, { default: '30d', aliases: [], wholeDays: true }) * 1000;
  return { fromMs, toMs };
}

export function registerImportBilling(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('import')
    .description('Import billing into the store: FOCUS 1.0–1.2 or AWS CUR (2.0 or legacy) exports (CSV, gzip or Parquet), or AWS Cost Explorer')
    .option('--focus <file>', 'FOCUS export (CSV/Parquet, globs allowed: a glob is the parts of one export); repeatable', collect, [])
    .option('--cur <file>', 'AWS CUR 2.0 or legacy CUR export (CSV/Parquet, globs allowed: a glob is the parts of one export); repeatable', collect, [])
    .option('--replace-smaller', 'replace a stored billing period even when the new export has over 20 % fewer rows or less cost')
    .option('--cost-explorer', 'collect from AWS Cost Explorer (credentials from the standard AWS chain; each request costs $0.01, settled windows are cached)')
    .option('--from <date>', 'Cost Explorer window start (RFC 3339 date), instead of --window; default --window before --to')
    .option('--to <date>', 'Cost Explorer window end, exclusive, instead of --at; default today (UTC)')
    .addOption(new Option('--term <term>', "term of AWS's purchase recommendations fetched for the side-by-side").choices(['1y', '3y']).default('1y'))
    .addOption(new Option('--payment <option>', "payment option of AWS's purchase recommendations").choices(['no-upfront', 'partial-upfront', 'all-upfront']).default('no-upfront'));
  addWindowOption(cmd, { description: 'Cost Explorer: days to collect, ending at --at', defaultText: '30d', aliases: [] });
  addAtOption(cmd, 'Cost Explorer: end of the window, exclusive, a date (midnight UTC) or Unix seconds (default: today)');
  addStoreOption(cmd);
  cmd
    .addHelpText('after', `
Examples:
  $ headroom import --focus exports/focus-2026-11.parquet
  $ headroom import --cur 'cur/2026-11/*.parquet' --focus azure-focus.csv
  $ headroom import --cost-explorer --from 2026-10-01 --to 2026-11-01
  $ headroom import --cost-explorer --window 30d --at 2026-11-01       # the same window, in the shared names
  (files listed under billing.focus / billing.cur in the config are imported when no file is given)
An export is identified by its content and, per provider, billing account and billing period:
the same bill from another path is not added twice, and a newer export of a period replaces the older.`)
    .action(async (opts: ImportOptions) => {
      const config = await ctx.config();
      const files = { focus: opts.focus.length || opts.cur.length ? opts.focus : config.billing.focus, cur: opts.focus.length || opts.cur.length ? opts.cur : config.billing.cur };
      if (!files.focus.length && !files.cur.length && !opts.costExplorer) {
        throw new HeadroomError('USAGE', 'nothing to import', { hint: 'pass --focus FILE, --cur FILE or --cost-explorer (or list files under billing in the config)' });
      }
      if (!opts.costExplorer) {
        const given = ['--window', '--at', '--from', '--to'].filter((f) => opts[f.slice(2)] !== undefined);
        if (given.length) throw new HeadroomError('USAGE', `${given.join(', ')}: only for --cost-explorer (an export file is its own window)`, { hint: 'add --cost-explorer, or drop them' });
      }
      const ceWindow = opts.costExplorer ? costExplorerWindow(opts, ctx.nowMs()) : undefined;
      const [{ Store }, { importBillingFiles, importFromCostExplorer }] = await Promise.all([import('../../store/index.js'), import('../../app/billing-import.js')]);
      const store = await Store.open(readStorePath(opts, config));
      try {
        let failed = 0;
        if (files.focus.length || files.cur.length) {
          const outcomes = await importBillingFiles(store, files, { namespaceTag: config.aws?.namespaceTag ?? 'kubernetes.io/namespace', replaceSmaller: opts.replaceSmaller ?? false, logger: ctx.logger, progress: ctx.progress });
          const { describeImportOutcome } = await import('../../app/billing-import-messages.js');
          for (const o of outcomes) {
            if (o.result) {
              ctx.stdout.write(describeImportOutcome(o.kind, o.file, o.result));
            } else {
              failed++;
              ctx.stdout.write(`${o.kind} ${o.file}: FAILED — ${o.error}\n`);
            }
          }
        }
        if (ceWindow) {
          // The SDK warns about Node 20 on every run; it is about future SDK releases, not this one.
          process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
          const { fromMs, toMs } = ceWindow;
          if (fromMs >= toMs) throw new HeadroomError('USAGE', `--from ${opts.from} is not before --to ${opts.to ?? 'today'}`);
          const billing = await importFromCostExplorer(store, config, { startMs: fromMs, endMs: toMs, nowMs: ctx.nowMs, term: opts.term, payment: opts.payment, logger: ctx.logger });
          ctx.stdout.write(`cost explorer ${new Date(fromMs).toISOString().slice(0, 10)} → ${new Date(toMs).toISOString().slice(0, 10)}: ${billing.costLineItems.length} daily line items, ${billing.instanceUsageHours.length} instance-hours; amortised ${billing.totals.length ? billing.totals.map((t) => formatMoney(Number(t.amortizedCost), t.currency)).join(' + ') : formatMoney(0, 'USD')}; ${billing.stats.requests} requests ($${(billing.stats.requests * 0.01).toFixed(2)}), ${billing.stats.cacheHits} from cache, ${billing.stats.throttled} throttled\n`);
        }
        if (failed) throw new HeadroomError('INPUT_INVALID', `${failed} file(s) failed to import (see above); the others were imported`, { exitCode: 1 });
      } finally {
        await store.close();
      }
    });
}
