// The session log form. Its fields depend on who was there and which goals are open, so the
// schema is built for those students and goals; the submit and the no-JavaScript counter use it.
import { z } from 'zod';
import { daysBetween } from '../../calendar/dates.js';
import type { Measurement } from '../../generated/prisma/enums.js';
import { choices, enumValues } from '../../labels.js';
import { checkboxes, dateField, idOf, line, optionalDateField, optionalLine, paragraph } from '../../web/validation.js';
import { measurementOf } from '../goals/goal-areas.js';

export const serviceTypes = choices('ServiceType');
export const placeChoices = choices('PlaceOfService');

/** The form says what "unavailable" covers; everywhere else the label alone. */
export const attendanceChoices = choices('Attendance').map((a) =>
  a.value === 'student_unavailable' ? { ...a, label: `${a.label} (test, trip, class event)` } : a,
);

export const activityChoices = [
  { value: 'warm_up', label: 'Warm-up' },
  { value: 'skill_practice', label: 'Skill practice' },
  { value: 'sensory_support', label: 'Sensory support' },
  { value: 'feedback', label: 'Feedback to the teacher or family' },
] as const;

export const MAX_GROUP = 8;
export const MAX_TRIES = 200;

export type FormStudent = {
  id: number;
  /** How the form's messages name the student ("Ava"). */
  name?: string;
  goals: { id: number; measurement: Measurement }[];
  /** Missed sessions of this student that a make-up may replace. */
  makeUpChoices: number[];
};

// Every field's schema is built once: zod takes far longer to build a schema than to check a
// value with it, and the form is built anew for every save (its fields follow the students).
const tries = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s) => s ?? '')
    .pipe(z.union([z.literal(''), z.string().regex(/^\d{1,3}$/, `Enter ${label} as a whole number`)]))
    .transform((s) => (s === '' ? 0 : Number(s)))
    .pipe(z.number().max(MAX_TRIES, `At most ${MAX_TRIES} tries`));
const correctTries = tries('correct tries');
const incorrectTries = tries('incorrect tries');
const cuedTries = tries('cued tries');

const valueOf = new Map<Measurement, z.ZodType>();
const value = (measurement: Measurement) => {
  const known = valueOf.get(measurement);
  if (known) return known;
  const m = measurementOf(measurement);
  const schema = z
    .string()
    .trim()
    .optional()
    .transform((s) => s ?? '')
    .pipe(z.union([z.literal(''), z.string().regex(/^\d+(\.\d+)?$/, 'Enter a number')]))
    .transform((s) => (s === '' ? null : Number(s)))
    .pipe(z.number().min(m.min).max(m.max, `Use a number from ${m.min} to ${m.max}`).nullable());
  valueOf.set(measurement, schema);
  return schema;
};

/** A student's own fields. */
const studentFields = {
  attendance: z.enum(enumValues('Attendance'), { error: 'Choose whether the student was there' }),
  note: paragraph('the note', 2000)
    .optional()
    .transform((n) => n ?? ''),
  // Required for a student who attended (below); a missed session has no response.
  response: optionalLine('the response', 300),
  // Fewer minutes than the group's, for a child who left early; empty means all of them.
  minutes: z
    .string()
    .optional()
    .transform((m) => (m ?? '').trim())
    .refine((m) => m === '' || /^\d{1,3}$/.test(m), 'Enter the minutes as a whole number')
    .transform((m) => (m === '' ? null : Number(m))),
  makeup: z
    .string()
    .optional()
    .transform((v) => v ?? '')
    .pipe(z.union([z.literal('').transform(() => null), idOf('Choose a missed session')])),
};

const sessionBase = {
  date: dateField('the date'),
  startTime: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the start time, like 09:30'),
  minutes: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'Enter the minutes as a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'A session lasts at least 1 minute').max(480, 'A session lasts at most 480 minutes (8 hours)')),
  serviceType: z.enum(enumValues('ServiceType'), { error: 'Choose the kind of session' }),
  place: z.enum(enumValues('PlaceOfService'), { error: 'Choose where the session took place' }),
  nature: line('what the service was, in a few words', 300),
  activities: checkboxes(z.enum(activityChoices.map((a) => a.value) as [string, ...string[]])),
  supervisorId: z
    .string()
    .optional()
    .transform((s) => s ?? '')
    .pipe(z.union([z.literal('').transform(() => null), idOf('Choose the supervising OT')])),
  // Logged from the schedule (hidden fields): the slot, and the day it was scheduled for.
  scheduleSlotId: z
    .string()
    .optional()
    .transform((s) => s ?? '')
    .pipe(z.union([z.literal('').transform(() => null), idOf('This form is out of date: reload the page')])),
  scheduledFor: optionalDateField('the scheduled day'),
};

