import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { MINUTE_SECONDS, parseDurationSeconds, parseTimeMs } from '../../domain/units.js';

export function registerCollect(program: Command, ctx: CliContext): void {
  program
    .command('collect')
    .description('Collect usage from Prometheus and the inventory from Kubernetes into the store (same window twice = stored once)')
    .option('--since <duration>', 'length of the window ending at --at', '14d')
    .option('--at <time>', 'end of the window, RFC 3339 or Unix seconds (default: now, to the minute)')
    .option('--prometheus-url <url>', 'Prometheus-API base URL (overrides prometheus.url)')
    .option('--cluster <name>', 'only this value of the cluster label on a multi-cluster backend; on a single-cluster one, the name to record (default: every cluster; the config\'s cluster)')
    .option('--store <file>', 'store file (default: store.path of the config)')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText('after', '\nExamples:\n  $ headroom collect --config headroom.yaml\n  $ headroom collect --prometheus-url http://127.0.0.1:9090 --since 14d --at 2026-11-16T00:00:00Z\n  $ headroom collect --prometheus-url http://thanos:9090 --cluster prod-eu   # one cluster of several')
    .action(async (opts: { since: string; at?: string; prometheusUrl?: string; cluster?: string; store?: string; format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new HeadroomError('USAGE', `--format ${opts.format}: expected text or json`);
      let sinceSeconds: number;
      try {
        sinceSeconds = parseDurationSeconds(opts.since);
      } catch (err) {
        throw new HeadroomError('USAGE', `--since: ${(err as Error).message}`);
      }
      let atMs: number;
      try {
        // Without --at the window ends at the current minute, so reruns within a minute are idempotent too.
        atMs = opts.at ? parseTimeMs(opts.at) : Math.floor(ctx.nowMs() / (MINUTE_SECONDS * 1000)) * MINUTE_SECONDS * 1000;
      } catch (err) {
        throw new HeadroomError('USAGE', `--at: ${(err as Error).message}`);
      }
      const [{ collectSnapshot, formatCollectResult }, { prometheusSourceFromUrl }, { Store }] = await Promise.all([import('../../app/collect.js'), import('../../collectors/prometheus/index.js'), import('../../store/index.js')]);
      const config = await ctx.config();
      const cluster = opts.cluster ?? config.cluster;
      const prometheusSource = opts.prometheusUrl ? prometheusSourceFromUrl(opts.prometheusUrl, { clusterName: cluster }) : undefined;
      const store = await Store.open(opts.store ?? config.store.path);
      try {
        const result = await collectSnapshot({ ...config, cluster }, store, { sinceSeconds, atMs, logger: ctx.logger, progress: ctx.progress, prometheusSource, collectedAtMs: ctx.nowMs(), cluster: opts.cluster ?? null });
        ctx.stdout.write(opts.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatCollectResult(result));
        if (result.failed > 0) {
          throw new HeadroomError('SOURCE_UNAVAILABLE', `${result.failed} of ${result.results.length} source(s) failed; the others were stored`, { hint: 'see the FAILED lines above; `headroom doctor` checks Prometheus', exitCode: 1 });
        }
      } finally {
        await store.close();
      }
    });
}
