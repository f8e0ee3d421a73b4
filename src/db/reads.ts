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
import { BUSY_WAIT_MS } from './sqlite-adapter.js';
import type { SafeSqliteAdapterFactory, Statement } from './sqlite-adapter.js';

export type Value = string | number | boolean | Date | null;

export interface Reads {
  /** Which database answers: for the rare read that must be written differently for each. */
  readonly dialect: 'sqlite' | 'postgresql';
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

/** How createDb made each client: which database, and on SQLite whether it reads directly. */
const made = new WeakMap<Db, { dialect: Reads['dialect']; direct: SafeSqliteAdapterFactory | null }>();

/** How createDb made `db` (db/writes.ts asks too). */
export function madeHow(db: Db): { dialect: Reads['dialect']; direct: SafeSqliteAdapterFactory | null } {
  const kind = made.get(db);
  // A transaction's client, say, would not do: its reads must see its own writes, and on
  // PostgreSQL its `?`s would go unnumbered.
  if (!kind) throw new Error('reads() and writes take a client made by createDb');
  return kind;
}

/**
 * Called by createDb for every client. `direct`: the adapter factory of a SQLite client that does
 * not count its statements, whose reads go to its read-only connection.
 */
export function registerReads(db: Db, dialect: Reads['dialect'], direct: SafeSqliteAdapterFactory | null = null): void {
  made.set(db, { dialect, direct });
}

const cached = new WeakMap<Db, Reads>();

export function reads(db: Db): Reads {
  let r = cached.get(db);
  if (!r) {
    const kind = madeHow(db);
    r = kind.direct ? new SqliteReads(db, kind.direct) : new PrismaReads(db, kind.dialect);
    cached.set(db, r);
  }
  return r;
}

const numberedTexts = new Map<string, string>();

/** The SQL as Prisma's raw queries take it: on PostgreSQL each `?` becomes `$1`, `$2`... */
export function forPrisma(sql: string, dialect: Reads['dialect']): string {
  if (dialect === 'sqlite') return sql;
  let text = numberedTexts.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    if (numberedTexts.size < 2_000) numberedTexts.set(sql, text);
  }
  return text;
}

/** Rows of Prisma's raw queries with 64-bit integers (counts, ids on PostgreSQL) made numbers. */
export function withNumbers<T>(rows: Record<string, unknown>[]): T[] {
  for (const row of rows) for (const key in row) if (typeof row[key] === 'bigint') row[key] = Number(row[key]);
  return rows as T[];
}

/** Through `$queryRawUnsafe`: `?` numbered for PostgreSQL, 64-bit integers made numbers. */
class PrismaReads implements Reads {
  constructor(
    private readonly db: Db,
    readonly dialect: Reads['dialect'],
  ) {}

  async all<T>(sql: string, params: readonly Value[] = []): Promise<T[]> {
    return withNumbers<T>(await this.db.$queryRawUnsafe<Record<string, unknown>[]>(forPrisma(sql, this.dialect), ...params));
  }

  async get<T>(sql: string, params?: readonly Value[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
}

/** Statements kept on the reader: more than the app's distinct reads (an IN list's length makes one of its own). */
const STATEMENTS = 500;

export type Prepared = {
  statement: Statement;
  /** For a statement that gives rows (a SELECT, or a write's RETURNING): a row's object from its values. */
  toRow: (values: unknown[]) => Record<string, unknown>;
};

/**
 * Statements prepared on one SQLite connection and kept for the next call, by their text; after
 * the connection is opened anew (its number changes) they are prepared again.
 */
export class KeptStatements {
  readonly #statements = new LRUCache<string, Prepared>({
    max: STATEMENTS,
    // Bounded by text too: a compiled statement takes memory beyond it (as in sqlite-adapter.ts).
    maxSize: 4_000_000,
    sizeCalculation: (_prepared, sql) => Math.max(1_000, sql.length),
  });
  #connection = 0;

