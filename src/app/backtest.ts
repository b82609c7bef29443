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
import { formatCsvRow } from '../util/csv.js';
import { formatTextTable } from '../util/text-table.js';

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

/**
 * The columns every format carries, in order: [table header, CSV column, value]. Headers say what
 * a number is: sMAPE in percent, coverage as the share of actuals inside the interval at that
 * level, MASE and MSIS as multiples of the seasonal-naive error, peak error as a share of the peak.
 */
function columns(levels: readonly number[]): [table: string, csv: string, value: (r: BacktestRow) => number | string, digits: number][] {
  return [
    ['method', 'method', (r) => r.method, 0],
    ['MASE', 'mase', (r) => r.score.mase, 3],
    ['sMAPE %', 'smape_percent', (r) => r.score.smape, 1],
    ...levels.map((l): [string, string, (r: BacktestRow) => number, number] => [`coverage ${l} %`, `coverage${l}`, (r) => r.score.coverage[l] ?? NaN, 3]),
    ...levels.map((l): [string, string, (r: BacktestRow) => number, number] => [`MSIS ${l} %`, `msis${l}`, (r) => r.score.msis[l] ?? NaN, 2]),
    ['peak error', 'peak_error_ratio', (r) => r.score.peakError, 3],
    ['series', 'series_scored', (r) => r.seriesScored, 0],
    ['seconds', 'seconds', (r) => r.seconds, 2],
  ];
}

/** A plain-text table, one row per method (levels in the order asked for), and what the scores mean. */
export function formatBacktestTable(rows: readonly BacktestRow[], levels: readonly number[]): string {
  const cols = columns(levels);
  const body = rows.map((r) => cols.map(([, , value, digits]) => {
    const v = value(r);
    return typeof v === 'string' ? v : fixed(v, digits);
  }));
  return `${formatTextTable(cols.map(([h]) => h), body)}
MASE, MSIS: mean error and interval score as multiples of the seasonal-naive error (period 24 steps) of the training data;
sMAPE % in percent; coverage L %: share of actuals inside the L % interval (L / 100 when calibrated);
peak error: |forecast peak − actual peak| / actual peak; series: series scored; seconds: time taken by the method.
`;
}

/** One row per method, the table's columns with full precision (empty where a score is undefined). */
export function formatBacktestCsv(rows: readonly BacktestRow[], levels: readonly number[]): string {
  const cols = columns(levels);
  const cell = (v: number | string) => (typeof v === 'string' ? v : Number.isFinite(v) ? Number(v.toPrecision(10)) : null);
  return `${[formatCsvRow(cols.map(([, c]) => c)), ...rows.map((r) => formatCsvRow(cols.map(([, , value]) => cell(value(r)))))].join('\n')}\n`;
}

/** The rows as JSON-ready objects: every CSV column, coverage and MSIS keyed by level. */
export function toBacktestJson(rows: readonly BacktestRow[]): object[] {
  return rows.map((r) => ({ method: r.method, mase: r.score.mase, smape: r.score.smape, coverage: r.score.coverage, msis: r.score.msis, peakError: r.score.peakError, seriesScored: r.seriesScored, seconds: r.seconds }));
}
