// Logging sessions and reading them back. One entry serves three records: the session note,
// attendance against the mandate, and the service log a district bills from.
import type { Db, Prisma } from '../../db/client.js';
import { Attendance as AttendanceValues } from '../../generated/prisma/enums.js';
import type { Attendance, GoalArea, Measurement, ServiceType } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../access/current-user.js';
import { authorize, loadSession, outOfScope } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { caseloadScope, sessionStudentScope, studentScopeSql } from '../../access/scope.js';
import { BadRequest, Invalid } from '../../web/errors.js';
import { auditData } from '../audit/audit.service.js';
import type { FormStudent } from './sessions.schema.js';
import { SessionOverlap, overlapDetails, overlapsIn } from './overlap.js';
import { copyCountsText, effectiveMinutes } from './counts.js';
import { checkSlotForSession } from '../schedule/schedule.service.js';
import { enumRank, sortedBy } from '../../enum-order.js';
import { placeholders, reads } from '../../db/reads.js';
import { writeTransaction } from '../../db/writes.js';
import type { WriteTx } from '../../db/writes.js';

/** Step one of logging: the students on the caseload who can be in a session. */
export async function caseloadToPick(db: Db, user: CurrentUser) {
  return db.student.findMany({
    where: { AND: [await caseloadScope(db, user), { status: { not: 'exited' } }] },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    // Caseloads are 24-100 students; the cap only guards against a mistake in the scope.
    take: 200,
    select: { id: true, firstName: true, lastName: true, preferredName: true, gradeLevel: true, school: { select: { name: true } } },
  });
}

type FormStudentRow = { id: number; firstName: string; lastName: string; preferredName: string | null };
type FormGoalRow = { id: number; studentId: number; area: GoalArea; statement: string; measurement: Measurement; targetValue: number };
type MissedRow = { id: number; studentId: number; attendance: Attendance; sessionDate: Date; sessionMinutes: number };

/** The make-ups offered for a student: their latest missed sessions not yet made up. */
const MAKE_UP_CHOICES = 10;
/**
 * Every attendance but "attended", as SQL: equal to one of them, not unequal to "attended", so the
 * (student, attendance, date) index reads a student's missed sessions only.
 */
const MISSED = Object.values(AttendanceValues)
  .filter((a) => a !== 'attended')
  .map((a) => `'${a}'`)
  .join(', ');

/**
 * Everything the session form needs for these students, who must all be on the user's caseload.
 * Read on every view of the form and every save: three statements that skip Prisma (db/reads.ts),
 * the students through the caseload's scope, their open goals, and their missed sessions that
 * count and are not made up, newest first, by the session's facts copied onto each row
 * (sessions/counts.ts): the student's index.
 */
