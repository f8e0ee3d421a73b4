import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { CurrentUser } from '../../web/auth.js';
import { NotFound } from '../../web/errors.js';
import { line } from '../../web/validation.js';
import { recordAudit } from '../audit/audit.service.js';

export const schoolForm = z.object({ name: line('the school name', 120) });

export function listSchools(db: Db) {
  // A district has tens of schools, not thousands: one page, with counts from one grouped query.
  return db.school.findMany({ orderBy: { name: 'asc' }, include: { _count: { select: { students: true } } } });
}

export async function saveSchool(
  db: Db,
  admin: CurrentUser,
  input: z.output<typeof schoolForm>,
  id: number | null,
  ip: string | undefined,
): Promise<{ errors: Record<string, string> } | { id: number }> {
  const taken = await db.school.findFirst({ where: { name: input.name, id: id ? { not: id } : undefined }, select: { id: true } });
  if (taken) return { errors: { name: 'A school with this name already exists' } };
  if (id && !(await db.school.findUnique({ where: { id }, select: { id: true } }))) throw new NotFound();
  return db.$transaction(async (tx) => {
    const school = id ? await tx.school.update({ where: { id }, data: input }) : await tx.school.create({ data: input });
    await recordAudit(tx, {
      action: id ? 'school.renamed' : 'school.created',
      actorId: admin.id,
      actorEmail: admin.email,
      targetType: 'school',
      targetId: school.id,
      ip,
    });
    return { id: school.id };
  });
}
