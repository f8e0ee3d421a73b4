// Reads that skip Prisma's query engine, for the statements every page sends (the signed-in
// session and user, the menu's counts) and the hottest lists. Prisma spends 0.1 to 0.3 ms of CPU
// on each statement (building, compiling and mapping it), ten to fifty times what SQLite takes to
// answer one of these by its index; a page that sends ten of them spent most of its time there.
//
// The SQL is written once, for both databases: double-quoted names, `?` for each value. On SQLite
// it runs on the read-only connection (beside the writer, reading what was committed: as Prisma's
// reads do, see sqlite-adapter.ts) as the driver's own prepared statement, kept for the next call.
// On PostgreSQL, or on a client that counts its statements (tests and the bench count them to
// catch a query per row), it goes through Prisma's raw query, so every statement is still counted.
// Either way the rows come back alike: dates as Date, booleans as boolean, counts as numbers.
import { LRUCache } from 'lru-cache';
import type { Db } from './client.js';
import type { SafeSqliteAdapterFactory, Statement } from './sqlite-adapter.js';

export type Value = string | number | boolean | Date | null;

export interface Reads {
  /** Every row of a SELECT. */
  all<T>(sql: string, params?: readonly Value[]): Promise<T[]>;
  /** The first row of a SELECT, or undefined. */
  get<T>(sql: string, params?: readonly Value[]): Promise<T | undefined>;
}

/** `?, ?, ?` for a list of values (an `IN (...)`); a list must not be empty. */
export function placeholders(count: number): string {
  if (count < 1) throw new Error('an IN list needs at least one value');
  return Array.from({ length: count }, () => '?').join(', ');
}

const direct = new WeakMap<Db, SafeSqliteAdapterFactory>();
const postgres = new WeakSet<Db>();

/** Called by createDb: a SQLite client that does not count its statements reads directly. */
export function readDirectly(db: Db, factory: SafeSqliteAdapterFactory): void {
  direct.set(db, factory);
}

/** Called by createDb for a PostgreSQL client: its raw queries number their values ($1, $2...). */
export function onPostgres(db: Db): void {
  postgres.add(db);
}

const cached = new WeakMap<Db, Reads>();

export function reads(db: Db): Reads {
  let r = cached.get(db);
  if (!r) {
    const factory = direct.get(db);
    r = factory ? new SqliteReads(db, factory) : new PrismaReads(db, postgres.has(db));
    cached.set(db, r);
  }
  return r;
}

/** Through `$queryRawUnsafe`: `?` numbered for PostgreSQL, 64-bit integers made numbers. */
class PrismaReads implements Reads {
  readonly #numbered = new Map<string, string>();
  constructor(
    private readonly db: Db,
    private readonly numbered: boolean,
  ) {}

  async all<T>(sql: string, params: readonly Value[] = []): Promise<T[]> {
    let text = this.numbered ? this.#numbered.get(sql) : sql;
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      if (this.#numbered.size < 1_000) this.#numbered.set(sql, text);
    }
    const rows = await this.db.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params);
    for (const row of rows) for (const key in row) if (typeof row[key] === 'bigint') row[key] = Number(row[key]);
    return rows as T[];
  }

  async get<T>(sql: string, params?: readonly Value[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
}

/** Statements kept on the reader: more than the app's distinct reads (an IN list's length makes one of its own). */
const STATEMENTS = 500;
/** SQLite answers SQLITE_BUSY to a reader only in rare moments (a checkpoint resetting the log): try again briefly. */
const BUSY_TRIES = 20;

type Prepared = { statement: Statement; convert: ((row: Record<string, unknown>) => void) | null };

class SqliteReads implements Reads {
  readonly #statements = new LRUCache<string, Prepared>({ max: STATEMENTS });
  constructor(
    private readonly db: Db,
    private readonly factory: SafeSqliteAdapterFactory,
  ) {}

  async all<T>(sql: string, params: readonly Value[] = []): Promise<T[]> {
    const prepared = this.#statements.get(sql) ?? (await this.#prepare(sql));
    const args = params.map(sqliteValue);
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = prepared.statement.all(...args) as Record<string, unknown>[];
        if (prepared.convert) for (const row of rows) prepared.convert(row);
        return rows as T[];
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= BUSY_TRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
      }
    }
  }

  async get<T>(sql: string, params?: readonly Value[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async #prepare(sql: string): Promise<Prepared> {
    let statement = this.factory.prepareOnReader(sql);
    if (!statement) {
      await this.db.$connect();
      statement = this.factory.prepareOnReader(sql);
      if (!statement) throw new Error('the SQLite reader did not connect');
    }
    statement.safeIntegers(false);
    const prepared = { statement, convert: converterFor(statement) };
    this.#statements.set(sql, prepared);
    return prepared;
  }
}

/** What Prisma binds for a value on SQLite: a date as ISO 8601 with "+00:00", a boolean as 0 or 1. */
function sqliteValue(value: Value): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** From the columns' declared types (a column read from a table keeps its table's type): dates and booleans made so. */
function converterFor(statement: Statement): Prepared['convert'] {
  const dates: string[] = [];
  const booleans: string[] = [];
  for (const column of statement.columns()) {
    const type = column.type?.toUpperCase();
    if (type === 'DATETIME') dates.push(column.name);
    else if (type === 'BOOLEAN') booleans.push(column.name);
  }
  if (dates.length === 0 && booleans.length === 0) return null;
  return (row) => {
    for (const name of dates) row[name] = toDate(row[name]);
    for (const name of booleans) if (row[name] !== null) row[name] = row[name] === 1;
  };
}

/** SQLite keeps Prisma's dates as ISO 8601 text (or, written by older clients, milliseconds). */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return new Date(value);
  const text = String(value);
  // SQL's own CURRENT_TIMESTAMP has no zone; it is UTC.
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || text.length === 10 ? text : `${text.replace(' ', 'T')}Z`);
}
