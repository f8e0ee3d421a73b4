import { z } from 'zod';
import { daysBetween } from '../../calendar/dates.js';
import { choices, enumValues } from '../../labels.js';
import { dateField, idOf } from '../../web/validation.js';

export const periods = choices('MandatePeriod');
export const deliveries = choices('Delivery');
export const groupings = choices('Grouping');

const minutes = z.coerce
  .number({ error: 'Enter the minutes as a number' })
  .int('Enter whole minutes')
  .min(1, 'Enter at least 1 minute')
  .max(10_000, 'That is more minutes than a plan can promise');
const period = z.enum(enumValues('MandatePeriod'), { error: 'Choose how often' });

/** A week holds no more than this many minutes of service. */
function notMoreThanAWeek(m: { minutes?: unknown; period?: unknown }, ctx: z.RefinementCtx) {
  if (typeof m.minutes === 'number' && m.period === 'week' && m.minutes > 1_500) {
    ctx.addIssue({ code: 'custom', path: ['minutes'], message: 'That is more than a school week holds' });
  }
}

export const mandateForm = z
  .object({
    minutes,
    period,
    delivery: z.enum(enumValues('Delivery'), { error: 'Choose how it is delivered' }),
    grouping: z.enum(enumValues('Grouping'), { error: 'Choose individual or group' }),
    startDate: dateField('the start date'),
    endDate: dateField('the end date'),
  })
  .superRefine((m, ctx) => {
    if (!(m.startDate instanceof Date) || !(m.endDate instanceof Date)) return;
    if (m.endDate <= m.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'The end date comes after the start date' });
    else if (daysBetween(m.startDate, m.endDate) > 400) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'A mandate runs for at most a plan year: pick an end within 13 months' });
    }
    notMoreThanAWeek(m, ctx);
  });

/** An amendment: new minutes and how often, from a day on (the old minutes end the day before). */
export const amendMandateForm = z
  .object({
    mandateId: idOf('Choose the minutes to amend'),
    minutes,
    period,
    effectiveDate: dateField('the day the change starts'),
  })
  .superRefine(notMoreThanAWeek);

export const removeMandateForm = z.object({
  mandateId: z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .transform(Number),
});
