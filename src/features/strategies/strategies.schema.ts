import { z } from 'zod';
import { line, optionalLine, paragraph, searchText } from '../../web/validation.js';
import { goalAreas } from '../goals/goal-areas.js';

const areaValues = goalAreas.map((a) => a.value) as [string, ...string[]];

export const libraryFilters = z.object({
  q: searchText().transform((s) => s.toLowerCase()),
  area: z.enum(areaValues).optional().catch(undefined),
  student: z
    .string()
    .regex(/^\d{1,9}$/)
    .optional()
    .catch(undefined)
    .transform((s) => (s ? Number(s) : null)),
});

export const ownStrategyForm = z.object({
  area: z.enum(areaValues, { error: 'Choose an area' }),
  title: line('a title', 100),
  why: paragraph('why it helps', 400).pipe(z.string().min(10, 'Say in a sentence or two why it helps')),
  how: paragraph('the steps', 1000).pipe(z.string().min(5, 'Give at least one step')),
  materials: optionalLine('the materials', 200),
});

export const assignForm = z.object({
  strategyKey: z.string().regex(/^(own-\d{1,9}|[a-z]{2}-[a-z0-9-]{2,40})$/, 'Choose a strategy'),
  goalId: z
    .string()
    .optional()
    .transform((v) => (v && /^\d{1,9}$/.test(v) ? Number(v) : null)),
  noteForTeacher: paragraph('the note for the teacher', 500)
    .optional()
    .transform((v) => v ?? ''),
});

export const feedbackForm = z.object({
  tried: z.enum(['yes', 'no'], { error: 'Say whether you tried it' }),
  helped: z.enum(['yes', 'no', 'not_sure'], { error: 'Say whether it helped' }),
  comment: paragraph('the comment', 500)
    .optional()
    .transform((v) => v ?? ''),
});
