// Transactions that skip Prisma, for the hottest write: logging a session. Prisma spends 0.1 to
// 0.3 ms of CPU building, compiling and mapping each statement, and holds SQLite's one write
// connection across every await between them; a group session of three took 16 statements and
// about 15 ms of CPU, most of it Prisma's, while every other save waited.
//
// The SQL is written once for both databases, as in db/reads.ts: double-quoted names, `?` for each
// value, and RETURNING for what an INSERT made. On SQLite the transaction runs on the write
// connection in its turn (sqlite-adapter.ts), as the driver's own prepared statements kept for the
// next call: its statements run back to back, so the write lock is held for well under a
// millisecond. On PostgreSQL, or on a client that counts its statements (tests and the bench), it is
// an interactive transaction of Prisma's raw queries, every statement counted. What is written is
// the same either way: dates as Prisma writes them, booleans as 0 and 1 on SQLite.
//
// Prisma fills `@default(now())` and `@updatedAt` columns itself, not the database: an INSERT here
// gives them (`now` below), or SQLite's own default would write them in another format.
import type { Db } from './client.js';
import { KeptStatements, forPrisma, madeHow, sqliteValue, withNumbers } from './reads.js';
import type { Reads, Value } from './reads.js';
import type { SafeSqliteAdapterFactory, Statement } from './sqlite-adapter.js';

export interface WriteTx {
  readonly dialect: Reads['dialect'];
  /** Rows of a SELECT, or of a write's RETURNING. */
  all<T>(sql: string, params?: readonly Value[]): Promise<T[]>;
  /** A write; the number of rows it changed. */
  run(sql: string, params?: readonly Value[]): Promise<number>;
}

/**
 * Runs `work` in one transaction: committed when it returns, rolled back (nothing written) when it
 * throws. `work` should only send statements, through `tx`: everything it needs is decided before.
 * On SQLite it holds the write connection's turn, so a write through Prisma awaited inside it
 * would wait for that turn forever.
 */
export function writeTransaction<T>(db: Db, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  const { dialect, direct } = madeHow(db);
  return direct ? sqliteTransaction(db, direct, work) : prismaTransaction(db, dialect, work);
}

/**
 * One write on its own: on SQLite a transaction of one statement in the write connection's turn,
 * elsewhere one statement through Prisma (PostgreSQL commits it by itself, with no transaction
 * holding a pool connection around it). The number of rows it changed.
 */
export function writeStatement(db: Db, sql: string, params: readonly Value[] = []): Promise<number> {
  const { dialect, direct } = madeHow(db);
  if (direct) return sqliteTransaction(db, direct, (tx) => tx.run(sql, params));
  return db.$executeRawUnsafe(forPrisma(sql, dialect), ...(dialect === 'sqlite' ? params.map(sqliteValue) : params));
}

const kept = new WeakMap<SafeSqliteAdapterFactory, KeptStatements>();

async function sqliteTransaction<T>(db: Db, factory: SafeSqliteAdapterFactory, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  // Prisma connects when it first needs to, and again after a disconnect: so do these writes.
  if (!factory.writerConnection) await db.$connect();
  let statements = kept.get(factory);
  if (!statements) kept.set(factory, (statements = new KeptStatements()));
  return factory.writeTransaction((prepare: (sql: string) => Statement) => {
    const connection = factory.writerConnection;
    const prepared = (sql: string) => statements.on(connection, sql, prepare);
    const args = (params: readonly Value[]) => params.map(sqliteValue);
    return work({
      dialect: 'sqlite',
      async all<R>(sql: string, params: readonly Value[] = []) {
        const { statement, toRow } = prepared(sql);
        return (statement.all(...args(params)) as unknown[][]).map(toRow) as R[];
      },
      async run(sql: string, params: readonly Value[] = []) {
        return prepared(sql).statement.run(...args(params)).changes;
      },
    });
  });
}

function prismaTransaction<T>(db: Db, dialect: Reads['dialect'], work: (tx: WriteTx) => Promise<T>): Promise<T> {
  // Dates and booleans bound on SQLite as Prisma's own writes store them (see reads.ts).
  const args = (params: readonly Value[]) => (dialect === 'sqlite' ? params.map(sqliteValue) : params);
  return db.$transaction((tx) =>
    work({
      dialect,
      async all<R>(sql: string, params: readonly Value[] = []) {
        return withNumbers<R>(await tx.$queryRawUnsafe<Record<string, unknown>[]>(forPrisma(sql, dialect), ...args(params)));
      },
      run(sql: string, params: readonly Value[] = []) {
        return tx.$executeRawUnsafe(forPrisma(sql, dialect), ...args(params));
      },
    }),
  );
}
