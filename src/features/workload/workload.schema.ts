import { z } from 'zod';
import { dateField, paragraph } from '../../web/validation.js';

export const indirectActivities = [
  { value: 'consultation', label: 'Consultation with staff or family' },
  { value: 'documentation', label: 'Documentation and reports' },
  { value: 'meeting', label: 'Meetings (IEP, team)' },
  { value: 'evaluation', label: 'Evaluations' },
  { value: 'travel', label: 'Travel between schools' },
] as const;

export const indirectForm = z
  .object({
    date: dateField('the date'),
    minutes: z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, 'Enter the minutes as a whole number')
      .transform(Number)
      .pipe(z.number().min(1, 'Enter at least 1 minute').max(480, 'At most 480 minutes (8 hours) in one entry')),
    activity: z.enum(indirectActivities.map((a) => a.value) as [string, ...string[]], { error: 'Choose what the time was for' }),
    note: paragraph('the note', 500)
      .optional()
      .transform((s) => s ?? ''),
  })
  .superRefine((f, ctx) => {
    if (f.date instanceof Date && f.date.getTime() > Date.now() + 86_400_000) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'Time cannot be logged for a future date' });
    }
  });
