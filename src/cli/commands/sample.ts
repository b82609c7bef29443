/** `headroom sample`: writes the embedded sample cluster as OpenMetrics (for promtool backfill) and its ground truth. */
import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { CliContext } from '../context.js';
import { isBrokenPipe } from '../broken-pipe.js';
import { HeadroomError } from '../../domain/errors.js';
import { parseDurationSeconds } from '../../domain/units.js';
import { streamFileAtomic, streamInto, unwritableOutput, writeFileAtomic } from '../../util/atomic-write.js';
import { MAX_SAMPLE_CLUSTERS, sampleDefaults } from '../../sample/defaults.js';
import { defaultScrapeIntervalPreset, parseScrapeIntervals, resolveScrapeStrides, scrapeIntervalPresets, type ScrapeIntervalPreset, type ScrapeIntervals } from '../../sample/scrape-intervals.js';
import { addAtOption, addWindowOption, readAtMs, readWindowSeconds, type WindowAlias } from '../options.js';

const windowAliases: WindowAlias[] = ['--days'];

interface SampleFlags {
  openmetrics?: string;
  truth?: string;
  step: string;
  seed: string;
  containers?: string;
  families?: string;
  namespaces?: string;
  scrapeIntervals: string;
  [flag: string]: unknown;
  clusters?: string;
  clusterLabel: string;
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new HeadroomError('USAGE', `${flag} ${text}: expected a whole number from ${min} to ${max}`, { hint: `e.g. ${flag} ${min}` });
  return n;
}

/**
 * Streams OpenMetrics to `path`: a regular file (or a new one) through a temp file beside it,
 * renamed into place (never half a file); a pipe, terminal or device, and anything under /dev or
 * /proc (`/dev/stdout` redirected to a file is a regular file reached through /proc), as it is:
 * renaming over it would replace the device node itself. A reader that closes the pipe ends the command
 * quietly (the broken-pipe error goes up as it is); any other failure is one line, exit 2.
 * Returns whether `path` was a stream rather than a file.
 */
async function writeOpenMetricsFile(path: string, write: (out: Writable) => Promise<unknown>): Promise<{ stream: boolean }> {
  const target = await stat(path).catch(() => null);
  const stream = (target !== null && !target.isFile()) || /^\/(dev|proc)\//.test(resolve(path));
  try {
    await (stream ? streamInto : streamFileAtomic)(path, write);
    return { stream };
  } catch (err) {
    if (err instanceof HeadroomError || isBrokenPipe(err)) throw err;
    throw unwritableOutput(path, err, 'choose a writable path with free space for --openmetrics');
  }
}

