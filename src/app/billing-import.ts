/**
 * `headroom import`: billing exports (FOCUS, CUR 2.0 and legacy CUR) and Cost Explorer into the store.
 * Each argument is one export (a file, or a glob over the parts of one export) and one
 * transaction: a bad or refused export is reported, changes nothing, and the others still import.
 */
import { isAbsolute, resolve } from 'node:path';
import type { HeadroomConfig } from '../config/index.js';
import { HeadroomError, InputError } from '../domain/errors.js';
import type { CommitmentPayment, CommitmentTerm } from '../domain/commitment.js';
import { collectCostExplorerBilling, CostExplorerCollector, importCurFile, importFocusFile, type BillingImportResult, type CostExplorerBilling } from '../collectors/billing/index.js';
import type { Store } from '../store/index.js';
import { replaceCostLineItems, replaceInstanceUsageHours } from '../store/cost-repo.js';
import type { Logger } from '../util/logger.js';
import type { Progress } from '../util/progress.js';
import { costExplorerImportId, costExplorerRunKind, trackRun } from './runs.js';

export interface FileImportOutcome {
  kind: 'focus' | 'cur';
  file: string;
  result: BillingImportResult | null;
  error: string | null;
}

/** Expands a glob with DuckDB's glob() (the same engine reads the files): the parts of one export. */
async function expandExport(store: Store, pattern: string): Promise<string[]> {
  if (!/[*?[]/.test(pattern)) return [pattern];
  const rows = await store.all<{ file: string }>('SELECT file FROM glob($1) ORDER BY file', [isAbsolute(pattern) ? pattern : resolve(pattern)]);
  if (!rows.length) throw new InputError(`no files match ${pattern}`, { hint: 'check the pattern (globs like exports/*.parquet are allowed)' });
  return rows.map((r) => r.file);
}

export interface BillingFileImportOptions {
  namespaceTag: string;
  /** Replace stored billing slices even with a much smaller export. */
  replaceSmaller?: boolean;
  logger: Logger;
  progress: Progress;
}

export async function importBillingFiles(store: Store, files: { focus: string[]; cur: string[] }, options: BillingFileImportOptions): Promise<FileImportOutcome[]> {
  const jobs: { kind: 'focus' | 'cur'; file: string; parts: string[] }[] = [];
  for (const [kind, patterns] of [['focus', files.focus], ['cur', files.cur]] as const) {
    for (const p of patterns) jobs.push({ kind, file: p, parts: await expandExport(store, p) });
  }
  const outcomes: FileImportOutcome[] = [];
  options.progress.start('import', jobs.length);
  for (const job of jobs) {
    try {
      const importOptions = { namespaceTag: options.namespaceTag, replaceSmaller: options.replaceSmaller ?? false };
      const input = job.parts.length === 1 ? job.parts[0]! : job.parts;
      const result = await store.transaction((tx) => (job.kind === 'focus' ? importFocusFile(tx, input, importOptions) : importCurFile(tx, input, importOptions)));
      for (const w of result.warnings) options.logger.warn(`${job.kind} ${job.file}: ${w}`);
      outcomes.push({ kind: job.kind, file: job.file, result, error: null });
    } catch (err) {
      if (!(err instanceof HeadroomError)) throw err;
      // The caller prints the outcome (with the fix) once; the log keeps the detail for --log-level debug.
      options.logger.debug({ err, file: job.file }, 'import failed');
      outcomes.push({ kind: job.kind, file: job.file, result: null, error: err.hint ? `${err.message} (${err.hint})` : err.message });
    }
    options.progress.step(1, job.file);
  }
  options.progress.done();
  return outcomes;
}

export interface CostExplorerImportOptions {
  startMs: number;
  endMs: number;
  nowMs: () => number;
  term: CommitmentTerm;
  payment: CommitmentPayment;
  logger: Logger;
  /** Tests pass static credentials; otherwise the standard AWS chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Collects from Cost Explorer and replaces the window's rows in the store. */
export async function importFromCostExplorer(store: Store, config: HeadroomConfig, options: CostExplorerImportOptions): Promise<CostExplorerBilling> {
  const aws = config.aws ?? { region: 'us-east-1', namespaceTag: 'kubernetes.io/namespace', endpoint: undefined, cacheDir: '.headroom/cost-explorer-cache' };
  const collector = new CostExplorerCollector({
    region: aws.region, endpoint: aws.endpoint, credentials: options.credentials, nowMs: options.nowMs, logger: options.logger,
    cacheDir: aws.cacheDir ?? null,
  });
  try {
    const { value } = await trackRun({ store, kind: costExplorerRunKind, trigger: 'manual', nowMs: options.nowMs }, async () => {
      const billing = await collectCostExplorerBilling(collector, { startMs: options.startMs, endMs: options.endMs, namespaceTag: aws.namespaceTag, term: options.term, payment: options.payment });
      const importId = costExplorerImportId(options.startMs, options.endMs);
      await store.transaction(async (tx) => {
        await replaceCostLineItems(tx, importId, billing.costLineItems);
        await replaceInstanceUsageHours(tx, importId, billing.instanceUsageHours);
      });
      for (const w of billing.warnings) options.logger.warn(`cost explorer: ${w}`);
      return {
        status: billing.warnings.length ? 'partial' as const : 'succeeded' as const,
        value: billing,
        detail: {
          source: 'cost-explorer', windowStartMs: options.startMs, windowEndMs: options.endMs, requests: billing.stats.requests, cacheHits: billing.stats.cacheHits, throttled: billing.stats.throttled,
          totals: billing.totals, reservations: billing.reservations, savingsPlans: billing.savingsPlans, providerRecommendations: billing.providerRecommendations, warnings: billing.warnings,
        },
      };
    });
    return value;
  } finally {
    collector.close();
  }
}