  /** The statement for `sql` on connection number `connection`, prepared there by `prepare` if need be. */
  on(connection: number, sql: string, prepare: (sql: string) => Statement): Prepared {
    if (connection !== this.#connection) {
      this.#statements.clear();
      this.#connection = connection;
    }
    let prepared = this.#statements.get(sql);
    if (!prepared) {
      const statement = prepare(sql);
      // Rows as arrays, made into objects here: the driver building each row's object took twice
      // as long as SQLite reading it (a caseload's school year of session rows on Home).
      if (statement.reader) statement.safeIntegers(false).raw(true);
      prepared = { statement, toRow: rowMaker(statement) };
      this.#statements.set(sql, prepared);
    }
    return prepared;
  }
}

class SqliteReads implements Reads {
  readonly dialect = 'sqlite';
  readonly #statements = new KeptStatements();

  constructor(
    private readonly db: Db,
    private readonly factory: SafeSqliteAdapterFactory,
  ) {}

  async all<T>(sql: string, params: readonly Value[] = []): Promise<T[]> {
    const args = params.map(sqliteValue);
    // SQLite answers SQLITE_BUSY to a reader only in rare moments (a checkpoint resetting the log,
    // another program recovering the file): tried again without blocking, as the adapter does.
    const giveUpAt = Date.now() + BUSY_WAIT_MS;
    for (let pause = 20; ; pause = Math.min(pause * 2, 200)) {
      const prepared = await this.#prepared(sql);
      try {
        const rows = prepared.statement.all(...args) as unknown[][];
        return rows.map(prepared.toRow) as T[];
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? '');
        const busy = code.startsWith('SQLITE_BUSY') && code !== 'SQLITE_BUSY_SNAPSHOT';
        if (!busy || Date.now() + pause > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  async get<T>(sql: string, params?: readonly Value[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async #prepared(sql: string): Promise<Prepared> {
    // Prisma connects when it first needs to, and again after a disconnect: so do these reads.
    if (!this.factory.readerConnection) await this.db.$connect();
    const connection = this.factory.readerConnection;
    if (!connection) throw new Error('the SQLite reader did not connect');
    return this.#statements.on(connection, sql, (text) => this.factory.prepareOnReader(text)!);
  }
}

/** What Prisma binds for a value on SQLite: a date as ISO 8601 with "+00:00", a boolean as 0 or 1. */
export function sqliteValue(value: Value): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * A row's object from its values, by the columns' names and declared types (a column read from a
 * table keeps its table's type): DATETIME made a Date, BOOLEAN a boolean, the rest as they are. A
 * name given twice keeps its last value, as the driver's own objects do.
 */
function rowMaker(statement: Statement): Prepared['toRow'] {
  const describe = () =>
    statement.columns().map((c) => {
      const type = c.type?.toUpperCase();
      return { name: c.name, kind: type === 'DATETIME' ? 'date' : type === 'BOOLEAN' ? 'boolean' : 'value' };
    });
  // A write without RETURNING gives no rows, and has no columns to describe.
  let columns = statement.reader ? describe() : [];
  return (values) => {
    // SQLite prepares a statement again by itself when a table changes under it (a migration run
    // by another program): a `*` may then give other columns, so they are described again.
    if (values.length !== columns.length) columns = describe();
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
      const { name, kind } = columns[i]!;
      const value = values[i];
      row[name] = kind === 'date' ? toDate(value) : kind === 'boolean' && value !== null ? value === 1 : value;
    }
    return row;
  };
}

/** SQLite keeps Prisma's dates as ISO 8601 text (or, written by older clients, milliseconds). */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return new Date(value);
  const text = String(value);
  // A calendar date (midnight UTC, as Prisma writes a day) is remembered; an instant is rarely read twice.
  const day = text.length === 29 && text.startsWith('T00:00:00.000', 10);
  let time = day ? parsedTimes.get(text) : undefined;
  if (time === undefined) {
    // SQL's own CURRENT_TIMESTAMP has no zone; it is UTC.
    time = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || text.length === 10 ? text : `${text.replace(' ', 'T')}Z`).getTime();
    if (day) {
      if (parsedTimes.size >= PARSED_TIMES) parsedTimes.clear();
      parsedTimes.set(text, time);
    }
  }
  return new Date(time);
}

/**
 * Calendar dates read lately, as numbers: a caseload's school year of rows holds a few hundred
 * days thousands of times over, and parsing each again was a tenth of reading them. Each read
 * still gets a Date of its own (a Date can be changed). Emptied when full.
 */
const parsedTimes = new Map<string, number>();
const PARSED_TIMES = 10_000;
