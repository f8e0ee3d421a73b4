// Evaluations of referred students, in the steps a school team follows: the family's consent to
// evaluate starts the clock (the due date), the assessments given and the four steps' findings,
// the team's eligibility decision at a meeting, and the family's consent for services. Completing
// an evaluation starts services under a plan (with service minutes and goals in place), or, for a
// student found not eligible, closes it and exits the student. Goals and service minutes are the
// student's own (added with the goals and mandates features).
import { addDays, dayKey } from '../../calendar/dates.js';
import { SchoolCalendar, loadCalendar } from '../../calendar/school-calendar.js';
import type { Db, Prisma } from '../../db/client.js';
import type { EvaluationStep } from '../../generated/prisma/enums.js';
import { loadEvaluation } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import type { Action } from '../../access/policy.js';
import { Conflict, Invalid, NotFound } from '../../web/errors.js';
import { choices } from '../../labels.js';
import { enumRank, sortedBy } from '../../enum-order.js';
import { formatDate } from '../../web/view-helpers.js';
import { recordBy } from '../audit/audit.service.js';
import type { exitReasons } from '../students/students.schema.js';
import { editableStudent } from '../students/students.write.js';
import type { DecisionInput, PlanInput } from './evaluations.schema.js';

type ExitReason = (typeof exitReasons)[number];

const stepWhat: Record<EvaluationStep, string> = {
  family: 'What the family sees at home, their questions, and what matters most to them.',
  skills: 'Watching the student write, cut, move and manage routines in class and in OT.',
  sensory: 'How the student reacts to noise, touch and movement, and what helps them stay calm.',
  goals: 'Agreeing on goals with the team, written in words everyone understands.',
};

/** The steps in order: the title is the step's label (labels.ts), with what it covers. */
export const evaluationSteps: { step: EvaluationStep; title: string; what: string }[] = choices('EvaluationStep').map((s) => ({
  step: s.value,
  title: s.label,
  what: stepWhat[s.value],
}));

/** Why a student found not eligible leaves the caseload: never served, or served until now. */
export const NOT_ELIGIBLE: ExitReason = 'Not eligible after evaluation';
export const NO_LONGER_ELIGIBLE: ExitReason = 'No longer eligible';

/**
 * The due date: N calendar days after consent, or N school days by the student's school calendar
 * (its breaks and holidays skipped; Monday to Friday where no calendar is entered).
 */
export function dueDate(
  consent: Date,
  rule: { kind: 'calendar' | 'school'; days: number },
  calendar: SchoolCalendar = SchoolCalendar.weekdays(),
): Date {
  return rule.kind === 'calendar' ? addDays(consent, rule.days) : calendar.addSchoolDays(consent, rule.days);
}

export async function startEvaluation(
  db: Db,
  caller: Caller,
  studentId: number,
  consent: Date,
  rule: { kind: 'calendar' | 'school'; days: number },
  today: Date,
) {
  const student = await editableStudent(db, caller, studentId, 'evaluation.change');
  if (consent > today) throw new Invalid({ consentDate: 'The date of consent cannot be in the future' });
  const calendar = rule.kind === 'school' ? await loadCalendar(db, student.schoolId) : undefined;
  return db.$transaction(async (tx) => {
    const evaluation = await tx.evaluation.create({
      data: {
        studentId,
        consentDate: consent,
        dueDate: dueDate(consent, rule, calendar),
        dueRule: `${rule.days} ${rule.kind} days`,
        createdById: caller.user.id,
      },
    });
    await tx.student.updateMany({
      where: { id: studentId, status: 'referred' },
      data: { status: 'evaluating', version: { increment: 1 } },
    });
    await recordBy(tx, caller, {
      action: 'student.evaluation.started',
      studentId,
      targetType: 'evaluation',
      targetId: evaluation.id,
    });
    return evaluation.id;
  });
}

/** What the evaluation page, its summary and its PDF show, in one query. */
const evaluationInclude = {
  findings: true,
  assessments: { orderBy: [{ givenOn: 'asc' }, { id: 'asc' }] },
  student: {
    select: {
      id: true,
      firstName: true,
      lastName: true,
      preferredName: true,
      status: true,
      gradeLevel: true,
      dateOfBirth: true,
      planType: true,
      planStart: true,
      annualReviewDue: true,
      reevaluationDue: true,
      school: { select: { name: true } },
      goals: {
        where: { status: 'active' },
        // By area in the schema's order in getEvaluation: ordering by an enum differs between databases.
        orderBy: { id: 'asc' },
        select: { id: true, area: true, statement: true, targetCriterion: true, targetDate: true },
      },
      mandates: {
        orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
        select: { id: true, minutes: true, period: true, delivery: true, grouping: true, startDate: true, endDate: true },
      },
    },
  },
} satisfies Prisma.EvaluationInclude;

export type EvaluationDetail = Prisma.EvaluationGetPayload<{ include: typeof evaluationInclude }>;

