// Transactions that skip Prisma (src/db/writes.ts) must write what Prisma's own writes write, in
// the same form, on either database; write all or nothing; and on SQLite take turns with Prisma's
// statements on the one write connection.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeStatement, writeTransaction } from '../../src/db/writes.js';
import { freshDbCounting, onPostgres } from '../helpers/db.js';
import { signal } from '../helpers/signal.js';

const { url, db, counting, sent } = freshDbCounting();

/** A user row with a date, a boolean and an enum (PostgreSQL takes text for an enum only cast). */
const insertUser = `INSERT INTO "User" ("email", "name", "role", "passwordHash", "assistant", "disabledAt", "createdAt", "updatedAt")
  VALUES (?, ?, ${onPostgres ? 'CAST(? AS "Role")' : '?'}, 'not a hash', ?, ?, ?, ?) RETURNING "id"`;
const schoolsNamed = async (name: string) => db.school.count({ where: { name } });

describe('a direct write', () => {
  it('stores dates, booleans and nulls as Prisma does, and gives back what RETURNING names', async () => {
    const at = new Date('2026-11-30T14:05:06.789Z');
    const [row] = await writeTransaction(db, (tx) =>
      tx.all<{ id: number }>(insertUser, [`direct-${Date.now()}@example.org`, 'Direct Write', 'therapist', true, at, at, at]),
    );
    expect(typeof row?.id).toBe('number');
    const read = await db.user.findUniqueOrThrow({ where: { id: row!.id } });
    expect(read).toMatchObject({ name: 'Direct Write', role: 'therapist', assistant: true, disabledAt: at, createdAt: at, updatedAt: at });
    // Stored in the very form Prisma stores its own dates, so text comparisons in SQL agree. Prisma
    // writes the same instant: PostgreSQL's text of a time drops a fraction's trailing zeros, so
    // Prisma's "now" ending in 0 ms had the same form but another shape (one run in ten failed).
    const prismaWrote = await db.school.create({ data: { name: `Prisma wrote ${Date.now()}`, createdAt: at, updatedAt: at } });
    const stored = await db.$queryRawUnsafe<{ mine: unknown; theirs: unknown }[]>(
      onPostgres
        ? `SELECT u."createdAt"::text AS "mine", s."createdAt"::text AS "theirs" FROM "User" u, "School" s WHERE u."id" = $1 AND s."id" = $2`
        : `SELECT CAST(u."createdAt" AS TEXT) AS "mine", CAST(s."createdAt" AS TEXT) AS "theirs" FROM "User" u, "School" s WHERE u."id" = ? AND s."id" = ?`,
      row!.id,
      prismaWrote.id,
    );
    const shape = (text: unknown) => String(text).replace(/\d/g, '9');
    expect(typeof stored[0]?.mine).toBe('string');
    expect(shape(stored[0]?.mine)).toBe(shape(stored[0]?.theirs));
  });

  it('writes nothing when the work throws, and the error reaches the caller', async () => {
    const name = `Rolled back ${Date.now()}`;
    await expect(
      writeTransaction(db, async (tx) => {
        await tx.run('INSERT INTO "School" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)', [name, new Date(), new Date()]);
        throw new Error('refused after the first row');
      }),
    ).rejects.toThrow('refused after the first row');
    expect(await schoolsNamed(name)).toBe(0);
    // The connection is not left inside the transaction: the next one commits.
    await writeTransaction(db, (tx) =>
      tx.run('INSERT INTO "School" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)', [name, new Date(), new Date()]),
    );
    expect(await schoolsNamed(name)).toBe(1);
  });

  it('writes nothing when a statement fails midway (a broken foreign key)', async () => {
    const name = `Half written ${Date.now()}`;
    await expect(
      writeTransaction(db, async (tx) => {
        await tx.run('INSERT INTO "School" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)', [name, new Date(), new Date()]);
        await tx.run('INSERT INTO "StudentTherapist" ("studentId", "userId") VALUES (?, ?)', [999_999, 999_999]);
      }),
    ).rejects.toThrow();
    expect(await schoolsNamed(name)).toBe(0);
  });

  it('writes one statement on its own, an insert that updates the row it meets, on either client', async () => {
    const sid = `sid-${Date.now()}`;
    const upsert = `INSERT INTO "SignInSession" ("sid", "data", "expiresAt", "createdAt") VALUES (?, ?, ?, ?)
      ON CONFLICT ("sid") DO UPDATE SET "data" = excluded."data", "expiresAt" = excluded."expiresAt"`;
    const later = new Date(Date.now() + 60_000);
    expect(await writeStatement(db, upsert, [sid, 'first', new Date(), new Date()])).toBe(1);
    await writeStatement(counting as never, upsert, [sid, 'second', later, new Date()]);
    const row = await db.signInSession.findUniqueOrThrow({ where: { sid } });
    expect(row).toMatchObject({ data: 'second', expiresAt: later });
  });

  it('answers the same on the client that counts its statements (through Prisma), every statement counted', async () => {
    const name = `Counted ${Date.now()}`;
    sent.length = 0;
    const [row] = await writeTransaction(counting as never, (tx) =>
      tx.all<{ id: number }>('INSERT INTO "School" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?) RETURNING "id"', [
        name,
        new Date(),
        new Date(),
      ]),
    );
    expect(typeof row?.id).toBe('number');
    expect(sent.filter((q) => q.includes('INSERT INTO "School"'))).toHaveLength(1);
    expect((await db.school.findUniqueOrThrow({ where: { id: row!.id } })).name).toBe(name);
  });
});

describe.skipIf(onPostgres)('a direct write on SQLite', () => {
  const file = url.replace(/^file:/, '');

  it("takes turns with Prisma's transactions on the one write connection", async () => {
    const mine = `Prisma first ${Date.now()}`;
    const direct = `Direct second ${Date.now()}`;
    const release = signal();
    const started = signal();
    const prisma = db.$transaction(async (tx) => {
      await tx.school.create({ data: { name: mine } });
      started.fire();
      await release.fired;
      throw new Error('rolled back');
    });
    await started.fired;
    let wrote = false;
    const waiting = writeTransaction(db, (tx) =>
      tx.run('INSERT INTO "School" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)', [direct, new Date(), new Date()]),
    ).then(() => (wrote = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // It waits for the open transaction rather than writing inside it.
    expect(wrote).toBe(false);
    release.fire();
    await expect(prisma).rejects.toThrow('rolled back');
    await waiting;
    // Prisma's rollback took only its own row: the direct write is kept.
    expect(await schoolsNamed(mine)).toBe(0);
    expect(await schoolsNamed(direct)).toBe(1);
  });

  it('waits, without blocking the process, while another program holds the write lock', async () => {
    const name = `After the lock ${Date.now()}`;
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      const writing = writeTransaction(db, (tx) =>
        tx.run('INSERT INTO "School" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)', [name, new Date(), new Date()]),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      other.exec('COMMIT');
      await writing;
    } finally {
      clearInterval(timer);
      other.close();
    }
    expect(await schoolsNamed(name)).toBe(1);
    // The event loop kept turning while the write waited.
    expect(ticks).toBeGreaterThan(5);
  });
});
