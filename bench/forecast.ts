/**
 * `npm run bench:forecast` — the forecast engine's accuracy and speed.
 *
 * 1. Accuracy on ../shared/data/forecast-dev (24 real NAB series): train.csv → forecast the
 *    horizon of meta.csv → score against test.csv exactly as its README does, per method, printed
 *    next to the README's R reference rows (copied verbatim, with their source). Seasonal naive
 *    runs in the same process as the in-run baseline.
 *    Each set's auto intervals are also scored by part of the horizon (printCoverageByHorizon).
 * 2. Throughput: series per second on one core, with 80/95 % intervals, for seeded synthetic
 *    hourly series of 1,500 points and a 168-hour horizon. CPU time of this process is the
 *    primary figure (the machine is shared; wall time is printed too), with seasonal naive
 *    measured in the same run as the baseline.
 *
 * Options: --data DIR (default ../shared/data/forecast-dev), --series N (throughput, default 300).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readForecastInput } from '../src/app/forecast-csv.js';
import { averageScores, computeOwa, forecast, scoreHeldOut, type ForecastScore, type HeldOutOptions } from '../src/models/forecast/index.js';
import type { RegularSeries } from '../src/domain/index.js';
import { describeMachine, peakRssBytes } from './machine.js';
import { RandomStream } from '../src/sample/prng.js';

const args = process.argv.slice(2);
const argValue = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
/** ../shared/data/NAME from the main checkout, ../../shared/data/NAME from a worktree under wt/. */
const sharedData = (name: string): string => [`../shared/data/${name}`, `../../shared/data/${name}`].find((p) => existsSync(resolve(p))) ?? `../shared/data/${name}`;
const dataDir = resolve(argValue('--data', sharedData('forecast-dev')));
const weeklyDir = resolve(argValue('--weekly-data', sharedData('forecast-weekly-dev')));
/** `--only weekly|hourly|throughput` runs one part (for iterating); default all. */
const only = argValue('--only', 'all');
const throughputSeries = Number(argValue('--series', '300'));
const methods = ['seasonal-naive', 'ets', 'theta', 'mstl', 'auto'];
const levels = [80, 95];

/** The R reference rows of forecast-dev/README.md ("Reference: R forecast 8.20, Prophet and predict_linear on this machine"). */
const referenceRows = [
  { method: 'R seasonal naive', mase: 1.317, smape: 42.2, cov80: 0.86, cov95: 0.912, msis: 19.97, seconds: 0.13 },
  { method: 'R ets (auto)', mase: 1.125, smape: 49.1, cov80: 0.889, cov95: 0.934, msis: 18.29, seconds: 50.2 },
  { method: 'R theta', mase: 1.233, smape: 51.9, cov80: 0.889, cov95: 0.932, msis: 17.11, seconds: 0.15 },
  { method: 'R stlf', mase: 1.116, smape: 56.5, cov80: 0.856, cov95: 0.907, msis: 16.51, seconds: 0.9 },
  { method: 'R auto.arima', mase: 1.155, smape: 47.8, cov80: 0.884, cov95: 0.935, msis: 16.23, seconds: 215 },
  { method: 'R Prophet 1.0', mase: 3.112, smape: 66.7, cov80: 0.55, cov95: 0.701, msis: 70.39, seconds: 22.0 },
  { method: 'Prometheus predict_linear 7d', mase: 1.851, smape: 58.9, cov80: NaN, cov95: NaN, msis: NaN, seconds: NaN },
];

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