export async function sessionFormContext(db: Db, caller: Caller, studentIds: number[]) {
  const { user } = caller;
  await authorize(db, caller, 'session.log', { type: 'session' });
  const unique = [...new Set(studentIds)];
  if (unique.length === 0) throw new BadRequest('Choose who was in the session.');
  const ids = placeholders(unique.length);
  const scope = studentScopeSql(user, 's."id"');
  const [found, goals, missed] = await Promise.all([
    reads(db).all<FormStudentRow>(
      `SELECT s."id", s."firstName", s."lastName", s."preferredName" FROM "Student" s
       WHERE s."id" IN (${ids}) AND s."status" <> 'exited' AND ${scope.sql}
       ORDER BY s."lastName", s."firstName", s."id"`,
      [...unique, ...scope.params],
    ),
    reads(db).all<FormGoalRow>(
      `SELECT g."id", g."studentId", g."area", g."statement", g."measurement", g."targetValue" FROM "Goal" g
       WHERE g."studentId" IN (${ids}) AND g."status" = 'active' ORDER BY g."id"`,
      unique,
    ),
    reads(db).all<MissedRow>(
      `SELECT r."id", r."studentId", r."attendance", r."sessionDate", r."sessionMinutes" FROM "SessionStudent" r
       WHERE r."studentId" IN (${ids}) AND r."attendance" IN (${MISSED}) AND ${copyCountsText('r')}
         AND NOT EXISTS (SELECT 1 FROM "SessionStudent" m WHERE m."makeUpForId" = r."id")
       ORDER BY r."studentId", r."sessionDate" DESC, r."id" DESC`,
      unique,
    ),
  ]);
  // Goals and missed sessions of a student out of scope were read too, and are dropped with them.
  const goalsOf = byStudent(goals);
  const missedOf = byStudent(missed);
  const students = found.map((s) => ({
    ...s,
    // By area in the schema's order: ordering by an enum differs between databases.
    goals: sortedBy(goalsOf.get(s.id) ?? [], (g) => enumRank('GoalArea', g.area)).map(({ studentId: _, ...g }) => g),
    attendance: (missedOf.get(s.id) ?? []).slice(0, MAKE_UP_CHOICES).map((m) => ({
      id: m.id,
      attendance: m.attendance,
      session: { date: m.sessionDate, minutes: m.sessionMinutes },
    })),
  }));
  const missing = unique.find((id) => !students.some((s) => s.id === id));
  if (missing !== undefined) await outOfScope(db, caller, 'session.log', { type: 'student', id: missing, studentId: missing });
  // An assistant's sessions name the OT who supervises them: an OT who serves these students,
  // or any OT while none does yet (an assistant is never left unable to log).
  const assistant = user.assistant;
  const ots = (serving: boolean) =>
    db.user.findMany({
      where: {
        role: 'therapist',
        assistant: false,
        disabledAt: null,
        ...(serving ? { caseload: { some: { studentId: { in: unique } } } } : {}),
      },
      orderBy: { name: 'asc' },
      select: { id: true, name: true },
    });
  const serving = assistant ? await ots(true) : [];
  const supervisors = assistant && serving.length === 0 ? await ots(false) : serving;
  return { students, supervisors, assistant };
}

/** Rows by their student (Map.groupBy needs Node 21). */
function byStudent<T extends { studentId: number }>(rows: T[]): Map<number, T[]> {
  const of = new Map<number, T[]>();
  for (const row of rows) {
    const list = of.get(row.studentId);
    if (list) list.push(row);
    else of.set(row.studentId, [row]);
  }
  return of;
}

export type SessionFormContext = Awaited<ReturnType<typeof sessionFormContext>>;

export function formStudents(context: SessionFormContext): FormStudent[] {
  return context.students.map((s) => ({
    id: s.id,
    name: s.preferredName || s.firstName,
    goals: s.goals,
    makeUpChoices: s.attendance.map((a) => a.id),
  }));
}

export type SessionInput = Record<string, unknown> & {
  date: Date;
  startTime: string;
  minutes: number;
  serviceType: string;
  place: string;
  nature: string;
  activities: string[];
  supervisorId: number | null;
  /** Logged from the schedule: one of the provider's own slots, and the day it was scheduled for. */
  scheduleSlotId?: number | null;
  scheduledFor?: Date | null;
};

/** A student's own minutes when they had fewer than the session's (left early); null for all of them. */
function ownMinutes(input: SessionInput, studentId: number): number | null {
  const own = input[`minutes_${studentId}`];
  return typeof own === 'number' && own < input.minutes ? own : null;
}

/** Thrown inside the saving transaction, which it rolls back: the rows the session would overlap. */
class Overlaps extends Error {
  constructor(readonly rowIds: number[]) {
    super('the session overlaps another');
  }
}

