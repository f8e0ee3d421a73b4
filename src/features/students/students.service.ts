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
  return { students, total };
}

export async function getStudent(db: Db, user: CurrentUser, id: number, ip: string | undefined) {
  const student = await db.student.findFirst({
    where: { AND: [{ id }, studentScope(user)] },
    include: {
      school: true,
      reportDates: { orderBy: { dueOn: 'asc' } },
      mandates: { orderBy: [{ startDate: 'desc' }, { id: 'asc' }] },
      // Teachers see goals in shared progress notes (a later feature), not here.
      goals: user.role === 'teacher' ? false : { orderBy: [{ status: 'asc' }, { area: 'asc' }, { id: 'asc' }] },
      therapists: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { user: { name: 'asc' } } },
      teachers: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { user: { name: 'asc' } } },
    },
  });
  if (!student) {
    await recordAudit(db, { action: 'access.denied', actorId: user.id, actorEmail: user.email, studentId: id, targetType: 'student', targetId: id, ip });
    throw new NotFound();
  }
  await recordAudit(db, { action: 'student.view', actorId: user.id, actorEmail: user.email, studentId: id, targetType: 'student', targetId: id, ip });
  return student;
}

export type StudentDetail = Awaited<ReturnType<typeof getStudent>>;

export function schoolChoices(db: Db) {
  return db.school.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
}
