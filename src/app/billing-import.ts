/**
 * `headroom import`: billing exports (FOCUS, CUR 2.0) and Cost Explorer into the store.
 * Each file is one transaction: a bad file is reported and the others still import.
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
import { costExplorerRunKind, trackRun } from './runs.js';

export interface FileImportOutcome {
  kind: 'focus' | 'cur';
  file: string;
  result: BillingImportResult | null;
  error: string | null;
}

/** Expands globs with DuckDB's glob() (the same engine reads the files). */
async function expandFiles(store: Store, patterns: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of patterns) {
    if (!/[*?[]/.test(p)) {
      out.push(p);
      continue;
    }
    const rows = await store.all<{ file: string }>('SELECT file FROM glob($1) ORDER BY file', [isAbsolute(p) ? p : resolve(p)]);
    if (!rows.length) throw new InputError(`no files match ${p}`, { hint: 'check the pattern (globs like exports/*.parquet are allowed)' });
    out.push(...rows.map((r) => r.file));
  }
  return out;
}

export async function importBillingFiles(store: Store, files: { focus: string[]; cur: string[] }, options: { namespaceTag: string; logger: Logger; progress: Progress }): Promise<FileImportOutcome[]> {
  const jobs = [
    ...(await expandFiles(store, files.focus)).map((file) => ({ kind: 'focus' as const, file })),
    ...(await expandFiles(store, files.cur)).map((file) => ({ kind: 'cur' as const, file })),
  ];
  const outcomes: FileImportOutcome[] = [];
  options.progress.start('import', jobs.length);
  for (const job of jobs) {
    try {
      const result = await store.transaction((tx) => (job.kind === 'focus' ? importFocusFile(tx, job.file, { namespaceTag: options.namespaceTag }) : importCurFile(tx, job.file, { namespaceTag: options.namespaceTag })));
      for (const w of result.warnings) options.logger.warn(`${job.kind} ${job.file}: ${w}`);
      outcomes.push({ ...job, result, error: null });
    } catch (err) {
      if (!(err instanceof HeadroomError)) throw err;
      // The caller prints the outcome (with the fix) once; the log keeps the detail for --log-level debug.
      options.logger.debug({ err, file: job.file }, 'import failed');
      outcomes.push({ ...job, result: null, error: err.hint ? `${err.message} (${err.hint})` : err.message });
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
      const importId = `cost-explorer:${new Date(options.startMs).toISOString()}/${new Date(options.endMs).toISOString()}`;
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
          amortizedCostUsd: billing.amortizedCostUsd, reservations: billing.reservations, savingsPlans: billing.savingsPlans, providerRecommendations: billing.providerRecommendations, warnings: billing.warnings,
        },
      };
    });
    return value;
  } finally {
    collector.close();
  }
}
