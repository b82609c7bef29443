/**
 * What FOCUS and CUR imports share: read a CSV or Parquet export with DuckDB (into a temp table,
 * every cell checked before anything is written), list its columns, and check that the money,
 * number and time columns parse — errors name the file, the column and the row.
 */
import { basename } from 'node:path';
import { InputError } from '../../domain/errors.js';
import type { StoreQueries } from '../../store/index.js';
import { billingMessages as m } from './messages.js';

export type BillingFormat = 'csv' | 'parquet';

export interface BillingSource {
  file: string;
  format: BillingFormat;
  /** Name of a temp table of the file with a `__row` column (1-based data row). */
  view: string;
  /** Column name → DuckDB type. */
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

/** Loads `file` into a temp table; CSV is read as text so that every value can be checked exactly. */
export async function openBillingSource(q: StoreQueries, kind: string, file: string): Promise<BillingSource> {
  const format = detectBillingFormat(kind, file);
  const view = `billing_src_${process.pid}_${++viewSeq}`;
  const reader = format === 'csv'
    ? `read_csv(${sqlString(file)}, header = true, all_varchar = true, auto_detect = true)`
    : `read_parquet(${sqlString(file)})`;
  try {
    // Materialised once: a view would re-read the file for every check.
    await q.run(`CREATE OR REPLACE TEMP TABLE ${view} AS SELECT row_number() OVER () AS __row, * FROM ${reader}`);
    const described = await q.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${view}`);
    return { file, format, view, columns: new Map(described.map((d) => [d.column_name, d.column_type])) };
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0]!.replace(/^[A-Za-z ]+Error: /, '') : String(err);
    throw new InputError(m.unreadable(kind, file, why), { hint: m.unreadableHint, cause: err });
  }
}

export async function closeBillingSource(q: StoreQueries, source: BillingSource): Promise<void> {
  await q.run(`DROP TABLE IF EXISTS ${source.view}`).catch(() => undefined);
}

export function requireColumns(source: BillingSource, kind: string, required: string[], hint: string): void {
  const missing = required.filter((c) => !source.columns.has(c));
  if (missing.length) throw new InputError(m.missingColumns(kind, source.file, missing), { hint });
}

/** A column as SQL text, or a literal when the export lacks it (optional columns). */
export function columnOr(source: BillingSource, column: string, fallback: string): string {
  return source.columns.has(column) ? sqlIdent(column) : fallback;
}

/** Exact decimal of a money column (NULL and '' → 0). */
export function moneySql(source: BillingSource, column: string): string {
  if (!source.columns.has(column)) return 'CAST(0 AS DECIMAL(38,10))';
  return `coalesce(TRY_CAST(nullif(trim(CAST(${sqlIdent(column)} AS VARCHAR)), '') AS DECIMAL(38,10)), CAST(0 AS DECIMAL(38,10)))`;
}

/** UTC TIMESTAMP of a time column (ISO 8601 with or without offset, or a Parquet timestamp). */
export function timeSql(source: BillingSource, column: string): string {
  const type = source.columns.get(column) ?? 'VARCHAR';
  if (type.startsWith('TIMESTAMP WITH')) return `CAST(${sqlIdent(column)} AS TIMESTAMP)`;
  if (type.startsWith('TIMESTAMP') || type === 'DATE') return `CAST(${sqlIdent(column)} AS TIMESTAMP)`;
  return `CAST(TRY_CAST(${sqlIdent(column)} AS TIMESTAMPTZ) AS TIMESTAMP)`;
}

/** Value of `key` in a tags column that is a MAP or JSON text; tries each key in order. */
export function tagSql(source: BillingSource, column: string, keys: string[]): string {
  if (!source.columns.has(column) || keys.length === 0) return "''";
  const type = source.columns.get(column)!;
  const col = sqlIdent(column);
  const one = (k: string) => (type.startsWith('MAP')
    ? `map_extract(${col}, ${sqlString(k)})[1]`
    : `json_extract_string(TRY_CAST(nullif(CAST(${col} AS VARCHAR), '') AS JSON), ${sqlString(`$."${k.replace(/"/g, '\\"')}"`)})`);
  return `coalesce(${keys.map(one).join(', ')}, '')`;
}

/** Fails on the first value of `columns` that does not parse as `what`. */
export async function checkValues(q: StoreQueries, source: BillingSource, kind: string, columns: string[], what: 'money' | 'number' | 'time'): Promise<void> {
  for (const column of columns) {
    if (!source.columns.has(column)) continue;
    const text = `nullif(trim(CAST(${sqlIdent(column)} AS VARCHAR)), '')`;
    const parsed = what === 'time' ? `TRY_CAST(${text} AS TIMESTAMPTZ)` : `TRY_CAST(${text} AS ${what === 'money' ? 'DECIMAL(38,10)' : 'DOUBLE'})`;
    const bad = await q.all<{ row: number; value: string }>(`SELECT __row AS row, ${text} AS value FROM ${source.view} WHERE ${text} IS NOT NULL AND ${parsed} IS NULL ORDER BY __row LIMIT 1`);
    if (bad.length) {
      const expected = what === 'time' ? 'an ISO-8601 time' : what === 'money' ? 'an amount' : 'a number';
      throw new InputError(m.badValue(kind, source.file, column, Number(bad[0]!.row), String(bad[0]!.value), expected), { hint: m.badValueHint });
    }
  }
}

/** Keys a tag may have in an export: as given, AWS user-tag forms (`user:k`, CUR 2.0 `user_k`). */
export function tagKeyVariants(tag: string): string[] {
  return [tag, `user:${tag}`, `user_${tag.replace(/[^A-Za-z0-9]/g, '_')}`];
}
