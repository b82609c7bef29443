import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { capacityErrors } from '../../models/capacity/messages.js';
import type { CapacityFormat } from '../../app/capacity-format.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { describeForecastMethods } from '../lazy-help.js';
import { addAtOption, addFormatOption, addFxOption, addOutputOption, addStoreOption, coreFormats, readAtMs, readOutputFile, readStorePath, requireExistingStore, storeCreators } from '../options.js';

interface CapacityCliOptions {
  weeks?: string;
  target?: string;
  cluster?: string;
  method?: string;
  fx?: string[];
  format: CapacityFormat;
  [flag: string]: unknown;
}

export function registerCapacity(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('capacity')
    .description('Forecast requests and usage peaks against allocatable per cluster, node pool and namespace: exhaustion dates with 80 % intervals, nodes needed, PVC fill dates, monthly cost forecasts (from the store\'s latest data)')
    .option('--weeks <n>', 'forecast horizon in weeks, 1..104 (default: capacity.horizonWeeks, 13)')
    .option('--target <ratio>', 'target utilisation of allocatable for node counts, 0..1 (default: capacity.targetUtilization, 0.75)')
    .option('--method <name>', 'forecast method, listed below (default: capacity.forecastMethod, auto)')
    .option('--cluster <name>', 'cluster to plan (default: the one with the newest data)');
  addAtOption(cmd, 'end of the history: plan from the newest collection ending at or before TIME, and billing of the days before it; RFC 3339 or Unix seconds (default: the newest data)');
  addFxOption(cmd, '; without rates a bill in one currency is forecast in it');
  addStoreOption(cmd);
  addFormatOption(cmd, { choices: coreFormats, default: 'table' });
  addOutputOption(cmd);
  cmd
    .addHelpText('after', ctx.help.text(describeForecastMethods))
    .addHelpText('after', `
Examples:
  $ headroom capacity                                   # 13 weeks, table on the terminal
  $ headroom capacity --weeks 26 --format json --output capacity.json
  $ headroom capacity --at 2026-11-01T00:00:00Z         # as planned from the data up to 1 November
  $ headroom capacity --store headroom-demo/headroom.duckdb --format csv   # after 'headroom demo'
  $ headroom capacity --fx EUR=1.08                     # a bill in EUR and USD, forecast in USD`)
    .action(async (opts: CapacityCliOptions) => {
      const config = await ctx.config();
      const horizonWeeks = opts.weeks === undefined ? config.capacity.horizonWeeks : Number(opts.weeks);
      if (!Number.isInteger(horizonWeeks) || horizonWeeks < 1 || horizonWeeks > 104) throw capacityErrors.badWeeks(opts.weeks);
      const targetUtilization = opts.target === undefined ? config.capacity.targetUtilization : Number(opts.target);
      if (!(targetUtilization > 0 && targetUtilization <= 1)) throw capacityErrors.badTarget(opts.target);
      const { listForecastMethods } = await import('../../models/forecast/index.js');
      const forecastMethod = opts.method ?? config.capacity.forecastMethod;
      if (!listForecastMethods().includes(forecastMethod)) throw capacityErrors.unknownMethod(forecastMethod, listForecastMethods());
      const atMs = opts.at === undefined ? undefined : readAtMs(opts, 0);
      const { parseFxRates } = await import('../../app/cost-currency.js');
      const fx = { ...config.billing.fx, ...parseFxRates(opts.fx ?? []) };
      const storePath = requireExistingStore(readStorePath(opts, config), storeCreators.collect);
      const output = readOutputFile(opts);
      const [{ Store }, { runCapacity }, { formatCapacityCsv, formatCapacityJson, formatCapacityTable }] = await Promise.all([import('../../store/index.js'), import('../../app/capacity.js'), import('../../app/capacity-format.js')]);
      const formatters: Record<CapacityFormat, typeof formatCapacityTable> = { table: formatCapacityTable, json: formatCapacityJson, csv: formatCapacityCsv };
      const store = await Store.open(storePath);
      try {
        const result = await runCapacity(store, {
          cluster: opts.cluster, atMs, horizonWeeks, targetUtilization, forecastMethod, startedAtMs: ctx.nowMs(), logger: ctx.logger, storeLabel: `store ${storePath}`, fx,
        });
        const text = formatters[opts.format](result.report);
        if (output) {
          await writeFileAtomic(output, text);
          ctx.logger.info({ output, runId: result.report.runId }, 'capacity written');
        } else {
          ctx.stdout.write(text);
        }
      } finally {
        await store.close();
      }
    });
}
