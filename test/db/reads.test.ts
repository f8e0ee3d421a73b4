// Reads that skip Prisma (src/db/reads.ts) must answer what Prisma's own reads answer, in the same
// types, on either database, and see only what is committed.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, makeUser } from '../../src/db/factories.js';
import { placeholders, reads } from '../../src/db/reads.js';
import { caseloadOf, needsAttention } from '../../src/features/dashboard/dashboard.service.js';
import { freshDbCounting, onPostgres } from '../helpers/db.js';
import { signal } from '../helpers/signal.js';
import { writeTransaction } from '../../src/db/writes.js';

const { db, counting, sent } = freshDbCounting();

const userSql = 'SELECT "id", "email", "role", "assistant", "mustChangePassword", "disabledAt", "createdAt" FROM "User" WHERE "id" = ?';

describe('a direct read', () => {
  it('gives dates as dates, booleans as booleans and counts as numbers, as Prisma does', async () => {
    const user = await makeUser(db, { role: 'therapist', disabled: true, mustChangePassword: true });
    const row = await reads(db).get<Record<string, unknown>>(userSql, [user.id]);
    expect(row).toEqual({
      id: user.id,
      email: user.email,
      role: 'therapist',
      assistant: false,
      mustChangePassword: true,
      disabledAt: user.disabledAt,
      createdAt: user.createdAt,
    });
    expect(row?.disabledAt).toBeInstanceOf(Date);
    const { total } = (await reads(db).get<{ total: unknown }>('SELECT COUNT(*) AS "total" FROM "User" WHERE "id" = ?', [user.id]))!;
    expect(total).toBe(1);
  });

  it('answers the same on the client that counts its statements (through Prisma), and is counted there', async () => {
    const user = await makeUser(db, { role: 'teacher' });
    sent.length = 0;
    const direct = await reads(db).get(userSql, [user.id]);
    const throughPrisma = await reads(counting as never).get(userSql, [user.id]);
    expect(throughPrisma).toEqual(direct);
    expect(sent).toHaveLength(1);
  });

  it('compares a bound date the way the stored dates are written', async () => {
    const before = new Date(Date.now() - 1000);
    const school = await makeSchool(db);
    const sql = `SELECT "id" FROM "School" WHERE "id" = ? AND "createdAt" >= ? AND "createdAt" <= ?`;
    expect(await reads(db).all(sql, [school.id, before, new Date(Date.now() + 1000)])).toEqual([{ id: school.id }]);
    expect(await reads(db).all(sql, [school.id, new Date(Date.now() + 1000), new Date(Date.now() + 2000)])).toEqual([]);
    // Exactly on the stored instant: the same text on SQLite, the same timestamp on PostgreSQL.
    expect(await reads(db).all(sql, [school.id, school.createdAt, school.createdAt])).toEqual([{ id: school.id }]);
  });

  it('gives each row a Date of its own, however often the same day is read', async () => {
    const student = await makeStudent(db, { schoolId: (await makeSchool(db)).id });
    const goal = await makeGoal(db, { studentId: student.id });
    // A calendar date (midnight UTC), which the reads remember by its text, and an instant, which they do not.
    const sql = `SELECT "startDate", "createdAt" FROM "Goal" WHERE "id" = ?`;
    const read = async () => (await reads(db).get<{ startDate: Date; createdAt: Date }>(sql, [goal.id]))!;
    const first = await read();
    const second = await read();
    expect(second).toEqual({ startDate: goal.startDate, createdAt: goal.createdAt });
    expect(second.startDate).not.toBe(first.startDate);
    // A Date changed by one reader changes nothing for the next.
    first.startDate.setUTCFullYear(1999);
    first.createdAt.setUTCFullYear(1999);
    expect(await read()).toEqual({ startDate: goal.startDate, createdAt: goal.createdAt });
  });

  it('takes a list of values, and refuses an empty one', async () => {
    const a = await makeSchool(db);
    const b = await makeSchool(db);
    const rows = await reads(db).all<{ id: number }>(`SELECT "id" FROM "School" WHERE "id" IN (${placeholders(2)}) ORDER BY "id"`, [
      a.id,
      b.id,
    ]);
    expect(rows.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(() => placeholders(0)).toThrow();
  });

  // A transaction of Prisma's, and one of db/writes.ts (which holds the write connection itself).
  const opened = {
    "Prisma's": (name: string, inside: () => Promise<void>) =>
      db.$transaction(async (tx) => {
        await tx.school.create({ data: { name } });
        await inside();
      }),
    'a direct': (name: string, inside: () => Promise<void>) =>
      writeTransaction(db, async (tx) => {
        await tx.run('INSERT INTO "School" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)', [name, new Date(), new Date()]);
        await inside();
      }),
  };

  it.each(Object.keys(opened) as (keyof typeof opened)[])(
    'sees what is committed, not what another request has written in %s transaction still open',
    async (kind) => {
      const name = `Open ${kind} transaction ${Date.now()}`;
      const count = async () => (await reads(db).get<{ n: number }>('SELECT COUNT(*) AS "n" FROM "School" WHERE "name" = ?', [name]))!.n;
      const release = signal();
      const written = signal();
      const transaction = opened[kind](name, async () => {
        written.fire();
        await release.fired;
      });
      await written.fired;
      expect(await count()).toBe(0);
      release.fire();
      await transaction;
      expect(await count()).toBe(1);
    },
  );

  it('reads again after the client disconnects and connects anew', async () => {
    const school = await makeSchool(db);
    const sql = 'SELECT "name" FROM "School" WHERE "id" = ?';
    expect(await reads(db).get(sql, [school.id])).toEqual({ name: school.name });
    await db.$disconnect();
    expect(await reads(db).get(sql, [school.id])).toEqual({ name: school.name });
  });

  it.skipIf(onPostgres)('follows a table that changes under a kept statement (SQLite prepares it again)', async () => {
    await db.$executeRawUnsafe('CREATE TABLE "ReadsScratch" ("id" INTEGER PRIMARY KEY, "a" TEXT)');
    await db.$executeRawUnsafe(`INSERT INTO "ReadsScratch" ("id", "a") VALUES (1, 'x')`);
    const sql = 'SELECT * FROM "ReadsScratch"';
    expect(await reads(db).all(sql)).toEqual([{ id: 1, a: 'x' }]);
    await db.$executeRawUnsafe(`ALTER TABLE "ReadsScratch" ADD COLUMN "b" DATETIME`);
    await db.$executeRawUnsafe(`UPDATE "ReadsScratch" SET "b" = '2026-12-01T00:00:00.000+00:00'`);
    expect(await reads(db).all(sql)).toEqual([{ id: 1, a: 'x', b: new Date('2026-12-01T00:00:00Z') }]);
  });

  it('refuses a client createDb did not make (a transaction could not see its own writes)', () => {
    expect(() => reads({} as Db)).toThrow(/createDb/);
  });
});

describe("Home's latest points", () => {
  it('are the same read directly and through Prisma, for a caseload with more goals than a statement could list one by one', async () => {
    const ot = await makeUser(db, { role: 'therapist' });
    const school = await makeSchool(db);
    const students = await Promise.all([1, 2, 3].map(() => makeStudent(db, { schoolId: school.id, therapistIds: [ot.id] })));
    // 630 active goals, read in one statement (the goals go in as one JSON list).
    await db.goal.createMany({
      data: students.flatMap((s) =>
        Array.from({ length: 210 }, () => ({
          studentId: s.id,
          area: 'handwriting' as const,
          statement: 'will form lowercase letters so they can be read',
          measurement: 'percent' as const,
          baselineValue: 20,
          baselineDate: new Date('2026-09-01'),
          targetCriterion: '80% of letters',
          targetValue: 80,
          startDate: new Date('2026-09-01'),
          targetDate: new Date('2027-06-01'),
        })),
      ),
    });
    // A goal with five points falling below its aim line, near the end of the list.
    const last = await makeGoal(db, { studentId: students[2]!.id, baselineValue: 20, targetValue: 80 });
    for (const [i, value] of [25, 20, 18, 15, 12].entries())
      await makeSessionLog(db, {
        providerId: ot.id,
        date: new Date(Date.UTC(2026, 9, 5 + 7 * i)),
        students: [{ studentId: students[2]!.id, dataPoints: [{ goalId: last.id, value }] }],
      });
    const caller = { id: ot.id, email: ot.email, name: ot.name, role: ot.role, assistant: false, mustChangePassword: false };
    const today = new Date('2026-11-16');
    const settings = { noDataWeeks: 3, notSeenDays: 14 };
    const direct = await needsAttention(db, await caseloadOf(db, caller), today, settings);
    const throughPrisma = await needsAttention(counting as never, await caseloadOf(counting as never, caller), today, settings);
    expect(direct).toEqual(throughPrisma);
    expect(direct.belowAim.map((b) => b.id)).toEqual([last.id]);
    expect(direct.noData).toHaveLength(630);
  });
});
