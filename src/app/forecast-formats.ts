/**
 * `headroom forecast --format table|json|csv`. The CSV is the DESIGN.md contract
 * (`series,timestamp,mean,lo<L>,hi<L>,…`, forecast-csv.ts); the table shows the same columns with
 * headers that name the interval level, and the JSON the same fields per point plus what only JSON
 * can hold (the method that produced each series, its step, the levels, the horizon).
 * Values are in the input's units; timestamps are written as the input wrote them.
 */
import { timeAtStep, type Forecast, type ForecastInterval } from '../domain/index.js';
import { formatTextTable } from '../util/text-table.js';
import { formatForecastCsv, formatIsoTimestamp, formatNumber, type TimestampStyle } from './forecast-csv.js';

export const forecastFormats = ['table', 'json', 'csv'] as const;
export type ForecastFormat = (typeof forecastFormats)[number];

export interface ForecastResult {
  name: string;
  forecast: Forecast;
  style: TimestampStyle;
}

function intervalsAt(forecast: Forecast, levels: readonly number[]): ForecastInterval[] {
  return levels.map((level) => {
    const interval = forecast.intervals.find((i) => i.level === level);
    if (!interval) throw new Error(`forecast lacks the ${level} % interval`);
    return interval;
  });
}

/** Every point of every series: the CSV's cells, as numbers (null for a value that is not finite). */
function points(r: ForecastResult, levels: readonly number[]): { timestamp: string; mean: number | null; bounds: (number | null)[] }[] {
  const intervals = intervalsAt(r.forecast, levels);
  const num = (v: number) => (Number.isFinite(v) ? Number(formatNumber(v)) : null);
  return Array.from(r.forecast.mean, (mean, h) => ({
    timestamp: formatIsoTimestamp(timeAtStep(r.forecast.startMs, r.forecast.stepSeconds, h), r.style),
    mean: num(mean),
    bounds: intervals.flatMap((i) => [num(i.lower[h]!), num(i.upper[h]!)]),
  }));
}

function formatTable(results: readonly ForecastResult[], levels: readonly number[], horizon: number): string {
  const header = ['series', 'timestamp', 'mean', ...levels.flatMap((l) => [`low ${l} %`, `high ${l} %`])];
  const short = (v: number | null) => (v === null ? '–' : String(Number(v.toPrecision(6))));
  const rows = results.flatMap((r) => points(r, levels).map((p) => [r.name, p.timestamp, short(p.mean), ...p.bounds.map(short)]));
  const methods = results.map((r) => `${r.name}: ${r.forecast.method}`).join('; ');
  return `Forecast of ${results.length} series, ${horizon} steps after each series' last input, in the input's units; `
    + `low/high: the ${levels.map((l) => `${l} %`).join(' and ')} prediction interval${levels.length > 1 ? 's' : ''}\n`
    + `methods: ${methods || '–'}\n\n${formatTextTable(header, rows, 2)}`;
}

function formatJson(results: readonly ForecastResult[], levels: readonly number[], horizon: number): string {
  const doc = {
    levels, horizon,
    forecasts: results.map((r) => ({
      series: r.name, method: r.forecast.method, stepSeconds: r.forecast.stepSeconds,
      points: points(r, levels).map((p) => ({ timestamp: p.timestamp, mean: p.mean, ...Object.fromEntries(levels.flatMap((l, i) => [[`lo${l}`, p.bounds[2 * i]], [`hi${l}`, p.bounds[2 * i + 1]]])) })),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export const forecastFormatters: Record<ForecastFormat, (results: readonly ForecastResult[], levels: readonly number[], horizon: number) => string> = {
  table: formatTable,
  json: formatJson,
  csv: (results, levels) => formatForecastCsv(results, levels),
};
