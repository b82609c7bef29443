/**
 * `headroom demo`: every stage on the embedded sample, offline.
 *
 *   generate sample ─► open store ─► stage 1 … stage n ─► summary of outputs
 *
 * One failing stage is reported and the others still run; the exit code says whether all passed.
 */
import { resolve, relative } from 'node:path';
import { access, constants, rm } from 'node:fs/promises';
import { HeadroomError } from '../domain/errors.js';
import { makeDirs } from '../util/atomic-write.js';
import type { HeadroomConfig } from '../config/index.js';
import type { Logger } from '../util/logger.js';
import type { Progress } from '../util/progress.js';
import { Store } from '../store/index.js';
import { generateSampleCluster, type SampleOptions } from '../sample/index.js';
import type { DemoContext, DemoOutput } from './demo-stage.js';
import { demoStages } from './demo-stages.js';

export interface DemoOptions {
  outDir: string;
  /** Store file; default `<outDir>/headroom.duckdb` so the demo never touches a real store. */
  storePath?: string;
  sample?: SampleOptions;
  config: HeadroomConfig;
  logger: Logger;
  progress: Progress;
}

export interface DemoStageResult {
  stage: string;
  ok: boolean;
  summary: string;
  outputs: DemoOutput[];
  seconds: number;
}

export async function runDemo(options: DemoOptions): Promise<DemoStageResult[]> {
  const outDir = resolve(options.outDir);
  try {
    // makeDirs, not mkdir({ recursive }): Node's never settles below /proc, and the demo spun forever.
    await makeDirs(outDir);
    await access(outDir, constants.W_OK);
  } catch (err) {
    throw new HeadroomError('OUTPUT_UNWRITABLE', `output directory ${options.outDir} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'pass --out-dir with a writable directory',
      cause: err,
    });
  }
  const { progress, logger } = options;
  progress.start('demo', demoStages.length + 1);
  progress.step(0, 'generating sample');
  const sample = generateSampleCluster(options.sample);
  progress.step(1, 'sample ready');
  const storePath = options.storePath ?? resolve(outDir, 'headroom.duckdb');
  // The demo's own store starts empty on every run: stages read what earlier stages stored, so a
  // store left by a previous run (its imported bill, allocation and capacity runs) changed the
  // figures of a second run into the same directory. A store passed in is used as it is.
  if (options.storePath === undefined) for (const f of [storePath, `${storePath}.wal`]) await rm(f, { force: true });
  const store = await Store.open(storePath);
  const ctx: DemoContext = { store, outDir, nowMs: sample.endMs, sample, config: options.config, logger, results: new Map() };
  const results: DemoStageResult[] = [];
  try {
    for (const stage of demoStages) {
      progress.step(0, stage.name);
      const t0 = performance.now();
      try {
        const { outputs, summary } = await stage.run(ctx);
        results.push({ stage: stage.name, ok: true, summary, outputs, seconds: (performance.now() - t0) / 1000 });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // The summary prints the failure once; the log keeps the detail for --log-level debug.
        logger.debug({ stage: stage.name, err }, `demo stage ${stage.name} failed: ${message}`);
        results.push({ stage: stage.name, ok: false, summary: message, outputs: [], seconds: (performance.now() - t0) / 1000 });
      }
      progress.step(1);
    }
  } finally {
    progress.done();
    await store.close();
  }
  return results;
}

/** The terminal summary: one line per stage, then each output's path relative to the cwd. */
export function formatDemoSummary(results: DemoStageResult[], cwd = process.cwd()): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.ok ? '✓' : '✗'} ${r.stage.padEnd(14)} ${r.summary} (${r.seconds.toFixed(1)} s)`);
    for (const o of r.outputs) lines.push(`    ${o.label.padEnd(28)} ${relative(cwd, o.path) || '.'}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  lines.push(failed ? `${failed} of ${results.length} stages failed` : `all ${results.length} stages succeeded`);
  return lines.join('\n') + '\n';
}
