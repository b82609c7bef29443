/**
 * Progress for long work: a live bar on a TTY (cli-progress), nothing extra otherwise
 * (logs already say what happened). `step()` counts, `done()` clears the line.
 */
import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';

// cli-progress (CommonJS) is loaded when a bar first starts: most runs never draw one.
const require = createRequire(import.meta.url);

export interface Progress {
  start(label: string, total: number): void;
  step(n?: number, label?: string): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || process.env.CI) return { start() {}, step() {}, done() {} };
  let bar: CliProgress.SingleBar | null = null;
  return {
    start(label, total) {
      bar?.stop();
      const cliProgress = require('cli-progress') as typeof CliProgress;
      bar = new cliProgress.SingleBar({ format: '{label} [{bar}] {value}/{total} {stage}', stream, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
      bar.start(total, 0, { label, stage: '' });
    },
    step(n = 1, label) { bar?.increment(n, label === undefined ? undefined : { stage: label }); },
    done() { bar?.stop(); bar = null; },
  };
}

export const noProgress: Progress = { start() {}, step() {}, done() {} };