/** `options.today` is the district's date: no session is logged for a day after it. */
export function sessionForm(students: FormStudent[], options: { assistant: boolean; supervisors: number[]; today: Date }) {
  const shape: Record<string, z.ZodType> = { ...sessionBase };
  for (const s of students) {
    for (const [name, schema] of Object.entries(studentFields)) shape[`${name}_${s.id}`] = schema;
    for (const g of s.goals) {
      if (g.measurement === 'trials') {
        shape[`correct_${g.id}`] = correctTries;
        shape[`incorrect_${g.id}`] = incorrectTries;
        shape[`cued_${g.id}`] = cuedTries;
      } else {
        shape[`value_${g.id}`] = value(g.measurement);
      }
    }
  }
  return z.object(shape).superRefine((raw, ctx) => {
    const f = raw as Record<string, unknown>;
    if (f.date instanceof Date && f.date > options.today) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'A session cannot be logged for a future date' });
    }
    if (f.date instanceof Date && daysBetween(f.date, options.today) > 400) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'That is more than a year ago: check the date' });
    }
    if (options.assistant && f.supervisorId === null) {
      ctx.addIssue({ code: 'custom', path: ['supervisorId'], message: 'Name the OT who supervises this session' });
    }
    if (typeof f.supervisorId === 'number' && !options.supervisors.includes(f.supervisorId)) {
      ctx.addIssue({ code: 'custom', path: ['supervisorId'], message: 'Choose the supervising OT from the list' });
    }
    if (f.serviceType === 'individual' && students.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['serviceType'],
        message: `An individual session has one student: choose Group for ${students.length}`,
      });
    }
    for (const s of students) {
      const attended = f[`attendance_${s.id}`] === 'attended';
      const makeUp = f[`makeup_${s.id}`];
      if (typeof makeUp === 'number' && !s.makeUpChoices.includes(makeUp)) {
        ctx.addIssue({ code: 'custom', path: [`makeup_${s.id}`], message: "Choose one of this student's missed sessions" });
      }
      // A student who was not there has no data, response or minutes of their own: the route
      // drops those fields before this schema sees them (withoutDataOfAbsent).
      if (attended && f[`response_${s.id}`] === null) {
        const who = s.name ?? 'the student';
        ctx.addIssue({ code: 'custom', path: [`response_${s.id}`], message: `Write how ${who} responded, in a sentence` });
      }
      const own = f[`minutes_${s.id}`];
      if (typeof own === 'number' && typeof f.minutes === 'number' && (own < 1 || own > f.minutes)) {
        ctx.addIssue({
          code: 'custom',
          path: [`minutes_${s.id}`],
          message: `Use 1 to the session's ${f.minutes} minutes, or leave this empty if they stayed for all of it`,
        });
      }
    }
  });
}

/** The fields that hold what a student did in the session: their goal data, response and own minutes. */
export function dataFieldsOf(student: FormStudent): string[] {
  return [
    `response_${student.id}`,
    `minutes_${student.id}`,
    ...student.goals.flatMap((g) =>
      g.measurement === 'trials' ? [`correct_${g.id}`, `incorrect_${g.id}`, `cued_${g.id}`] : [`value_${g.id}`],
    ),
  ];
}

/**
 * The posted form without the data of students marked as not there. With JavaScript those inputs
 * are disabled and never sent; without it, whatever they hold is ignored (the form says so).
 */
export function withoutDataOfAbsent(students: FormStudent[], body: Record<string, unknown>): Record<string, unknown> {
  const kept = { ...body };
  for (const s of students) {
    const attendance = body[`attendance_${s.id}`];
    const known = (enumValues('Attendance') as string[]).includes(attendance as string);
    if (known && attendance !== 'attended') for (const key of dataFieldsOf(s)) delete kept[key];
  }
  return kept;
}

/** Data-field names in a posted form: the goals someone tried to record data for. */
export function goalIdsIn(body: Record<string, unknown>): number[] {
  const ids = new Set<number>();
  for (const key of Object.keys(body)) {
    const m = /^(value|correct|incorrect|cued)_(\d{1,10})$/.exec(key);
    if (m && typeof body[key] === 'string' && (body[key] as string).trim() !== '' && (body[key] as string).trim() !== '0')
      ids.add(Number(m[2]));
  }
  return [...ids];
}

export const tallyTap = z.object({
  tap: z.string().regex(/^(correct|incorrect|cued):\d{1,10}$/),
});
