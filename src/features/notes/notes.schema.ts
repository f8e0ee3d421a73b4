import { z } from 'zod';
import { dateField, line, paragraph, version } from '../../web/validation.js';

export const newNoteForm = z
  .object({
    title: line('a title', 120),
    periodStart: dateField('the start of the period'),
    periodEnd: dateField('the end of the period'),
  })
  .superRefine((f, ctx) => {
    if (f.periodStart instanceof Date && f.periodEnd instanceof Date && f.periodEnd <= f.periodStart) {
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'The period ends after it starts' });
    }
  });

/** The editor's fields; the per-goal code_<id> and reason_<id> fields are read beside it. */
export const noteTextForm = z.object({
  teacherText: paragraph('the teacher version', 20_000).pipe(z.string().min(1, 'The teacher version cannot be empty')),
  familyText: paragraph('the family version', 20_000).pipe(z.string().min(1, 'The family version cannot be empty')),
  version,
});

export const goalCodeFields = (goalIds: number[]) => {
  const shape: Record<string, z.ZodType> = {};
  for (const goalId of goalIds) {
    shape[`code_${goalId}`] = z
      .string()
      .optional()
      .transform((v) => (v && /^\d{1,9}$/.test(v) ? Number(v) : null));
    shape[`reason_${goalId}`] = paragraph('the reason', 500)
      .optional()
      .transform((v) => v ?? '');
  }
  return z.object(shape);
};