export async function getEvaluation(db: Db, caller: Caller, id: number, action: Action = 'evaluation.view'): Promise<EvaluationDetail> {
  const e = await loadEvaluation(db, caller, id, action, (where) => db.evaluation.findFirst({ where, include: evaluationInclude }));
  return { ...e, student: { ...e.student, goals: sortedBy(e.student.goals, (g) => enumRank('GoalArea', g.area)) } };
}

/** The OT who started the evaluation, by name, for the summary. */
export async function evaluatorName(db: Db, evaluation: { createdById: number }): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: evaluation.createdById }, select: { name: true } });
  return user?.name ?? null;
}

/** Loads an evaluation the caller may change, refusing one that is already complete. */
async function openEvaluation(db: Db, caller: Caller, id: number) {
  const evaluation = await getEvaluation(db, caller, id, 'evaluation.change');
  if (evaluation.completedAt) throw new Conflict('This evaluation is complete: it can no longer be changed.');
  return evaluation;
}

export async function saveFindings(db: Db, caller: Caller, id: number, step: EvaluationStep, findings: string) {
  const evaluation = await openEvaluation(db, caller, id);
  await db.$transaction(async (tx) => {
    await tx.evaluationFinding.upsert({
      where: { evaluationId_step: { evaluationId: id, step } },
      create: { evaluationId: id, step, findings },
      update: { findings },
    });
    await recordBy(tx, caller, {
      action: 'student.evaluation.findings',
      studentId: evaluation.studentId,
      targetType: 'evaluation',
      targetId: id,
      detail: { step },
    });
  });
}

export type AssessmentInput = { name: string; givenOn: Date; scores: string; meaning: string };

/** An assessment is given after consent to evaluate, and not in the future (`today` is the district's day). */
export async function addAssessment(db: Db, caller: Caller, id: number, input: AssessmentInput, today: Date): Promise<number> {
  const evaluation = await openEvaluation(db, caller, id);
  if (input.givenOn < evaluation.consentDate)
    throw new Invalid({ givenOn: `An assessment is given after consent to evaluate: on or after ${formatDate(evaluation.consentDate)}` });
  if (input.givenOn > today) throw new Invalid({ givenOn: 'The date it was given cannot be in the future' });
  return db.$transaction(async (tx) => {
    const assessment = await tx.evaluationAssessment.create({ data: { evaluationId: id, ...input } });
    await recordBy(tx, caller, {
      action: 'student.evaluation.assessment_added',
      studentId: evaluation.studentId,
      targetType: 'evaluation',
      targetId: id,
    });
    return assessment.id;
  });
}

export async function removeAssessment(db: Db, caller: Caller, id: number, assessmentId: number): Promise<void> {
  const evaluation = await openEvaluation(db, caller, id);
  await db.$transaction(async (tx) => {
    const { count } = await tx.evaluationAssessment.deleteMany({ where: { id: assessmentId, evaluationId: id } });
    if (count === 0) throw new NotFound();
    await recordBy(tx, caller, {
      action: 'student.evaluation.assessment_removed',
      studentId: evaluation.studentId,
      targetType: 'evaluation',
      targetId: id,
    });
  });
}

/** The team decides at a meeting after consent to evaluate; the family consents to services after it. */
export async function saveDecision(db: Db, caller: Caller, id: number, input: DecisionInput, today: Date): Promise<void> {
  const evaluation = await openEvaluation(db, caller, id);
  const errors: Record<string, string> = {};
  if (input.eligibilityMeetingOn < evaluation.consentDate)
    errors.eligibilityMeetingOn = `The meeting comes after consent to evaluate: on or after ${formatDate(evaluation.consentDate)}`;
  else if (input.eligibilityMeetingOn > today) errors.eligibilityMeetingOn = 'The meeting date cannot be in the future';
  if (input.servicesConsentOn && input.servicesConsentOn > today)
    errors.servicesConsentOn = 'The date of consent for services cannot be in the future';
  if (Object.keys(errors).length) throw new Invalid(errors);
  const eligible = input.eligible === 'yes';
  await db.$transaction(async (tx) => {
    await tx.evaluation.update({
      where: { id },
      data: {
        eligible,
        eligibilityMeetingOn: input.eligibilityMeetingOn,
        servicesConsentOn: eligible ? input.servicesConsentOn : null,
      },
    });
    await recordBy(tx, caller, {
      action: 'student.evaluation.decision',
      studentId: evaluation.studentId,
      targetType: 'evaluation',
      targetId: id,
    });
  });
}

/** Something completing still needs: a key for the message, the words, and where it is done (and who may). */
export type Missing = { key: string; message: string; href: string; action: Action };

/**
 * What completing the evaluation still needs, in the order the work is done. The page lists it
 * and completing refuses with the same list. A student found not eligible needs no goals step,
 * no consent for services, no service minutes and no goals.
 */
