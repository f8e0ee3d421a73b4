import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { authorize } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { Invalid, NotFound } from '../../web/errors.js';
import { checkboxes, id, line } from '../../web/validation.js';
import { recordBy } from '../audit/audit.service.js';

export const schoolForm = z.object({ name: line('the school name', 120) });

/** Every school with its student count and the OTs assigned to it (a district has tens of schools). */
export function listSchools(db: Db) {
  return db.school.findMany({
    orderBy: { name: 'asc' },
    include: {
      _count: { select: { students: true } },
      therapists: { select: { user: { select: { id: true, name: true } } }, orderBy: { user: { name: 'asc' } } },
    },
  });
}

export async function saveSchool(db: Db, caller: Caller, input: z.output<typeof schoolForm>, id: number | null): Promise<number> {
  await authorize(db, caller, 'admin.schools', { type: 'school', id: id ?? undefined });
  const taken = await db.school.findFirst({ where: { name: input.name, id: id ? { not: id } : undefined }, select: { id: true } });
  if (taken) throw new Invalid({ name: 'A school with this name already exists' });
  if (id && !(await db.school.findUnique({ where: { id }, select: { id: true } }))) throw new NotFound();
  return db.$transaction(async (tx) => {
    const school = id ? await tx.school.update({ where: { id }, data: input }) : await tx.school.create({ data: input });
    await recordBy(tx, caller, { action: id ? 'school.renamed' : 'school.created', targetType: 'school', targetId: school.id });
    return school.id;
  });
}

/** The schools an OT is assigned to: concerns about new students there reach them. */
export async function schoolsServed(db: Db, userId: number): Promise<number[]> {
  const rows = await db.schoolTherapist.findMany({ where: { userId }, select: { schoolId: true } });
  return rows.map((r) => r.schoolId);
}

export const schoolsServedForm = z.object({ schoolIds: checkboxes(id, 500) });

/** Assigns an OT (not an assistant: they take no referrals) to exactly these schools. */
export async function setSchoolsServed(db: Db, caller: Caller, userId: number, schoolIds: number[]): Promise<void> {
  await authorize(db, caller, 'admin.schools', { type: 'user', id: userId });
  const ot = await db.user.findUnique({ where: { id: userId }, select: { role: true, assistant: true } });
  if (!ot) throw new NotFound();
  if (ot.role !== 'therapist' || ot.assistant) throw new Invalid({ schoolIds: 'Only an OT is assigned to schools' });
  const wanted = [...new Set(schoolIds)];
  if ((await db.school.count({ where: { id: { in: wanted } } })) !== wanted.length)
    throw new Invalid({ schoolIds: 'Choose schools from the list' });
  await db.$transaction(async (tx) => {
    await tx.schoolTherapist.deleteMany({ where: { userId, schoolId: { notIn: wanted } } });
    for (const schoolId of wanted) {
      await tx.schoolTherapist.upsert({ where: { schoolId_userId: { schoolId, userId } }, create: { schoolId, userId }, update: {} });
    }
    await recordBy(tx, caller, { action: 'user.schools', targetType: 'user', targetId: userId, detail: { schools: wanted.length } });
  });
}
