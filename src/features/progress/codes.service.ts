// The district's progress codes.
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { CodeMeaning } from '../../generated/prisma/enums.js';
import { authorize } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { NotFound } from '../../web/errors.js';
import { choices, enumValues } from '../../labels.js';
import { line } from '../../web/validation.js';
import { recordBy } from '../audit/audit.service.js';

export const meanings = choices('CodeMeaning');

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on');

export const codeForm = z.object({
  label: line('the code', 80),
  meaning: z.enum(enumValues('CodeMeaning'), { error: 'Choose what the code means' }),
  sufficient: checkbox,
  active: checkbox,
});

export function activeCodes(db: Db) {
  return db.progressCode.findMany({ where: { active: true }, orderBy: [{ position: 'asc' }, { id: 'asc' }] });
}

export function allCodes(db: Db) {
  return db.progressCode.findMany({ orderBy: [{ active: 'desc' }, { position: 'asc' }, { id: 'asc' }] });
}

/** The district's word for a meaning: its first active code that means it. */
export async function codeFor(db: Db, meaning: CodeMeaning) {
  return db.progressCode.findFirst({ where: { active: true, meaning }, orderBy: [{ position: 'asc' }, { id: 'asc' }] });
}

export async function saveCode(db: Db, caller: Caller, id: number | null, input: z.output<typeof codeForm>) {
  await authorize(db, caller, 'admin.codes', { type: 'progress_code', id: id ?? undefined });
  const data = {
    label: input.label,
    meaning: input.meaning as CodeMeaning,
    sufficient: input.sufficient,
    active: id === null ? true : input.active,
  };
  await db.$transaction(async (tx) => {
    if (id === null) {
      const last = await tx.progressCode.aggregate({ _max: { position: true } });
      await tx.progressCode.create({ data: { ...data, position: (last._max.position ?? 0) + 1 } });
    } else {
      const { count } = await tx.progressCode.updateMany({ where: { id }, data });
      if (count === 0) throw new NotFound();
    }
    await recordBy(tx, caller, {
      action: id === null ? 'progress_code.created' : 'progress_code.updated',
      targetType: 'progress_code',
      targetId: id ?? undefined,
    });
  });
}