export function missingForCompletion(e: EvaluationDetail, today: Date): Missing[] {
  const missing: Missing[] = [];
  const change = 'evaluation.change' as const;
  if (e.assessments.length === 0)
    missing.push({ key: 'assessments', message: 'Record at least one assessment given', href: '#assessments', action: change });
  for (const s of evaluationSteps) {
    if (s.step === 'goals' && e.eligible === false) continue;
    if (!e.findings.some((f) => f.step === s.step && f.findings.trim()))
      missing.push({
        key: `step-${s.step}`,
        message: `Record the findings for ${s.title.toLowerCase()}`,
        href: `#step-${s.step}`,
        action: change,
      });
  }
  if (e.eligible === null || !e.eligibilityMeetingOn)
    missing.push({
      key: 'decision',
      message: 'Record the eligibility decision and its meeting date',
      href: '#eligibility',
      action: change,
    });
  if (e.eligible !== true) return missing;
  if (!e.servicesConsentOn)
    missing.push({ key: 'servicesConsent', message: 'Record the family’s consent for services', href: '#eligibility', action: change });
  if (!e.student.mandates.some((m) => m.endDate >= today))
    missing.push({
      key: 'mandate',
      message: 'Add the service minutes (a mandate) on the student’s page',
      href: `/students/${e.student.id}#mandates`,
      action: 'mandate.change',
    });
  if (e.student.goals.length === 0)
    missing.push({ key: 'goal', message: 'Add at least one goal', href: `/students/${e.student.id}/goals/new`, action: 'goal.change' });
  return missing;
}

/**
 * Completes the evaluation in one transaction, or writes nothing. Eligible: the plan is set and
 * the student is receiving services. Not eligible: the evaluation is closed and the student
 * exited on the meeting's date ("Not eligible after evaluation"; "No longer eligible" for a
 * student who was receiving services). Refused (Invalid, by key) while anything is missing.
 */
export async function completeEvaluation(
  db: Db,
  caller: Caller,
  id: number,
  plan: PlanInput | null,
  today: Date,
): Promise<{ eligible: boolean }> {
  await getEvaluation(db, caller, id, 'evaluation.change');
  return db.$transaction(async (tx) => {
    // Read again inside the transaction, so the checks and the writes see the same records.
    const e = await tx.evaluation.findUniqueOrThrow({ where: { id }, include: evaluationInclude });
    if (e.completedAt) throw new Conflict('This evaluation is already complete.');
    if (e.student.status === 'exited') throw new Conflict('The student was exited from services: re-open them to complete it.');
    const errors: Record<string, string> = Object.fromEntries(missingForCompletion(e, today).map((m) => [m.key, m.message]));
    if (e.eligible === true) {
      if (!plan) errors.planType = 'Choose the plan services start under';
      else if (e.servicesConsentOn && plan.planStart < e.servicesConsentOn)
        errors.planStart = `Services start on or after the family’s consent: ${formatDate(e.servicesConsentOn)} or later`;
    }
    if (Object.keys(errors).length) throw new Invalid(errors);

    const { count } = await tx.evaluation.updateMany({ where: { id, completedAt: null }, data: { completedAt: new Date() } });
    if (count === 0) throw new Conflict('This evaluation is already complete.');
    const studentId = e.studentId;
    if (e.eligible === true && plan) {
      await tx.student.update({
        where: { id: studentId },
        data: {
          status: 'active',
          planType: plan.planType,
          planStart: plan.planStart,
          annualReviewDue: plan.annualReviewDue,
          ...(plan.reevaluationDue ? { reevaluationDue: plan.reevaluationDue } : {}),
          version: { increment: 1 },
        },
      });
      await recordBy(tx, caller, { action: 'student.evaluation.completed', studentId, targetType: 'evaluation', targetId: id });
      return { eligible: true };
    }
    const reason = e.student.status === 'active' ? NO_LONGER_ELIGIBLE : NOT_ELIGIBLE;
    await tx.student.update({
      where: { id: studentId },
      data: { status: 'exited', exitedOn: e.eligibilityMeetingOn ?? today, exitReason: reason, version: { increment: 1 } },
    });
    await recordBy(tx, caller, { action: 'student.evaluation.closed', studentId, targetType: 'evaluation', targetId: id });
    await recordBy(tx, caller, { action: 'student.exited', studentId, targetType: 'student', targetId: studentId, detail: { reason } });
    return { eligible: false };
  });
}

/** The evaluation's state in words, for the page, the summary and the PDF. */
export function evaluationState(e: { completedAt: Date | null; eligible: boolean | null }): string {
  if (!e.completedAt) return 'In progress';
  return e.eligible ? `Complete on ${formatDate(e.completedAt)}: services started` : `Closed on ${formatDate(e.completedAt)}: not eligible`;
}

/** The decision in words. */
export function decisionWords(e: { eligible: boolean | null }): string {
  return e.eligible === null ? 'Not decided yet' : e.eligible ? 'Eligible for OT services' : 'Not eligible for OT services';
}

/** Form values for a date field: YYYY-MM-DD, or empty. */
export const dateValue = (d: Date | null | undefined) => (d ? dayKey(d) : '');
