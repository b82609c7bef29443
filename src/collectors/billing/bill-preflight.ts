/**
 * What is wrong with a billing file before DuckDB sniffs its format: an empty file, a header
 * without rows, a last row cut short (a download or copy that stopped), a gzip stream or Parquet
 * footer that ends early. DuckDB's sniffer would otherwise guess a one-column layout and report
 * "missing columns" for a header that has them all.
 *
 * The same one pass hashes the bytes: the content hash is part of an import's identity.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { InputError } from '../../domain/errors.js';
import { billingMessages as m } from './messages.js';

export interface BillFileFacts {
  /** sha256 of the file's bytes, hex. */
  contentHash: string;
  /** Data rows (CSV: lines after the header; Parquet: unknown here, null). */
  dataLines: number | null;
}

const parquetMagic = 'PAR1';

/** Checks `file` and returns its hash; throws an InputError naming what is wrong. */
export async function preflightBillFile(kind: string, file: string, format: 'csv' | 'parquet'): Promise<BillFileFacts> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    throw new InputError(m.unreadable(kind, file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message), { hint: m.unreadableHint, cause: err });
  }
  if (size === 0) throw new InputError(m.emptyFile(kind, file), { hint: m.emptyHint });
  if (format === 'parquet') return preflightParquet(kind, file, size);
  // Node 20 cannot inflate zstd: DuckDB reads it, and its errors stand for this check.
  if (/\.zst$/i.test(file)) return { contentHash: await hashFile(file), dataLines: null };
  return preflightCsv(kind, file);
}

async function preflightParquet(kind: string, file: string, size: number): Promise<BillFileFacts> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (size >= 8) await fh.read(tail, 0, 4, size - 4);
    if (head.toString('latin1') !== parquetMagic) throw new InputError(m.notParquet(kind, file), { hint: m.unknownFormatHint });
    if (size < 12 || tail.toString('latin1') !== parquetMagic) throw new InputError(m.truncatedParquet(kind, file, size), { hint: m.truncatedHint });
  } finally {
    await fh.close();
  }
  return { contentHash: await hashFile(file), dataLines: null };
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('data', (c) => hash.update(c)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * One streaming pass over the (decompressed) CSV: counts lines, keeps the header and the last
 * line. Quoted fields may hold newlines, so a short last line is re-read with the lines before it
 * only when it does not parse on its own.
 */
async function preflightCsv(kind: string, file: string): Promise<BillFileFacts> {
  const hash = createHash('sha256');
  const raw = createReadStream(file);
  const gz = /\.gz$/i.test(file);
  // Compressed: hash what is read, iterate what is inflated. Plain: hash in the loop.
  if (gz) raw.on('data', (c) => hash.update(c));
  const text = gz ? raw.pipe(createGunzip()) : raw;
  let header: string | null = null;
  let lines = 0;
  let pending = '';
  const decoder = new StringDecoder('utf8');
  let last = '';
  let beforeLast = '';
  try {
    for await (const chunk of text as AsyncIterable<Buffer>) {
      if (!gz) hash.update(chunk);
      const parts = (pending + decoder.write(chunk)).split('\n');
      pending = parts.pop()!;
      for (const line of parts) {
        lines++;
        if (header === null) header = line;
        beforeLast = last;
        last = line;
      }
    }
  } catch (err) {
    // zlib: "unexpected end of file" is a gzip stream cut short.
    if (gz) throw new InputError(m.truncatedGzip(kind, file, lines + 1), { hint: m.truncatedHint, cause: err });
    throw new InputError(m.unreadable(kind, file, (err as Error).message), { hint: m.unreadableHint, cause: err });
  }
  const endsWithNewline = pending === '';
  if (!endsWithNewline) {
    lines++;
    if (header === null) header = pending;
    beforeLast = last;
    last = pending;
  }
  const strip = (s: string) => s.replace(/\r$/, '').replace(/^\uFEFF/, '');
  if (header === null || strip(header).trim() === '') {
    if (lines <= 1) throw new InputError(m.emptyFile(kind, file), { hint: m.emptyHint });
  }
  const headerFields = fieldCount(strip(header ?? ''));
  // Trailing blank lines are not rows.
  const dataLines = lines - 1 - (strip(last).trim() === '' ? 1 : 0);
  if (headerFields === null || headerFields < 2) throw new InputError(m.noHeader(kind, file), { hint: m.emptyHint });
  if (dataLines <= 0) throw new InputError(m.headerOnly(kind, file), { hint: m.emptyHint });
  if (strip(last).trim() === '') return { contentHash: hash.digest('hex'), dataLines };
  const lastFields = fieldCount(strip(last)) ?? fieldCount(`${strip(beforeLast)}\n${strip(last)}`);
  if (lastFields === null || lastFields < headerFields) throw new InputError(m.truncatedCsv(kind, file, lines, headerFields, lastFields), { hint: m.truncatedHint });
  return { contentHash: hash.digest('hex'), dataLines };
}

/** Fields of one CSV record, or null when it does not parse (an unterminated quote). */
function fieldCount(line: string): number | null {
  try {
    const rows = parse(line, { relax_column_count: true, relax_quotes: false, skip_empty_lines: false }) as string[][];
    return rows.length === 1 ? rows[0]!.length : null;
  } catch {
    return null;
  }
}
