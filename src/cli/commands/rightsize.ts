import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { addAtOption, addFormatOption, addOutputOption, addStoreOption, addWindowOption, readAtMs, readOutputFile, readStorePath, readWindowSeconds, requireExistingStore, storeCreators, type WindowAlias } from '../options.js';
import type { WorkloadUsageCollection } from '../../domain/usage.js';
import type { WorkloadInventoryItem } from '../../domain/workload.js';
import { rightsizeErrors } from '../../models/rightsizing/messages.js';
import { rightsizeFormats, type RightsizeFormat } from '../../reports/rightsize/formats.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

interface RightsizeOptions {
  prometheusUrl?: string;
  sample?: boolean;
  fromStore?: boolean;
  strategy?: string;
  set: string[];
  cpuLimitPolicy?: 'none' | 'ratio' | 'guaranteed';
  memoryLimitPolicy?: 'none' | 'ratio' | 'guaranteed';
  format: RightsizeFormat;
  patches?: string;
  applyTo?: string;
  pricing?: string;
  kubeconfig?: string;
  save?: boolean;
  limit?: string;
  [flag: string]: unknown;
  cluster?: string;
}

const windowAliases: WindowAlias[] = ['--history'];

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerRightsize(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('rightsize')
    .description('Recommend requests and limits for every workload container from its usage history, priced in dollars, as a table, JSON, CSV, Markdown or GitOps patches')
    .option('--prometheus-url <url>', 'Prometheus-API base URL (default: prometheus.url in the config)')
    .option('--cluster <name>', 'only this value of the cluster label on a multi-cluster backend (default: every cluster, each on its own)')
    .option('--sample', 'use the embedded sample cluster instead of Prometheus (offline)')
    .option('--from-store', 'use the latest usage collected into the store (headroom collect) instead of Prometheus')
    .option('--strategy <name>', 'percentile or decaying-histogram (default: rightsizing.strategy, else percentile)')
    .option('--set <key=value>', 'a strategy setting, repeatable (see the list below)', collect, [])
    .addOption(new Option('--cpu-limit-policy <policy>', 'CPU limits: none, ratio × request, or guaranteed (= request)').choices(['none', 'ratio', 'guaranteed']))
    .addOption(new Option('--memory-limit-policy <policy>', 'memory limits: none, ratio × request, or guaranteed (= request)').choices(['none', 'ratio', 'guaranteed']))
    .option('--patches <dir>', 'write one strategic-merge patch per workload (and a kustomization.yaml) into DIR')
    .option('--apply-to <dir>', 'edit resources in the Kubernetes manifests and Helm values files below DIR in place (comments kept)')
    .option('--pricing <file>', 'price list JSON instead of the bundled, dated estimate (billing data in the store wins when present)')
    .option('--kubeconfig <file>', 'read HPAs, VPAs and replicas from this cluster (default: when the config has a kubernetes section; without it, HPAs come from kube-state-metrics)')
    .option('--save', 'record the run and its recommendations in the store')
    .option('--limit <n>', 'table rows to show (default all)');
  addWindowOption(cmd, { description: 'history to analyse, ending at --at', defaultText: 'rightsizing.history, 14d', aliases: windowAliases });
  addAtOption(cmd, 'end of the analysed window: RFC 3339 or Unix seconds (default: now); with --from-store, the newest collection ending at or before it');
  addStoreOption(cmd);
  addFormatOption(cmd, { choices: rightsizeFormats, default: 'table' });
  addOutputOption(cmd);
  cmd
    .addHelpText('after', ctx.help.text(async () => `\n${(await import('../../models/rightsizing/index.js')).describeStrategies()}`))
    .addHelpText('after', `
Examples:
  $ headroom rightsize --prometheus-url http://127.0.0.1:9090 --window 14d --at 2026-11-16T00:00:00Z --format json --output recs.json
  $ headroom rightsize --sample --format table --limit 20
  $ headroom rightsize --from-store --format markdown --output rightsizing.md
  $ headroom rightsize --strategy decaying-histogram --set halfLifeHours=48 --patches patches/
  $ headroom rightsize --prometheus-url http://prometheus:9090 --apply-to deploy/   # edits manifests and Helm values in place`)
    .action(async (opts: RightsizeOptions) => {
      const config = await ctx.config();
      const historySeconds = readWindowSeconds(opts, { default: config.rightsizing.history, aliases: windowAliases });
      const endMs = readAtMs(opts, ctx.nowMs());
      const output = readOutputFile(opts);
      const storePath = readStorePath(opts, config);
      if (opts.fromStore) requireExistingStore(storePath, storeCreators.collect);
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw rightsizeErrors.badLimit(opts.limit);
      // Loaded when rightsize runs: the collectors, DuckDB and the Kubernetes client would slow every other command's start.
      const [{ collectWorkloadUsage, prometheusSourceFor, sourcesPerCluster }, { collectKubernetesInventory, loadKubeConfig }, { generateSampleCluster }, { loadPriceList }, { Store, earliestSnapshotEndMs }, { applyToDirectory, combineClusterResults, loadInstancePrices, loadStoredUsage, parseSettingPairs, resolveRightsizeSettings, runRightsizeModel, storeRightsizeRun, usagePartsForRightsizing, writePatches }, { rightsizeFormatters }] = await Promise.all([
        import('../../collectors/prometheus/index.js'), import('../../collectors/kubernetes/index.js'), import('../../sample/index.js'), import('../../pricing/index.js'), import('../../store/index.js'), import('../../app/rightsize.js'), import('../../reports/rightsize/index.js'),
      ]);
      const resolved = resolveRightsizeSettings(config.rightsizing, {
        strategy: opts.strategy, settings: parseSettingPairs(opts.set), cpuLimitPolicy: opts.cpuLimitPolicy, memoryLimitPolicy: opts.memoryLimitPolicy,
      });
      const priceList = await loadPriceList(opts.pricing ?? config.billing.pricingFile);

      let usage: WorkloadUsageCollection;
      /** Per cluster of a multi-cluster backend (values of the cluster label); null for one unlabelled cluster. */
      let clusterUsages: WorkloadUsageCollection[] | null = null;
      let inventory: WorkloadInventoryItem[] = [];
      const warnings: string[] = [];
      if (opts.fromStore) {
        const store = await Store.open(storePath);
        try {
          // --at picks the newest collection ending at or before it; its window was set by `collect --window`.
          const atMs = opts.at === undefined ? undefined : endMs;
          const stored = await loadStoredUsage(store, opts.cluster, atMs);
          if (!stored) {
            const earliestMs = atMs === undefined ? null : await earliestSnapshotEndMs(store, 'usage_snapshots', opts.cluster);
            if (earliestMs !== null) throw rightsizeErrors.atBeforeStoredUsage(String(opts.at), storePath, earliestMs);
            throw rightsizeErrors.noStoredUsage(storePath);
          }
          usage = stored.usage;
          inventory = stored.inventory;
        } finally {
          await store.close();
        }
      } else if (opts.sample) {
        const days = Math.max(1, Math.min(90, Math.ceil(historySeconds / 86_400)));
        const sample = generateSampleCluster({ days, ...(opts.at === undefined ? {} : { endMs }) });
        usage = sample.usage;
        inventory = sample.inventory;
      } else {
        const url = opts.prometheusUrl ?? config.prometheus?.url;
        if (!url) throw rightsizeErrors.noPrometheus();
        const source = (await prometheusSourceFor(config, { url, clusterName: config.cluster }))!;
        const window = { startMs: endMs - historySeconds * 1000, endMs };
        const sources = await sourcesPerCluster(source, { only: opts.cluster ?? null, atMs: endMs, lookbackSeconds: historySeconds });
        const collected: WorkloadUsageCollection[] = [];
        for (const one of sources) {
          const label = sources.length > 1 || one.cluster !== null ? `rightsize: collect ${one.clusterName}` : 'rightsize: collect';
          ctx.progress.start(label, 1);
          let lastDone = 0;
          try {
            collected.push(await collectWorkloadUsage(one, window, {
              logger: ctx.logger,
              parts: usagePartsForRightsizing(resolved),
              onProgress: (done, total, step) => {
                if (done === 1 || lastDone === 0) ctx.progress.start(label, total);
                ctx.progress.step(done - lastDone, step);
                lastDone = done;
              },
            }));
          } finally {
            ctx.progress.done();
          }
        }
        usage = collected[0]!;
        if (sources.some((one) => one.cluster !== null) && source.cluster === null) clusterUsages = collected;
        // A kubeconfig describes one cluster: its HPAs and VPAs apply only when one cluster is read.
        if ((opts.kubeconfig || config.kubernetes) && collected.length === 1) {
          try {
            const kc = loadKubeConfig({ kubeconfig: opts.kubeconfig ?? config.kubernetes?.kubeconfig });
            const inv = await collectKubernetesInventory(kc, { cluster: usage.cluster, excludeNamespaces: config.kubernetes?.excludeNamespaces });
            inventory = inv.workloads;
            warnings.push(...inv.warnings);
          } catch (err) {
            // HPAs and VPAs refine the result; without them rightsizing still proceeds.
            warnings.push(rightsizeErrors.kubernetesUnavailable(err instanceof Error ? err.message : String(err)));
          }
        }
      }

      const storeExists = storePath !== ':memory:' && existsSync(storePath);
      const store = opts.save || storeExists ? await Store.open(storePath) : null;
      try {
        const runOne = async (one: WorkloadUsageCollection, kubernetesWarnings: string[]) => {
          const { prices, warnings: priceWarnings } = await loadInstancePrices({ nodes: one.nodes, priceList, store, windowEndMs: one.windowEndMs });
          const single = runRightsizeModel({ usage: one, inventory, prices, resolved });
          single.warnings.push(...kubernetesWarnings, ...priceWarnings);
          return single;
        };
        const result = clusterUsages ? combineClusterResults(await Promise.all(clusterUsages.map((one) => runOne(one, [])))) : await runOne(usage, warnings);
        if (clusterUsages) result.warnings.push(...warnings);
        for (const w of result.warnings) ctx.logger.warn(w);

        // Files first: patches or manifests that cannot be written fail the command before anything is printed.
        if (opts.patches) {
          const files = await writePatches(opts.patches, result.recommendations);
          ctx.logger.info(`wrote ${files.length} patch file(s) to ${opts.patches}`);
        }
        if (opts.applyTo) {
          const applied = await applyToDirectory(opts.applyTo, result.recommendations);
          for (const n of applied.notes) ctx.logger.warn(n);
          ctx.logger.info(`--apply-to ${opts.applyTo}: ${applied.changes.length} value(s) changed in ${applied.filesChanged.length} of ${applied.filesScanned} file(s)`);
        }
        const text = rightsizeFormatters[opts.format](result, { color: opts.format === 'table' && !output && Boolean((ctx.stdout as NodeJS.WriteStream).isTTY) && !process.env.NO_COLOR, limit });
        if (output) {
          await writeFileAtomic(output, text);
          ctx.logger.info(`wrote ${result.recommendations.length} recommendation(s) to ${output}`);
        } else {
          ctx.stdout.write(text);
        }
        if (opts.save && store) {
          const runId = await storeRightsizeRun(store, result, { nowMs: ctx.nowMs });
          ctx.logger.info(`stored as run ${runId} in ${storePath}`);
        }
      } finally {
        await store?.close();
      }
    });
}
