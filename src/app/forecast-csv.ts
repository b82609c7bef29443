/**
 * CSV in and out for the forecast contract (DESIGN.md):
 *   IN  `series,timestamp,value` — ISO-8601 UTC timestamps, regular steps (hourly), gaps allowed
 *       (missing rows, or an empty / NaN value);
 *   OUT `series,timestamp,mean,lo<L>,hi<L>,…` — the levels in the order asked for.
 * Every bad row is an InputError naming the file and line (`IN.csv line 17: …`).
 */
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { InputError, MONTH_STEP_SECONDS, forecastFrequencies, timeAtStep, type Forecast, type ForecastFrequency, type RegularSeries } from '../domain/index.js';
import { csvMessages as csv } from './forecast-messages.js';

export interface NamedSeries {
  name: string;
  series: RegularSeries;
  /** How this series' timestamps were written, so the output repeats it. */
  timestampStyle: TimestampStyle;
}

export interface TimestampStyle {
  /** 'T' or ' ' between date and time. */
  separator: string;
  /** 'Z', '+00:00' or '+0000'. */
  zone: string;
  /** Whether seconds were written. */
  seconds: boolean;
}

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses one ISO-8601 timestamp with an explicit zone; returns epoch ms and the style, or null. */
export function parseIsoTimestamp(text: string): { timestampMs: number; style: TimestampStyle } | null {
  const m = isoPattern.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, sep, hh, mi, ss, frac, zone] = m;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi), ss ? Number(ss) : 0, ms);
  const check = new Date(local);
  if (Number.isNaN(local) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(hh) > 23 || Number(mi) > 59 || (ss !== undefined && Number(ss) > 59)) return null;
  return { timestampMs: local - offsetMinutes * 60_000, style: { separator: sep, zone: zone === 'Z' ? 'Z' : zone.includes(':') ? '+00:00' : '+0000', seconds: ss !== undefined } };
}

/** Formats epoch ms in UTC in the given style (default `2014-02-27T14:00:00Z`). */
export function formatIsoTimestamp(timestampMs: number, style: TimestampStyle = { separator: 'T', zone: 'Z', seconds: true }): string {
  const iso = new Date(timestampMs).toISOString(); // 2014-02-27T14:00:00.000Z
  const date = iso.slice(0, 10);
  const time = style.seconds ? iso.slice(11, 19) : iso.slice(11, 16);
  return `${date}${style.separator}${time}${style.zone}`;
}

interface RawPoint {
  timestampMs: number;
  value: number;
  line: number;
}

const gapValues = new Set(['', 'nan', 'na', 'null']);

export interface ForecastInputOptions {
  /** The step to lay every series on (`--frequency`); default inferred per series from its timestamps. */
  frequency?: ForecastFrequency;
}

/** Reads IN.csv into regular series, in order of first appearance. */
export async function readForecastInput(path: string, options: ForecastInputOptions = {}): Promise<NamedSeries[]> {
  const points = new Map<string, { raw: RawPoint[]; style: TimestampStyle }>();
  let columns: { series: number; timestamp: number; value: number } | undefined;
  try {
    // Opening first turns a missing file into a clean error (a stream's open error escapes pipe()).
    const handle = await open(path);
    const source = handle.createReadStream();
    const parser = source.pipe(parse({ info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }));
    source.on('error', (err) => parser.destroy(err));
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!columns) {
        const header = record.map((h) => h.toLowerCase());
        const series = header.indexOf('series');
        const timestamp = header.indexOf('timestamp');
        const value = header.indexOf('value');
        if (series < 0 || timestamp < 0 || value < 0) throw new InputError(csv.header(path, line, record.join(',')), { hint: csv.headerHint });
        columns = { series, timestamp, value };
        continue;
      }
      const name = record[columns.series];
      const stamp = record[columns.timestamp];
      const valueText = record[columns.value];
      if (name === undefined || stamp === undefined || valueText === undefined) throw new InputError(csv.columns(path, line, record.length), { hint: csv.columnsHint });
      if (name === '') throw new InputError(csv.emptyName(path, line), { hint: csv.emptyNameHint });
      const parsed = parseIsoTimestamp(stamp);
      if (!parsed) throw new InputError(csv.timestamp(path, line, stamp), { hint: csv.timestampHint });
      let value = NaN;
      if (!gapValues.has(valueText.toLowerCase())) {
        value = Number(valueText);
        if (!Number.isFinite(value)) throw new InputError(csv.value(path, line, valueText), { hint: csv.valueHint });
      }
      let entry = points.get(name);
      if (!entry) points.set(name, (entry = { raw: [], style: parsed.style }));
      entry.raw.push({ timestampMs: parsed.timestampMs, value, line });
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(csv.notFound(path), { hint: csv.notFoundHint });
    if (code === 'EISDIR' || code === 'EACCES') throw new InputError(csv.unreadable(path, code), { hint: csv.unreadableHint });
    const message = err instanceof Error ? err.message : String(err);
    throw new InputError(csv.notCsv(path, message), { hint: csv.notCsvHint, cause: err });
  }
  if (!columns) throw new InputError(csv.empty(path), { hint: csv.headerHint });
  if (points.size === 0) throw new InputError(csv.noRows(path), { hint: csv.noRowsHint });
  return [...points].map(([name, { raw, style }]) => ({ name, series: toRegularSeries(path, name, raw, options.frequency), timestampStyle: style }));
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b > 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Monthly when every timestamp falls on the same day of the month and time of day, and
 * consecutive ones are 28 to 31 days apart (or whole months, with gaps): calendar months are not
 * a fixed number of seconds, so the greatest-common-divisor rule would make a daily grid of them.
 */
