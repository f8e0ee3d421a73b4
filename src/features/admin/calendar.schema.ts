// The school calendar's forms: a school year, a day off (or a break), and a calendar file to import.
// Each is for the whole district (no school chosen) or for one school.
import { z } from 'zod';
import { addDays, dayOfWeek, daysBetween } from '../../calendar/dates.js';
import { formatDate } from '../../web/view-helpers.js';
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

/** Does a day off from `from` to `to` fall only on a Saturday or Sunday, closing no school day? */
export function onlyWeekend(from: Date, to: Date): boolean {
  // A span with no weekday in it is two days at most, so three steps settle it.
  for (let d = from, n = 0; d <= to && n < 3; d = addDays(d, 1), n++) if (dayOfWeek(d) <= 5) return false;
  return true;
}

const MONTH = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });
const MONTH_DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A day off's days as people write them: "Nov 11, 2026", "Nov 25–27, 2026", "Dec 21, 2026–Jan 1, 2027". */
export function spanText(from: Date, to: Date): string {
  if (from.getTime() >= to.getTime()) return formatDate(from);
  const year = from.getUTCFullYear();
  if (year !== to.getUTCFullYear()) return `${formatDate(from)}–${formatDate(to)}`;
  if (from.getUTCMonth() === to.getUTCMonth()) return `${MONTH.format(from)} ${from.getUTCDate()}–${to.getUTCDate()}, ${year}`;
  return `${MONTH_DAY.format(from)}–${MONTH_DAY.format(to)}, ${year}`;
}

/** "Jan 16, 2027 is a Saturday" or "Jan 16–17, 2027 is a weekend". */
function weekendText(from: Date, to: Date): string {
  const days = spanDays(from, to) > 1 ? 'a weekend' : dayOfWeek(from) === 6 ? 'a Saturday' : 'a Sunday';
  return `${spanText(from, to)} is ${days}`;
}

export const yearForm = z
  .object({
    name: line('a name for the school year', 80),
    firstDay: dateField('the first day of school'),
    lastDay: dateField('the last day of school'),
    schoolId: whose,
  })
  .superRefine((f, ctx) => {
    if (!(f.firstDay instanceof Date) || !(f.lastDay instanceof Date)) return;
    if (f.lastDay < f.firstDay)
      ctx.addIssue({ code: 'custom', path: ['lastDay'], message: 'The last day of school cannot be before the first day of school' });
    else if (spanDays(f.firstDay, f.lastDay) > MAX_YEAR_DAYS)
      ctx.addIssue({ code: 'custom', path: ['lastDay'], message: `A school year is at most ${MAX_YEAR_DAYS} days from first day to last` });
  });

// The fields are labelled "First day off" and "Last day off", and every message says the same words.
export const dayOffForm = z
  .object({
    name: line('a name for the day off', 80),
    startDate: dateField('the first day off'),
    /** Empty for a single day: the last day is the first. */
    endDate: optionalDateField('the last day off'),
    schoolId: whose,
  })
  .superRefine((f, ctx) => {
    if (!(f.startDate instanceof Date) || (f.endDate !== null && !(f.endDate instanceof Date))) return;
    const last = f.endDate ?? f.startDate;
    if (last < f.startDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'The last day off cannot be before the first day off' });
    else if (spanDays(f.startDate, last) > MAX_DAY_OFF_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: `A break is at most ${MAX_DAY_OFF_DAYS} days long: check the last day off`,
      });
    // Saturdays and Sundays have no school already: a day off on them alone changes nothing.
    else if (onlyWeekend(f.startDate, last))
      ctx.addIssue({
        code: 'custom',
        path: ['startDate'],
        message: `${weekendText(f.startDate, last)}: there is no school to close`,
      });
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
