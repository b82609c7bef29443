/**
 * `node bin/run-ts.mjs bench/capacity.ts` (also run by `npm run bench`) — the capacity model's
 * speed and the honesty of its dates and intervals.
 *
 * 1. Speed: assessCapacity on the sample cluster (default catalogue, and scaled with
 *    `containers`), CPU time per run and per forecast, with seasonal naive as the in-run baseline.
 * 2. Exhaustion dates: seeded synthetic daily peaks whose level is a random walk with drift cross a
 *    threshold on a known day; per forecast method, how often the 80 % date interval (earliest from
 *    the 90 % upper bound, as the model does) holds the true day, how often the truth comes before it (the dangerous miss), and the mean absolute
 *    error of the expected date; then the daily 80 % value intervals behind the dates (share of
 *    days held over the 91, and mean width in days of drift); then false alarms on flat noisy
 *    series. A random walk with drift (R's rwf) runs as a reference baseline.
 * 3. Monthly cost intervals: coverage of the 80/95 % monthly intervals (sums of daily bounds)
 *    against the actual month, next to the coverage the same bounds would get if summed as if
 *    days were independent.
 *
 * Coverage of n series has a sampling error of about √(0.8·0.2/n) (0.045 at 80 series, 0.02 at
 * 400), printed beside it: judge a coverage band narrower than that on --series 400 or more.
 *
 * Options: --series N (synthetic series per figure, default 400, so that the 80 % coverage band
 * 0.78–0.84 is wider than the sampling error), --containers N (scaled sample, default 1000),
 * --seed N (added to each figure's seed, default 0; to check a figure is not one draw's luck),
 * --dates-only (only figures 2 and 2b), --methods a,b (the methods of figures 2 and 2b, default all five).
 */
import { performance } from 'node:perf_hooks';
import { generateSampleCluster } from '../src/sample/index.js';
import { assessCapacity, estimateExhaustion, exhaustionForecastRequest, forecastCosts, normalQuantile, type CapacityInput, type Forecaster } from '../src/models/capacity/index.js';
import type { Forecast, ForecastRequest, RegularSeries } from '../src/domain/index.js';
import { forecast } from '../src/models/forecast/index.js';
import { RandomStream } from '../src/sample/prng.js';
import { describeMachine, peakRssBytes } from './machine.js';

const args = process.argv.slice(2);
const argValue = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const seriesCount = Number(argValue('--series', '400'));
const scaledContainers = Number(argValue('--containers', '1000'));
/** Offset added to every figure's fixed seed (default 0: the figures as they have always been drawn). */
const seedOffset = Number(argValue('--seed', '0'));
const onlyDates = args.includes('--dates-only');
/** Forecast methods of figures 2 and 2b (default all five; e.g. `--methods auto` for the product's row alone). */
const dateMethods = argValue('--methods', 'seasonal-naive,theta,ets,auto,drift').split(',').filter((m) => m !== '');
const DAY_MS = 86_400_000;

/**
 * Reference baseline, not used by the product: random walk with drift (R's `rwf(drift = TRUE)`).
 * It extrapolates growth in full and widens with √h, which suits drifting series and over-warns
 * on flat noisy ones — the two figures below show both sides.
 */
