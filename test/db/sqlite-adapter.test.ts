// The hazards of Prisma's single shared SQLite connection (see src/db/sqlite-adapter.ts):
// every acknowledged write must survive another request's failed transaction.
import type { SqlDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_MAX_VARIABLES, SafeSqliteAdapterFactory } from '../../src/db/sqlite-adapter.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { freshDb } from '../helpers/db.js';

const { url, db } = freshDb();
afterAll(() => db.$disconnect());
const file = url.replace(/^file:/, '');

/** Reads through a second connection: what is really committed to the file. */
function committedSchoolNames(): string[] {
  const other = new Database(file, { readonly: true });
  try {
    return (other.prepare('SELECT name FROM School ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    other.close();
  }
}

/** The app's adapter, calling `sent` as each statement outside a transaction reaches it, before it runs. */
function watching(url: string, sent: () => void): SqlDriverAdapterFactory {
  const factory = new SafeSqliteAdapterFactory(url);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      return new Proxy(adapter, {
        get(target, key) {
          if (key === 'queryRaw' || key === 'executeRaw') {
            return (query: SqlQuery) => {
              sent();
              return target[key](query);
            };
          }
          const value: unknown = Reflect.get(target, key);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}

describe('the guarded SQLite connection', () => {
  it('runs with WAL, foreign keys and a busy timeout', async () => {
    const [journal] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    const [fk] = await db.$queryRawUnsafe<{ foreign_keys: bigint }[]>('PRAGMA foreign_keys');
    const [busy] = await db.$queryRawUnsafe<{ timeout: bigint }[]>('PRAGMA busy_timeout');
    expect(journal?.journal_mode).toBe('wal');
    expect(Number(fk?.foreign_keys)).toBe(1);
    // Short on purpose: longer waits happen without blocking the process (see BUSY_WAIT_MS).
    expect(Number(busy?.timeout)).toBeGreaterThan(0);
  });

  it('keeps a plain write made while another transaction is open and then rolls back', async () => {
    let onSent = () => {};
    const client = new PrismaClient({ adapter: watching(url, () => onSent()) });
    try {
      let release!: () => void;
      let entered!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const inside = new Promise<void>((r) => (entered = r));
      const failing = client
        .$transaction(async (tx) => {
          await tx.school.create({ data: { name: 'Rolled back' } });
          entered();
          await gate;
          throw new Error('fails mid-transaction');
        })
        .catch((e: Error) => e.message);
      await inside;
      // The transaction fails as soon as the plain write below reaches the connection. Unguarded,
      // the write runs there and then, inside the open transaction, and is rolled back with it;
      // guarded, it waits its turn. createMany is one statement with no transaction of its own.
      // (Prisma sends a query only once it is awaited: then() sends this one now.)
      onSent = release;
      const plain = client.school.createMany({ data: [{ name: 'Acknowledged during' }] }).then((r) => r.count);
      expect(await failing).toBe('fails mid-transaction');
      expect(await plain).toBe(1);
      expect(committedSchoolNames()).toContain('Acknowledged during');
      expect(committedSchoolNames()).not.toContain('Rolled back');
    } finally {
      await client.$disconnect();
    }
  });

  it('does not stay inside a transaction whose COMMIT failed', async () => {
    const result = await db
      .$transaction(async (tx) => {
        // A deferred foreign key is checked at COMMIT, so COMMIT itself fails, as SQLITE_BUSY would.
        await tx.$executeRawUnsafe('PRAGMA defer_foreign_keys = ON');
        await tx.student.create({
          data: { firstName: 'A', lastName: 'B', searchName: 'a b', gradeLevel: 1, schoolId: 999_999 },
        });
      })
      .then(
        () => 'committed',
        () => 'failed',
      );
    expect(result).toBe('failed');
    await db.school.create({ data: { name: 'Written after the failed commit' } });
    expect(committedSchoolNames()).toContain('Written after the failed commit');
    expect(await db.student.count({ where: { schoolId: 999_999 } })).toBe(0);
  });

  it('keeps every acknowledged write among many concurrent ones and a failing transaction', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `Concurrent ${i}`);
    const writes = names.map((name, i) =>
      i % 10 === 5
        ? db
            .$transaction(async (tx) => {
              await tx.school.create({ data: { name: `${name} (undone)` } });
              throw new Error('undo');
            })
            .catch(() => null)
        : db.school.create({ data: { name } }).then(() => name),
    );
    const acknowledged = (await Promise.all(writes)).filter((n): n is string => n !== null);
    const committed = committedSchoolNames();
    for (const name of acknowledged) expect(committed).toContain(name);
    expect(committed.filter((n) => n.endsWith('(undone)'))).toEqual([]);
  });
});

describe('long lists of ids', () => {
  it("are sent in one query up to SQLite's own limit, which the adapter states", async () => {
    expect(() => {
      const probe = new Database(':memory:');
      const marks = (n: number) => `SELECT 1 WHERE 1 IN (${Array(n).fill('?').join(',')})`;
      probe.prepare(marks(SQLITE_MAX_VARIABLES)).get(...Array<number>(SQLITE_MAX_VARIABLES).fill(1));
      expect(() => probe.prepare(marks(SQLITE_MAX_VARIABLES + 1))).toThrow(/too many SQL variables/);
      probe.close();
    }).not.toThrow();
    const counted = new PrismaClient({ adapter: new SafeSqliteAdapterFactory(url), log: [{ emit: 'event', level: 'query' }] });
    let queries = 0;
    counted.$on('query', () => {
      queries += 1;
    });
    const ids = Array.from({ length: 3000 }, (_, i) => i + 1);
    // Prisma's own guess for SQLite is 999: it would split this into four queries, or refuse it.
    await counted.student.findMany({ where: { id: { in: ids } }, select: { id: true } });
    expect(queries).toBe(1);
    await counted.$disconnect();
  });
});
