// Service mandates: what a student's plan promises.
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { CurrentUser } from '../../web/auth.js';
import { NotFound } from '../../web/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { editableStudent } from '../students/students.write.js';
import type { mandateForm } from './mandates.schema.js';

export async function addMandate(
  db: Db,
  user: CurrentUser,
  studentId: number,
  input: z.output<typeof mandateForm>,
  ip: string | undefined,
) {
  await editableStudent(db, user, studentId);
  await db.$transaction(async (tx) => {
    const mandate = await tx.serviceMandate.create({ data: { ...input, studentId } });
    await recordAudit(tx, {
      action: 'student.mandate.added',
      actorId: user.id,
      actorEmail: user.email,
      studentId,
      targetType: 'mandate',
      targetId: mandate.id,
      ip,
    });
  });
}

export async function removeMandate(db: Db, user: CurrentUser, studentId: number, mandateId: number, ip: string | undefined) {
  await editableStudent(db, user, studentId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.serviceMandate.deleteMany({ where: { id: mandateId, studentId } });
    if (count === 0) throw new NotFound();
    await recordAudit(tx, {
      action: 'student.mandate.removed',
      actorId: user.id,
      actorEmail: user.email,
      studentId,
      targetType: 'mandate',
      targetId: mandateId,
      ip,
    });
  });
}