function forecastDrift(series: RegularSeries, request: ForecastRequest): Forecast {
  const stepMs = series.stepSeconds * 1000;
  let first = -1, last = -1;
  for (let i = 0; i < series.values.length; i++) if (Number.isFinite(series.values[i])) { if (first < 0) first = i; last = i; }
  if (first < 0) throw new RangeError('the series has no finite values');
  const span = last - first;
  const slope = span > 0 ? (series.values[last] - series.values[first]) / span : 0;
  // Spread of the one-step changes around the drift; gaps count as one change over several steps.
  let sumSq = 0, changes = 0, prev = first;
  for (let i = first + 1; i <= last; i++) {
    if (!Number.isFinite(series.values[i])) continue;
    const steps = i - prev;
    const d = (series.values[i] - series.values[prev]) / steps - slope;
    sumSq += d * d * steps;
    changes += 1;
    prev = i;
  }
  const sigma = changes > 1 ? Math.sqrt(sumSq / (changes - 1)) : 0;
  const lastValue = series.values[last];
  const offset = series.values.length - 1 - last; // steps between the last finite value and the series end
  const mean = new Float64Array(request.horizon);
  for (let h = 0; h < request.horizon; h++) mean[h] = lastValue + (h + 1 + offset) * slope;
  const intervals = request.levels.map((level) => {
    const z = normalQuantile(0.5 + level / 200);
    const lower = new Float64Array(request.horizon);
    const upper = new Float64Array(request.horizon);
    for (let h = 0; h < request.horizon; h++) {
      const k = h + 1 + offset;
      const w = z * sigma * Math.sqrt(k * (1 + k / Math.max(1, span)));
      lower[h] = mean[h] - w;
      upper[h] = mean[h] + w;
    }
    return { level, lower, upper };
  });
  return { startMs: series.startMs + series.values.length * stepMs, stepSeconds: series.stepSeconds, mean, intervals, method: 'drift' };
}

const withMethod = (method: string): Forecaster => (method === 'drift' ? forecastDrift : (s, r) => forecast(s, { ...r, method }));

function cpuSeconds(fn: () => void): { cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  fn();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1e6, wall: (performance.now() - w0) / 1000 };
}

console.log(`bench:capacity on ${describeMachine()}`);

// ── 1. speed ────────────────────────────────────────────────────────────────────────────────
console.log('\n1. Capacity run (13-week horizon, 80/95 % intervals, costs to the 12th full month)');
console.log('sample                      scopes  pvcs  forecasts  method           cpu s   wall s  ms/forecast');
for (const containers of onlyDates ? [] : [undefined, scaledContainers]) {
  const sample = generateSampleCluster({ stepSeconds: 3600, ...(containers ? { containers } : {}) });
  const input: CapacityInput = {
    cluster: sample.cluster, nowMs: sample.endMs, clusterSeries: sample.usage.clusterSeries, nodes: sample.nodes, volumes: sample.usage.volumes,
    dailyCosts: sample.billing.costLineItems.map((c) => ({ dayStartMs: Math.floor(c.periodStartMs / DAY_MS) * DAY_MS, service: c.service, namespace: c.namespace, costUsd: c.effectiveCostUsd })),
  };
  for (const method of ['seasonal-naive', 'auto']) {
    let out: ReturnType<typeof assessCapacity> | undefined;
    const t = cpuSeconds(() => { out = assessCapacity(input, withMethod(method), { runId: 'bench', horizonWeeks: 13 }); });
    const r = out!;
    const label = containers ? `scaled, ${sample.truth.length} containers` : `catalogue, ${sample.truth.length} containers`;
    console.log(`${label.padEnd(28)}${String(r.report.scopes.length).padStart(6)}${String(r.report.pvcs.length).padStart(6)}${String(r.forecasts.length).padStart(11)}  ${method.padEnd(15)}${t.cpu.toFixed(2).padStart(7)}${t.wall.toFixed(2).padStart(9)}${((t.cpu * 1000) / r.forecasts.length).toFixed(1).padStart(13)}`);
  }
}

// ── 2. exhaustion dates ─────────────────────────────────────────────────────────────────────
/**
 * The sample's mulberry32 stream. (An LCG computed in doubles, used here until 2026-12-04, lost
 * its low bits in the product and fell into cycles of a few hundred to ~15,000 draws: a figure of
 * 400 series of ~400 draws each repeated a few dozen distinct series, so seeds disagreed by
 * 0.05–0.15 where the printed standard error said 0.02.)
 */
