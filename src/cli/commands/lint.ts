import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';

export function registerLint(program: Command, ctx: CliContext): void {
  program
    .command('lint')
    .description('Check rule files (plain or PrometheusRule), Grafana dashboards and SLO specs: PromQL syntax and conventions')
    .argument('[files...]', 'files or directories; default: dashboards alerts slos')
    .addHelpText('after', '\nExamples:\n  $ headroom lint                                   # dashboards/ alerts/ slos/\n  $ headroom lint my-rules.yaml dashboards/capacity.json\n\nChecks: PromQL parses (Prometheus\' own grammar), alert names are CamelCase, severity is one of\nconfig alerting.severities, summary and description are set, at most 20 rules per group,\ndashboards have a title and a uid. Exit code 1 when anything is found.')
    .action(async (files: string[]) => {
      const config = await ctx.config();
      const paths = files.length ? files : ['dashboards', 'alerts', 'slos'].filter((p) => existsSync(p));
      if (paths.length === 0) throw new HeadroomError('USAGE', 'lint: no files given and no dashboards/, alerts/ or slos/ here', { hint: 'pass files or directories: headroom lint alerts/' });
      const { formatLintFinding, lintFiles, lintMessages } = await import('../../generators/lint/index.js');
      const { findings, filesChecked } = await lintFiles(paths, { severities: config.alerting.severities });
      for (const f of findings) ctx.stdout.write(`${formatLintFinding(f)}\n`);
      if (findings.length) {
        throw new HeadroomError('INPUT_INVALID', lintMessages.summaryFindings(findings.length, filesChecked), { exitCode: 1 });
      }
      ctx.stdout.write(`${lintMessages.summaryClean(filesChecked)}\n`);
    });
}
