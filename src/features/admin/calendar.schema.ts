// The school calendar's forms: a school year, a day off (or a break), and a calendar file to import.
// Each is for the whole district (no school chosen) or for one school.
import { z } from 'zod';
import { daysBetween } from '../../calendar/dates.js';
import { dateField, line, optionalDateField } from '../../web/validation.js';

/** The longest a school year may be, first and last day included. */
export const MAX_YEAR_DAYS = 400;
/** The longest a day off (a break) may be: a summer break fits, a mistyped year does not. */
export const MAX_DAY_OFF_DAYS = 120;
/**
 * The most text a pasted calendar file may have. The form body is capped at 64 kB (web/body.ts),
 * and sending the text makes it about a third longer, so this is what reliably fits.
 */
export const MAX_ICS_CHARS = 40_000;

const WHOSE = 'Choose the whole district or a school';

/** Whose calendar: '' for the whole district (null), else a school's id. */
const whose = z
  .string({ error: WHOSE })
  .optional()
  .transform((s, ctx) => {
    const value = (s ?? '').trim();
    if (value === '') return null;
    if (/^[1-9]\d{0,9}$/.test(value) && Number(value) <= 2 ** 31 - 1) return Number(value);
    ctx.addIssue({ code: 'custom', message: WHOSE });
    return z.NEVER;
  });

/** Days from `from` to `to`, both counted. */
const spanDays = (from: Date, to: Date) => daysBetween(from, to) + 1;

export const yearForm = z
  .object({
    name: line('a name for the school year', 80),
    firstDay: dateField('the first day of school'),
    lastDay: dateField('the last day of school'),
    schoolId: whose,
  })
  .superRefine((f, ctx) => {
    if (!(f.firstDay instanceof Date) || !(f.lastDay instanceof Date)) return;
    if (f.lastDay < f.firstDay) ctx.addIssue({ code: 'custom', path: ['lastDay'], message: 'The last day cannot be before the first day' });
    else if (spanDays(f.firstDay, f.lastDay) > MAX_YEAR_DAYS)
      ctx.addIssue({ code: 'custom', path: ['lastDay'], message: `A school year is at most ${MAX_YEAR_DAYS} days from first day to last` });
  });

export const dayOffForm = z
  .object({
    name: line('a name for the day off', 80),
    startDate: dateField('the first day off'),
    /** Empty for a single day: the last day is the first. */
    endDate: optionalDateField('the last day off'),
    schoolId: whose,
  })
  .superRefine((f, ctx) => {
    if (!(f.startDate instanceof Date) || !(f.endDate instanceof Date)) return;
    if (f.endDate < f.startDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'The last day off cannot be before the first' });
    else if (spanDays(f.startDate, f.endDate) > MAX_DAY_OFF_DAYS)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: `A day off or break is at most ${MAX_DAY_OFF_DAYS} days long` });
  });

export const importForm = z.object({
  ics: z
    .string()
    .optional()
    .transform((s) => (s ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, "Paste the text of the district's calendar file (.ics), or choose the file")
        .max(MAX_ICS_CHARS, `The calendar text must be ${MAX_ICS_CHARS.toLocaleString('en-US')} characters or fewer: import it in parts`),
    ),
  schoolId: whose,
});

export type YearInput = z.output<typeof yearForm>;
export type DayOffInput = z.output<typeof dayOffForm>;
export type ImportInput = z.output<typeof importForm>;