export function registerSample(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('sample')
    .description('Write the embedded sample cluster as OpenMetrics (cAdvisor, kube-state-metrics, node-exporter) and its ground truth')
    .option('--openmetrics <file>', 'write OpenMetrics for `promtool tsdb create-blocks-from openmetrics`')
    .option('--truth <file.csv>', 'write the ground truth (per workload container: CPU percentiles, memory peak, throttling, OOM kills)')
    .option('--step <duration>', 'sample interval (divides an hour)', '60s')
    .option('--seed <n>', 'random seed (same seed, same sample)', String(sampleDefaults.seed))
    .option('--containers <n>', 'scale to about this many workload containers (benchmarks)')
    .option('--families <names>', 'comma-separated metric names to write (default: all)')
    .option('--namespaces <names>', 'comma-separated namespaces whose pods to write (node series are always written; default: all)')
    .option('--scrape-intervals <spec>', `each job's scrape interval: a preset (${Object.keys(scrapeIntervalPresets).join(', ')}) or job=duration,… for kubelet, kube-state-metrics, node-exporter (multiples of --step)`, defaultScrapeIntervalPreset)
    .option('--clusters <n>', `several clusters in one file (1..${MAX_SAMPLE_CLUSTERS}), each with its own seed, nodes, pods and a cluster label sample-a, sample-b, …`)
    .option('--cluster-label <name>', 'label that tells the clusters apart (prometheus.clusterLabel)', 'cluster');
  addWindowOption(cmd, { description: 'whole days of history, 1d..90d, ending at --at', defaultText: `${sampleDefaults.days}d`, aliases: windowAliases });
  addAtOption(cmd, `end of the generated history (rounded down to --step): RFC 3339 or Unix seconds (default: ${new Date(sampleDefaults.endMs).toISOString()}, the sample's fixed end)`);
  cmd
    .addHelpText('after', [
      '',
      'Examples:',
      '  $ headroom sample --openmetrics sample.om --truth truth.csv',
      '  $ headroom sample --openmetrics week.om --window 7d --step 60s --seed 7',
      '  $ headroom sample --openmetrics recent.om --window 2d --at 2026-12-04T00:00:00Z   # history ending on another day',
      '  $ headroom sample --openmetrics data.om --window 3d --step 5m --namespaces data',
      '  $ headroom sample --openmetrics bench.om --window 7d --step 5m --containers 3000',
      '  $ headroom sample --openmetrics slow-ksm.om --window 3d --scrape-intervals kube-state-metrics=4m,node-exporter=2m',
      '  $ headroom sample --openmetrics fleet.om --window 3d --clusters 3          # one backend, three clusters',
      '  $ promtool tsdb create-blocks-from openmetrics --max-block-duration=2400h sample.om data/',
      '',
      'Size: every family of the whole sample (30 days at 60 s, default intervals) is ~88 M samples, ~19 GiB; a day is ~0.63 GiB (~0.83 GiB with --scrape-intervals uniform).',
      'Trim with --window, --step, --families and --namespaces (node series are always included).',
    ].join('\n'))
    .action(async (flags: SampleFlags) => {
      if (!flags.openmetrics && !flags.truth) throw new HeadroomError('USAGE', 'nothing to write', { hint: 'pass --openmetrics FILE and/or --truth FILE.csv' });
      const days = readWindowSeconds(flags, { default: `${sampleDefaults.days}d`, aliases: windowAliases, wholeDays: true, maxSeconds: 90 * 86_400 }) / 86_400;
      const endMs = readAtMs(flags, sampleDefaults.endMs);
      const seed = wholeNumber('--seed', flags.seed, 0, 2 ** 32 - 1);
      let stepSeconds: number;
      try {
        stepSeconds = parseDurationSeconds(flags.step);
      } catch {
        throw new HeadroomError('USAGE', `--step ${flags.step}: not a duration`, { hint: 'use e.g. --step 60s or --step 5m' });
      }
      if (!Number.isInteger(stepSeconds) || stepSeconds < 1 || 3600 % stepSeconds !== 0) throw new HeadroomError('USAGE', `--step ${flags.step}: expected whole seconds dividing an hour`, { hint: 'use e.g. 15s, 30s, 60s or 5m' });
      const containers = flags.containers === undefined ? undefined : wholeNumber('--containers', flags.containers, 1, 100_000);
      const families = flags.families?.split(',').map((f) => f.trim()).filter(Boolean);
      const namespaces = flags.namespaces?.split(',').map((f) => f.trim()).filter(Boolean);
      // A preset name stays a name: its intervals are rounded up to the step; explicit ones must be multiples.
      const scrapeIntervals: ScrapeIntervals | ScrapeIntervalPreset = flags.scrapeIntervals in scrapeIntervalPresets ? flags.scrapeIntervals as ScrapeIntervalPreset : parseScrapeIntervals(flags.scrapeIntervals);
      resolveScrapeStrides(scrapeIntervals, stepSeconds); // rejects intervals off the step before anything is written

      const { formatTruthCsv, generateSampleCluster, generateSampleClusters, writeClustersOpenMetrics, writeOpenMetrics } = await import('../../sample/index.js');
      const clusterCount = flags.clusters === undefined ? null : wholeNumber('--clusters', flags.clusters, 1, MAX_SAMPLE_CLUSTERS);
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(flags.clusterLabel)) throw new HeadroomError('USAGE', `--cluster-label ${flags.clusterLabel}: not a Prometheus label name`, { hint: 'use e.g. --cluster-label cluster' });

      const t0 = performance.now();
      const sampleOptions = { days, seed, stepSeconds, endMs, ...(containers === undefined ? {} : { containers }) };
      const samples = clusterCount === null ? [generateSampleCluster(sampleOptions)] : generateSampleClusters(clusterCount, sampleOptions);
      const sample = samples[0]!;
      const truth = samples.flatMap((s) => s.truth);
      ctx.logger.debug({ clusters: samples.length, workloads: sample.inventory.length, pods: sample.pods.length, nodes: sample.nodes.length, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) }, 'sample generated');
      if (flags.truth) {
        await writeFileAtomic(flags.truth, formatTruthCsv(truth));
        ctx.stdout.write(`wrote ground truth for ${truth.length} workload containers${samples.length > 1 ? ` in ${samples.length} clusters` : ''} to ${flags.truth}\n`);
      }
      if (flags.openmetrics) {
        const t1 = performance.now();
        let stats = { families: 0, series: 0, samples: 0, bytes: 0 };
        const { stream } = await writeOpenMetricsFile(flags.openmetrics, async (out) => {
          ctx.progress.start('openmetrics', 1);
          try {
            const omOptions = {
              ...(families ? { families } : {}),
              ...(namespaces ? { namespaces } : {}),
              scrapeIntervals,
              onProgress: (done: number, total: number) => {
                if (done === 1) ctx.progress.start('openmetrics', total);
                ctx.progress.step(1);
              },
            };
            stats = clusterCount === null ? await writeOpenMetrics(sample, out, omOptions) : await writeClustersOpenMetrics(samples, out, { ...omOptions, clusterLabel: flags.clusterLabel });
          } finally {
            ctx.progress.done();
          }
        });
        const seconds = (performance.now() - t1) / 1000;
        const summary = `wrote ${stats.samples} samples of ${stats.series} series (${stats.families} metrics, ${(stats.bytes / 2 ** 20).toFixed(1)} MiB) to ${flags.openmetrics} in ${seconds.toFixed(1)} s\n`;
        // Into a pipe or device (`--openmetrics /dev/stdout | promtool …`) the summary must not follow `# EOF` in the data.
        (stream ? process.stderr : ctx.stdout).write(summary);
      }
    });
}
