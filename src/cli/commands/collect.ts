import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { MINUTE_SECONDS } from '../../domain/units.js';
import { addAtOption, addFormatOption, addOutputOption, coreFormats, addStoreOption, addWindowOption, readAtMs, readOutputFile, readStorePath, readWindowSeconds, type WindowAlias } from '../options.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

const windowAliases: WindowAlias[] = ['--since'];

export function registerCollect(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('collect')
    .description('Collect usage from Prometheus and the inventory from Kubernetes into the store (same window twice = stored once)')
    .option('--prometheus-url <url>', 'Prometheus-API base URL (overrides prometheus.url)')
    .option('--cluster <name>', 'only this value of the cluster label on a multi-cluster backend; on a single-cluster one, the name to record (default: every cluster; the config\'s cluster)');
  addWindowOption(cmd, { description: 'history to collect, ending at --at', defaultText: '14d', aliases: windowAliases });
  addAtOption(cmd, 'end of the window, RFC 3339 or Unix seconds (default: now, to the minute)');
  addStoreOption(cmd);
  addFormatOption(cmd, { choices: coreFormats, default: 'table', aliases: { text: 'table' } });
  addOutputOption(cmd, 'write the summary of the collection to this file instead of stdout (atomically)');
  cmd
    .addHelpText('after', '\nExamples:\n  $ headroom collect --config headroom.yaml\n  $ headroom collect --prometheus-url http://127.0.0.1:9090 --window 14d --at 2026-11-16T00:00:00Z\n  $ headroom collect --prometheus-url http://thanos:9090 --cluster prod-eu   # one cluster of several')
    .action(async (opts: { prometheusUrl?: string; cluster?: string; format: string } & Record<string, unknown>) => {
      const sinceSeconds = readWindowSeconds(opts, { default: '14d', aliases: windowAliases });
      // Without --at the window ends at the current minute, so reruns within a minute are idempotent too.
      const atMs = readAtMs(opts, Math.floor(ctx.nowMs() / (MINUTE_SECONDS * 1000)) * MINUTE_SECONDS * 1000);
      const output = readOutputFile(opts);
      const [{ collectSnapshot, formatCollectCsv, formatCollectResult }, { prometheusSourceFor }, { Store }] = await Promise.all([import('../../app/collect.js'), import('../../collectors/prometheus/index.js'), import('../../store/index.js')]);
      const config = await ctx.config();
      const cluster = opts.cluster ?? config.cluster;
      const prometheusSource = opts.prometheusUrl ? (await prometheusSourceFor(config, { url: opts.prometheusUrl, clusterName: cluster }))! : undefined;
      const store = await Store.open(readStorePath(opts, config));
      try {
        const result = await collectSnapshot({ ...config, cluster }, store, { sinceSeconds, atMs, logger: ctx.logger, progress: ctx.progress, prometheusSource, collectedAtMs: ctx.nowMs(), cluster: opts.cluster ?? null });
        const text = opts.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : opts.format === 'csv' ? formatCollectCsv(result) : formatCollectResult(result);
        if (output) await writeFileAtomic(output, text);
        else ctx.stdout.write(text);
        if (result.failed > 0) {
          throw new HeadroomError('SOURCE_UNAVAILABLE', `${result.failed} of ${result.results.length} source(s) failed; the others were stored`, { hint: 'see the FAILED lines above; `headroom doctor` checks Prometheus', exitCode: 1 });
        }
      } finally {
        await store.close();
      }
    });
}
