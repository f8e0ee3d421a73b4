// The schedule's forms: a slot (every week, or once), and a change to one day of it.
import { z } from 'zod';
import { dayOfWeek } from '../../calendar/dates.js';
import { choices, enumValues } from '../../labels.js';
import type { EnumValue } from '../../labels.js';
import { checkboxes, dateField, id, optionalDateField, optionalLine } from '../../web/validation.js';
import { slotDays } from './occurrences.js';

/** The kinds of session a schedule holds: an evaluation is not a weekly session. */
export const slotServiceTypes = choices('ServiceType', ['individual', 'group', 'push_in', 'consultation']);
export const slotPlaces = choices('PlaceOfService');

export const weekdays = [
  { value: '1', label: 'Monday' },
  { value: '2', label: 'Tuesday' },
  { value: '3', label: 'Wednesday' },
  { value: '4', label: 'Thursday' },
  { value: '5', label: 'Friday' },
] as const;

export const weekdayName = (weekday: number) => weekdays[weekday - 1]?.label ?? '';

export const MAX_SLOT_STUDENTS = 6;

const time = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, message);

export const slotForm = z
  .object({
    studentIds: checkboxes(id, 50),
    repeat: z.enum(['weekly', 'once'], { error: 'Choose every week or once' }),
    weekday: z
      .string()
      .optional()
      .transform((s) => (s ?? '').trim()),
    startTime: time('Enter the start time, like 09:30'),
    minutes: z
      .string({ error: 'Enter the minutes as a whole number' })
      .trim()
      .regex(/^\d{1,4}$/, 'Enter the minutes as a whole number')
      .transform(Number)
      .pipe(z.number().min(5, 'A session lasts at least 5 minutes').max(240, 'A session lasts at most 240 minutes (4 hours)')),
    place: z.enum(enumValues('PlaceOfService'), { error: 'Choose where the session takes place' }),
    serviceType: z.enum(slotServiceTypes.map((t) => t.value) as [EnumValue<'ServiceType'>, ...EnumValue<'ServiceType'>[]], {
      error: 'Choose the kind of session',
    }),
    fromDate: dateField('the first day'),
    toDate: optionalDateField('the last day'),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const n = f.studentIds.length;
    if (n === 0) issue('studentIds', 'Choose the students in this session');
    else if (n > MAX_SLOT_STUDENTS) issue('studentIds', `A session on the schedule has at most ${MAX_SLOT_STUDENTS} students`);
    else if (new Set(f.studentIds).size !== n) issue('studentIds', 'Choose each student once');
    if (f.serviceType === 'individual' && n > 1) issue('serviceType', `An individual session has one student: choose Group for ${n}`);
    if (f.serviceType === 'group' && n === 1) issue('serviceType', 'A group has at least 2 students: choose Individual for one');
    if (!(f.fromDate instanceof Date)) return;
    if (f.repeat === 'once') {
      if (dayOfWeek(f.fromDate) > 5) issue('fromDate', 'Choose a school day, Monday to Friday');
      return;
    }
    if (!/^[1-5]$/.test(f.weekday)) issue('weekday', 'Choose the day of the week');
    if (f.toDate === null) return issue('toDate', 'Enter the last day as a date');
    if (!(f.toDate instanceof Date)) return;
    if (f.toDate < f.fromDate) return issue('toDate', 'The last day is on or after the first day');
    const weekday = Number(f.weekday);
    if (weekday >= 1 && weekday <= 5 && slotDays({ weekday, fromDate: f.fromDate, toDate: f.toDate }, f.fromDate, f.toDate).length === 0) {
      issue('toDate', `No ${weekdayName(weekday)} falls between these dates`);
    }
  });

/** The slot as stored: once is one day, and its weekday is the day's own. */
export function slotInputOf(f: z.output<typeof slotForm>) {
  const once = f.repeat === 'once';
  return {
    studentIds: [...new Set(f.studentIds)],
    weekday: once ? dayOfWeek(f.fromDate) : Number(f.weekday),
    startTime: f.startTime,
    minutes: f.minutes,
    place: f.place,
    serviceType: f.serviceType,
    fromDate: f.fromDate,
    toDate: once || f.toDate === null ? f.fromDate : f.toDate,
  };
}

export type SlotInput = ReturnType<typeof slotInputOf>;

/** Why a cancelled day did not happen: a missed session's causes (all but "attended"). */
export const missedCauses = choices('Attendance', ['student_absent', 'therapist_absent', 'school_closed', 'student_unavailable']);
const causeMessage = 'Choose why the session is missed';

/**
 * A change to one day: cancel it with its cause and a reason (a missed session, to record as
 * missed), or move it to another day or time.
 */
export const changeForm = z
  .object({
    date: dateField('the day'),
    kind: z.enum(['cancel', 'move'], { error: 'Choose cancel or move' }),
    // Needed to cancel (below); a move has none.
    cause: z
      .string()
      .optional()
      .transform((s) => (s ?? '').trim())
      .refine((s) => s === '' || missedCauses.some((c) => c.value === s), causeMessage)
      .transform((s) => (s === '' ? null : (s as EnumValue<'Attendance'>))),
    reason: optionalLine('the reason', 200),
    newDate: optionalDateField('the new day'),
    newStartTime: z
      .string()
      .optional()
      .transform((s) => (s ?? '').trim())
      .pipe(z.union([z.literal('').transform(() => null), time('Enter the new start time, like 09:30')])),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (f.kind === 'cancel') {
      if (f.cause === null) issue('cause', causeMessage);
      if (f.reason === null) issue('reason', 'Say why, in a few words: "Field trip", "I am at an IEP meeting"');
      return;
    }
    if (f.newDate === null && f.newStartTime === null) issue('newDate', 'Enter the new day, the new start time, or both');
    if (f.newDate instanceof Date && dayOfWeek(f.newDate) > 5) issue('newDate', 'Choose a school day, Monday to Friday');
  });

export type ChangeInput = z.output<typeof changeForm>;
