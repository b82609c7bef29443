/**
 * What FOCUS and CUR imports share: read a CSV or Parquet export with DuckDB (into a temp table,
 * every cell checked before anything is written), list its columns, and check that the money,
 * number and time columns parse — errors name the file, the column and the row.
 */
import { basename } from 'node:path';
import { InputError } from '../../domain/errors.js';
import type { StoreQueries } from '../../store/index.js';
import { billingMessages as m } from './messages.js';
import { billLayouts, describeKnownLayouts, detectBillLayout, isLegacyCurColumn, legacyCurColumnName, legacyCurTagPrefix, type BillLayout } from './bill-layout.js';

export type BillingFormat = 'csv' | 'parquet';

export interface BillingSource {
  /** What messages name: the file, or the pattern an export of several files was given as. */
  file: string;
  files: string[];
  format: BillingFormat;
  layout: BillLayout | null;
  /** Name of a view over the export, rows in file order, columns under their CUR 2.0 / FOCUS names. */
  view: string;
  /** The raw temp table (CSV) or view (Parquet) under `view`. */
  raw: string;
  /** Column name → DuckDB type (of `view`). */
  columns: Map<string, string>;
}

export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const sqlIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function detectBillingFormat(kind: string, file: string): BillingFormat {
  const name = basename(file).toLowerCase();
  if (/\.parquet$|\.snappy\.parquet$/.test(name)) return 'parquet';
  if (/\.csv(\.gz|\.zst)?$/.test(name)) return 'csv';
  throw new InputError(m.unknownFormat(kind, file), { hint: m.unknownFormatHint });
}

let viewSeq = 0;

/**
 * Reads an export (one file, or the parts of one export) into DuckDB: CSV into a temp table read as
 * text so that every value can be checked exactly, Parquet as a view. Then a view on top that
 * reads the literal `NULL` (and '') as null in every text column, whatever the column's type
 * (exporters write `NULL` unquoted into number, time and JSON columns alike), and renames legacy
 * CUR headers to their CUR 2.0 names.
 */
export async function openBillingSource(q: StoreQueries, kind: string, files: string[], label = files[0]!): Promise<BillingSource> {
  const formats = new Set(files.map((f) => detectBillingFormat(kind, f)));
  if (formats.size > 1) throw new InputError(m.unknownFormat(kind, label), { hint: 'an export is all CSV or all Parquet' });
  const format = [...formats][0]!;
  const seq = `${process.pid}_${++viewSeq}`;
  const raw = `billing_raw_${seq}`;
  const view = `billing_src_${seq}`;
  const list = `[${files.map(sqlString).join(', ')}]`;
  const reader = format === 'csv'
    ? `read_csv(${list}, header = true, all_varchar = true, auto_detect = true, nullstr = ['NULL', ''], union_by_name = ${files.length > 1})`
    : `read_parquet(${list}, union_by_name = ${files.length > 1})`;
  try {
    // CSV is parsed once into a temp table (a view would parse it for every check); Parquet is
    // columnar and cheap to re-read, so it stays a view.
    await q.run(`CREATE OR REPLACE TEMP ${format === 'csv' ? 'TABLE' : 'VIEW'} ${raw} AS SELECT * FROM ${reader}`);
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0]!.replace(/^[A-Za-z ]+Error: /, '') : String(err);
    throw new InputError(m.unreadable(kind, label, why), { hint: m.unreadableHint, cause: err });
  }
  const described = await q.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${raw}`);
  const legacy = described.some((d) => isLegacyCurColumn(d.column_name));
  const select: string[] = [];
  const tagColumns: string[] = [];
  for (const d of described) {
    const col = sqlIdent(d.column_name);
    if (legacy && d.column_name.startsWith(legacyCurTagPrefix)) {
      tagColumns.push(d.column_name);
      continue;
    }
    const name = legacy && isLegacyCurColumn(d.column_name) ? legacyCurColumnName(d.column_name) : d.column_name;
    // CSV already maps NULL and '' to null (nullstr); Parquet text columns can hold them too.
    const expr = format === 'parquet' && d.column_type === 'VARCHAR' ? `nullif(nullif(${col}, 'NULL'), '')` : col;
    select.push(`${expr} AS ${sqlIdent(name)}`);
  }
  if (tagColumns.length) {
    const pairs = tagColumns.map((c) => `${sqlString(c.slice(legacyCurTagPrefix.length))}, ${sqlIdent(c)}`).join(', ');
    select.push(`CAST(json_object(${pairs}) AS VARCHAR) AS resource_tags`);
  }
  await q.run(`CREATE OR REPLACE TEMP VIEW ${view} AS SELECT ${select.join(', ')} FROM ${raw}`);
  const columns = await q.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${view}`);
  const source: BillingSource = { file: label, files, format, layout: null, view, raw, columns: new Map(columns.map((d) => [d.column_name, d.column_type])) };
  source.layout = detectBillLayout(source.columns.keys()) ?? (legacy ? 'cur-legacy' : null);
  if (legacy && source.layout === 'cur-2') source.layout = 'cur-legacy';
  return source;
}

