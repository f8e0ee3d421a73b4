// Students as the signed-in user may see them. Out of scope is "not found", and audited.
import type { Db, Prisma } from '../../db/client.js';
import type { CurrentUser } from '../../access/current-user.js';
import { loadStudent } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { can } from '../../access/policy.js';
import type { Action } from '../../access/policy.js';
import { caseloadScope } from '../../access/scope.js';
import { LIKE_SPECIAL, likePattern, looksLikeDistrictId, searchWords } from './search-name.js';
import { enumRank, sortedBy } from '../../enum-order.js';

/** `today` is the district's date: a teacher's "next report" is due on it or later. */
export type StudentListQuery = { q: string; schoolId: number | null; skip: number; take: number; today: Date };

export async function listStudents(db: Db, user: CurrentUser, query: StudentListQuery) {
  const filters: Prisma.StudentWhereInput[] = [await caseloadScope(db, user)];
  const words = searchWords(query.q);
  const byName: Prisma.StudentWhereInput = { AND: await nameMatches(db, words) };
  // A district student id typed whole ("204518") finds that student too, still within the scope above.
  const q = query.q.trim();
  if (looksLikeDistrictId(q)) filters.push({ OR: [byName, { districtId: q }] });
  else if (words.length) filters.push(byName);
  if (query.schoolId) filters.push({ schoolId: query.schoolId });
  const where: Prisma.StudentWhereInput = { AND: filters };
  const [students, total] = await Promise.all([
    db.student.findMany({
      where,
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
      skip: query.skip,
      take: query.take,
      select: {
        id: true,
        firstName: true,
        lastName: true,
        preferredName: true,
        gradeLevel: true,
        status: true,
        school: { select: { name: true } },
      },
    }),
    db.student.count({ where }),
  ]);
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

/**
 * Each search word as a condition on the student's searchName, matched literally. A plain word goes
 * to Prisma's `contains`; the words with a LIKE wildcard in them (rare: "o_brien", "100%") are
 * matched together in one query of their own, by LIKE with an escape, so "_" finds only "_".
 */
async function nameMatches(db: Db, words: string[]): Promise<Prisma.StudentWhereInput[]> {
  const plain = words.filter((w) => !LIKE_SPECIAL.test(w));
  const [first, ...rest] = words.filter((w) => LIKE_SPECIAL.test(w));
  const conditions: Prisma.StudentWhereInput[] = plain.map((word) => ({ searchName: { contains: word } }));
  if (first === undefined) return conditions;
  // Only names holding the first such word come back, and the rest are checked here.
  const rows = await db.$queryRaw<{ id: number | bigint; searchName: string }[]>`
    SELECT "id", "searchName" FROM "Student" WHERE "searchName" LIKE ${likePattern(first)} ESCAPE '!'`;
  const ids = rows.filter((r) => rest.every((word) => r.searchName.includes(word))).map((r) => Number(r.id));
  return [...conditions, { id: { in: ids } }];
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

/** A student's page: what the caller may see of them, in one query. Evaluations and goals are
 *  loaded only for those whose role may see them. */
export async function getStudent(db: Db, caller: Caller, id: number, action: Action = 'student.view') {
  const { user } = caller;
  const student = await loadStudent(db, caller, id, action, (where) =>
    db.student.findFirst({
      where,
      include: {
        school: true,
        reportDates: { orderBy: { dueOn: 'asc' } },
        mandates: { orderBy: [{ startDate: 'desc' }, { id: 'asc' }] },
        evaluations: can(user, 'evaluation.view')
          ? { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 5, select: { id: true, dueDate: true, completedAt: true } }
          : false,
        // Sorted by status and area below: ordering by an enum differs between databases.
        goals: can(user, 'goal.view') ? { orderBy: { id: 'asc' } } : false,
        therapists: {
          include: { user: { select: { id: true, name: true, email: true, assistant: true } } },
          orderBy: { user: { name: 'asc' } },
        },
        teachers: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { user: { name: 'asc' } } },
      },
    }),
  );
  return student.goals ? { ...student, goals: sortedGoals(student.goals) } : student;
}

/** Active goals first, then met, then discontinued; by area within each, as the schema lists them. */
function sortedGoals<G extends { status: string; area: string }>(goals: G[]): G[] {
  return sortedBy(
    goals,
    (g) => enumRank('GoalStatus', g.status),
    (g) => enumRank('GoalArea', g.area),
  );
}

export function schoolChoices(db: Db) {
  return db.school.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
}
