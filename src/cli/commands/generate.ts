import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerGenerate(program: Command, ctx: CliContext): void {
  program
    .command('generate')
    .description('Generate Grafana dashboards, alert/recording rules, SLO burn-rate rules, promtool tests, Alertmanager config and a Jsonnet mixin')
    .requiredOption('--out <dir>', 'output directory (writes dashboards/, alerts/, slos/rules/, alertmanager/, mixin/)')
    .option('--slos <dir>', 'directory of SLO specs (sloth prometheus/v1 or PrometheusServiceLevel); default: the config\'s slosDir (slos)')
    .addHelpText('after', '\nExamples:\n  $ headroom generate --out .                       # kube-prometheus defaults, SLO specs from slos/\n  $ headroom generate --config headroom.yaml --slos specs/ --out monitoring/\n  $ promtool test rules monitoring/alerts/tests/*.yaml')
    .action(async (opts: { out: string; slos?: string }) => {
      const { assertNoProblems, formatGenerateSummary, generateMonitoring } = await import('../../app/generate.js');
      const result = await generateMonitoring({ config: await ctx.config(), outDir: opts.out, slosDir: opts.slos });
      ctx.stdout.write(formatGenerateSummary(result));
      assertNoProblems(result);
    });
}
