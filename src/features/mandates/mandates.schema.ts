import { z } from 'zod';
import { dateField } from '../../web/validation.js';

export const periods = [
  { value: 'week', label: 'a week' },
  { value: 'month', label: 'a month' },
  { value: 'year', label: 'a year' },
] as const;

export const deliveries = [
  { value: 'pull_out', label: 'Pull-out (out of class)' },
  { value: 'push_in', label: 'Push-in (in the classroom)' },
  { value: 'consultation', label: 'Consultation with staff' },
] as const;

export const groupings = [
  { value: 'individual', label: 'Individual' },
  { value: 'group', label: 'Group' },
] as const;

export const mandateForm = z
  .object({
    minutes: z.coerce
      .number({ error: 'Enter the minutes as a number' })
      .int('Enter whole minutes')
      .min(1, 'Enter at least 1 minute')
      .max(10_000, 'That is more minutes than a plan can promise'),
    period: z.enum(['week', 'month', 'year'], { error: 'Choose how often' }),
    delivery: z.enum(['pull_out', 'push_in', 'consultation'], { error: 'Choose how it is delivered' }),
    grouping: z.enum(['individual', 'group'], { error: 'Choose individual or group' }),
    startDate: dateField('the start date'),
    endDate: dateField('the end date'),
  })
  .superRefine((m, ctx) => {
    if (!(m.startDate instanceof Date) || !(m.endDate instanceof Date)) return;
    if (m.endDate <= m.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'The end date comes after the start date' });
    else if (m.endDate.getTime() - m.startDate.getTime() > 400 * 86_400_000) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'A mandate runs for at most a plan year: pick an end within 13 months' });
    }
    if (typeof m.minutes === 'number' && m.period === 'week' && m.minutes > 1_500) {
      ctx.addIssue({ code: 'custom', path: ['minutes'], message: 'That is more than a school week holds' });
    }
  });

export const removeMandateForm = z.object({
  mandateId: z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .transform(Number),
});
