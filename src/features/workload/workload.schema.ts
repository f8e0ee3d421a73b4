import { z } from 'zod';
import { choices, enumValues } from '../../labels.js';
import { dateField, paragraph } from '../../web/validation.js';

export const indirectActivities = choices('IndirectActivity');

const indirectFields = z.object({
  date: dateField('the date'),
  minutes: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'Enter the minutes as a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'Enter at least 1 minute').max(480, 'At most 480 minutes (8 hours) in one entry')),
  activity: z.enum(enumValues('IndirectActivity'), { error: 'Choose what the time was for' }),
  note: paragraph('the note', 500)
    .optional()
    .transform((s) => s ?? ''),
});

/** The form, with `today` (the district's date) as the last day time can be logged for. */
export const indirectForm = (today: Date) =>
  indirectFields.superRefine((f, ctx) => {
    if (f.date instanceof Date && f.date > today) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'Time cannot be logged for a future date' });
    }
  });
