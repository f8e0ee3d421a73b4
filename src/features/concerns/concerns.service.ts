// Concerns from teachers, and the school OT's queue. A therapist's schools are the schools of
// the students on their caseload.
import type { z } from 'zod';
import type { Db, Prisma } from '../../db/client.js';
import type { CurrentUser } from '../../web/auth.js';
import { Conflict, NotFound } from '../../web/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { searchNameFor } from '../students/search-name.js';
import { studentScope } from '../students/students.scope.js';
import type { concernForm } from './concerns.schema.js';

async function therapistSchools(db: Db, userId: number): Promise<number[]> {
  const rows = await db.student.findMany({
    where: { therapists: { some: { userId } } },
    distinct: ['schoolId'],
    select: { schoolId: true },
  });
  return rows.map((r) => r.schoolId);
}

async function concernScope(db: Db, user: CurrentUser): Promise<Prisma.ConcernWhereInput> {
  if (user.role === 'teacher') return { teacherId: user.id };
  if (user.role === 'therapist') return { schoolId: { in: await therapistSchools(db, user.id) } };
  return {};
}

/** What the concern form offers: the teacher's own students, and the schools for a new one. */
export async function concernFormChoices(db: Db, user: CurrentUser) {
  const [students, schools] = await Promise.all([
    db.student.findMany({
      where: studentScope(user),
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
      take: 300,
      select: { id: true, firstName: true, lastName: true },
    }),
    db.school.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return { students, schools };
}

export async function raiseConcern(
  db: Db,
  user: CurrentUser,
  input: z.output<typeof concernForm>,
  ip: string | undefined,
): Promise<{ id: number } | { errors: Record<string, string> }> {
  let schoolId = input.schoolId;
  if (input.studentId !== null) {
    const student = await db.student.findFirst({
      where: { AND: [{ id: input.studentId }, studentScope(user)] },
      select: { schoolId: true },
    });
    if (!student) return { errors: { studentId: 'Choose one of your students' } };
    schoolId = student.schoolId;
  } else if (!(await db.school.findUnique({ where: { id: schoolId ?? 0 }, select: { id: true } }))) {
    return { errors: { schoolId: 'Choose the school' } };
  }
  const concern = await db.$transaction(async (tx) => {
    const c = await tx.concern.create({
      data: {
        teacherId: user.id,
        schoolId: schoolId!,
        studentId: input.studentId,
        studentName: input.studentId === null ? input.studentName : null,
        gradeLevel: input.studentId === null ? input.gradeLevel : null,
        signs: input.signs.join(','),
        example: input.example,
      },
    });
    await recordAudit(tx, {
      action: 'concern.raised',
      actorId: user.id,
      actorEmail: user.email,
      studentId: input.studentId,
      targetType: 'concern',
      targetId: c.id,
      ip,
    });
    return c;
  });
  return { id: concern.id };
}

export async function listConcerns(db: Db, user: CurrentUser) {
  return db.concern.findMany({
    where: await concernScope(db, user),
    orderBy: [{ status: 'asc' }, { createdAt: 'desc' }],
    take: 100,
    include: {
      teacher: { select: { name: true } },
      school: { select: { name: true } },
      student: { select: { id: true, firstName: true, lastName: true } },
      _count: { select: { messages: true } },
    },
  });
}

export async function getConcern(db: Db, user: CurrentUser, id: number) {
  const concern = await db.concern.findFirst({
    where: { AND: [{ id }, await concernScope(db, user)] },
    include: {
      teacher: { select: { id: true, name: true } },
      school: { select: { name: true } },
      student: { select: { id: true, firstName: true, lastName: true } },
      messages: { orderBy: { createdAt: 'asc' }, include: { author: { select: { name: true, role: true } } } },
    },
  });
  if (!concern) throw new NotFound();
  return concern;
}

export async function addMessage(db: Db, user: CurrentUser, id: number, body: string, ip: string | undefined) {
  const concern = await getConcern(db, user, id);
  await db.$transaction(async (tx) => {
    await tx.concernMessage.create({ data: { concernId: concern.id, authorId: user.id, body } });
    await recordAudit(tx, {
      action: 'concern.message',
      actorId: user.id,
      actorEmail: user.email,
      studentId: concern.studentId,
      targetType: 'concern',
      targetId: concern.id,
      ip,
    });
  });
}

/** The OT turns a concern into a referral: the student (made now if new) is referred and on their caseload. */
export async function referConcern(db: Db, user: CurrentUser, id: number, ip: string | undefined): Promise<number> {
  if (user.role !== 'therapist') throw new NotFound();
  const concern = await getConcern(db, user, id);
  if (concern.status !== 'open') throw new Conflict('This concern is already referred or closed.');
  return db.$transaction(async (tx) => {
    let studentId = concern.studentId;
    if (studentId === null) {
      const [firstName, ...rest] = (concern.studentName ?? 'New student').split(/\s+/);
      const names = { firstName: firstName ?? 'New', lastName: rest.join(' ') || '(surname to add)', preferredName: null };
      const student = await tx.student.create({
        data: {
          ...names,
          searchName: searchNameFor(names),
          gradeLevel: concern.gradeLevel ?? 0,
          schoolId: concern.schoolId,
          status: 'referred',
          teachers: { create: { userId: concern.teacher.id } },
        },
      });
      studentId = student.id;
    } else {
      await tx.student.updateMany({
        where: { id: studentId, status: { in: ['exited'] } },
        data: { status: 'referred', version: { increment: 1 } },
      });
    }
    await tx.studentTherapist.upsert({
      where: { studentId_userId: { studentId, userId: user.id } },
      create: { studentId, userId: user.id },
      update: {},
    });
    await tx.concern.update({ where: { id: concern.id }, data: { status: 'referred', studentId } });
    await recordAudit(tx, {
      action: 'concern.referred',
      actorId: user.id,
      actorEmail: user.email,
      studentId,
      targetType: 'concern',
      targetId: concern.id,
      ip,
    });
    return studentId;
  });
}