function cell(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** Interval scores per method and data set, for the side-by-side table at the end. */
const intervalScores = new Map<string, ForecastScore>();

async function benchAccuracy(): Promise<void> {
  const train = await readForecastInput(resolve(dataDir, 'train.csv'));
  const test = new Map((await readForecastInput(resolve(dataDir, 'test.csv'))).map((s) => [s.name, s.series]));
  const horizons = new Map(
    readFileSync(resolve(dataDir, 'meta.csv'), 'utf8').trim().split('\n').slice(1)
      .map((line) => line.split(','))
      .map(([name, , horizon]) => [name, Number(horizon)] as const),
  );
  console.log(`\n## Accuracy on ${dataDir} (${train.length} series; horizon per meta.csv; scored as its README)\n`);
  const header = ['method', 'MASE', 'sMAPE', 'cov80', 'cov95', 'MSIS80', 'MSIS95', 'peak err', 'seconds (cpu)'];
  const rows: string[][] = [];
  for (const method of methods) {
    const scores: ForecastScore[] = [];
    const started = process.cpuUsage();
    for (const s of train) {
      const t = test.get(s.name);
      const horizon = horizons.get(s.name);
      if (!t || !horizon) throw new Error(`${s.name}: missing from test.csv or meta.csv`);
      scores.push(scoreHeldOut(s.series, t, horizon, method, levels));
    }
    const seconds = cpuSeconds(started);
    const a = averageScores(scores);
    intervalScores.set(`hourly ${method}`, a);
    rows.push([`headroom ${method}`, cell(a.mase, 3), cell(a.smape, 1), cell(a.coverage[80], 3), cell(a.coverage[95], 3), cell(a.msis[80], 2), cell(a.msis[95], 2), cell(a.peakError, 3), seconds.toFixed(2)]);
  }
  for (const r of referenceRows) rows.push([`${r.method} (README)`, cell(r.mase, 3), cell(r.smape, 1), cell(r.cov80, 3), cell(r.cov95, 3), '–', cell(r.msis, 2), '–', cell(r.seconds, 2)]);
  printTable(header, rows);
  console.log('\nR rows: copied from forecast-dev/README.md, "Reference: R forecast 8.20, Prophet and predict_linear on this machine" (wall seconds, one core).');
  console.log('Headroom rows: averages over series of the README\'s per-series scores; seconds = CPU time of this process for all 24 series, intervals included.');
  printCoverageByHorizon('hourly auto', train.map((s) => ({ train: s.series, test: test.get(s.name)!, horizon: horizons.get(s.name)! })), 'auto');
}

/** forecast-weekly-dev/README.md: R's forecast package on the same 180 series (OWA only). */
const weeklyReferenceRows = [
  { method: 'R ets', owa: 0.885 },
  { method: 'R auto.arima', owa: 0.944 },
  { method: 'R theta', owa: 0.964 },
];

/**
 * M4 weekly: 13 weeks ahead, scored with M4's measures (seasonality m = 1 for weekly data, so the
 * MASE/MSIS scale is the mean absolute one-step change and Naive2 is the naive forecast), OWA
 * relative to the in-run Naive2. 'seasonal-naive' is Naive2 here: no seasonal period is used for
 * weekly steps unless the history has two years and the 90 % seasonality test passes, and the
 * benchmark's naive forecast must not use one, so it runs with no periods.
 */
async function benchWeekly(): Promise<void> {
  const train = await readForecastInput(resolve(weeklyDir, 'train.csv'));
  const test = new Map((await readForecastInput(resolve(weeklyDir, 'test.csv'))).map((s) => [s.name, s.series]));
  const horizon = 13;
  console.log(`\n## M4 weekly: ${weeklyDir} (${train.length} series, horizon ${horizon} weeks, M4's measures with m = 1)\n`);
  const runs: { label: string; method: string; seasonalPeriods?: number[] }[] = [
    { label: 'naive2 (m = 1)', method: 'naive2', seasonalPeriods: [] },
    { label: 'm4-theta (m = 1)', method: 'm4-theta', seasonalPeriods: [] },
    { label: 'm4-ets (m = 1)', method: 'm4-ets', seasonalPeriods: [] },
    { label: 'comb (damped + theta, yearly adjustment)', method: 'comb' },
    { label: 'auto', method: 'auto' },
  ];
  const results = runs.map((run) => {
    const scores: ForecastScore[] = [];
    const started = process.cpuUsage();
    for (const s of train) {
      const t = test.get(s.name);
      if (!t) throw new Error(`${s.name}: missing from test.csv`);
      scores.push(scoreHeldOut(s.series, t, horizon, run.method, [80, 95], { scalePeriod: 1, seasonalPeriods: run.seasonalPeriods }));
    }
    const score = averageScores(scores);
    intervalScores.set(`weekly ${run.method}`, score);
    return { label: run.label, score, seconds: cpuSeconds(started) };
  });
  const naive2 = results[0].score;
  const header = ['method', 'sMAPE', 'MASE', 'OWA', 'MSIS80', 'MSIS95', 'cov80', 'cov95', 'seconds (cpu)'];
  const rows = results.map((r) => [`headroom ${r.label}`, cell(r.score.smape, 3), cell(r.score.mase, 3), cell(computeOwa(r.score, naive2), 3), cell(r.score.msis[80], 2), cell(r.score.msis[95], 2), cell(r.score.coverage[80], 3), cell(r.score.coverage[95], 3), r.seconds.toFixed(2)]);
  for (const r of weeklyReferenceRows) rows.push([`${r.method} (README)`, '–', '–', cell(r.owa, 3), '–', '–', '–', '–', '–']);
  printTable(header, rows);
  console.log('\nOWA = (sMAPE / sMAPE of Naive2 + MASE / MASE of Naive2) / 2, on the averages over series (as M4); Naive2 of the README: sMAPE 7.686, MASE 3.141.');
  printCoverageByHorizon('weekly auto', train.map((s) => ({ train: s.series, test: test.get(s.name)!, horizon })), 'auto', { scalePeriod: 1 });
}

/**
 * Coverage and MSIS of one method by part of the horizon (first and second half of each
 * series' horizon, and weeks 1–4 / 5–8 / 9–13 of a 13-step one): an interval that is right on
 * average can be too narrow early and too wide late.
 */
function printCoverageByHorizon(label: string, cases: { train: RegularSeries; test: RegularSeries; horizon: number }[], method: string, options: HeldOutOptions = {}): void {
  const buckets: { name: string; range: (horizon: number) => { from: number; to: number } }[] = [
    { name: 'first half', range: (h) => ({ from: 0, to: Math.ceil(h / 2) }) },
    { name: 'second half', range: (h) => ({ from: Math.ceil(h / 2), to: h }) },
  ];
  if (cases.every((c) => c.horizon === 13)) {
    buckets.push({ name: 'steps 1–4', range: () => ({ from: 0, to: 4 }) }, { name: 'steps 5–8', range: () => ({ from: 4, to: 8 }) }, { name: 'steps 9–13', range: () => ({ from: 8, to: 13 }) });
  }
  const rows = buckets.map((b) => {
    const score = averageScores(cases.map((c) => scoreHeldOut(c.train, c.test, c.horizon, method, levels, { ...options, steps: b.range(c.horizon) })));
    return [b.name, cell(score.coverage[80], 3), cell(score.coverage[95], 3), cell(score.msis[80], 2), cell(score.msis[95], 2)];
  });
  console.log(`\n### ${label}: intervals by part of the horizon\n`);
  printTable(['steps', 'cov80', 'cov95', 'MSIS80', 'MSIS95'], rows);
}

/**
 * Intervals side by side: 80 % and 95 % coverage and MSIS of Headroom and the baselines it
 * implements, on weekly-dev (13 weeks, M4's scale m = 1) and hourly-dev (the README's horizons,
 * scale m = 24). MSIS is relative to each set's own scale, so compare within a column.
 */
function printIntervalsSideBySide(): void {
  const pairs: { label: string; weekly: string; hourly: string }[] = [
    { label: 'headroom (auto: comb weekly, auto hourly)', weekly: 'auto', hourly: 'auto' },
    { label: 'naive (Naive2 weekly, seasonal naive hourly)', weekly: 'naive2', hourly: 'seasonal-naive' },
    { label: 'theta (M4 Theta weekly, theta hourly)', weekly: 'm4-theta', hourly: 'theta' },
    { label: 'ets (R ets() weekly, ets hourly)', weekly: 'm4-ets', hourly: 'ets' },
  ];
  const scores = (key: string) => {
    const s = intervalScores.get(key);
    return s ? [cell(s.coverage[80], 3), cell(s.coverage[95], 3), cell(s.msis[80], 2), cell(s.msis[95], 2)] : ['–', '–', '–', '–'];
  };
  console.log('\n## Intervals side by side (target: cov80 ≈ 0.80, cov95 in 0.93–0.97; lower MSIS is better)\n');
  printTable(
    ['method', 'weekly cov80', 'weekly cov95', 'weekly MSIS80', 'weekly MSIS95', 'hourly cov80', 'hourly cov95', 'hourly MSIS80', 'hourly MSIS95'],
    pairs.map((p) => [p.label, ...scores(`weekly ${p.weekly}`), ...scores(`hourly ${p.hourly}`)]),
  );
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

/** A seeded mulberry32 stream (the sample's), so every run sees the same numbers. */
function createRandom(seed: number): () => number {
  const stream = new RandomStream(seed);
  return () => stream.next();
}

/** Hourly usage-like series: level, growth, daily and weekly cycles, noise, a few spikes and gaps. */
function makeThroughputSeries(count: number, length: number): RegularSeries[] {
  const random = createRandom(42);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => {
    const values = new Float64Array(length);
    const level = 10 + 90 * random();
    const growth = (random() - 0.3) * level * 1e-4;
    const daily = level * 0.3 * random();
    const weekly = level * 0.1 * random();
    for (let t = 0; t < length; t++) {
      values[t] = level + growth * t + daily * Math.sin((2 * Math.PI * t) / 24) + weekly * Math.sin((2 * Math.PI * t) / 168) + level * 0.05 * gaussian();
      if (random() < 0.005) values[t] *= 3;
      if (random() < 0.01) values[t] = NaN;
    }
    return { startMs: Date.UTC(2026, 0, 5), stepSeconds: 3600, values };
  });
}

function benchThroughput(): void {
  const length = 1500;
  const horizon = 168;
  const series = makeThroughputSeries(throughputSeries, length);
  console.log(`\n## Throughput: ${series.length} hourly series × ${length} points, horizon ${horizon}, intervals ${levels.join('/')} %\n`);
  const results: { method: string; cpuRate: number; wallRate: number }[] = [];
  for (const method of ['seasonal-naive', 'auto', 'theta', 'mstl']) {
    for (const s of series.slice(0, 20)) forecast(s, { horizon, levels, method }); // warm-up (JIT)
    const cpu = process.cpuUsage();
    const wall = performance.now();
    for (const s of series) forecast(s, { horizon, levels, method });
    const cpuS = cpuSeconds(cpu);
    const wallS = (performance.now() - wall) / 1000;
    results.push({ method, cpuRate: series.length / cpuS, wallRate: series.length / wallS });
  }
  const baseline = results[0];
  for (const r of results) {
    console.log(`${r.method.padEnd(16)} ${r.cpuRate.toFixed(0).padStart(6)} series/s per core (CPU time)  ${r.wallRate.toFixed(0).padStart(6)} series/s wall  ${(r.cpuRate / baseline.cpuRate).toFixed(2)}× seasonal naive`);
  }
  const auto = results.find((r) => r.method === 'auto');
  if (auto) console.log(`\nauto: ${auto.cpuRate.toFixed(0)} series/s on one core (target ≥ 200); R's auto ETS needs ~2 s per series.`);
}

console.log(`bench:forecast on ${describeMachine()}`);
if (only === 'all' || only === 'weekly') await benchWeekly();
if (only === 'all' || only === 'hourly') await benchAccuracy();
if (only === 'all') printIntervalsSideBySide();
if (only === 'all' || only === 'throughput') benchThroughput();
console.log(`\npeak RSS ${(peakRssBytes() / 2 ** 20).toFixed(0)} MiB`);
