import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { parseDurationSeconds, parseTimeMs } from '../../domain/units.js';

export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('Check the Prometheus Headroom reads: missing sources, scrape interval, cluster label, gaps, staleness, retention, cost of queries')
    .option('--prometheus-url <url>', 'Prometheus-API base URL (default: prometheus.url of the config)')
    .option('--cluster <name>', 'value of the cluster label to check (default: prometheus.clusters)')
    .option('--history <duration>', 'history you intend to analyse', '14d')
    .option('--at <time>', 'evaluation time, RFC 3339 or Unix seconds (default: now)')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText('after', '\nExamples:\n  $ headroom doctor --prometheus-url http://127.0.0.1:9090\n  $ headroom doctor --config headroom.yaml --history 30d --format json')
    .action(async (opts: { prometheusUrl?: string; cluster?: string; history: string; at?: string; format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new HeadroomError('USAGE', `--format ${opts.format}: expected text or json`);
      let historySeconds: number;
      let atMs: number;
      try {
        historySeconds = parseDurationSeconds(opts.history);
        atMs = opts.at ? parseTimeMs(opts.at) : ctx.nowMs();
      } catch (err) {
        throw new HeadroomError('USAGE', `${opts.at && !(err as Error).message.includes('duration') ? '--at' : '--history'}: ${(err as Error).message}`);
      }
      const [{ formatDoctorReport, runDoctor }, { prometheusSourceFor }] = await Promise.all([import('../../app/doctor.js'), import('../../collectors/prometheus/index.js')]);
      const config = await ctx.config();
      const source = await prometheusSourceFor(config, { url: opts.prometheusUrl, cluster: opts.cluster, clusterName: opts.cluster ?? config.cluster });
      if (!source) throw new HeadroomError('USAGE', 'no Prometheus to check', { hint: 'pass --prometheus-url URL or set prometheus.url in headroom.yaml' });
      const report = await runDoctor(source, { atMs, historySeconds });
      ctx.stdout.write(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
      if (report.errors > 0) throw new HeadroomError('SOURCE_REJECTED', `doctor found ${report.errors} error(s) in ${source.url}`, { hint: 'apply the fixes listed above', exitCode: 1 });
    });
}
