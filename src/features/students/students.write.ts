// Adding, editing, exiting and re-opening students. Every write is versioned: a save made
// from a stale form is refused with Conflict, never applied over someone else's change.
import type { Db, Prisma } from '../../db/client.js';
import type { CurrentUser } from '../../web/auth.js';
import { Conflict, NotFound } from '../../web/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { searchNameFor } from './search-name.js';
import type { StudentInput } from './students.schema.js';
import { studentScope } from './students.scope.js';

/** A student the user may change: a therapist's own caseload, or any for an admin. */
export async function editableStudent(db: Db | Prisma.TransactionClient, user: CurrentUser, id: number) {
  if (user.role === 'teacher') throw new NotFound();
  const student = await db.student.findFirst({
    where: { AND: [{ id }, studentScope(user)] },
    include: { reportDates: { orderBy: { dueOn: 'asc' } } },
  });
  if (!student) throw new NotFound();
  return student;
}

function fields(input: StudentInput) {
  const { reportDate1, reportDate2, reportDate3, reportDate4, ...rest } = input;
  const reportDates = [
    ...new Set([reportDate1, reportDate2, reportDate3, reportDate4].filter((d): d is Date => d !== null).map((d) => d.getTime())),
  ]
    .sort((a, b) => a - b)
    .map((t) => new Date(t));
  return { data: { ...rest, searchName: searchNameFor(rest) }, reportDates };
}

export async function createStudent(db: Db, user: CurrentUser, input: StudentInput, ip: string | undefined): Promise<number> {
  const school = await db.school.findUnique({ where: { id: input.schoolId }, select: { id: true } });
  if (!school) throw new NotFound();
  const { data, reportDates } = fields(input);
  return db.$transaction(async (tx) => {
    const student = await tx.student.create({
      data: {
        ...data,
        reportDates: { create: reportDates.map((dueOn) => ({ dueOn })) },
        // A therapist adds students to their own caseload.
        therapists: user.role === 'therapist' ? { create: { userId: user.id } } : undefined,
      },
    });
    await recordAudit(tx, {
      action: 'student.created',
      actorId: user.id,
      actorEmail: user.email,
      studentId: student.id,
      targetType: 'student',
      targetId: student.id,
      ip,
    });
    return student.id;
  });
}

export async function updateStudent(
  db: Db,
  user: CurrentUser,
  id: number,
  version: number,
  input: StudentInput,
  ip: string | undefined,
): Promise<void> {
  await editableStudent(db, user, id);
  const { data, reportDates } = fields(input);
  await db.$transaction(async (tx) => {
    const { count } = await tx.student.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
    if (count === 0) throw new Conflict();
    await tx.progressReportDate.deleteMany({ where: { studentId: id } });
    if (reportDates.length) await tx.progressReportDate.createMany({ data: reportDates.map((dueOn) => ({ studentId: id, dueOn })) });
    await recordAudit(tx, {
      action: 'student.updated',
      actorId: user.id,
      actorEmail: user.email,
      studentId: id,
      targetType: 'student',
      targetId: id,
      ip,
    });
  });
}

export async function exitStudent(
  db: Db,
  user: CurrentUser,
  id: number,
  input: { exitedOn: Date; exitReason: string; version: number },
  ip: string | undefined,
): Promise<void> {
  await editableStudent(db, user, id);
  await db.$transaction(async (tx) => {
    const { count } = await tx.student.updateMany({
      where: { id, version: input.version, status: { not: 'exited' } },
      data: { status: 'exited', exitedOn: input.exitedOn, exitReason: input.exitReason, version: { increment: 1 } },
    });
    if (count === 0) throw new Conflict();
    await recordAudit(tx, {
      action: 'student.exited',
      actorId: user.id,
      actorEmail: user.email,
      studentId: id,
      targetType: 'student',
      targetId: id,
      ip,
      detail: { reason: input.exitReason },
    });
  });
}

export async function reopenStudent(db: Db, user: CurrentUser, id: number, version: number, ip: string | undefined): Promise<void> {
  await editableStudent(db, user, id);
  await db.$transaction(async (tx) => {
    const { count } = await tx.student.updateMany({
      where: { id, version, status: 'exited' },
      data: { status: 'active', exitedOn: null, exitReason: null, version: { increment: 1 } },
    });
    if (count === 0) throw new Conflict();
    await recordAudit(tx, {
      action: 'student.reopened',
      actorId: user.id,
      actorEmail: user.email,
      studentId: id,
      targetType: 'student',
      targetId: id,
      ip,
    });
  });
}

/** The form's values for an existing student. */
export function studentFormValues(s: Awaited<ReturnType<typeof editableStudent>>): Record<string, unknown> {
  const iso = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : '');
  const values: Record<string, unknown> = {
    firstName: s.firstName,
    lastName: s.lastName,
    preferredName: s.preferredName ?? '',
    dateOfBirth: iso(s.dateOfBirth),
    gradeLevel: String(s.gradeLevel),
    schoolId: String(s.schoolId),
    planType: s.planType,
    status: s.status,
    planStart: iso(s.planStart),
    annualReviewDue: iso(s.annualReviewDue),
    reevaluationDue: iso(s.reevaluationDue),
    version: String(s.version),
  };
  s.reportDates.slice(0, 4).forEach((r, i) => (values[`reportDate${i + 1}`] = iso(r.dueOn)));
  return values;
}
