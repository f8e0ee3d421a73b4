// Logging sessions and reading them back. One entry serves three records: the session note,
// attendance against the mandate, and the service log a district bills from.
import type { Db, Prisma } from '../../db/client.js';
import type { Attendance, PlaceOfService, ServiceType } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../access/current-user.js';
import { authorize, loadSession, outOfScope } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { caseloadScope, sessionStudentScope, studentScope } from '../../access/scope.js';
import { BadRequest } from '../../web/errors.js';
import { auditData } from '../audit/audit.service.js';
import type { FormStudent } from './sessions.schema.js';
import { refuseOverlap } from './overlap.js';
import { effectiveMinutes } from './counts.js';
import { checkSlotForSession } from '../schedule/schedule.service.js';
import { enumRank, sortedBy } from '../../enum-order.js';
import { reads } from '../../db/reads.js';

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

/** Everything the session form needs for these students, who must all be on the user's caseload. */
export async function sessionFormContext(db: Db, caller: Caller, studentIds: number[]) {
  const { user } = caller;
  await authorize(db, caller, 'session.log', { type: 'session' });
  const unique = [...new Set(studentIds)];
  if (unique.length === 0) throw new BadRequest('Choose who was in the session.');
  const found = await db.student.findMany({
    where: { AND: [{ id: { in: unique } }, studentScope(user), { status: { not: 'exited' } }] },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    select: {
      id: true,
      firstName: true,
      lastName: true,
      preferredName: true,
      goals: {
        where: { status: 'active' },
        // By area in the schema's order below: ordering by an enum differs between databases.
        orderBy: { id: 'asc' },
        select: { id: true, area: true, statement: true, measurement: true, targetValue: true },
      },
      attendance: {
        // By the session's facts copied onto the row (sessions/counts.ts): the student's index.
        where: { attendance: { not: 'attended' }, madeUpBy: null, sessionVoided: false },
        orderBy: [{ sessionDate: 'desc' }, { id: 'desc' }],
        take: 10,
        select: { id: true, attendance: true, session: { select: { date: true, minutes: true } } },
      },
    },
  });
  const students = found.map((s) => ({ ...s, goals: sortedBy(s.goals, (g) => enumRank('GoalArea', g.area)) }));
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

/**
 * Writes the whole session, every student's attendance and data, in one transaction. A session
 * that overlaps another of a student's sessions is refused (SessionOverlap, an Invalid): the
 * check runs inside the transaction, so two saves of the same form cannot both get in.
 *
 * The transaction is short: everything is decided before it, and inside it each table gets one
 * statement whatever the group's size (the overlap check's lock and read, the session, its
 * students' rows, their data points, the audit entries). On SQLite every other request's write
 * waits for it, so a group of three once held the database for 22 statements.
 */
export async function saveSession(db: Db, caller: Caller, context: SessionFormContext, input: SessionInput): Promise<number> {
  const { user } = caller;
  // Checked before the transaction, so the refusal of someone else's slot stays in the audit trail.
  const slotId = input.scheduleSlotId ?? null;
  if (slotId !== null) await checkSlotForSession(db, caller, slotId, input.scheduledFor ?? null);
  const students = context.students.map((student) => {
    const attendance = input[`attendance_${student.id}`] as Attendance;
    return { student, attendance, points: attendance === 'attended' ? pointsFor(student.goals, input, input.date) : [] };
  });
  return db.$transaction(async (tx) => {
    await refuseOverlap(
      tx,
      context.students.map((s) => s.id),
      input.date,
      input.startTime,
      (studentId) => ownMinutes(input, studentId) ?? input.minutes,
    );
    const session = await tx.sessionLog.create({
      select: { id: true },
      data: {
        providerId: user.id,
        supervisorId: input.supervisorId,
        date: input.date,
        startTime: input.startTime,
        minutes: input.minutes,
        serviceType: input.serviceType as ServiceType,
        place: input.place as PlaceOfService,
        nature: input.nature,
        activities: input.activities.join(','),
        scheduleSlotId: slotId,
        scheduledFor: slotId === null ? null : (input.scheduledFor ?? null),
      },
    });
    const rows = await tx.sessionStudent.createManyAndReturn({
      data: students.map(({ student: s, attendance }) => ({
        sessionId: session.id,
        studentId: s.id,
        attendance,
        minutes: attendance === 'attended' ? ownMinutes(input, s.id) : null,
        response: attendance === 'attended' ? ((input[`response_${s.id}`] as string | null) ?? '') : '',
        note: (input[`note_${s.id}`] as string) ?? '',
        // A student who was not there made nothing up.
        makeUpForId: attendance === 'attended' ? ((input[`makeup_${s.id}`] as number | null) ?? null) : null,
      })),
      select: { id: true, studentId: true },
    });
    const rowOf = new Map(rows.map((r) => [r.studentId, r.id]));
    const points = students.flatMap(({ student: s, points }) => points.map((p) => ({ ...p, sessionStudentId: rowOf.get(s.id)! })));
    if (points.length) await tx.dataPoint.createMany({ data: points });
    await tx.auditEvent.createMany({
      data: students.map(({ student: s, attendance, points }) =>
        auditData({
          action: 'student.session.logged',
          actorId: user.id,
          actorEmail: user.email,
          ip: caller.ip ?? null,
          studentId: s.id,
          targetType: 'session',
          targetId: session.id,
          detail: { attendance, dataPoints: points.length },
        }),
      ),
    });
    return session.id;
  });
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
