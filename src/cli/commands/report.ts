import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addFxOption, addOutDirOption, addStoreOption, readOutDir, readStorePath, requireExistingStore, storeCreators } from '../options.js';

export function registerReport(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('report')
    .description('Write the weekly cost and capacity report (HTML, Markdown, CSV, JSON, PDF) from the store, then publish it')
    .option('--week <YYYY-Www>', 'ISO week to report (default: the last full week)')
    .option('--alerts-dir <dir>', 'generated alert rule files to list', 'alerts')
    .option('--slos-dir <dir>', 'SLO specs to list (default: slosDir)')
    .option('--prometheus-url <url>', 'Prometheus-API base URL for SLO error budgets and fired alerts (default: prometheus.url in the config; none: budgets unknown)')
    .option('--no-pdf', 'skip report.pdf even when Chromium is installed')
    .option('--no-publish', 'write the directory only; skip Slack and e-mail');
  addFxOption(cmd, '; without rates a bill in one currency is reported in it');
  addOutDirOption(cmd, { description: 'parent directory; the report goes to <dir>/<week>/', defaultText: 'report.outDir' });
  addStoreOption(cmd);
  cmd
    .addHelpText('after', '\nExamples:\n  $ headroom report --week 2026-W46 --out-dir reports\n  $ headroom report --no-publish --no-pdf          # last full week, files only\n  $ headroom report --prometheus-url http://127.0.0.1:9090 --slos-dir slos   # with live SLO budgets and fired alerts\n  $ headroom report --fx EUR=1.08                    # a bill in EUR and USD, reported in USD')
    .action(async (opts: { week?: string; alertsDir: string; slosDir?: string; pdf: boolean; publish: boolean; prometheusUrl?: string; fx: string[] } & Record<string, unknown>) => {
      const [{ generateWeeklyReport }, { getLastFullIsoWeek, parseIsoWeek }, { Store }, { parseFxRates }] = await Promise.all([
        import('../../app/report.js'), import('../../reports/index.js'), import('../../store/index.js'), import('../../app/cost-currency.js')]);
      const config = await ctx.config();
      const fx = { ...config.billing.fx, ...parseFxRates(opts.fx) };
      const week = opts.week ? parseIsoWeek(opts.week) : getLastFullIsoWeek(ctx.nowMs());
      if (opts.prometheusUrl) (await import('../../collectors/prometheus/source.js')).prometheusSourceFromUrl(opts.prometheusUrl); // a malformed URL is a usage error, not a partial report
      // A report from a store that does not exist would be empty in every section: say so instead.
      const storePath = requireExistingStore(readStorePath(opts, config), storeCreators.collect);
      const outDir = readOutDir(opts, config.report.outDir);
      const store = await Store.open(storePath);
      try {
        ctx.progress.start('report', 1);
        const result = await generateWeeklyReport({
          store, config, week, outDir, nowMs: ctx.nowMs, logger: ctx.logger,
          alertsDir: opts.alertsDir, slosDir: opts.slosDir, pdf: opts.pdf ? 'auto' : 'never', publishers: opts.publish ? undefined : [], prometheusUrl: opts.prometheusUrl, fx,
        });
        ctx.progress.done();
        ctx.stdout.write(`report ${week.week}: ${result.dir}/report.html (${result.files.length} files)\n`);
        if (result.report.alerts.status === 'partial') ctx.stdout.write(`  alerts and SLO budgets partial: ${result.report.alerts.problems[0] ?? ''}\n`);
        for (const p of result.publishResults) ctx.stdout.write(`  ${p.ok ? 'published' : 'FAILED'} ${p.publisher} after ${p.attempts} attempt(s)${p.ok ? '' : `: ${p.errors.at(-1) ?? ''}`}\n`);
        if (result.status === 'partial') process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
