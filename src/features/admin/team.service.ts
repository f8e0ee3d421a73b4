// Who serves which student: the therapists whose caseload it is on, the teachers who teach them.
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { loadStudent } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { roleLabel } from '../../labels.js';
import { Invalid } from '../../web/errors.js';
import { email, id } from '../../web/validation.js';
import { recordBy } from '../audit/audit.service.js';

export const teamMemberForm = z.object({
  role: z.enum(['therapist', 'teacher'], { error: 'Choose therapist or teacher' }),
  email,
});

export const removeMemberForm = z.object({
  role: z.enum(['therapist', 'teacher']),
  userId: id,
});

export async function teamChoices(db: Db) {
  // Therapists are few; teachers are many, so they are added by email rather than from a list.
  const therapists = await db.user.findMany({
    where: { role: 'therapist', disabledAt: null },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, email: true },
  });
  return { therapists };
}

/** Adds a therapist (or assistant) or a teacher to the student's team; returns their name. */
export async function addTeamMember(db: Db, caller: Caller, studentId: number, input: z.output<typeof teamMemberForm>): Promise<string> {
  await loadStudent(db, caller, studentId, 'student.team');
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, name: true, role: true, disabledAt: true } });
  if (!user || user.role !== input.role || user.disabledAt) {
    throw new Invalid({ email: `No active ${roleLabel(input.role).toLowerCase()} has that email address` });
  }
  const link = { studentId, userId: user.id };
  await db.$transaction(async (tx) => {
    if (input.role === 'therapist') await tx.studentTherapist.upsert({ where: { studentId_userId: link }, create: link, update: {} });
    else await tx.studentTeacher.upsert({ where: { studentId_userId: link }, create: link, update: {} });
    await recordBy(tx, caller, {
      action: 'student.team.added',
      studentId,
      targetType: 'user',
      targetId: user.id,
      detail: { role: input.role },
    });
  });
  return user.name;
}

export async function removeTeamMember(db: Db, caller: Caller, studentId: number, input: z.output<typeof removeMemberForm>) {
  await loadStudent(db, caller, studentId, 'student.team');
  await db.$transaction(async (tx) => {
    const where = { studentId, userId: input.userId };
    const { count } =
      input.role === 'therapist' ? await tx.studentTherapist.deleteMany({ where }) : await tx.studentTeacher.deleteMany({ where });
    if (count === 0) return;
    await recordBy(tx, caller, {
      action: 'student.team.removed',
      studentId,
      targetType: 'user',
      targetId: input.userId,
      detail: { role: input.role },
    });
  });
}
