// The session log form. Its fields depend on who was there and which goals are open, so the
// schema is built for those students and goals; the submit and the no-JavaScript counter use it.
import { z } from 'zod';
import { daysBetween } from '../../calendar/dates.js';
import type { Measurement } from '../../generated/prisma/enums.js';
import { choices, enumValues } from '../../labels.js';
import { checkboxes, dateField, idOf, paragraph } from '../../web/validation.js';
import { measurementOf } from '../goals/goal-areas.js';

export const serviceTypes = choices('ServiceType');

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
  goals: { id: number; measurement: Measurement }[];
  /** Missed sessions of this student that a make-up may replace. */
  makeUpChoices: number[];
};

const tries = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s) => s ?? '')
    .pipe(z.union([z.literal(''), z.string().regex(/^\d{1,3}$/, `Enter ${label} as a whole number`)]))
    .transform((s) => (s === '' ? 0 : Number(s)))
    .pipe(z.number().max(MAX_TRIES, `At most ${MAX_TRIES} tries`));

const value = (measurement: Measurement) => {
  const m = measurementOf(measurement);
  return z
    .string()
    .trim()
    .optional()
    .transform((s) => s ?? '')
    .pipe(z.union([z.literal(''), z.string().regex(/^\d+(\.\d+)?$/, 'Enter a number')]))
    .transform((s) => (s === '' ? null : Number(s)))
    .pipe(z.number().min(m.min).max(m.max, `Use a number from ${m.min} to ${m.max}`).nullable());
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
  activities: checkboxes(z.enum(activityChoices.map((a) => a.value) as [string, ...string[]])),
  supervisorId: z
    .string()
    .optional()
    .transform((s) => s ?? '')
    .pipe(z.union([z.literal('').transform(() => null), idOf('Choose the supervising OT')])),
};

/** `options.today` is the district's date: no session is logged for a day after it. */
export function sessionForm(students: FormStudent[], options: { assistant: boolean; supervisors: number[]; today: Date }) {
  const shape: Record<string, z.ZodType> = { ...sessionBase };
  for (const s of students) {
    shape[`attendance_${s.id}`] = z.enum(enumValues('Attendance'), {
      error: 'Choose whether the student was there',
    });
    shape[`note_${s.id}`] = paragraph('the note', 2000)
      .optional()
      .transform((n) => n ?? '');
    shape[`makeup_${s.id}`] = z
      .string()
      .optional()
      .transform((v) => v ?? '')
      .pipe(z.union([z.literal('').transform(() => null), idOf('Choose a missed session')]));
    for (const g of s.goals) {
      if (g.measurement === 'trials') {
        shape[`correct_${g.id}`] = tries('correct tries');
        shape[`incorrect_${g.id}`] = tries('incorrect tries');
        shape[`cued_${g.id}`] = tries('cued tries');
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
    for (const s of students) {
      const attended = f[`attendance_${s.id}`] === 'attended';
      const makeUp = f[`makeup_${s.id}`];
      if (typeof makeUp === 'number' && !s.makeUpChoices.includes(makeUp)) {
        ctx.addIssue({ code: 'custom', path: [`makeup_${s.id}`], message: "Choose one of this student's missed sessions" });
      }
      for (const g of s.goals) {
        const keys = g.measurement === 'trials' ? [`correct_${g.id}`, `incorrect_${g.id}`, `cued_${g.id}`] : [`value_${g.id}`];
        const hasData = keys.some((k) => typeof f[k] === 'number' && (g.measurement !== 'trials' || (f[k] as number) > 0));
        if (hasData && !attended) {
          ctx.addIssue({
            code: 'custom',
            path: [keys[0]!],
            message: 'A student who missed the session has no data: change the attendance or clear this',
          });
        }
      }
    }
  });
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
