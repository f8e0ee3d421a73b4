// Which records a user may reach. Every query of student data starts from one of these, so a
// record out of scope is simply not found.
import type { Db, Prisma } from '../db/client.js';
import type { Value } from '../db/reads.js';
import type { CurrentUser } from './current-user.js';

type Who = Pick<CurrentUser, 'id' | 'role'>;

/** A therapist's (or assistant's) caseload, a teacher's students, the whole district for an admin. */
export function studentScope(user: Who): Prisma.StudentWhereInput {
  switch (user.role) {
    case 'admin':
      return {};
    case 'therapist':
      return { therapists: { some: { userId: user.id } } };
    case 'teacher':
      return { teachers: { some: { userId: user.id } } };
  }
}

/**
 * The same scope for a list of students, as the ids of the caseload (or class) read through the
 * link table's index. SQLite tests the relation filter above on every student of the district in
 * turn, so a list or count filtered by it cost what the district costs; by `id IN (...)` it costs
 * what the caseload costs. Read when the list is, so it is never out of date.
 */
export async function caseloadScope(db: Db, user: Who): Promise<Prisma.StudentWhereInput> {
  const link = { where: { userId: user.id }, select: { studentId: true } } as const;
  switch (user.role) {
    case 'admin':
      return {};
    case 'therapist':
      return { id: { in: (await db.studentTherapist.findMany(link)).map((r) => r.studentId) } };
    case 'teacher':
      return { id: { in: (await db.studentTeacher.findMany(link)).map((r) => r.studentId) } };
  }
}

/** A condition in SQL (db/reads.ts) and the values of its `?`s. */
export type SqlCondition = { sql: string; params: Value[] };

/**
 * `studentScope` in SQL, for reads that skip Prisma: whether the student whose id is in `studentId`
 * (a column, such as `s."id"`) is the user's, through the link table's index.
 */
export function studentScopeSql(user: Who, studentId: string): SqlCondition {
  switch (user.role) {
    case 'admin':
      return { sql: '1 = 1', params: [] };
    case 'therapist':
      return {
        sql: `EXISTS (SELECT 1 FROM "StudentTherapist" scope_link WHERE scope_link."studentId" = ${studentId} AND scope_link."userId" = ?)`,
        params: [user.id],
      };
    case 'teacher':
      return {
        sql: `EXISTS (SELECT 1 FROM "StudentTeacher" scope_link WHERE scope_link."studentId" = ${studentId} AND scope_link."userId" = ?)`,
        params: [user.id],
      };
  }
}

/**
 * The same scope for a list that starts from the user's students (a caseload, a class): `studentId`
 * among those the link table's user index gives, read once a statement. Tested row by row, as in a
 * correlated check, studentScopeSql is the faster of the two.
 */
export function studentListScopeSql(user: Who, studentId: string): SqlCondition {
  const from = (link: string) => ({
    sql: `${studentId} IN (SELECT scope_link."studentId" FROM ${link} scope_link WHERE scope_link."userId" = ?)`,
    params: [user.id],
  });
  switch (user.role) {
    case 'admin':
      return { sql: '1 = 1', params: [] };
    case 'therapist':
      return from('"StudentTherapist"');
    case 'teacher':
      return from('"StudentTeacher"');
  }
}

/** `sessionScope` in SQL: the session whose id is in `sessionId` has a student of the user's. */
export function sessionScopeSql(user: Who, sessionId: string): SqlCondition {
  if (user.role === 'admin') return { sql: '1 = 1', params: [] };
  const student = studentScopeSql(user, 'scope_row."studentId"');
  return {
    sql: `EXISTS (SELECT 1 FROM "SessionStudent" scope_row WHERE scope_row."sessionId" = ${sessionId} AND ${student.sql})`,
    params: student.params,
  };
}

/**
 * `concernScope` in SQL, for a list that starts from the user's students and schools rather than
 * testing every concern of the district: whether the concern under `concern` (an alias, such as
 * `c`) is the user's to see. The same rule: a therapist's students' concerns, and at the schools
 * they are assigned to, those about a new student or one no OT serves yet; a teacher's own.
 */
export function concernListScopeSql(user: Who, concern: string): SqlCondition {
  switch (user.role) {
    case 'admin':
      return { sql: '1 = 1', params: [] };
    case 'teacher':
      return { sql: `${concern}."teacherId" = ?`, params: [user.id] };
    case 'therapist':
      return {
        sql: `${concern}."id" IN (
          SELECT scope_concern."id" FROM "StudentTherapist" scope_link
          JOIN "Concern" scope_concern ON scope_concern."studentId" = scope_link."studentId"
          WHERE scope_link."userId" = ?
          UNION ALL
          SELECT scope_concern."id" FROM "SchoolTherapist" scope_school
          JOIN "Concern" scope_concern ON scope_concern."schoolId" = scope_school."schoolId"
          WHERE scope_school."userId" = ? AND (scope_concern."studentId" IS NULL OR NOT EXISTS (
            SELECT 1 FROM "StudentTherapist" scope_any WHERE scope_any."studentId" = scope_concern."studentId")))`,
        params: [user.id, user.id],
      };
  }
}

/** Teachers read only finalised notes shared with them; the others every note of their students. */
export function noteScope(user: Who): Prisma.ProgressNoteWhereInput {
  const scoped = { student: studentScope(user) };
  return user.role === 'teacher' ? { ...scoped, status: 'final', sharedAt: { not: null } } : scoped;
}

/** `noteScope` in SQL for a list that starts from the user's students: the note under `note` (an alias, such as `n`). */
export function noteListScopeSql(user: Who, note: string): SqlCondition {
  const student = studentListScopeSql(user, `${note}."studentId"`);
  return user.role === 'teacher'
    ? { sql: `${student.sql} AND ${note}."status" = 'final' AND ${note}."sharedAt" IS NOT NULL`, params: student.params }
    : student;
}

/** A session is reachable when one of its students is; its other students stay hidden (sessionStudentScope). */
export function sessionScope(user: Who): Prisma.SessionLogWhereInput {
  return user.role === 'admin' ? {} : { students: { some: { student: studentScope(user) } } };
}

export function sessionStudentScope(user: Who): Prisma.SessionStudentWhereInput {
  return user.role === 'admin' ? {} : { student: studentScope(user) };
}

/**
 * Where a teacher's concern goes. About a student on a caseload: to that student's OTs. About
 * a new student, or one no OT serves yet: to the OTs an admin assigned to the school. A teacher
 * sees the concerns they raised.
 */
export function concernScope(user: Who): Prisma.ConcernWhereInput {
  if (user.role === 'teacher') return { teacherId: user.id };
  if (user.role === 'admin') return {};
  return {
    OR: [
      { student: { therapists: { some: { userId: user.id } } } },
      {
        school: { therapists: { some: { userId: user.id } } },
        OR: [{ studentId: null }, { student: { therapists: { none: {} } } }],
      },
    ],
  };
}