/**
 * Fails unless the export is of a layout `kind` reads: names the layout when it is another one
 * (a FOCUS file given to --cur), or every layout known when it is none of them.
 */
export function requireLayout(source: BillingSource, kind: 'focus' | 'cur', required: string[], hint: string): void {
  const wanted: BillLayout[] = kind === 'focus' ? ['focus'] : ['cur-2', 'cur-legacy'];
  if (source.layout && !wanted.includes(source.layout)) {
    const missing = required.filter((c) => !source.columns.has(c));
    const other = billLayouts[source.layout];
    throw new InputError(m.missingColumns(kind, source.file, missing), { hint: m.otherLayoutHint(other.name, other.flag) });
  }
  if (!source.layout) {
    const found = [...source.columns.keys()];
    const shown = `columns ${found.slice(0, 4).join(', ')}${found.length > 4 ? ', …' : ''}`;
    throw new InputError(`${m.unknownLayout(kind, source.file, shown)}; ${m.layoutHint(describeKnownLayouts())}`, { hint: hint });
  }
  requireColumns(source, kind, required, hint);
}

export async function closeBillingSource(q: StoreQueries, source: BillingSource): Promise<void> {
  await q.run(`DROP VIEW IF EXISTS ${source.view}`).catch(() => undefined);
  await q.run(`DROP ${source.format === 'csv' ? 'TABLE' : 'VIEW'} IF EXISTS ${source.raw}`).catch(() => undefined);
}

export function requireColumns(source: BillingSource, kind: string, required: string[], hint: string): void {
  const missing = required.filter((c) => !source.columns.has(c));
  if (missing.length) throw new InputError(m.missingColumns(kind, source.file, missing), { hint });
}

/** A column as SQL text, or a literal when the export lacks it (optional columns). */
export function columnOr(source: BillingSource, column: string, fallback: string): string {
  return source.columns.has(column) ? sqlIdent(column) : fallback;
}

const numericType = /^(DECIMAL|DOUBLE|FLOAT|REAL|INTEGER|BIGINT|HUGEINT|SMALLINT|TINYINT|UBIGINT|UINTEGER)/;

/** Exact decimal of a money column (NULL and '' → 0). */
export function moneySql(source: BillingSource, column: string): string {
  if (!source.columns.has(column)) return 'CAST(0 AS DECIMAL(38,10))';
  const col = sqlIdent(column);
  const type = source.columns.get(column)!;
  // DuckDB's text → DECIMAL cast is exact and trims; '' becomes NULL.
  return numericType.test(type) ? `coalesce(CAST(${col} AS DECIMAL(38,10)), CAST(0 AS DECIMAL(38,10)))` : `coalesce(TRY_CAST(${col} AS DECIMAL(38,10)), CAST(0 AS DECIMAL(38,10)))`;
}

