// Service mandates: what a student's plan promises.
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { Caller } from '../../access/loaders.js';
import { NotFound } from '../../web/errors.js';
import { recordBy } from '../audit/audit.service.js';
import { editableStudent } from '../students/students.write.js';
import type { mandateForm } from './mandates.schema.js';

export async function addMandate(db: Db, caller: Caller, studentId: number, input: z.output<typeof mandateForm>) {
  await editableStudent(db, caller, studentId, 'mandate.change');
  await db.$transaction(async (tx) => {
    const mandate = await tx.serviceMandate.create({ data: { ...input, studentId } });
    await recordBy(tx, caller, { action: 'student.mandate.added', studentId, targetType: 'mandate', targetId: mandate.id });
  });
}

export async function removeMandate(db: Db, caller: Caller, studentId: number, mandateId: number) {
  await editableStudent(db, caller, studentId, 'mandate.change');
  await db.$transaction(async (tx) => {
    const { count } = await tx.serviceMandate.deleteMany({ where: { id: mandateId, studentId } });
    if (count === 0) throw new NotFound();
    await recordBy(tx, caller, { action: 'student.mandate.removed', studentId, targetType: 'mandate', targetId: mandateId });
  });
}
