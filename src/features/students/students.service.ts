// Students as the signed-in user may see them. Out of scope is "not found", and audited.
import type { Db, Prisma } from '../../db/client.js';
import type { CurrentUser } from '../../access/current-user.js';
import { loadStudentRow } from '../../access/loaders.js';
import { studentListScopeSql } from '../../access/scope.js';
import type { Caller } from '../../access/loaders.js';
import { can } from '../../access/policy.js';
import type { Action } from '../../access/policy.js';
import { reads, type Value } from '../../db/reads.js';
import { likePattern, looksLikeDistrictId, searchWords } from './search-name.js';
import { enumRank, sortedBy } from '../../enum-order.js';

/** `today` is the district's date: a teacher's "next report" is due on it or later. */
export type StudentListQuery = { q: string; schoolId: number | null; skip: number; take: number; today: Date };

/** A row of the student list. */
export type ListedStudent = {
  id: number;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  gradeLevel: number;
  status: string;
  school: { name: string };
};

/**
 * The list and live search: two statements that skip Prisma (db/reads.ts), the page and its count,
 * both starting from the caller's caseload (or class) through the link table's index, so their cost
 * follows the caseload, not the district. The same conditions as studentScope and the name search.
 */
export async function listStudents(db: Db, user: CurrentUser, query: StudentListQuery) {
  const conditions: string[] = [];
  const params: Value[] = [];
  if (user.role !== 'admin') {
    const scope = studentListScopeSql(user, 's."id"');
    conditions.push(scope.sql);
    params.push(...scope.params);
  }
  // Every word somewhere in a name the student goes by, matched literally (a "_" finds only "_").
  const words = searchWords(query.q);
  const byName = words.map(() => `s."searchName" LIKE ? ESCAPE '!'`).join(' AND ');
  const patterns = words.map(likePattern);
  // A district student id typed whole ("204518") finds that student too, still within the scope above.
  const q = query.q.trim();
  if (looksLikeDistrictId(q)) {
    conditions.push(`(${byName} OR s."districtId" = ?)`);
    params.push(...patterns, q);
  } else if (words.length) {
    conditions.push(byName);
    params.push(...patterns);
  }
  if (query.schoolId) {
    conditions.push(`s."schoolId" = ?`);
    params.push(query.schoolId);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const [rows, counted] = await Promise.all([
    reads(db).all<Omit<ListedStudent, 'school'> & { schoolName: string }>(
      // The page's ids first, by the name index, then their rows and schools: a page deep in the
      // district's list (an admin's page 100) skips the rows before it without reading them. The
      // CROSS JOIN keeps SQLite reading the page first (PostgreSQL plans it as a plain join).
      `SELECT s."id", s."firstName", s."lastName", s."preferredName", s."gradeLevel", s."status", sc."name" AS "schoolName"
       FROM (SELECT s."id" FROM "Student" s ${where} ORDER BY s."lastName", s."firstName", s."id" LIMIT ? OFFSET ?) AS page
       CROSS JOIN "Student" s JOIN "School" sc ON sc."id" = s."schoolId"
       WHERE s."id" = page."id"
       ORDER BY s."lastName", s."firstName", s."id"`,
      [...params, query.take, query.skip],
    ),
    reads(db).get<{ total: number }>(`SELECT COUNT(*) AS "total" FROM "Student" s ${where}`, params),
  ]);
  const students: ListedStudent[] = rows.map(({ schoolName, ...student }) => ({ ...student, school: { name: schoolName } }));
  const total = counted?.total ?? 0;
  if (user.role !== 'teacher') return { students, total, teacherView: null };
  return {
    students,
    total,
    teacherView: await teacherColumns(
      db,
      students.map((s) => s.id),
      query.today,
    ),
  };
}

/** What a teacher sees beside each student: the OT, the next report, strategies and shared notes.
 *  Four queries for the page, whatever its length. */
async function teacherColumns(db: Db, ids: number[], today: Date) {
  const [therapists, reports, strategies, notes] = await Promise.all([
    db.studentTherapist.findMany({ where: { studentId: { in: ids } }, select: { studentId: true, user: { select: { name: true } } } }),
    db.progressReportDate.findMany({
      where: { studentId: { in: ids }, dueOn: { gte: today } },
      orderBy: { dueOn: 'asc' },
      select: { studentId: true, dueOn: true },
    }),
    db.studentStrategy.groupBy({ by: ['studentId'], where: { studentId: { in: ids }, active: true }, _count: { _all: true } }),
    db.progressNote.groupBy({
      by: ['studentId'],
      where: { studentId: { in: ids }, status: 'final', sharedAt: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const row = new Map<number, { ots: string[]; nextReport: Date | null; strategies: number; notes: number }>();
  for (const id of ids) row.set(id, { ots: [], nextReport: null, strategies: 0, notes: 0 });
  for (const t of therapists) row.get(t.studentId)?.ots.push(t.user.name);
  for (const r of reports) {
    const entry = row.get(r.studentId);
    if (entry && !entry.nextReport) entry.nextReport = r.dueOn;
  }
  for (const s of strategies) row.get(s.studentId)!.strategies = s._count._all;
  for (const n of notes) row.get(n.studentId)!.notes = n._count._all;
  return Object.fromEntries(row);
}

type Row<T> = Prisma.StudentGetPayload<object> & T;
type TeamRow = {
  kind: 'therapist' | 'teacher';
  studentId: number;
  userId: number;
  createdAt: Date;
  name: string;
  email: string;
  assistant: boolean;
};

/**
 * A student's page: what the caller may see of them. The student (with their school) is read
 * through the scoped loader, then their dates, mandates, evaluations, goals and team in one
 * statement each, all skipping Prisma (db/reads.ts): through Prisma's includes the same took ten
 * statements, a fifth of the page's CPU. Evaluations and goals are read only for those whose role
 * may see them.
 */
export async function getStudent(db: Db, caller: Caller, id: number, action: Action = 'student.view') {
  const { user } = caller;
  const read = reads(db);
  const row = await loadStudentRow(db, caller, id, action, (where) =>
    read.get<Row<{ schoolName: string; schoolCreatedAt: Date; schoolUpdatedAt: Date }>>(
      `SELECT "Student".*, sc."name" AS "schoolName", sc."createdAt" AS "schoolCreatedAt", sc."updatedAt" AS "schoolUpdatedAt"
       FROM "Student" JOIN "School" sc ON sc."id" = "Student"."schoolId" WHERE ${where.sql}`,
      where.params,
    ),
  );
  const { schoolName, schoolCreatedAt, schoolUpdatedAt, ...student } = row;
  const [reportDates, mandates, evaluations, goals, team] = await Promise.all([
    read.all<Prisma.ProgressReportDateGetPayload<object>>(
      'SELECT "id", "studentId", "dueOn" FROM "ProgressReportDate" WHERE "studentId" = ? ORDER BY "dueOn"',
      [id],
    ),
    read.all<Prisma.ServiceMandateGetPayload<object>>(
      'SELECT * FROM "ServiceMandate" WHERE "studentId" = ? ORDER BY "startDate" DESC, "id"',
      [id],
    ),
    can(user, 'evaluation.view')
      ? read.all<{ id: number; dueDate: Date; completedAt: Date | null }>(
          'SELECT "id", "dueDate", "completedAt" FROM "Evaluation" WHERE "studentId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 5',
          [id],
        )
      : undefined,
    // Sorted by status and area below: ordering by an enum differs between databases.
    can(user, 'goal.view')
      ? read.all<Prisma.GoalGetPayload<object>>('SELECT * FROM "Goal" WHERE "studentId" = ? ORDER BY "id"', [id])
      : undefined,
    // Therapists and teachers together, each by name.
    read.all<TeamRow>(
      `SELECT 'therapist' AS "kind", l."studentId", l."userId", l."createdAt", u."name", u."email", u."assistant"
       FROM "StudentTherapist" l JOIN "User" u ON u."id" = l."userId" WHERE l."studentId" = ?
       UNION ALL
       SELECT 'teacher' AS "kind", l."studentId", l."userId", l."createdAt", u."name", u."email", u."assistant"
       FROM "StudentTeacher" l JOIN "User" u ON u."id" = l."userId" WHERE l."studentId" = ?
       ORDER BY "name", "userId"`,
      [id, id],
    ),
  ]);
  const link = ({ studentId, userId, createdAt }: TeamRow) => ({ studentId, userId, createdAt });
  return {
    ...student,
    school: { id: student.schoolId, name: schoolName, createdAt: schoolCreatedAt, updatedAt: schoolUpdatedAt },
    reportDates,
    mandates,
    evaluations,
    goals: goals && sortedGoals(goals),
    therapists: team
      .filter((t) => t.kind === 'therapist')
      .map((t) => ({ ...link(t), user: { id: t.userId, name: t.name, email: t.email, assistant: t.assistant } })),
    teachers: team.filter((t) => t.kind === 'teacher').map((t) => ({ ...link(t), user: { id: t.userId, name: t.name, email: t.email } })),
  };
}

/** Active goals first, then met, then discontinued; by area within each, as the schema lists them. */
function sortedGoals<G extends { status: string; area: string }>(goals: G[]): G[] {
  return sortedBy(
    goals,
    (g) => enumRank('GoalStatus', g.status),
    (g) => enumRank('GoalArea', g.area),
  );
}

/** The district's schools for a filter or a form: on the list's every view, so a direct read. */
export function schoolChoices(db: Db) {
  return reads(db).all<{ id: number; name: string }>('SELECT "id", "name" FROM "School" ORDER BY "name"');
}

/**
 * The schools of the students in the user's scope (a caseload, a class), by name; with
 * `{ exited: false }` only those of students not exited. From the user's links to their students:
 * through Prisma's relation filter SQLite tested every student of the district against each
 * school (3 ms at district scale, against 0.04). An admin's scope is the district: its schools
 * with a student.
 */
export function schoolsOfStudents(db: Db, user: Pick<CurrentUser, 'id' | 'role'>, options: { exited: boolean }) {
  const scope = studentListScopeSql(user, 's."id"');
  return reads(db).all<{ id: number; name: string }>(
    `SELECT sc."id", sc."name" FROM "School" sc
     WHERE sc."id" IN (SELECT s."schoolId" FROM "Student" s WHERE ${scope.sql}${options.exited ? '' : ` AND s."status" <> 'exited'`})
     ORDER BY sc."name", sc."id"`,
    scope.params,
  );
}
