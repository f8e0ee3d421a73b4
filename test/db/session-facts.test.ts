// A session's date, start, minutes, kind and whether it was voided are copied onto its students'
// rows and data points by triggers in the database (migration 20261201112102), so that a student's
// sessions and a goal's points are read by their indexes alone. The copies must follow every change,
// whatever code makes it, on either database.
import { afterAll, describe, expect, it } from 'vitest';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, makeUser } from '../../src/db/factories.js';
import { reads } from '../../src/db/reads.js';
import { freshDb, onPostgres } from '../helpers/db.js';

const { db } = freshDb();
afterAll(() => db.$disconnect());

const schoolId = (await makeSchool(db)).id;
const ot = await makeUser(db, { role: 'therapist' });
const ava = (await makeStudent(db, { schoolId, therapistIds: [ot.id] })).id;
const ben = (await makeStudent(db, { schoolId, therapistIds: [ot.id] })).id;
const goal = (await makeGoal(db, { studentId: ava, measurement: 'percent' })).id;

/** Every row whose copies differ from its session: none, whatever happened before. */
async function rowsOutOfStep() {
  return reads(db).all<{ id: number }>(
    `SELECT r."id" FROM "SessionStudent" r JOIN "SessionLog" s ON s."id" = r."sessionId"
     WHERE r."sessionDate" IS NULL OR r."sessionDate" <> s."date" OR r."sessionStart" IS NULL OR r."sessionStart" <> s."startTime"
        OR r."sessionMinutes" IS NULL OR r."sessionMinutes" <> s."minutes"
        OR r."sessionServiceType" IS NULL OR r."sessionServiceType" <> s."serviceType"
        OR r."sessionVoided" <> (s."voidedAt" IS NOT NULL)
     UNION ALL
     SELECT p."id" FROM "DataPoint" p JOIN "SessionStudent" r ON r."id" = p."sessionStudentId" WHERE p."sessionVoided" <> r."sessionVoided"`,
  );
}

async function rowsOf(sessionId: number) {
  return db.sessionStudent.findMany({
    where: { sessionId },
    orderBy: { studentId: 'asc' },
    select: { sessionDate: true, sessionStart: true, sessionMinutes: true, sessionServiceType: true, sessionVoided: true },
  });
}

describe("a session's facts on its students' rows", () => {
  it('are copied when the session is logged', async () => {
    const session = await makeSessionLog(db, {
      providerId: ot.id,
      date: new Date('2026-10-06'),
      startTime: '10:15',
      minutes: 40,
      serviceType: 'group',
      students: [
        { studentId: ava, dataPoints: [{ goalId: goal, value: 60 }] },
        { studentId: ben, attendance: 'student_absent' },
      ],
    });
    const expected = {
      sessionDate: new Date('2026-10-06'),
      sessionStart: '10:15',
      sessionMinutes: 40,
      sessionServiceType: 'group',
      sessionVoided: false,
    };
    expect(await rowsOf(session.id)).toEqual([expected, expected]);
    expect(await db.dataPoint.findMany({ where: { goalId: goal }, select: { sessionVoided: true } })).toEqual([{ sessionVoided: false }]);
    expect(await rowsOutOfStep()).toEqual([]);
  });

  it('follow a correction of the date, start, minutes or kind, and a student added later', async () => {
    const session = await makeSessionLog(db, { providerId: ot.id, date: new Date('2026-10-07'), students: [{ studentId: ava }] });
    await db.sessionLog.update({
      where: { id: session.id },
      data: { date: new Date('2026-10-08'), startTime: '13:30', minutes: 25, serviceType: 'consultation' },
    });
    await db.sessionStudent.create({ data: { sessionId: session.id, studentId: ben, attendance: 'attended' } });
    const expected = {
      sessionDate: new Date('2026-10-08'),
      sessionStart: '13:30',
      sessionMinutes: 25,
      sessionServiceType: 'consultation',
      sessionVoided: false,
    };
    expect(await rowsOf(session.id)).toEqual([expected, expected]);
    expect(await rowsOutOfStep()).toEqual([]);
  });

  it('mark every row and data point of a voided session, and a point added to it afterwards', async () => {
    const session = await makeSessionLog(db, {
      providerId: ot.id,
      date: new Date('2026-10-09'),
      students: [{ studentId: ava, dataPoints: [{ goalId: goal, value: 70 }] }, { studentId: ben }],
    });
    await db.sessionLog.update({ where: { id: session.id }, data: { voidedAt: new Date(), voidReason: 'Logged twice' } });
    expect((await rowsOf(session.id)).map((r) => r.sessionVoided)).toEqual([true, true]);
    const row = await db.sessionStudent.findFirstOrThrow({ where: { sessionId: session.id, studentId: ava } });
    await db.dataPoint.create({ data: { goalId: goal, sessionStudentId: row.id, date: new Date('2026-10-09'), value: 75 } });
    const points = await db.dataPoint.findMany({ where: { sessionStudentId: row.id }, select: { sessionVoided: true } });
    expect(points).toEqual([{ sessionVoided: true }, { sessionVoided: true }]);
    expect(await rowsOutOfStep()).toEqual([]);
  });

  it('follow a row or a point moved to another session', async () => {
    const kept = await makeSessionLog(db, { providerId: ot.id, date: new Date('2026-10-12'), students: [{ studentId: ava }] });
    const voided = await makeSessionLog(db, {
      providerId: ot.id,
      date: new Date('2026-10-13'),
      startTime: '11:00',
      students: [{ studentId: ben, dataPoints: [] }],
    });
    await db.sessionLog.update({ where: { id: voided.id }, data: { voidedAt: new Date() } });
    const row = await db.sessionStudent.findFirstOrThrow({ where: { sessionId: kept.id } });
    await db.dataPoint.create({ data: { goalId: goal, sessionStudentId: row.id, date: new Date('2026-10-12'), value: 50 } });
    await db.sessionStudent.update({ where: { id: row.id }, data: { sessionId: voided.id } });
    expect(await rowsOutOfStep()).toEqual([]);
    expect((await rowsOf(voided.id)).map((r) => r.sessionVoided)).toEqual([true, true]);
  });

  it('are kept by triggers that every migration leaves in place', async () => {
    const names = onPostgres
      ? (await reads(db).all<{ name: string }>(`SELECT "tgname" AS "name" FROM "pg_trigger" WHERE NOT "tgisinternal"`)).map((t) => t.name)
      : (await reads(db).all<{ name: string }>(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'trigger'`)).map((t) => t.name);
    expect(names.sort()).toEqual(
      (onPostgres
        ? ['DataPoint_session_facts', 'SessionLog_session_facts', 'SessionStudent_session_facts', 'SessionStudent_session_moved']
        : [
            'DataPoint_session_facts',
            'DataPoint_session_moved',
            'SessionLog_session_facts',
            'SessionStudent_session_facts',
            'SessionStudent_session_moved',
          ]
      ).sort(),
    );
  });
});
