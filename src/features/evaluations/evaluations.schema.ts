// The evaluation page's forms, one zod schema each: its messages are what the OT reads beside
// each field. Rules that need the evaluation itself (dates after consent, not in the future)
// are the service's, answered the same way (Invalid, by field).
import { checkPlanDates } from '../students/students.schema.js';
import { z } from 'zod';
import { choices } from '../../labels.js';
import type { FieldLook } from '../../web/field-check.js';
import { dateField, line, optionalDateField, paragraph } from '../../web/validation.js';
import { findJargon } from '../notes/plain-language.js';

/** A field left out of the form reads as left empty, so its message is the one for an empty field. */
const orEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? '', schema);

/** Text of several lines that must not be empty. */
function requiredParagraph(label: string, max: number) {
  return orEmpty(paragraph(label, max).refine((s) => s.length > 0, `Enter ${label}`));
}

export const findingsForm = z.object({
  step: z.enum(['family', 'skills', 'sensory', 'goals'], { error: 'Choose a step' }),
  findings: paragraph('the findings', 5000),
});

/** An assessment given: what it was, when, the scores, and what they mean in words a family reads. */
export const assessmentForm = z.object({
  name: orEmpty(line('the name of the assessment', 120)),
  givenOn: dateField('the date it was given'),
  scores: requiredParagraph('the scores', 1000),
  meaning: requiredParagraph('what the scores mean', 2000).superRefine((text, ctx) => {
    const term = typeof text === 'string' ? findJargon(text)[0] : undefined;
    if (term) ctx.addIssue({ code: 'custom', message: `Say it in plain words: instead of “${term.term}”, try “${term.plain}”` });
  }),
});

export const assessmentFields: Record<string, FieldLook> = {
  name: { label: 'Assessment', maxlength: 120, autocomplete: 'off', hint: 'The test or observation, e.g. "Handwriting sample".' },
  givenOn: { label: 'Given on', type: 'date' },
  scores: { label: 'Scores', maxlength: 1000, hint: 'As the assessment reports them, e.g. "Standard score 82 (12th percentile)".' },
  meaning: {
    label: 'What the scores mean, in plain words',
    maxlength: 2000,
    hint: 'For the family and the teacher: what the scores say about school tasks, without clinical terms.',
  },
};

/** The team's eligibility decision, the meeting it was made at, and the family's consent for services. */
export const decisionForm = z
  .object({
    eligible: z.enum(['yes', 'no'], { error: 'Choose whether the student is eligible for OT services' }),
    eligibilityMeetingOn: dateField('the date of the eligibility meeting'),
    servicesConsentOn: optionalDateField('the date of consent for services'),
  })
  .superRefine((d, ctx) => {
    if (!(d.servicesConsentOn instanceof Date)) return;
    if (d.eligible === 'no')
      ctx.addIssue({
        code: 'custom',
        path: ['servicesConsentOn'],
        message: 'Consent for services is asked only when the student is eligible: leave this empty',
      });
    else if (d.eligibilityMeetingOn instanceof Date && d.servicesConsentOn < d.eligibilityMeetingOn)
      ctx.addIssue({
        code: 'custom',
        path: ['servicesConsentOn'],
        message: 'Consent for services comes on or after the eligibility meeting',
      });
  });

export type DecisionInput = z.output<typeof decisionForm>;

/** The plans an eligible student can start services under ("No plan yet" is not one). */
export const planChoices = choices('PlanType', ['iep', 'plan504', 'intervention']);

/** The plan services start under, asked when an eligible student's evaluation is completed. */
export const planForm = z
  .object({
    planType: z.enum(['iep', 'plan504', 'intervention'], { error: 'Choose the plan services start under' }),
    planStart: dateField('the plan start date'),
    annualReviewDue: dateField('the annual review date'),
    reevaluationDue: optionalDateField('the re-evaluation date'),
  })
  .superRefine((p, ctx) => checkPlanDates(p, ctx));

export type PlanInput = z.output<typeof planForm>;

export const planFields: Record<string, FieldLook> = {
  planStart: { label: 'Plan start', type: 'date', hint: 'On or after the family’s consent for services.' },
  annualReviewDue: { label: 'Annual review due', type: 'date', hint: 'Within a year of the start.' },
  reevaluationDue: { label: 'Re-evaluation due (optional)', type: 'date', hint: 'At least every 3 years.' },
};
