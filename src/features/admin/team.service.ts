// Who serves which student: the therapists whose caseload it is on, the teachers who teach them.
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { reads } from '../../db/reads.js';
import { loadStudent } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { can } from '../../access/policy.js';
import { studentScope } from '../../access/scope.js';
import { personRoleLabel, roleLabel } from '../../labels.js';
import { Forbidden, Invalid } from '../../web/errors.js';
import { email, id, idOf } from '../../web/validation.js';
import type { AuditAction } from '../audit/audit-actions.js';
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

// Bulk assignment from the student list: many students, one therapist or teacher.

/** At most this many students in one go (a few pages of the list). */
export const BULK_MAX = 500;

export const bulkTeamForm = z.object({
  // Checkboxes sharing a name: none ticked is missing, one is a string, several an array.
  studentIds: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(idOf('One of the selected students was not found: reload the list and try again'))
      .min(1, 'Select at least one student')
      .max(BULK_MAX, `Select ${BULK_MAX} students or fewer`),
  ),
  userId: idOf('Choose who to add the students to'),
});

/**
 * The people the student list offers: active therapists (OTs and assistants) and teachers, each
 * by name. On every page of an admin's student list, so two reads that skip Prisma (db/reads.ts),
 * one per role, each in the order of the (role, name) index: a district's hundreds of teachers
 * through Prisma cost more than the rest of the page.
 */
export async function bulkTeamChoices(db: Db) {
  const byRole = (role: 'therapist' | 'teacher') =>
    reads(db).all<{ id: number; name: string; assistant: boolean }>(
      `SELECT "id", "name", "assistant" FROM "User" WHERE "role" = ? AND "disabledAt" IS NULL ORDER BY "name", "id"`,
      [role],
    );
  const [therapists, teachers] = await Promise.all([byRole('therapist'), byRole('teacher')]);
  return {
    therapists: therapists.map((p) => ({
      id: p.id,
      label: `${p.name} (${personRoleLabel({ role: 'therapist', assistant: p.assistant })})`,
    })),
    teachers: teachers.map((p) => ({ id: p.id, label: p.name })),
  };
}

export type BulkTeamResult = { name: string; added: number; already: number };

/**
 * Adds one active therapist or teacher to the teams of many students, all or nothing: a student
 * that cannot be found writes nothing. A fixed number of queries whatever the number of students;
 * one audit entry per student added, with the same action as adding them one at a time.
 */
export async function addToTeams(db: Db, caller: Caller, input: z.output<typeof bulkTeamForm>): Promise<BulkTeamResult> {
  if (!can(caller.user, 'student.team')) throw new Forbidden();
  const studentIds = [...new Set(input.studentIds)];
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, name: true, role: true, disabledAt: true } });
    if (!user || user.disabledAt || (user.role !== 'therapist' && user.role !== 'teacher')) {
      throw new Invalid({ userId: 'Choose an active therapist or teacher' });
    }
    const role = user.role;
    const found = await tx.student.count({ where: { AND: [studentScope(caller.user), { id: { in: studentIds } }] } });
    if (found !== studentIds.length) {
      throw new Invalid({ studentIds: 'One of the selected students was not found: reload the list and try again' });
    }
    const where = { userId: user.id, studentId: { in: studentIds } };
    const select = { studentId: true } as const;
    const existing =
      role === 'therapist' ? await tx.studentTherapist.findMany({ where, select }) : await tx.studentTeacher.findMany({ where, select });
    const already = new Set(existing.map((row) => row.studentId));
    const rows = studentIds.filter((studentId) => !already.has(studentId)).map((studentId) => ({ studentId, userId: user.id }));
    if (rows.length > 0) {
      if (role === 'therapist') await tx.studentTherapist.createMany({ data: rows });
      else await tx.studentTeacher.createMany({ data: rows });
      // The entries recordBy writes for a single add, in one insert rather than one per student.
      const action: AuditAction = 'student.team.added';
      await tx.auditEvent.createMany({
        data: rows.map((row) => ({
          action,
          actorId: caller.user.id,
          actorEmail: caller.user.email,
          ip: caller.ip ?? null,
          studentId: row.studentId,
          targetType: 'user',
          targetId: String(user.id),
          detail: JSON.stringify({ role }),
        })),
      });
    }
    return { name: user.name, added: rows.length, already: already.size };
  });
}

/** "Added Priya Shah to 12 students' teams (3 were already on them)." */
export function bulkTeamMessage(result: BulkTeamResult): string {
  const { name, added, already } = result;
  if (added === 0)
    return `${name} was already on the team of ${already === 1 ? 'the selected student' : `all ${already} selected students`}.`;
  const teams = added === 1 ? "1 student's team" : `${added} students' teams`;
  const note = already === 0 ? '' : already === 1 ? ' (1 was already on it)' : ` (${already} were already on them)`;
  return `Added ${name} to ${teams}${note}.`;
}
