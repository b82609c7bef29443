import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { HeadroomError } from '../../domain/errors.js';
import { parseDurationSeconds } from '../../domain/units.js';

const levels = ['error', 'warning', 'info'] as const;
const formats = ['text', 'json', 'github', 'checkstyle'] as const;

interface LintCliOptions { format: string; failOn?: string; promtool?: boolean; prometheusUrl?: string; window: string; scrapeInterval?: string; disable?: string }

export function registerLint(program: Command, ctx: CliContext): void {
  program
    .command('lint')
    .description('Check Prometheus rules (plain, PrometheusRule, ConfigMap), Grafana dashboards and SLO specs: PromQL syntax and types, rule semantics, live series')
    .argument('[files...]', 'files or directories; default: dashboards alerts slos')
    .option('--format <format>', 'text, json, github (workflow annotations) or checkstyle', 'text')
    .option('--fail-on <level>', 'lowest level that fails the run: error, warning or info (default: lint.failOn of the config, error)')
    .option('--promtool', 'also run `promtool check rules` on every rule group and report what it rejects')
    .option('--prometheus-url <url>', 'live checks against this Prometheus-API server (with --config: its prometheus auth, headers, TLS): metrics exist, labels in matchers and by() exist')
    .option('--window <duration>', 'live checks: how far back a metric without series now is looked for', '7d')
    .option('--scrape-interval <duration>', 'scrape interval rate ranges are checked against (default: the server\'s in live mode, else lint.scrapeInterval)')
    .option('--disable <checks>', 'checks to skip, comma-separated (promql/regexp,alerts/comparison), added to lint.disable of the config')
    .addHelpText('after', `
Examples:
  $ headroom lint                                   # dashboards/ alerts/ slos/
  $ headroom lint manifests/ --format github --fail-on warning
  $ headroom lint alerts/ --prometheus-url http://127.0.0.1:9090 --promtool

Every finding has a level (error, warning, info) and a check name; turn a check off with
lint.disable in the config, --disable, or a comment in the rule file:
  # headroom-lint disable promql/regexp        (on or above a rule: that rule)
  # headroom-lint file/disable alerts/comparison  (anywhere: the whole file)

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 bad usage or config.`)
    .action(async (files: string[], opts: LintCliOptions) => {
      const config = await ctx.config();
      if (!(formats as readonly string[]).includes(opts.format)) throw new HeadroomError('USAGE', `--format ${opts.format}: expected one of ${formats.join(', ')}`);
      const failOn = opts.failOn ?? config.lint.failOn;
      if (!(levels as readonly string[]).includes(failOn)) throw new HeadroomError('USAGE', `--fail-on ${failOn}: expected one of ${levels.join(', ')}`);
      let lookbackSeconds: number;
      let scrapeIntervalSeconds: number | undefined;
      try {
        lookbackSeconds = parseDurationSeconds(opts.window);
        scrapeIntervalSeconds = opts.scrapeInterval ? parseDurationSeconds(opts.scrapeInterval) : opts.prometheusUrl ? undefined : parseDurationSeconds(config.lint.scrapeInterval);
      } catch (err) {
        throw new HeadroomError('USAGE', `${(err as Error).message.includes(opts.window) ? '--window' : '--scrape-interval'}: ${(err as Error).message}`);
      }
      const paths = files.length ? files : ['dashboards', 'alerts', 'slos'].filter((p) => existsSync(p));
      if (paths.length === 0) throw new HeadroomError('USAGE', 'lint: no files given and no dashboards/, alerts/ or slos/ here', { hint: 'pass files or directories: headroom lint alerts/' });
      const { formatLintFindings, lintFiles, lintMessages, lintLevels } = await import('../../generators/lint/index.js');
      const { findings, filesChecked } = await lintFiles(paths, {
        severities: config.alerting.severities,
        disabledChecks: [...config.lint.disable, ...(opts.disable ?? '').split(',').map((c) => c.trim()).filter(Boolean)],
        scrapeIntervalSeconds,
        nameValidation: config.lint.nameValidation,
        promtool: opts.promtool ?? false,
        prometheusUrl: opts.prometheusUrl,
        // With --config, the live checks reach the server as every command does: its auth, headers and TLS.
        prometheus: opts.prometheusUrl && config.prometheus
          ? await (await import('../../collectors/prometheus/source.js')).prometheusSourceFromConfig(config.prometheus, { url: opts.prometheusUrl })
          : undefined,
        lookbackSeconds,
        nowMs: ctx.nowMs(),
      });
      ctx.stdout.write(formatLintFindings(findings, opts.format as (typeof formats)[number]));
      const failing = findings.filter((f) => lintLevels.indexOf(f.level) <= lintLevels.indexOf(failOn as (typeof levels)[number]));
      if (failing.length) throw new HeadroomError('INPUT_INVALID', lintMessages.summaryFailing(failing.length, failOn, findings.length, filesChecked), { exitCode: 1 });
      if (opts.format === 'text') ctx.stdout.write(`${findings.length ? lintMessages.summaryFindings(findings.length, filesChecked) : lintMessages.summaryClean(filesChecked)}\n`);
    });
}
