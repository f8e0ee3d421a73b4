import { z } from 'zod';
import { checkboxes, optionalLine, paragraph } from '../../web/validation.js';
import { signKeys } from './signs.js';

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{1,9}$/.test(v) ? Number(v) : null));

export const concernForm = z
  .object({
    studentId: optionalId,
    studentName: optionalLine("the student's name", 120),
    gradeLevel: z
      .string()
      .optional()
      .transform((v) => (v && /^-?\d{1,2}$/.test(v) ? Number(v) : null)),
    schoolId: optionalId,
    signs: checkboxes(z.enum(signKeys as [string, ...string[]]), 20).pipe(
      z.array(z.string()).min(1, 'Tick at least one thing you have noticed'),
    ),
    example: paragraph('the example', 1000).pipe(z.string().min(10, 'Give a short example of what you see in class')),
  })
  .superRefine((f, ctx) => {
    if (f.studentId === null && !f.studentName)
      ctx.addIssue({ code: 'custom', path: ['studentId'], message: 'Choose one of your students, or give the name of a new one' });
    if (f.studentId === null && f.studentName && f.schoolId === null)
      ctx.addIssue({ code: 'custom', path: ['schoolId'], message: 'Choose the school' });
  });

export const messageForm = z.object({ body: paragraph('the message', 1000).pipe(z.string().min(1, 'Write a message')) });
