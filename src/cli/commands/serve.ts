import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { addStoreOption, readStorePath } from '../options.js';

export function registerServe(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('serve')
    .description('Serve the API and /metrics, and run collection, the capacity run and the weekly report on their schedules')
    .option('--host <addr>', 'address to bind (default: server.host, 127.0.0.1)')
    .option('--port <n>', 'port (default: server.port, 9464)')
    .option('--no-schedule', 'serve only; run nothing on a schedule');
  addStoreOption(cmd);
  cmd
    .addHelpText('after', '\nExamples:\n  $ headroom serve --config headroom.yaml          # API and /metrics on 127.0.0.1:9464, schedules on\n  $ HEADROOM_TOKEN=$(openssl rand -hex 16) headroom serve   # auth on; server.token in the config wins when set\n  $ curl -s 127.0.0.1:9464/api/v1/recommendations?limit=5\n  $ curl -s -XPOST -H "Authorization: Bearer $HEADROOM_TOKEN" -H "content-type: application/json" \\\n      -d \'{"kind":"report"}\' 127.0.0.1:9464/api/v1/runs')
    .action(async (opts: { host?: string; port?: string; schedule: boolean } & Record<string, unknown>) => {
      const config = await ctx.config();
      const port = opts.port === undefined ? config.server.port : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HeadroomError('USAGE', `--port ${opts.port}: expected a port number 0..65535`);
      const host = opts.host ?? config.server.host;
      const { resolveServerToken } = await import('../../config/index.js');
      const { token, from } = await resolveServerToken(config.server.token);
      if (token) ctx.logger.info(`API auth on: bearer token from ${from}`);
      else ctx.logger.warn('no API token (server.token in the config, or HEADROOM_TOKEN in the environment): POST /api/v1/runs will refuse requests');
      const [{ Store }, { configuredSchedules, createDefaultJobs, Scheduler }, { buildServer, HeadroomMetrics }] = await Promise.all([import('../../store/index.js'), import('../../app/scheduler.js'), import('../../server/index.js')]);
      const storePath = readStorePath(opts, config);
      const store = await Store.open(storePath);
      const metrics = new HeadroomMetrics(store, ctx.nowMs, { fx: config.billing.fx, logger: ctx.logger });
      const registry = await createDefaultJobs({ store, config, logger: ctx.logger, nowMs: ctx.nowMs });
      const scheduler = new Scheduler({
        store, registry, schedules: configuredSchedules(config), timezone: config.schedule.timezone,
        lockFile: join(dirname(resolve(storePath)), 'headroom.lock'), nowMs: ctx.nowMs, logger: ctx.logger,
      });
      const { app, deps } = await buildServer({ store, reportsDir: resolve(config.report.outDir), scheduler, token, bodyLimitBytes: config.server.bodyLimitBytes, logger: ctx.logger, nowMs: ctx.nowMs, metrics });
      // A finished run changes what the API serves: count it and drop cached reads.
      scheduler.options.observer = { onFinished: (run, seconds) => { metrics.recordRun(run, seconds); deps.cache.invalidate(); } };
      try {
        await app.listen({ host, port });
      } catch (err) {
        await store.close();
        throw new HeadroomError('OUTPUT_UNWRITABLE', `listen on ${host}:${port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { hint: 'pick another --port, or stop the process using it', cause: err });
      }
      const address = app.server.address();
      ctx.stdout.write(`headroom serving on http://${host}:${typeof address === 'object' && address ? address.port : port} (OpenAPI at /openapi.json)\n`);
      if (opts.schedule) await scheduler.start();
      await new Promise<void>((resolveStop) => {
        const stop = () => resolveStop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      ctx.logger.info('shutting down: waiting for running jobs');
      scheduler.stop();
      await app.close();
      await scheduler.drain();
      await store.close();
    });
}