function isMonthly(raw: RawPoint[]): boolean {
  if (raw.length < 2) return false;
  const first = new Date(raw[0].timestampMs);
  const dayMs = raw[0].timestampMs % 86_400_000;
  if (first.getUTCDate() > 28) return false;
  for (let i = 1; i < raw.length; i++) {
    const d = new Date(raw[i].timestampMs);
    if (d.getUTCDate() !== first.getUTCDate() || raw[i].timestampMs % 86_400_000 !== dayMs) return false;
    if (raw[i].timestampMs - raw[i - 1].timestampMs < 28 * 86_400_000) return false;
  }
  return true;
}

function monthIndex(timestampMs: number): number {
  const d = new Date(timestampMs);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Lays sorted points on calendar months (the first point's day of the month and time). */
function toMonthlySeries(path: string, name: string, raw: RawPoint[]): RegularSeries {
  const first = monthIndex(raw[0].timestampMs);
  const length = monthIndex(raw[raw.length - 1].timestampMs) - first + 1;
  const values = new Float64Array(length).fill(NaN);
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i];
    const index = monthIndex(p.timestampMs) - first;
    if (i > 0 && index === monthIndex(raw[i - 1].timestampMs) - first) throw new InputError(csv.duplicate(path, p.line, name, formatIsoTimestamp(p.timestampMs), raw[i - 1].line), { hint: csv.duplicateHint });
    values[index] = p.value;
  }
  return { startMs: raw[0].timestampMs, stepSeconds: MONTH_STEP_SECONDS, values };
}

/**
 * Sorts the points, takes the step (`frequency` when forced; monthly when the timestamps are
 * calendar months; else the most common difference, or the greatest common divisor of the
 * differences) and lays them on a grid.
 */
function toRegularSeries(path: string, name: string, raw: RawPoint[], frequency?: ForecastFrequency): RegularSeries {
  raw.sort((a, b) => a.timestampMs - b.timestampMs || a.line - b.line);
  if (frequency === 'monthly' || (frequency === undefined && isMonthly(raw))) return toMonthlySeries(path, name, raw);
  let gcdMs = 0;
  const diffCounts = new Map<number, number>();
  for (let i = 1; i < raw.length; i++) {
    const diff = raw[i].timestampMs - raw[i - 1].timestampMs;
    if (diff === 0) throw new InputError(csv.duplicate(path, raw[i].line, name, formatIsoTimestamp(raw[i].timestampMs), raw[i - 1].line), { hint: csv.duplicateHint });
    gcdMs = greatestCommonDivisor(gcdMs, diff);
    diffCounts.set(diff, (diffCounts.get(diff) ?? 0) + 1);
  }
  // The step is the most common difference when every difference is a multiple of it (missing
  // rows are gaps), else their greatest common divisor; a lone row is taken as hourly.
  let modeMs = 0;
  let modeCount = 0;
  for (const [diff, count] of diffCounts) if (count > modeCount || (count === modeCount && diff < modeMs)) [modeMs, modeCount] = [diff, count];
  const inferredMs = raw.length === 1 ? 3_600_000 : modeMs === gcdMs || [...diffCounts.keys()].every((d) => d % modeMs === 0) ? modeMs : gcdMs;
  const stepMs = frequency === undefined ? inferredMs : forecastFrequencies[frequency] * 1000;
  if (frequency !== undefined && [...diffCounts.keys()].some((d) => d % stepMs !== 0)) throw new InputError(csv.offFrequency(path, name, frequency), { hint: csv.offFrequencyHint });
  if (stepMs % 1000 !== 0) throw new InputError(csv.subSecond(path, name), { hint: csv.resampleHint });
  const length = (raw[raw.length - 1].timestampMs - raw[0].timestampMs) / stepMs + 1;
  if (length > 5_000_000) throw new InputError(csv.irregular(path, name, length, stepMs / 1000), { hint: csv.resampleHint });
  const values = new Float64Array(length).fill(NaN);
  for (const p of raw) values[(p.timestampMs - raw[0].timestampMs) / stepMs] = p.value;
  return { startMs: raw[0].timestampMs, stepSeconds: stepMs / 1000, values };
}

/** Formats a number without float noise (10 significant digits). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  return String(Number(value.toPrecision(10)));
}

function quoteCsv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Column header of OUT.csv for the given levels: series,timestamp,mean,lo80,hi80,… */
export function formatForecastHeader(levels: readonly number[]): string {
  return ['series', 'timestamp', 'mean', ...levels.flatMap((l) => [`lo${l}`, `hi${l}`])].join(',');
}

/** Rows of OUT.csv for one series' forecast (no header), each ending in a newline. */
export function formatForecastRows(name: string, forecast: Forecast, style: TimestampStyle, levels: readonly number[]): string {
  const quoted = quoteCsv(name);
  const intervals = levels.map((level) => {
    const interval = forecast.intervals.find((i) => i.level === level);
    if (!interval) throw new Error(`forecast lacks the ${level} % interval`);
    return interval;
  });
  let out = '';
  for (let h = 0; h < forecast.mean.length; h++) {
    const cells = [quoted, formatIsoTimestamp(timeAtStep(forecast.startMs, forecast.stepSeconds, h), style), formatNumber(forecast.mean[h])];
    for (const interval of intervals) cells.push(formatNumber(interval.lower[h]), formatNumber(interval.upper[h]));
    out += `${cells.join(',')}\n`;
  }
  return out;
}

/** Writes the rows for several series' forecasts into one CSV text (header first). */
export function formatForecastCsv(results: readonly { name: string; forecast: Forecast; style: TimestampStyle }[], levels: readonly number[]): string {
  let out = `${formatForecastHeader(levels)}\n`;
  for (const r of results) out += formatForecastRows(r.name, r.forecast, r.style, levels);
  return out;
}