/** UTC TIMESTAMP of a time column (ISO 8601 with or without offset, or a Parquet timestamp). */
export function timeSql(source: BillingSource, column: string): string {
  const type = source.columns.get(column) ?? 'VARCHAR';
  const col = sqlIdent(column);
  if (type.startsWith('TIMESTAMP') || type === 'DATE') return `CAST(${col} AS TIMESTAMP)`;
  // Text: a numeric UTC offset needs the (slower) time-zone-aware cast; 'Z' or none does not.
  return `CASE WHEN length(${col}) > 10 AND substr(${col}, length(${col}) - 5, 1) IN ('+', '-') THEN CAST(TRY_CAST(${col} AS TIMESTAMPTZ) AS TIMESTAMP) ELSE TRY_CAST(${col} AS TIMESTAMP) END`;
}

/** Value of the first of `keys` present in a tags column that is a MAP or JSON text. */
export function tagSql(source: BillingSource, column: string, keys: string[]): string {
  if (!source.columns.has(column) || keys.length === 0) return "''";
  const type = source.columns.get(column)!;
  const col = sqlIdent(column);
  if (type.startsWith('MAP')) return `coalesce(${keys.map((k) => `map_extract(${col}, ${sqlString(k)})[1]`).join(', ')}, '')`;
  // One JSON parse for all keys.
  const paths = keys.map((k) => sqlString(`$."${k.replace(/"/g, '\\"')}"`)).join(', ');
  return `coalesce(list_filter(json_extract_string(TRY_CAST(nullif(CAST(${col} AS VARCHAR), '') AS JSON), [${paths}]), x -> x IS NOT NULL)[1], '')`;
}

export interface ValueChecks {
  money?: string[];
  number?: string[];
  time?: string[];
}

/**
 * Fails on the first value that does not parse as its column's kind, naming file, column and
 * row. One scan of the file for all columns; only on failure a second one finds the row.
 */
export async function checkValues(q: StoreQueries, source: BillingSource, kind: string, checks: ValueChecks): Promise<void> {
  const text = (c: string) => `nullif(trim(CAST(${sqlIdent(c)} AS VARCHAR)), '')`;
  const parsed = (c: string, what: keyof ValueChecks) => (what === 'time' ? timeSql(source, c) : `TRY_CAST(${sqlIdent(c)} AS ${what === 'money' ? 'DECIMAL(38,10)' : 'DOUBLE'})`);
  // Typed Parquet columns cannot hold a bad value; only text needs checking.
  const targets = (Object.entries(checks) as [keyof ValueChecks, string[]][]).flatMap(([what, cols]) =>
    cols.filter((c) => source.columns.has(c) && /^(VARCHAR|JSON)/.test(source.columns.get(c)!)).map((c) => ({ column: c, what })));
  if (!targets.length) return;
  const bad = (t: { column: string; what: keyof ValueChecks }) => `${parsed(t.column, t.what)} IS NULL AND ${text(t.column)} IS NOT NULL`;
  const counts = (await q.all<Record<string, number>>(`SELECT ${targets.map((t, i) => `count(*) FILTER (WHERE ${bad(t)}) AS c${i}`).join(', ')} FROM ${source.view}`))[0]!;
  const target = targets.find((_, i) => Number(counts[`c${i}`]) > 0);
  if (!target) return;
  // Rare path: find the row (data rows counted from 1, in file order).
  const first = await q.all<{ row: number; value: string }>(`SELECT row, value FROM (SELECT row_number() OVER () AS row, ${text(target.column)} AS value, ${bad(target)} AS is_bad FROM ${source.view}) WHERE is_bad ORDER BY row LIMIT 1`);
  const expected = target.what === 'time' ? 'an ISO-8601 time' : target.what === 'money' ? 'an amount' : 'a number';
  throw new InputError(m.badValue(kind, source.file, target.column, Number(first[0]!.row), String(first[0]!.value), expected), { hint: m.badValueHint });
}

/** Keys a tag may have in an export: as given, AWS user-tag forms (`user:k`, CUR 2.0 `user_k`). */
export function tagKeyVariants(tag: string): string[] {
  return [tag, `user:${tag}`, `user_${tag.replace(/[^A-Za-z0-9]/g, '_')}`];
}
