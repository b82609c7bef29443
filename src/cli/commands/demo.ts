import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { defaultPaths } from '../../domain/conventions.js';

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('Run every stage on the embedded sample cluster, offline, and print where the outputs are')
    .option('--out <dir>', 'output directory', defaultPaths.demoOutDir)
    .option('--days <n>', 'days of sample history (1..90)', '30')
    .option('--seed <n>', 'sample seed', '42')
    .addHelpText('after', '\nExamples:\n  $ headroom demo\n  $ headroom demo --out /tmp/hr-demo --days 14')
    .action(async (opts: { out: string; days: string; seed: string }) => {
      const days = Number(opts.days);
      const seed = Number(opts.seed);
      if (!Number.isInteger(days) || days < 1 || days > 90) throw new HeadroomError('USAGE', `--days ${opts.days}: expected a whole number from 1 to 90`);
      if (!Number.isInteger(seed)) throw new HeadroomError('USAGE', `--seed ${opts.seed}: expected a whole number`);
      // Loaded here, not at the top: every stage's stack would slow down every other command's start.
      const { formatDemoSummary, runDemo } = await import('../../app/demo.js');
      const results = await runDemo({ outDir: opts.out, sample: { days, seed }, config: await ctx.config(), logger: ctx.logger, progress: ctx.progress });
      ctx.stdout.write(formatDemoSummary(results));
      if (results.some((r) => !r.ok)) throw new HeadroomError('INTERNAL', 'the demo finished with failed stages (see above)', { exitCode: 1, hint: 'rerun with --log-level debug for details' });
    });
}