/**
 * Writes the whole session, every student's attendance and data, in one transaction. A session
 * that overlaps another of a student's sessions is refused (SessionOverlap, an Invalid): the
 * check runs inside the transaction, so two saves of the same form cannot both get in.
 *
 * The transaction is short: everything is decided before it, and inside it each table gets one
 * statement whatever the group's size (the overlap check, with the students' rows locked first
 * on PostgreSQL; a chosen make-up checked again; the session, its students' rows, their data
 * points, the audit entries), in SQL of our own (db/writes.ts). On SQLite every other
 * request's write waits for it: through Prisma a group of three held the database for 16
 * statements and about 10 ms, most of it Prisma's own work.
 */
export async function saveSession(db: Db, caller: Caller, context: SessionFormContext, input: SessionInput): Promise<number> {
  const { user } = caller;
  // Checked before the transaction, so the refusal of someone else's slot stays in the audit trail.
  const slotId = input.scheduleSlotId ?? null;
  if (slotId !== null) await checkSlotForSession(db, caller, slotId, input.scheduledFor ?? null);
  const students = context.students.map((student) => {
    const attendance = input[`attendance_${student.id}`] as Attendance;
    const attended = attendance === 'attended';
    return {
      student,
      attendance,
      // A student who was not there made nothing up.
      makeUpForId: attended ? ((input[`makeup_${student.id}`] as number | null | undefined) ?? null) : null,
      points: attended ? pointsFor(student.goals, input, input.date) : [],
    };
  });
  const now = new Date();
  try {
    return await writeTransaction(db, async (tx) => {
      const clash = await overlapsIn(
        tx,
        context.students.map((s) => s.id),
        input.date,
        input.startTime,
        (studentId) => ownMinutes(input, studentId) ?? input.minutes,
      );
      if (clash.length > 0) throw new Overlaps(clash);
      await refuseMadeUpMeanwhile(tx, students);
      const [session] = await tx.all<{ id: number }>(
        `INSERT INTO "SessionLog" ("providerId", "supervisorId", "date", "startTime", "minutes", "serviceType", "place", "nature",
           "activities", "scheduleSlotId", "scheduledFor", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ${asEnum(tx, 'ServiceType')}, ${asEnum(tx, 'PlaceOfService')}, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
        [
          user.id,
          input.supervisorId,
          input.date,
          input.startTime,
          input.minutes,
          input.serviceType,
          input.place,
          input.nature,
          input.activities.join(','),
          slotId,
          slotId === null ? null : (input.scheduledFor ?? null),
          now,
          now,
        ],
      );
      const sessionId = session!.id;
      const rows = await tx.all<{ id: number; studentId: number }>(
        `INSERT INTO "SessionStudent" ("sessionId", "studentId", "attendance", "minutes", "response", "note", "makeUpForId")
         VALUES ${values(students.length, `(?, ?, ${asEnum(tx, 'Attendance')}, ?, ?, ?, ?)`)} RETURNING "id", "studentId"`,
        students.flatMap(({ student: s, attendance, makeUpForId }) => {
          const attended = attendance === 'attended';
          return [
            sessionId,
            s.id,
            attendance,
            attended ? ownMinutes(input, s.id) : null,
            attended ? ((input[`response_${s.id}`] as string | null) ?? '') : '',
            (input[`note_${s.id}`] as string | undefined) ?? '',
            makeUpForId,
          ];
        }),
      );
      const rowOf = new Map(rows.map((r) => [r.studentId, r.id]));
      const points = students.flatMap(({ student: s, points }) => points.map((p) => ({ ...p, sessionStudentId: rowOf.get(s.id)! })));
      if (points.length > 0) {
        await tx.run(
          `INSERT INTO "DataPoint" ("goalId", "sessionStudentId", "date", "value", "correct", "incorrect", "cued")
           VALUES ${values(points.length, '(?, ?, ?, ?, ?, ?, ?)')}`,
          points.flatMap((p) => [p.goalId, p.sessionStudentId, p.date, p.value, p.correct ?? null, p.incorrect ?? null, p.cued ?? null]),
        );
      }
      const audit = students.map(({ student: s, attendance, points }) =>
        auditData({
          action: 'student.session.logged',
          actorId: user.id,
          actorEmail: user.email,
          ip: caller.ip ?? null,
          studentId: s.id,
          targetType: 'session',
          targetId: sessionId,
          detail: { attendance, dataPoints: points.length },
        }),
      );
      await tx.run(
        `INSERT INTO "AuditEvent" ("at", "actorId", "actorEmail", "action", "studentId", "targetType", "targetId", "ip", "detail")
         VALUES ${values(audit.length, '(?, ?, ?, ?, ?, ?, ?, ?, ?)')}`,
        audit.flatMap((a) => [
          now,
          a.actorId ?? null,
          a.actorEmail ?? null,
          a.action,
          a.studentId ?? null,
          a.targetType ?? null,
          a.targetId ?? null,
          a.ip ?? null,
          a.detail ?? null,
        ]),
      );
      return sessionId;
    });
  } catch (error) {
    // The names and times of the sessions it overlaps, read after the transaction has let go.
    if (error instanceof Overlaps) {
      const found = await overlapDetails(db, error.rowIds);
      // Gone meanwhile (a student deleted at a family's request): nothing to name, and a new try may pass.
      if (found.length === 0) throw new Invalid({ startTime: 'Another session changed at this time while saving. Save again.' });
      throw new SessionOverlap(found);
    }
    throw error;
  }
}

/**
 * A missed session chosen to make up may have been made up by another save since the form was
 * read (the form offers only those not made up): refused beside the student's choice.
 */
async function refuseMadeUpMeanwhile(tx: WriteTx, students: { student: { id: number }; makeUpForId: number | null }[]) {
  const chosen = students.filter((s) => s.makeUpForId !== null);
  if (chosen.length === 0) return;
  const taken = await tx.all<{ makeUpForId: number }>(
    `SELECT "makeUpForId" FROM "SessionStudent" WHERE "makeUpForId" IN (${placeholders(chosen.length)})`,
    chosen.map((s) => s.makeUpForId),
  );
  const refused = chosen.filter((s) => taken.some((t) => t.makeUpForId === s.makeUpForId));
  if (refused.length > 0) {
    throw new Invalid(
      Object.fromEntries(
        refused.map((s) => [`makeup_${s.student.id}`, 'That missed session was made up by another session meanwhile. Choose again.']),
      ),
    );
  }
}

/** `count` rows of VALUES, each `row`. */
function values(count: number, row: string): string {
  return Array.from({ length: count }, () => row).join(', ');
}

/** A value for a column of an enum's type: PostgreSQL takes text there only cast (SQLite keeps text). */
function asEnum(tx: WriteTx, type: 'ServiceType' | 'PlaceOfService' | 'Attendance'): string {
  return tx.dialect === 'postgresql' ? `CAST(? AS "${type}")` : '?';
}

/** A student's data points from the form's fields: tries as a percent with their counts, or the value. */
export function pointsFor(goals: { id: number; measurement: string }[], input: Record<string, unknown>, date: Date) {
  const points: Omit<Prisma.DataPointCreateManyInput, 'sessionStudentId'>[] = [];
  for (const g of goals) {
    if (g.measurement === 'trials') {
      const correct = input[`correct_${g.id}`] as number;
      const incorrect = input[`incorrect_${g.id}`] as number;
      const cued = input[`cued_${g.id}`] as number;
      const total = correct + incorrect + cued;
      // Cued tries are not counted as done alone: the percent is correct out of all tries.
      if (total > 0) points.push({ goalId: g.id, date, value: Math.round((correct / total) * 1000) / 10, correct, incorrect, cued });
    } else {
      const value = input[`value_${g.id}`] as number | null;
      if (value !== null && value !== undefined) points.push({ goalId: g.id, date, value });
    }
  }
  return points;
}

/** One logged session, showing only the students the caller may see in it, and the group's size. */
export async function getSession(db: Db, caller: Caller, sessionId: number) {
  const session = await loadSession(db, caller, sessionId, 'session.view', (where) =>
    db.sessionLog.findFirst({
      where,
      include: {
        provider: { select: { name: true, assistant: true } },
        supervisor: { select: { name: true, assistant: true } },
        students: {
          where: sessionStudentScope(caller.user),
          include: {
            student: { select: { id: true, firstName: true, lastName: true, preferredName: true } },
            makeUpFor: { select: { session: { select: { date: true } }, attendance: true } },
            dataPoints: { include: { goal: { select: { id: true, area: true, statement: true, measurement: true } } } },
          },
        },
      },
    }),
  );
  // The group's size counts every student in it, also those the caller does not see. Counted
  // apart: Prisma's nested _count groups the whole table.
  const groupSize = await db.sessionStudent.count({ where: { sessionId } });
  return { ...session, groupSize };
}

/** A student's sessions, newest first, paged in the database. A voided one stays listed, marked, and counts nothing. */
type StudentSessionRow = {
  id: number;
  attendance: Attendance;
  minutes: number | null;
  makeUpForId: number | null;
  madeUpById: number | null;
  sessionId: number;
  date: Date;
  startTime: string;
  sessionMinutes: number;
  serviceType: ServiceType;
  voidedAt: Date | null;
  voidReason: string | null;
  providerName: string;
  groupSize: number;
  dataPoints: number;
};

/**
 * A student's sessions, newest first, a page at a time, with the session's size and the row's
 * data points: two statements that skip Prisma (db/reads.ts), the page and its count. Through
 * Prisma's relations and groupings the page took seven. The caller has loaded the student
 * through its scope.
 */
export async function sessionsForStudent(db: Db, studentId: number, page: { skip: number; take: number }) {
  const [rows, counted] = await Promise.all([
    reads(db).all<StudentSessionRow>(
      `SELECT r."id", r."attendance", r."minutes", r."makeUpForId", m."id" AS "madeUpById",
              s."id" AS "sessionId", s."date", s."startTime", s."minutes" AS "sessionMinutes", s."serviceType",
              s."voidedAt", s."voidReason", u."name" AS "providerName",
              (SELECT COUNT(*) FROM "SessionStudent" g WHERE g."sessionId" = s."id") AS "groupSize",
              (SELECT COUNT(*) FROM "DataPoint" p WHERE p."sessionStudentId" = r."id") AS "dataPoints"
       FROM "SessionStudent" r
       JOIN "SessionLog" s ON s."id" = r."sessionId"
       JOIN "User" u ON u."id" = s."providerId"
       LEFT JOIN "SessionStudent" m ON m."makeUpForId" = r."id"
       WHERE r."studentId" = ?
       ORDER BY r."sessionDate" DESC, r."sessionStart" DESC, r."id" DESC LIMIT ? OFFSET ?`,
      [studentId, page.take, page.skip],
    ),
    reads(db).get<{ total: number }>('SELECT COUNT(*) AS "total" FROM "SessionStudent" WHERE "studentId" = ?', [studentId]),
  ]);
  return {
    rows: rows.map((r) => {
      const session = {
        id: r.sessionId,
        date: r.date,
        startTime: r.startTime,
        minutes: r.sessionMinutes,
        serviceType: r.serviceType,
        voidedAt: r.voidedAt,
        voidReason: r.voidReason,
        provider: { name: r.providerName },
      };
      return {
        id: r.id,
        attendance: r.attendance,
        minutes: effectiveMinutes(r, session),
        makeUpForId: r.makeUpForId,
        madeUpBy: r.madeUpById === null ? null : { id: r.madeUpById },
        session,
        groupSize: r.groupSize,
        dataPoints: r.dataPoints,
      };
    }),
    total: counted?.total ?? 0,
  };
}
