import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { addAtOption, addFormatOption, addOutputOption, coreFormats, addWindowOption, readAtMs, readOutputFile, readWindowSeconds, type WindowAlias } from '../options.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

const windowAliases: WindowAlias[] = ['--history'];

export function registerDoctor(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('doctor')
    .description('Check the Prometheus Headroom reads: missing sources, scrape interval, cluster label, gaps, staleness, retention, cost of queries')
    .option('--prometheus-url <url>', 'Prometheus-API base URL (default: prometheus.url of the config)')
    .option('--cluster <name>', 'value of the cluster label to check (default: prometheus.clusters)');
  addWindowOption(cmd, { description: 'history you intend to analyse, ending at --at', defaultText: '14d', aliases: windowAliases });
  addAtOption(cmd, 'evaluation time, RFC 3339 or Unix seconds (default: now)');
  addFormatOption(cmd, { choices: coreFormats, default: 'table', aliases: { text: 'table' } });
  addOutputOption(cmd);
  cmd
    .addHelpText('after', '\nExamples:\n  $ headroom doctor --prometheus-url http://127.0.0.1:9090\n  $ headroom doctor --config headroom.yaml --window 30d --format json --output doctor.json')
    .action(async (opts: { prometheusUrl?: string; cluster?: string; format: string } & Record<string, unknown>) => {
      const historySeconds = readWindowSeconds(opts, { default: '14d', aliases: windowAliases });
      const atMs = readAtMs(opts, ctx.nowMs());
      const output = readOutputFile(opts);
      const [{ formatDoctorCsv, formatDoctorReport, runDoctor }, { prometheusSourceFor }] = await Promise.all([import('../../app/doctor.js'), import('../../collectors/prometheus/index.js')]);
      const config = await ctx.config();
      const source = await prometheusSourceFor(config, { url: opts.prometheusUrl, cluster: opts.cluster, clusterName: opts.cluster ?? config.cluster });
      if (!source) throw new HeadroomError('USAGE', 'no Prometheus to check', { hint: 'pass --prometheus-url URL or set prometheus.url in headroom.yaml' });
      const report = await runDoctor(source, { atMs, historySeconds });
      const text = opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : opts.format === 'csv' ? formatDoctorCsv(report) : formatDoctorReport(report);
      // The report is written even when it finds errors: it says what to fix.
      if (output) await writeFileAtomic(output, text);
      else ctx.stdout.write(text);
      if (report.errors > 0) throw new HeadroomError('SOURCE_REJECTED', `doctor found ${report.errors} error(s) in ${source.url}`, { hint: 'apply the fixes listed above', exitCode: 1 });
    });
}
