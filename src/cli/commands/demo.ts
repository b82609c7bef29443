import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { defaultPaths } from '../../domain/conventions.js';
import { addOutDirOption, addWindowOption, readOutDir, readWindowSeconds, type WindowAlias } from '../options.js';

const windowAliases: WindowAlias[] = ['--days'];

export function registerDemo(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('demo')
    .description('Run every stage on the embedded sample cluster, offline, and print where the outputs are')
    .option('--seed <n>', 'sample seed', '42');
  addOutDirOption(cmd, { description: 'where every output goes', default: defaultPaths.demoOutDir });
  addWindowOption(cmd, { description: 'whole days of sample history, 1d..90d', defaultText: '30d', aliases: windowAliases });
  cmd
    .addHelpText('after', '\nExamples:\n  $ headroom demo\n  $ headroom demo --out-dir /tmp/hr-demo --window 14d')
    .action(async (opts: { seed: string } & Record<string, unknown>) => {
      const outDir = readOutDir(opts, defaultPaths.demoOutDir);
      const days = readWindowSeconds(opts, { default: '30d', aliases: windowAliases, wholeDays: true, maxSeconds: 90 * 86_400 }) / 86_400;
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new HeadroomError('USAGE', `--seed ${opts.seed}: expected a whole number`);
      // Loaded here, not at the top: every stage's stack would slow down every other command's start.
      const { formatDemoSummary, runDemo } = await import('../../app/demo.js');
      const results = await runDemo({ outDir, sample: { days, seed }, config: await ctx.config(), logger: ctx.logger, progress: ctx.progress });
      ctx.stdout.write(formatDemoSummary(results));
      if (results.some((r) => !r.ok)) throw new HeadroomError('INTERNAL', 'the demo finished with failed stages (see above)', { exitCode: 1, hint: 'rerun with --log-level debug for details' });
    });
}
