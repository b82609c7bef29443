/**
 * `headroom backtest`: scores forecast methods on a CSV, either against a held-out test CSV
 * (as the forecast-dev README scores R) or by rolling origins on the input's own history, and
 * formats the per-method table (MASE, sMAPE, coverage, MSIS, peak error, time).
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../util/logger.js';
import type { Progress } from '../util/progress.js';
import { InputError } from '../domain/errors.js';
import { averageScores, scoreHeldOut, scoreRollingOrigin, type ForecastScore } from '../models/forecast/index.js';
import type { NamedSeries } from './forecast-csv.js';
import { forecastMessages as msg } from './forecast-messages.js';

export interface BacktestRow {
  method: string;
  score: ForecastScore;
  /** Series that contributed a score. */
  seriesScored: number;
  seconds: number;
}

export interface BacktestOptions {
  input: readonly NamedSeries[];
  /** Held-out series (by name); rolling origin on the input when absent. */
  test?: readonly NamedSeries[];
  testPath?: string;
  /** Steps per forecast; with a test set and no horizon, each series' test span. */
  horizon?: number;
  methods: readonly string[];
  levels: readonly number[];
  origins?: number;
  logger: Logger;
  progress: Progress;
}

/** Steps from the end of `train` to the last point of `test` (the natural held-out horizon). */
function spanOfTest(train: NamedSeries, test: NamedSeries): number {
  const lastTrainMs = train.series.startMs + (train.series.values.length - 1) * train.series.stepSeconds * 1000;
  const lastTestMs = test.series.startMs + (test.series.values.length - 1) * test.series.stepSeconds * 1000;
  return Math.max(1, Math.round((lastTestMs - lastTrainMs) / (train.series.stepSeconds * 1000)));
}

export function runBacktest(options: BacktestOptions): BacktestRow[] {
  const { input, test, methods, levels, logger, progress } = options;
  const testByName = new Map((test ?? []).map((s) => [s.name, s]));
  if (test && !input.some((s) => testByName.has(s.name))) throw new InputError(msg.noTestMatch(options.testPath ?? 'test CSV'), { hint: msg.noTestMatchHint });
  const rows: BacktestRow[] = [];
  progress.start('backtest', methods.length * input.length);
  for (const method of methods) {
    const scores: ForecastScore[] = [];
    const started = performance.now();
    for (const s of input) {
      try {
        if (test) {
          const t = testByName.get(s.name);
          if (t) scores.push(scoreHeldOut(s.series, t.series, options.horizon ?? spanOfTest(s, t), method, levels));
        } else {
          const score = scoreRollingOrigin(s.series, options.horizon ?? 24, method, levels, { origins: options.origins ?? 3 });
          if (score) scores.push(score);
          else logger.warn(msg.tooShort(s.name, options.horizon ?? 24));
        }
      } catch (err) {
        logger.warn(msg.seriesFailed(s.name, err instanceof Error ? err.message : String(err)));
      }
      progress.step(1, `${method} ${s.name}`);
    }
    rows.push({ method, score: averageScores(scores), seriesScored: scores.length, seconds: (performance.now() - started) / 1000 });
  }
  progress.done();
  return rows;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** A plain-text table, one row per method (levels in the order asked for). */
export function formatBacktestTable(rows: readonly BacktestRow[], levels: readonly number[]): string {
  const header = ['method', 'MASE', 'sMAPE', ...levels.map((l) => `cov${l}`), ...levels.map((l) => `MSIS${l}`), 'peak err', 'series', 'seconds'];
  const body = rows.map((r) => [
    r.method,
    fixed(r.score.mase, 3),
    fixed(r.score.smape, 1),
    ...levels.map((l) => fixed(r.score.coverage[l], 3)),
    ...levels.map((l) => fixed(r.score.msis[l], 2)),
    fixed(r.score.peakError, 3),
    String(r.seriesScored),
    r.seconds.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return `${[line(header), ...body.map(line)].join('\n')}\n`;
}

/** The rows as JSON-ready objects. */
export function toBacktestJson(rows: readonly BacktestRow[]): object[] {
  return rows.map((r) => ({ method: r.method, mase: r.score.mase, smape: r.score.smape, coverage: r.score.coverage, msis: r.score.msis, peakError: r.score.peakError, seriesScored: r.seriesScored, seconds: r.seconds }));
}
