import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { addOutDirOption, readOutDir } from '../options.js';

export function registerGenerate(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('generate')
    .description('Generate Grafana dashboards, alert/recording rules, SLO burn-rate rules, promtool tests, Alertmanager config and a Jsonnet mixin')
    .option('--slos <dir>', 'directory of SLO specs (sloth prometheus/v1, PrometheusServiceLevel, OpenSLO); default: the config\'s slosDir (slos)')
    .addOption(new Option('--format <format>', 'SLO rule files: plain rule files, or PrometheusServiceLevel specs written back as PrometheusRules').choices(['rules', 'prometheusrule']).default('rules'));
  addOutDirOption(cmd, { description: 'output directory (writes dashboards/, alerts/, slos/rules/, alertmanager/, mixin/)' });
  cmd
    .addHelpText('after', '\nExamples:\n  $ headroom generate --out-dir .                     # kube-prometheus defaults, SLO specs from slos/\n  $ headroom generate --config headroom.yaml --slos specs/ --out-dir monitoring/\n  $ headroom generate --slos k8s-slos/ --format prometheusrule --out-dir .   # PrometheusServiceLevel → PrometheusRule\n  $ promtool test rules monitoring/alerts/tests/*.yaml')
    .action(async (opts: { slos?: string; format: 'rules' | 'prometheusrule' } & Record<string, unknown>) => {
      const outDir = readOutDir(opts);
      const { assertNoProblems, formatGenerateSummary, generateMonitoring } = await import('../../app/generate.js');
      const result = await generateMonitoring({ config: await ctx.config(), outDir, slosDir: opts.slos, sloFormat: opts.format });
      ctx.stdout.write(formatGenerateSummary(result));
      assertNoProblems(result);
    });
}
