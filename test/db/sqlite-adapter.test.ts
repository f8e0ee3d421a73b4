// The hazards of Prisma's single shared SQLite connection (see src/db/sqlite-adapter.ts):
// every acknowledged write must survive another request's failed transaction.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
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

describe('the guarded SQLite connection', () => {
  it('runs with WAL, foreign keys and a busy timeout', async () => {
    const [journal] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    const [fk] = await db.$queryRawUnsafe<{ foreign_keys: bigint }[]>('PRAGMA foreign_keys');
    const [busy] = await db.$queryRawUnsafe<{ timeout: bigint }[]>('PRAGMA busy_timeout');
    expect(journal?.journal_mode).toBe('wal');
    expect(Number(fk?.foreign_keys)).toBe(1);
    expect(Number(busy?.timeout)).toBeGreaterThanOrEqual(5000);
  });

  it('keeps a plain write made while another transaction is open and then rolls back', async () => {
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inside = new Promise<void>((r) => (entered = r));
    const failing = db
      .$transaction(async (tx) => {
        await tx.school.create({ data: { name: 'Rolled back' } });
        entered();
        await gate;
        throw new Error('fails mid-transaction');
      })
      .catch((e: Error) => e.message);
    await inside;
    // Issued while the transaction above is open on the same connection. createMany is one
    // statement with no implicit transaction of its own, so nothing else makes it wait.
    const plain = db.school.createMany({ data: [{ name: 'Acknowledged during' }] });
    // Unguarded, the write is acknowledged at once (inside the open transaction); guarded, it
    // waits its turn, so the transaction is let go after a while instead.
    void Promise.race([plain, new Promise((r) => setTimeout(r, 300))]).then(release);
    expect(await failing).toBe('fails mid-transaction');
    await plain;
    expect(committedSchoolNames()).toContain('Acknowledged during');
    expect(committedSchoolNames()).not.toContain('Rolled back');
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
