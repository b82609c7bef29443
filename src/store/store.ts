/**
 * The embedded store: one DuckDB file (default `.headroom/headroom.duckdb`). Schema changes are
 * numbered SQL files in `migrations/`, applied in order inside a transaction and recorded in
 * `schema_migrations`. All writes go through `transaction()`: DuckDB's WAL discards an
 * uncommitted transaction on a crash, so a killed writer leaves the previous state intact.
 * Transactions on one store are serialised (one connection, one transaction at a time).
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, blobValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { HeadroomError } from '../domain/errors.js';
import { makeDirs } from '../util/atomic-write.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Uint8Array binds as a BLOB (packed arrays: see float-blob.ts). */
export type SqlParam = string | number | boolean | null | bigint | Date | Uint8Array;
export type Row = Record<string, unknown>;

/** Queries available inside and outside a transaction. */
export interface StoreQueries {
  run(sql: string, params?: SqlParam[]): Promise<void>;
  /** Rows as plain JS objects (BIGINT → number when safe, TIMESTAMP → Date, JSON → parsed). */
  all<T extends Row = Row>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Bulk insert: rows in column order of `columns`. Much faster than row-by-row INSERT. */
  insertRows(table: string, columns: string[], rows: SqlParam[][]): Promise<void>;
}

function toDuck(p: SqlParam): DuckDBValue {
  if (p instanceof Date) return p.toISOString().replace('T', ' ').replace('Z', '');
  if (p instanceof Uint8Array) return blobValue(p);
  return p as DuckDBValue;
}

function fromDuck(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  return v;
}

class Queries implements StoreQueries {
  constructor(protected readonly conn: DuckDBConnection) {}

  async run(sql: string, params: SqlParam[] = []): Promise<void> {
    await this.conn.run(sql, params.map(toDuck));
  }

  async all<T extends Row = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params.map(toDuck));
    const rows = reader.getRowObjectsJS();
    const types = reader.columnTypes().map((t) => t.toString());
    const names = reader.columnNames();
    return rows.map((r) => {
      const out: Row = {};
      names.forEach((n, i) => {
        const v = fromDuck(r[n]);
        out[n] = types[i] === 'JSON' && typeof v === 'string' ? JSON.parse(v) : v;
      });
      return out as T;
    });
  }

  async insertRows(table: string, columns: string[], rows: SqlParam[][]): Promise<void> {
    if (rows.length === 0) return;
    // Batched multi-row VALUES with positional parameters: portable, typed by the target columns.
    const batch = Math.max(1, Math.floor(2000 / columns.length));
    for (let i = 0; i < rows.length; i += batch) {
      const chunk = rows.slice(i, i + batch);
      const placeholders = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
      await this.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, chunk.flat());
    }
  }
}

/** A store path the user gave that cannot be a store file: exit 2, like any path that cannot be written. */
function unusableStorePath(path: string, why: string, cause: unknown): HeadroomError {
  return new HeadroomError('OUTPUT_UNWRITABLE', `store ${path}: ${why}`, { hint: 'pass --store with a file in a writable directory, or set store.path in the config', cause });
}

export class Store extends Queries {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly instance: DuckDBInstance, conn: DuckDBConnection, readonly path: string) {
    super(conn);
  }

  /** Opens (creating if needed) the store at `path` and applies pending migrations. `:memory:` for tests. */
  static async open(path: string): Promise<Store> {
    if (path !== ':memory:') {
      // makeDirs, not mkdir({ recursive }): Node's never settles below /proc.
      await makeDirs(dirname(path)).catch((err: NodeJS.ErrnoException) => {
        throw unusableStorePath(path, `cannot create its directory ${dirname(path)} (${err.code ?? err.message})`, err);
      });
    }
    try {
      const instance = await DuckDBInstance.create(path);
      const conn = await instance.connect();
      const store = new Store(instance, conn, path);
      await store.migrate();
      return store;
    } catch (err) {
      if (err instanceof HeadroomError) throw err;
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      // The file cannot be made or read where the user pointed (missing, a directory, no permission,
      // read-only): their input. A lock held by another process, or a broken store, is not.
      const pathProblem = /^IO Error: (Cannot open file|Could not read from file)[^:]*: (No such file or directory|Is a directory|Permission denied|Read-only file system|Not a directory)$/.exec(message);
      if (pathProblem) throw unusableStorePath(path, `cannot create or open it (${pathProblem[2]})`, err);
      throw new HeadroomError('STORE_FAILED', `open store ${path}: ${message}`, {
        hint: /lock/i.test(message) ? 'another headroom process holds the store; stop it or use --store with another path' : 'check the store path (store.path in the config) and its permissions',
        cause: err,
      });
    }
  }

  /** Runs `fn` in one transaction; commits on success, rolls back on any error. Serialised per store. */
  transaction<T>(fn: (tx: StoreQueries) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        const result = await fn(new Queries(this.conn));
        await this.conn.run('COMMIT');
        return result;
      } catch (err) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.all<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    return rows[0]?.v ?? 0;
  }

  private async migrate(): Promise<void> {
    await this.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)');
    const applied = new Set((await this.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const files = (await readdir(migrationsDir)).filter((f) => /^\d{3}-.+\.sql$/.test(f)).sort();
    for (const file of files) {
      const version = Number(file.slice(0, 3));
      if (applied.has(version)) continue;
      const sql = await readFile(join(migrationsDir, file), 'utf8');
      await this.transaction(async (tx) => {
        await tx.run(sql);
        await tx.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
      });
    }
  }

  async close(): Promise<void> {
    await this.queue;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