function makeRng(seed: number) {
  const stream = new RandomStream(seed);
  return { rnd: () => stream.next(), gauss: () => stream.gaussian() };
}

console.log(`\n2. Exhaustion dates on ${seriesCount} synthetic daily-peak series (42 days of history, random-walk level with drift 0.2–0.8/day, weekly cycle; threshold crossed 20–70 drift-days ahead)`);
console.log(`seed offset ${seedOffset}`);
console.log('method          coverage80  truth earlier  truth later  coverage95  mean found  MAE expected (days)  daily cov80  80 % width / drift  series  ±1 s.e. of cov80');
const nowMs = Date.UTC(2026, 10, 16);
const futureDays = 91;
for (const method of dateMethods) {
  const { rnd, gauss } = makeRng(5 + seedOffset);
  let n = 0, inside = 0, earlier = 0, later = 0, inside95 = 0, found = 0, absErr = 0, dailyInside = 0, widthOverDrift = 0;
  for (let k = 0; k < seriesCount; k++) {
    const hist = 42, fut = futureDays;
    let level = 50;
    const drift = 0.2 + 0.6 * rnd();
    const values: number[] = [];
    for (let d = 0; d < hist + fut; d++) { level += drift + gauss() * 0.6; values.push(level + 2 * Math.sin((2 * Math.PI * d) / 7) + gauss()); }
    const threshold = values[hist - 1] + drift * (20 + 50 * rnd());
    const truthIndex = values.findIndex((v, d) => d >= hist && v >= threshold);
    if (truthIndex < 0) continue;
    const truthDays = truthIndex - hist;
    const f = withMethod(method)({ startMs: nowMs - hist * DAY_MS, stepSeconds: 86_400, values: Float64Array.from(values.slice(0, hist)) }, { ...exhaustionForecastRequest(fut, 80), levels: [80, 90, 95, 97.5] });
    const query = { subject: 'bench', metric: 'requests', resource: 'cpu', thresholdKind: 'allocatable', threshold, currentValue: values[hist - 1], nowMs, levelPercent: 80, horizonWeeks: 13, targetUtilization: 0.75 } as const;
    const e = estimateExhaustion(query, f);
    const e95 = estimateExhaustion({ ...query, levelPercent: 95 }, f);
    if (truthDays >= (e95.daysUntilLower ?? Infinity) && truthDays <= (e95.daysUntilUpper ?? Infinity)) inside95++;
    n++;
    const lo = e.daysUntilLower ?? Infinity;
    const hi = e.daysUntilUpper ?? Infinity;
    if (truthDays < lo) earlier++;
    else if (truthDays > hi) later++;
    else inside++;
    if (e.daysUntil !== null) { found++; absErr += Math.abs(e.daysUntil - truthDays); }
    // The value intervals behind the dates: how often each day's 80 % interval holds that day, and how wide it is (in days of drift).
    const i80 = f.intervals.find((i) => i.level === 80)!;
    for (let h = 0; h < fut; h++) {
      const y = values[hist + h];
      if (y >= i80.lower[h] && y <= i80.upper[h]) dailyInside++;
      widthOverDrift += (i80.upper[h] - i80.lower[h]) / drift;
    }
  }
  console.log(`${method.padEnd(16)}${(inside / n).toFixed(2).padStart(10)}${(earlier / n).toFixed(2).padStart(15)}${(later / n).toFixed(2).padStart(13)}${(inside95 / n).toFixed(2).padStart(12)}${(found / n).toFixed(2).padStart(12)}${(found ? absErr / found : NaN).toFixed(1).padStart(21)}${(dailyInside / n / futureDays).toFixed(2).padStart(13)}${(widthOverDrift / n / futureDays).toFixed(1).padStart(20)}${String(n).padStart(8)}${Math.sqrt((0.8 * 0.2) / n).toFixed(3).padStart(18)}`);
}

