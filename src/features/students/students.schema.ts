import { z } from 'zod';
import { daysBetween, yearsBetween } from '../../calendar/dates.js';
import { choices, enumValues } from '../../labels.js';
import type { FieldLook } from '../../web/field-check.js';
import { dateField, idOf, line, optionalDateField, optionalId, optionalLine, searchText, version } from '../../web/validation.js';
import { DISTRICT_ID } from './search-name.js';

/** The student's id in the district's student information system: trimmed; empty means none. */
export const districtIdField = z
  .string()
  .optional()
  .transform((s) => (s ?? '').trim())
  .pipe(
    z
      .string()
      .max(20, 'District student ID must be 20 characters or fewer')
      .refine((s) => s === '' || DISTRICT_ID.test(s), 'District student ID has only letters, digits, - and _'),
  )
  .transform((s) => (s === '' ? null : s));

export const DUPLICATE_DISTRICT_ID = 'Another student already has this district student ID';

/** The list's search and filters, from the query string. Bad values fall back to "none". */
export const studentListFilters = z.object({
  q: searchText(),
  school: optionalId(),
});

export const planTypes = choices('PlanType');

/** The statuses the add and edit forms offer: exiting has its own form, with a date and reason. */
export const openStatuses = choices('StudentStatus', ['referred', 'evaluating', 'active']);

export const exitReasons = [
  'Goals met, services no longer needed',
  'Moved to another district',
  'No longer eligible',
  'Not eligible after evaluation',
  'Family declined services',
  'Graduated or aged out',
  'Other',
] as const;

/** One schema for the add and edit forms: the submit and the inline field checks use it alike. */
export const studentForm = z
  .object({
    firstName: line('a first name', 60),
    lastName: line('a last name', 60),
    preferredName: optionalLine('the preferred name', 60),
    districtId: districtIdField,
    dateOfBirth: optionalDateField('the date of birth'),
    gradeLevel: z.coerce.number({ error: 'Choose a grade' }).int('Choose a grade').min(-1, 'Choose a grade').max(13, 'Choose a grade'),
    schoolId: idOf('Choose a school'),
    planType: z.enum(enumValues('PlanType'), { error: 'Choose a plan type' }),
    status: z.enum(['referred', 'evaluating', 'active'], { error: 'Choose a status' }),
    planStart: optionalDateField('the plan start date'),
    annualReviewDue: optionalDateField('the annual review date'),
    reevaluationDue: optionalDateField('the re-evaluation date'),
    reportDate1: optionalDateField('the first report date'),
    reportDate2: optionalDateField('the second report date'),
    reportDate3: optionalDateField('the third report date'),
    reportDate4: optionalDateField('the fourth report date'),
  })
  // Zod runs this even when a field above failed, with that field untransformed: check types first.
  .superRefine((s, ctx) => {
    if (s.planType === 'none' && s.status !== 'referred' && s.status !== 'evaluating')
      ctx.addIssue({
        code: 'custom',
        path: ['planType'],
        message: '“No plan yet” is only for a student referred or being evaluated: choose their plan',
      });
    if (s.dateOfBirth instanceof Date) {
      // Age today in UTC, not the district's zone: a day either way cannot matter to this range.
      const age = yearsBetween(s.dateOfBirth, new Date());
      if (age < 2 || age > 22)
        ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'Check the date of birth: students are 2 to 22 years old' });
    }
    checkPlanDates(s, ctx);
  });

/**
 * A plan's dates, for every form that sets them: the annual review within a year of the start,
 * the re-evaluation within three years. Fields that failed their own check are skipped.
 */
export function checkPlanDates(
  dates: { planStart: unknown; annualReviewDue: unknown; reevaluationDue: unknown },
  ctx: z.RefinementCtx,
): void {
  const { planStart, annualReviewDue, reevaluationDue } = dates;
  if (!(planStart instanceof Date)) return;
  if (annualReviewDue instanceof Date) {
    const gap = daysBetween(planStart, annualReviewDue);
    if (gap <= 0) ctx.addIssue({ code: 'custom', path: ['annualReviewDue'], message: 'The annual review comes after the plan starts' });
    else if (gap > 366)
      ctx.addIssue({
        code: 'custom',
        path: ['annualReviewDue'],
        message: 'A plan is reviewed at least once a year: pick a date within a year of its start',
      });
  }
  if (reevaluationDue instanceof Date) {
    const gap = daysBetween(planStart, reevaluationDue);
    if (gap <= 0) ctx.addIssue({ code: 'custom', path: ['reevaluationDue'], message: 'The re-evaluation comes after the plan starts' });
    else if (gap > 3 * 366)
      ctx.addIssue({ code: 'custom', path: ['reevaluationDue'], message: 'A re-evaluation is due at least every 3 years' });
  }
}

export type StudentInput = z.output<typeof studentForm>;

export const exitForm = z.object({
  exitedOn: dateField('the exit date'),
  exitReason: z.enum(exitReasons, { error: 'Choose a reason' }),
  version,
});

/** How each typed field of the student form is shown; the form and the inline check share it. */
export const studentFields: Record<string, FieldLook> = {
  firstName: { label: 'First name', maxlength: 60, autocomplete: 'off' },
  lastName: { label: 'Last name', maxlength: 60, autocomplete: 'off' },
  preferredName: {
    label: 'Preferred name (optional)',
    maxlength: 60,
    autocomplete: 'off',
    hint: 'What the student likes to be called, if not their first name.',
  },
  districtId: {
    label: 'District student ID (optional)',
    maxlength: 20,
    autocomplete: 'off',
    hint: "The id in the district's student information system; a roster import matches on it.",
  },
  dateOfBirth: { label: 'Date of birth (optional)', type: 'date' },
  planStart: { label: 'Plan start (optional)', type: 'date' },
  annualReviewDue: { label: 'Annual review due (optional)', type: 'date', hint: 'At least once a year.' },
  reevaluationDue: { label: 'Re-evaluation due (optional)', type: 'date', hint: 'At least every 3 years.' },
  reportDate1: { label: 'Progress report 1', type: 'date' },
  reportDate2: { label: 'Progress report 2', type: 'date' },
  reportDate3: { label: 'Progress report 3', type: 'date' },
  reportDate4: { label: 'Progress report 4', type: 'date' },
};
