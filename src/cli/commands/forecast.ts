import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import type { Forecast, RegularSeries } from '../../domain/index.js';
import type { TimestampStyle } from '../../app/forecast-csv.js';
import { forecastMessages as msg } from '../../app/forecast-messages.js';
import { maxChartedSeries } from '../../app/forecast-chart-limits.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { addFormatOption, addOutputOption, readOutputFile } from '../options.js';
import type { ForecastFormat } from '../../app/forecast-formats.js';
import { describeForecastMethods } from '../lazy-help.js';

interface ForecastOptions {
  input: string;
  horizon: string;
  levels: string;
  method: string;
  seasonalPeriods?: string;
  chart?: string;
  frequency?: string;
  format: ForecastFormat;
  [flag: string]: unknown;
}

export function registerForecast(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('forecast')
    .description('Forecast every series of a CSV (series,timestamp,value) with calibrated intervals')
    .requiredOption('--input <file>', 'input CSV: series,timestamp,value (ISO-8601 UTC; hourly, daily, weekly or monthly; gaps allowed)')
    .requiredOption('--horizon <steps>', 'steps to forecast after each series\' last timestamp')
    .option('--levels <list>', 'interval levels in percent', '80,95')
    .option('--method <name>', 'forecast method (listed below)', 'auto')
    .option('--frequency <name>', 'hourly, daily, weekly or monthly (default: inferred per series from its timestamps)')
    .option('--seasonal-periods <list>', 'seasonal periods in steps (default from the step: hourly 24,168; daily 7,365; weekly 52; monthly 12 — each only with two full cycles and when the seasonality test passes)')
    .option('--chart <file>', `also write an HTML page with a chart per series (the first ${maxChartedSeries})`);
  // CSV by default: `--output OUT.csv` writing the CSV is the contract in DESIGN.md.
  addFormatOption(cmd, { choices: ['csv', 'table', 'json'], default: 'csv' });
  addOutputOption(cmd, 'write to this file instead of stdout (atomically); CSV: series,timestamp,mean,lo<L>,hi<L>…');
  cmd
    .addHelpText('after', ctx.help.text(describeForecastMethods))
    .addHelpText('after', '\nExamples:\n  $ headroom forecast --input usage.csv --horizon 168 --levels 80,95 --output forecast.csv\n  $ headroom forecast --input usage.csv --horizon 24 --format table\n  $ headroom forecast --input usage.csv --horizon 24 --method ets --format json --chart forecast.html\n  $ headroom forecast --input spend.csv --frequency monthly --horizon 12 --output spend-forecast.csv')
    .action(async (opts: ForecastOptions) => {
      const [{ parseFrequency, parseHorizon, parseLevels, parseMethod, parsePeriods }, { forecast }] = await Promise.all([import('../../app/forecast-options.js'), import('../../models/forecast/index.js')]);
      const horizon = parseHorizon(opts.horizon);
      const levels = parseLevels(opts.levels);
      const method = parseMethod(opts.method);
      const seasonalPeriods = opts.seasonalPeriods === undefined ? undefined : parsePeriods(opts.seasonalPeriods);
      const output = readOutputFile(opts);
      const chart = opts.chart;
      const [{ readForecastInput }, { forecastFormatters }] = await Promise.all([import('../../app/forecast-csv.js'), import('../../app/forecast-formats.js')]);
      const frequency = opts.frequency === undefined ? undefined : parseFrequency(opts.frequency);
      const input = await readForecastInput(opts.input, { frequency });
      const results: { name: string; forecast: Forecast; style: TimestampStyle; series: RegularSeries }[] = [];
      let failed = 0;
      ctx.progress.start('forecast', input.length);
      for (const s of input) {
        try {
          const result = forecast(s.series, { horizon, levels, method, seasonalPeriods });
          ctx.logger.debug({ series: s.name, method: result.method }, 'forecast');
          results.push({ name: s.name, style: s.timestampStyle, forecast: result, series: s.series });
        } catch (err) {
          // One bad series is reported and skipped; the others are still written.
          failed++;
          ctx.logger.warn(msg.seriesFailed(s.name, err instanceof Error ? err.message : String(err)));
        }
        ctx.progress.step(1, s.name);
      }
      ctx.progress.done();
      // The chart first: a chart that cannot be written fails the command before anything is printed.
      if (chart) {
        const { renderForecastChartsHtml } = await import('../../app/forecast-chart.js');
        await writeFileAtomic(chart, await renderForecastChartsHtml(results));
        ctx.logger.info(msg.chartDone(Math.min(results.length, maxChartedSeries), chart));
      }
      const text = forecastFormatters[opts.format](results, levels, horizon);
      if (output) {
        await writeFileAtomic(output, text);
        ctx.logger.info(msg.forecastDone(results.length, horizon, output));
      } else {
        ctx.stdout.write(text);
      }
      if (failed > 0) throw new HeadroomError('INPUT_INVALID', msg.someSeriesFailed(failed, input.length), { hint: msg.someSeriesFailedHint, exitCode: 1 });
    });
}