console.log(`\n2b. False alarms on ${seriesCount} flat series (42 days, noise σ 1.5, weekly cycle ±2; threshold 15 above the level, never reached)`);
console.log('method          reported within 13 weeks');
for (const method of dateMethods) {
  const { gauss } = makeRng(9 + seedOffset);
  let alarms = 0;
  for (let k = 0; k < seriesCount; k++) {
    const values = Array.from({ length: 42 }, (_, d) => 50 + 2 * Math.sin((2 * Math.PI * d) / 7) + 1.5 * gauss());
    const f = withMethod(method)({ startMs: nowMs - 42 * DAY_MS, stepSeconds: 86_400, values: Float64Array.from(values) }, exhaustionForecastRequest(91, 80));
    const e = estimateExhaustion({ subject: 'bench', metric: 'requests', resource: 'cpu', thresholdKind: 'allocatable', threshold: 65, currentValue: values[41], nowMs, levelPercent: 80, horizonWeeks: 13, targetUtilization: 0.75 }, f);
    if (e.status === 'within-horizon') alarms++;
  }
  console.log(`${method.padEnd(16)}${(alarms / seriesCount).toFixed(2).padStart(24)}`);
}

// ── 3. monthly cost intervals ───────────────────────────────────────────────────────────────
if (!onlyDates) console.log(`\n3. Monthly cost intervals on ${seriesCount} synthetic bills (61 days of history; December forecast as sums of daily bounds)`);
if (!onlyDates) console.log('method          cov80  cov95  cov80 if summed as independent  mean 80 % width / mean');
const historyStartMs = Date.UTC(2026, 9, 1);
for (const method of onlyDates ? [] : ['seasonal-naive', 'auto']) {
  const { rnd, gauss } = makeRng(1 + seedOffset);
  let in80 = 0, in95 = 0, inIndependent = 0, width = 0;
  for (let k = 0; k < seriesCount; k++) {
    let level = 100 + 50 * rnd();
    const drift = (rnd() - 0.3) * 0.5;
    const values: number[] = [];
    for (let d = 0; d < 61 + 31; d++) {
      level += drift + gauss() * 0.5;
      const weekday = new Date(historyStartMs + d * DAY_MS).getUTCDay();
      values.push(Math.max(0, level * (weekday === 0 || weekday === 6 ? 0.8 : 1) + gauss() * 3));
    }
    const daily = values.slice(0, 61).map((costUsd, d) => ({ dayStartMs: historyStartMs + d * DAY_MS, service: 'svc', namespace: '', costUsd }));
    const { report, forecasts } = forecastCosts(daily, withMethod(method));
    const m = report!.series.find((s) => s.breakdown === 'service' && s.key === 'svc')!.months[0];
    const actual = values.slice(61).reduce((a, b) => a + b, 0);
    if (actual >= m.lo80Usd && actual <= m.hi80Usd) in80++;
    if (actual >= m.lo95Usd && actual <= m.hi95Usd) in95++;
    const f = forecasts.find((x) => x.series === 'cost/service=svc:daily_usd')!;
    let mean = 0, up = 0, down = 0;
    for (let i = 0; i < 31; i++) { mean += f.mean[i]; up += (f.hi80[i] - f.mean[i]) ** 2; down += (f.mean[i] - f.lo80[i]) ** 2; }
    if (actual >= mean - Math.sqrt(down) && actual <= mean + Math.sqrt(up)) inIndependent++;
    width += (m.hi80Usd - m.lo80Usd) / m.meanUsd;
  }
  console.log(`${method.padEnd(16)}${(in80 / seriesCount).toFixed(2).padStart(5)}${(in95 / seriesCount).toFixed(2).padStart(7)}${(inIndependent / seriesCount).toFixed(2).padStart(32)}${(width / seriesCount).toFixed(3).padStart(24)}`);
}
console.log(`\npeak RSS ${(peakRssBytes() / 2 ** 20).toFixed(0)} MiB`);
