// Who serves which student: the therapists whose caseload it is on, the teachers who teach them.
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { CurrentUser } from '../../web/auth.js';
import { NotFound } from '../../web/errors.js';
import { email, id } from '../../web/validation.js';
import { recordAudit } from '../audit/audit.service.js';

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

export type TeamChange = { ok: true; name: string } | { ok: false; errors: Record<string, string> };

export async function addTeamMember(
  db: Db,
  admin: CurrentUser,
  studentId: number,
  input: z.output<typeof teamMemberForm>,
  ip: string | undefined,
): Promise<TeamChange> {
  await requireStudent(db, studentId);
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, name: true, role: true, disabledAt: true } });
  if (!user || user.role !== input.role || user.disabledAt) {
    return { ok: false, errors: { email: `No active ${input.role} has that email address` } };
  }
  const link = { studentId, userId: user.id };
  await db.$transaction(async (tx) => {
    if (input.role === 'therapist') await tx.studentTherapist.upsert({ where: { studentId_userId: link }, create: link, update: {} });
    else await tx.studentTeacher.upsert({ where: { studentId_userId: link }, create: link, update: {} });
    await recordAudit(tx, {
      action: 'student.team.added',
      actorId: admin.id,
      actorEmail: admin.email,
      studentId,
      targetType: 'user',
      targetId: user.id,
      ip,
      detail: { role: input.role },
    });
  });
  return { ok: true, name: user.name };
}

export async function removeTeamMember(
  db: Db,
  admin: CurrentUser,
  studentId: number,
  input: z.output<typeof removeMemberForm>,
  ip: string | undefined,
): Promise<void> {
  await requireStudent(db, studentId);
  await db.$transaction(async (tx) => {
    const where = { studentId, userId: input.userId };
    const { count } =
      input.role === 'therapist' ? await tx.studentTherapist.deleteMany({ where }) : await tx.studentTeacher.deleteMany({ where });
    if (count === 0) return;
    await recordAudit(tx, {
      action: 'student.team.removed',
      actorId: admin.id,
      actorEmail: admin.email,
      studentId,
      targetType: 'user',
      targetId: input.userId,
      ip,
      detail: { role: input.role },
    });
  });
}

async function requireStudent(db: Db, studentId: number): Promise<void> {
  const exists = await db.student.findUnique({ where: { id: studentId }, select: { id: true } });
  if (!exists) throw new NotFound();
}
