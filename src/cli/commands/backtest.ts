import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { forecastMessages as msg } from '../../app/forecast-messages.js';
import { addFormatOption, addOutputOption, coreFormats, readOutputFile } from '../options.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { describeForecastMethods } from '../lazy-help.js';

interface BacktestCliOptions {
  input: string;
  test?: string;
  horizon?: string;
  levels: string;
  methods?: string;
  origins: string;
  format: (typeof coreFormats)[number];
  [flag: string]: unknown;
}

export function registerBacktest(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('backtest')
    .description('Score forecast methods (MASE, sMAPE, coverage, MSIS, peak error) by rolling origins, or against held-out data')
    .requiredOption('--input <file>', 'input CSV: series,timestamp,value')
    .option('--horizon <steps>', 'steps per forecast (required without --test; with --test default: each series\' test span)')
    .option('--test <file>', 'held-out CSV (series,timestamp,value) to score against instead of rolling origins')
    .option('--levels <list>', 'interval levels in percent', '80,95')
    .option('--methods <list>', 'methods to compare, comma-separated (default: all, listed below)')
    .option('--origins <n>', 'rolling origins per series, one horizon apart', '3');
  addFormatOption(cmd, { choices: coreFormats, default: 'table' });
  addOutputOption(cmd);
  cmd
    .addHelpText('after', ctx.help.text(describeForecastMethods))
    .addHelpText('after', '\nExamples:\n  $ headroom backtest --input usage.csv --horizon 24\n  $ headroom backtest --input train.csv --test test.csv --methods auto,seasonal-naive\n  $ headroom backtest --input usage.csv --horizon 24 --format csv --output scores.csv')
    .action(async (opts: BacktestCliOptions) => {
      const [{ parseHorizon, parseLevels, parseMethod, parseOrigins }, { listForecastMethods }] = await Promise.all([import('../../app/forecast-options.js'), import('../../models/forecast/index.js')]);
      if (opts.horizon === undefined && opts.test === undefined) throw new HeadroomError('USAGE', msg.horizonRequired, { hint: msg.horizonHint });
      const horizon = opts.horizon === undefined ? undefined : parseHorizon(opts.horizon);
      const levels = parseLevels(opts.levels);
      const methods = (opts.methods ?? listForecastMethods().join(',')).split(',').map((m) => parseMethod(m.trim()));
      const origins = parseOrigins(opts.origins);
      const output = readOutputFile(opts);
      const [{ readForecastInput }, { formatBacktestCsv, formatBacktestTable, runBacktest, toBacktestJson }] = await Promise.all([import('../../app/forecast-csv.js'), import('../../app/backtest.js')]);
      const input = await readForecastInput(opts.input);
      const test = opts.test === undefined ? undefined : await readForecastInput(opts.test);
      const rows = runBacktest({ input, test, testPath: opts.test, horizon, methods, levels, origins, logger: ctx.logger, progress: ctx.progress });
      const text = opts.format === 'json' ? `${JSON.stringify(toBacktestJson(rows), null, 2)}\n` : opts.format === 'csv' ? formatBacktestCsv(rows, levels) : formatBacktestTable(rows, levels);
      if (output) await writeFileAtomic(output, text);
      else ctx.stdout.write(text);
    });
}
