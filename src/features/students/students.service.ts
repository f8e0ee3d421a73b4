// Students as the signed-in user may see them. Out of scope is "not found", and audited.
import type { Db, Prisma } from '../../db/client.js';
import type { CurrentUser } from '../../web/auth.js';
import { NotFound } from '../../web/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { studentScope } from './students.scope.js';

export type StudentListQuery = { q: string; schoolId: number | null; skip: number; take: number };

export async function listStudents(db: Db, user: CurrentUser, query: StudentListQuery) {
  const filters: Prisma.StudentWhereInput[] = [studentScope(user)];
  const words = query.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  for (const word of words) filters.push({ searchName: { contains: word } });
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
    ),
  };
}

/** What a teacher sees beside each student: the OT, the next report, strategies and shared notes.
 *  Four queries for the page, whatever its length. */
async function teacherColumns(db: Db, ids: number[]) {
  const today = new Date();
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

export async function getStudent(db: Db, user: CurrentUser, id: number, ip: string | undefined) {
  const student = await db.student.findFirst({
    where: { AND: [{ id }, studentScope(user)] },
    include: {
      school: true,
      reportDates: { orderBy: { dueOn: 'asc' } },
      mandates: { orderBy: [{ startDate: 'desc' }, { id: 'asc' }] },
      evaluations:
        user.role === 'teacher'
          ? false
          : { orderBy: { createdAt: 'desc' }, take: 5, select: { id: true, dueDate: true, completedAt: true } },
      // Teachers see goals in shared progress notes (a later feature), not here.
      goals: user.role === 'teacher' ? false : { orderBy: [{ status: 'asc' }, { area: 'asc' }, { id: 'asc' }] },
      therapists: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { user: { name: 'asc' } } },
      teachers: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { user: { name: 'asc' } } },
    },
  });
  if (!student) {
    await recordAudit(db, {
      action: 'access.denied',
      actorId: user.id,
      actorEmail: user.email,
      studentId: id,
      targetType: 'student',
      targetId: id,
      ip,
    });
    throw new NotFound();
  }
  await recordAudit(db, {
    action: 'student.view',
    actorId: user.id,
    actorEmail: user.email,
    studentId: id,
    targetType: 'student',
    targetId: id,
    ip,
  });
  return student;
}

export type StudentDetail = Awaited<ReturnType<typeof getStudent>>;

export function schoolChoices(db: Db) {
  return db.school.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
}
