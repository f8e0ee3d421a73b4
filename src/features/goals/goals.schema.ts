import { z } from 'zod';
import { daysBetween } from '../../calendar/dates.js';
import type { FieldLook } from '../../web/field-check.js';
import { dateField, line, paragraph, version } from '../../web/validation.js';
import { goalAreas, measurementOf, measurements } from './goal-areas.js';

const areaValues = goalAreas.map((a) => a.value) as [string, ...string[]];
const measurementValues = measurements.map((m) => m.value) as [string, ...string[]];

const number = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .regex(/^-?\d+(\.\d+)?$/, `Enter ${label} as a number`)
    .transform(Number);

export const goalForm = z
  .object({
    area: z.enum(areaValues, { error: 'Choose an area' }),
    statement: paragraph('the goal', 600).pipe(z.string().min(10, 'Write the goal in a sentence a teacher can read')),
    measurement: z.enum(measurementValues, { error: 'Choose how it is measured' }),
    baselineValue: number('the baseline'),
    baselineDate: dateField('the baseline date'),
    targetCriterion: line('the target', 300),
    targetValue: number('the target number'),
    startDate: dateField('the start date'),
    targetDate: dateField('the target date'),
    objectives: paragraph('the objectives', 2000)
      .optional()
      .transform((s) => s ?? ''),
  })
  // Zod runs this even when a field above failed, untransformed: check types first.
  .superRefine((g, ctx) => {
    if (typeof g.statement === 'string' && g.statement.includes('__')) {
      ctx.addIssue({ code: 'custom', path: ['statement'], message: 'Fill in the blanks (__) in the goal' });
    }
    const m = measurementOf(String(g.measurement));
    for (const key of ['baselineValue', 'targetValue'] as const) {
      const v = g[key];
      if (typeof v === 'number' && (v < m.min || v > m.max)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `For ${m.label.toLowerCase()}, use a number from ${m.min} to ${m.max}` });
      }
    }
    if (typeof g.baselineValue === 'number' && g.baselineValue === g.targetValue) {
      ctx.addIssue({ code: 'custom', path: ['targetValue'], message: 'The target should differ from the baseline' });
    }
    if (g.startDate instanceof Date && g.targetDate instanceof Date) {
      if (g.targetDate <= g.startDate)
        ctx.addIssue({ code: 'custom', path: ['targetDate'], message: 'The target date comes after the start date' });
      else if (daysBetween(g.startDate, g.targetDate) > 400) {
        ctx.addIssue({ code: 'custom', path: ['targetDate'], message: 'Goals run for at most a plan year: pick a date within 13 months' });
      }
    }
    if (g.baselineDate instanceof Date && g.targetDate instanceof Date && g.baselineDate >= g.targetDate) {
      ctx.addIssue({ code: 'custom', path: ['baselineDate'], message: 'The baseline is taken before the target date' });
    }
    if (typeof g.objectives === 'string' && objectiveLines(g.objectives).some((o) => o.length > 300)) {
      ctx.addIssue({ code: 'custom', path: ['objectives'], message: 'Keep each objective to 300 characters or fewer' });
    }
    if (typeof g.objectives === 'string' && objectiveLines(g.objectives).length > 6) {
      ctx.addIssue({ code: 'custom', path: ['objectives'], message: 'Use at most 6 short-term objectives' });
    }
  });

export type GoalInput = z.output<typeof goalForm>;

export function objectiveLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/^\s*[-*•\d.)]+\s*/, '').trim())
    .filter(Boolean);
}

export const goalStatusForm = z.object({
  status: z.enum(['active', 'met', 'discontinued'], { error: 'Choose a status' }),
  version,
});

export const ownTemplateForm = z.object({
  area: z.enum(areaValues, { error: 'Choose an area' }),
  measurement: z.enum(measurementValues, { error: 'Choose how it is measured' }),
  text: paragraph('the template', 600).pipe(z.string().min(10, 'Write the goal, with __ for each blank')),
});

/** How each typed field of the goal form is shown. */
export const goalFields: Record<string, FieldLook> = {
  baselineValue: {
    label: 'Baseline',
    inputmode: 'decimal',
    hint: "On the measure's scale: 40 for 40%, 2 for a verbal prompt, 3 for a rubric score of 3.",
  },
  baselineDate: { label: 'Baseline taken on', type: 'date' },
  targetCriterion: { label: 'Target, in words', hint: 'For example: 8 of 10 letters formed correctly on 3 of 4 tries.' },
  targetValue: {
    label: 'Target number',
    inputmode: 'decimal',
    hint: 'The number on the same scale that means the goal is met: 80 for 80%.',
  },
  startDate: { label: 'Start', type: 'date' },
  targetDate: { label: 'Target date', type: 'date' },
};

export const approachChangeForm = z.object({
  date: dateField('the date'),
  label: line('what changed', 80),
});
