// The SQLite driver adapter Prisma uses, wrapped to make one shared connection safe.
//
// Prisma 7's better-sqlite3 adapter keeps a single connection. Its mutex only orders
// interactive transactions among themselves, so:
//  - a plain query sent while another request's transaction is open runs *inside* that
//    transaction, and is lost if it rolls back;
//  - when COMMIT fails (SQLITE_BUSY, a deferred constraint), Prisma calls rollback(), which
//    on that adapter only releases the mutex: the connection stays in the open transaction
//    and later writes are silently lost.
// Here every statement on that connection, inside or outside a transaction, takes turns on one
// mutex, and a transaction that ends without a successful COMMIT is always rolled back on it.
//
// Reads outside a transaction go to a second, read-only connection instead. With WAL a reader
// sees the last committed state and never waits for the writer, so a page view does not queue
// behind another request's write transaction (which holds the write connection across awaits);
// it reads what was committed before it, as on PostgreSQL. Each connection keeps its prepared
// statements: the adapter prepares every statement anew, and preparing cost more than running
// most of the app's small queries.
//
// better-sqlite3 is synchronous: while SQLite's own busy timeout waits for a lock held by another
// program, the whole process stands still (no page, no /healthz). So SQLite waits only a moment
// itself, and a statement that finds the database locked is tried again here, asynchronously,
// for up to BUSY_WAIT_MS before its SQLITE_BUSY error goes up (the error handler answers 503).
import { Mutex } from 'async-mutex';
import { Checkpointer, WAL_BACKSTOP_PAGES } from './checkpointer.js';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';

/** How long SQLite itself waits for a lock, blocking the process: kept short. */
const SQLITE_BUSY_MS = 50;
/** How long a statement is tried again, without blocking, before the database counts as busy. */
export const BUSY_WAIT_MS = 2500;

/**
 * SQLite's page cache per connection, in KiB. Its default, 2 MB, holds a small fraction of a
 * district's database, so a caseload's rows were read from the operating system again on every
 * page: with 32 MB the hot pages stay (a caseload list at district scale runs about 4x faster).
 */
const PAGE_CACHE_KIB = 32 * 1024;

/**
 * Prepared statements kept per connection: more than the app's distinct statements, bounded by
 * their text too (a list of a caseload's ids is a statement of its own for each caseload size).
 */
const STATEMENT_CACHE_SIZE = 1_000;
const STATEMENT_CACHE_CHARS = 4_000_000;

/** SQLite's own default: a commit that takes the log past this many pages copies it into the file. */
const SQLITE_DEFAULT_CHECKPOINT_PAGES = 1000;

/** Applied to every new connection. WAL lets readers run beside the one writer. */
const CONNECTION_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA foreign_keys = ON',
  `PRAGMA busy_timeout = ${SQLITE_BUSY_MS}`,
  `PRAGMA cache_size = -${PAGE_CACHE_KIB}`,
  // A commit checkpoints only when the checkpointer has fallen far behind.
  `PRAGMA wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`,
].join(';\n');

/** The reader's: it writes nothing, so it needs no foreign-key checks, and WAL is the file's. */
const READER_PRAGMAS = ['PRAGMA query_only = ON', `PRAGMA busy_timeout = ${SQLITE_BUSY_MS}`, `PRAGMA cache_size = -${PAGE_CACHE_KIB}`].join(
  ';\n',
);

export class SafeSqliteAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'sqlite' as const;
  readonly adapterName = '@prisma/adapter-better-sqlite3';
  readonly #inner: PrismaBetterSqlite3;

  constructor(url: string) {
    this.#inner = new PrismaBetterSqlite3({ url, timeout: SQLITE_BUSY_MS });
  }

  async connect(): Promise<SqlDriverAdapter> {
    const writer = await this.#inner.connect();
    const writerPrepare = cacheStatements(writer);
    await writer.executeScript(CONNECTION_PRAGMAS);
    // After the writer, which has set the file to WAL: the reader would otherwise wait on the
    // writer's locks like any rollback-journal reader.
    const reader = await this.#inner.connect();
    const prepare = cacheStatements(reader);
    await reader.executeScript(READER_PRAGMAS);
    const connection = ++this.#connections;
    this.#reader = { connection, prepare };
    // The log is copied into the database file off the main thread (checkpointer.ts); if that
    // thread fails, the writer checkpoints as SQLite does by default, and says so once.
    const file = writerPrepare('SELECT 1').database.name;
    const checkpointer =
      file && file !== ':memory:'
        ? new Checkpointer(file, (error) => {
            console.warn(`SQLite checkpoints go back to the main thread: ${error instanceof Error ? error.message : String(error)}`);
            adapter.executeScript(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_CHECKPOINT_PAGES}`).catch(() => {});
          })
        : undefined;
    this.#checkpointer = checkpointer;
    const adapter = new SerializedAdapter(writer, reader, async () => {
      if (this.#reader?.connection === connection) this.#reader = undefined;
      if (this.#writer?.connection === connection) this.#writer = undefined;
      await checkpointer?.stop();
    });
    this.#writer = { connection, adapter, prepare: writerPrepare };
    return adapter;
  }

  #connections = 0;
  #checkpointer: Checkpointer | undefined;
  #reader: { connection: number; prepare: (sql: string) => Statement } | undefined;
  #writer: { connection: number; adapter: SerializedAdapter; prepare: (sql: string) => Statement } | undefined;

  /** Pages of the write-ahead log the checkpointer has copied into the database file (tests ask). */
  get checkpointed(): number {
    return this.#checkpointer?.copied ?? 0;
  }

  /** Which writer connection is open (numbered as the readers), or 0 when none is. */
  get writerConnection(): number {
    return this.#writer?.connection ?? 0;
  }

  /**
   * Runs `work` as one transaction on the write connection, in its turn among Prisma's statements
   * and transactions, for writes that skip Prisma (db/writes.ts). `prepare` gives a new statement
   * on that connection each call: the caller keeps it. BEGIN IMMEDIATE takes the write lock at
   * once (tried again while another program holds it), so no statement inside waits for a lock or
   * finds its snapshot stale; anything but a COMMIT that returned is rolled back.
   */
  async writeTransaction<T>(work: (prepare: (sql: string) => Statement) => Promise<T>): Promise<T> {
    const writer = this.#writer;
    if (!writer) throw new Error('the SQLite writer is not connected');
    return writer.adapter.exclusively(async () => {
      const begin = writer.prepare('BEGIN IMMEDIATE');
      await patiently(async () => begin.run());
      let committed = false;
      try {
        const result = await work(writer.prepare);
        writer.prepare('COMMIT').run();
        committed = true;
        return result;
      } finally {
        if (!committed) rollbackDirectly(writer.prepare);
      }
    });
  }

  /** Which reader connection is open (they are numbered from 1), or 0 when none is. */
  get readerConnection(): number {
    return this.#reader?.connection ?? 0;
  }

  /**
   * Prepares a statement on the read-only connection, for reads that skip Prisma (db/reads.ts);
   * undefined until Prisma has connected. A new statement each call: the caller keeps it.
   */
  prepareOnReader(sql: string): Statement | undefined {
    return this.#reader?.prepare(sql);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return new SerializedAdapter(await this.#inner.connectToShadowDb());
  }
}

class SerializedAdapter implements SqlDriverAdapter {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  readonly #inner: SqlDriverAdapter;
  readonly #reader: SqlDriverAdapter | null;
  readonly #turn = new Mutex();
  readonly #disposed: () => Promise<void> | void;

  /** `disposed`: told when the connections close, so reads that skip Prisma stop using them. */
  constructor(inner: SqlDriverAdapter, reader: SqlDriverAdapter | null = null, disposed: () => Promise<void> | void = () => {}) {
    this.#inner = inner;
    this.#reader = reader;
    this.#disposed = disposed;
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    // A SELECT outside a transaction reads committed data on the reader, without waiting its turn.
    const reader = this.#reader;
    if (reader && READ_ONLY.test(query.sql)) return patiently(() => reader.queryRaw(query));
    return this.#turn.runExclusive(() => patiently(() => this.#inner.queryRaw(query)));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#turn.runExclusive(() => patiently(() => this.#inner.executeRaw(query)));
  }

  executeScript(script: string): Promise<void> {
    return this.#turn.runExclusive(() => this.#inner.executeScript(script));
  }

  /** Runs `work` in the write connection's turn: no statement of Prisma's runs on it meanwhile. */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    return this.#turn.runExclusive(work);
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.#turn.acquire();
    try {
      const tx = await this.#inner.startTransaction(isolationLevel);
      return new GuardedTransaction(tx, this.#inner, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Prisma splits a long list of ids into queries of `maxBindValues` each, and assumes SQLite's
   * old limit of 999 when the adapter does not say. The SQLite inside better-sqlite3 takes 32,766
   * (the default since SQLite 3.32), so a caseload's sessions are read in one query, not one per
   * 999 of them, and a list of a thousand students is not refused.
   */
  getConnectionInfo() {
    return { ...(this.#inner.getConnectionInfo?.() ?? { supportsRelationJoins: false }), maxBindValues: SQLITE_MAX_VARIABLES };
  }

  dispose(): Promise<void> {
    return this.#turn.runExclusive(async () => {
      await this.#disposed();
      await this.#reader?.dispose();
      await this.#inner.dispose();
    });
  }
}

/** A statement that only reads: Prisma's reads are one SELECT each; its writes start otherwise. */
const READ_ONLY = /^\s*SELECT\b/i;

export type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/**
 * Keeps the connection's prepared statements (the most recently used), so that the adapter's
 * `client.prepare(sql).bind(args)` on every query finds the statement already compiled. A
 * better-sqlite3 statement can be bound only once, so what `prepare` returns here binds its
 * arguments per call instead; the adapter uses `bind()`, `reader`, `columns()`, `run()` and
 * `raw().all()` (and `run()` unbound for BEGIN).
 */
function cacheStatements(adapter: SqlDriverAdapter): (sql: string) => Statement {
  const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
  // The adapter keeps its better-sqlite3 connection as `client`; fail loudly if that changes.
  if (!client || typeof client.prepare !== 'function') throw new Error('the SQLite adapter no longer exposes its connection');
  const prepare = client.prepare.bind(client) as (sql: string) => Statement;
  const cache = new LRUCache<string, Statement>({
    max: STATEMENT_CACHE_SIZE,
    maxSize: STATEMENT_CACHE_CHARS,
    // A compiled statement takes memory beyond its text: count each as at least 1,000 characters.
    sizeCalculation: (_statement, sql) => Math.max(1_000, sql.length),
  });
  const cached = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = prepare(sql)));
    return bound(statement, []);
  };
  const bound = (statement: Statement, args: unknown[]) => ({
    bind: (more: unknown[]) => bound(statement, [...args, ...more]),
    reader: statement.reader,
    columns: () => statement.columns(),
    run: () => statement.run(...args),
    raw: () => ({ all: () => statement.raw(true).all(...args) }),
  });
  (client as unknown as { prepare: typeof cached }).prepare = cached;
  // The driver's own prepare, for db/reads.ts (which keeps its statements apart: Prisma sets
  // modes on the ones above).
  return prepare;
}

/** SQLITE_MAX_VARIABLE_NUMBER of the SQLite that better-sqlite3 ships (a test checks it). */
export const SQLITE_MAX_VARIABLES = 32_766;

class GuardedTransaction implements Transaction {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  readonly options: Transaction['options'];
  #committed = false;
  #ended = false;
  /** Whether a statement has run: SQLite's BEGIN is deferred, so until then no lock is held. */
  #started = false;

  constructor(
    private readonly tx: Transaction,
    private readonly connection: SqlDriverAdapter,
    private readonly release: () => void,
  ) {
    this.adapterName = tx.adapterName;
    this.options = tx.options;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#run(() => this.tx.queryRaw(query));
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    const result = await this.#run(() => this.tx.executeRaw(query));
    // Prisma sends COMMIT itself as a statement; only a COMMIT that returned counts.
    if (/^\s*COMMIT\b/i.test(query.sql)) this.#committed = true;
    return result;
  }

  async commit(): Promise<void> {
    await this.#end(() => this.tx.commit());
  }

  async rollback(): Promise<void> {
    await this.#end(() => this.tx.rollback());
  }

  createSavepoint(name: string) {
    return this.tx.createSavepoint?.(name) ?? Promise.resolve();
  }
  rollbackToSavepoint(name: string) {
    return this.tx.rollbackToSavepoint?.(name) ?? Promise.resolve();
  }
  releaseSavepoint(name: string) {
    return this.tx.releaseSavepoint?.(name) ?? Promise.resolve();
  }

  /**
   * The first statement is tried again while the database is locked, as SQLite's busy timeout
   * would; a later one is not: SQLite itself never waits once a transaction holds a snapshot,
   * and the transaction then fails and is rolled back.
   */
  async #run<T>(statement: () => Promise<T>): Promise<T> {
    const result = this.#started ? await statement() : await patiently(statement);
    this.#started = true;
    return result;
  }

  async #end(finish: () => Promise<void>): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    try {
      await finish();
    } finally {
      if (!this.#committed) await rollbackIfOpen(this.connection);
      this.release();
    }
  }
}

/** ROLLBACK when a transaction is still open on the connection; a no-op error otherwise. */
async function rollbackIfOpen(connection: SqlDriverAdapter): Promise<void> {
  try {
    await connection.executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] });
  } catch {
    // "cannot rollback - no transaction is active": Prisma had already rolled back.
  }
}

/** ROLLBACK on the driver's own connection when a transaction is open there. */
function rollbackDirectly(prepare: (sql: string) => Statement): void {
  const rollback = prepare('ROLLBACK');
  if (rollback.database.inTransaction) rollback.run();
}

/**
 * Runs a statement, trying again after a pause while SQLite answers plain SQLITE_BUSY (another
 * connection holds the write lock; nothing ran), for up to BUSY_WAIT_MS. Other errors, and
 * SQLITE_BUSY_SNAPSHOT (trying again cannot help), go up at once.
 */
async function patiently<T>(statement: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + BUSY_WAIT_MS;
  for (let pause = 20; ; pause = Math.min(pause * 2, 200)) {
    try {
      return await statement();
    } catch (error) {
      if (!lockedOut(error) || Date.now() + pause > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function lockedOut(error: unknown): boolean {
  // Through Prisma the driver's code is the cause's; from the driver itself, the error's own.
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { originalCode?: unknown } };
  return cause?.originalCode === 'SQLITE_BUSY' || code === 'SQLITE_BUSY';
}
