// The evaluation summary as one view model: the print view and the PDF draw the same facts in
// the same words, so what prints and what downloads never disagree.
import { label, mandateWords, planLabel } from '../../labels.js';
import { formatDate, goalSentence, gradeLabel, studentName } from '../../web/view-helpers.js';
import { decisionWords, evaluationState, evaluationSteps } from './evaluations.service.js';
import type { EvaluationDetail } from './evaluations.service.js';

export type Fact = { label: string; value: string };

export type EvaluationSummary = {
  title: string;
  student: string;
  about: Fact[];
  assessments: { name: string; givenOn: string; scores: string; meaning: string }[];
  findings: { title: string; text: string }[];
  decision: Fact[];
  /** Once services start: the plan, the service minutes and the goals. */
  plan: { facts: Fact[]; minutes: string[]; goals: string[] } | null;
  /** Once a student found not eligible is exited. */
  closed: string | null;
};

export function evaluationSummary(e: EvaluationDetail, evaluator: string | null): EvaluationSummary {
  const s = e.student;
  const about: Fact[] = [
    { label: 'Student', value: studentName(s) },
    { label: 'School', value: `${s.school.name}, ${gradeLabel(s.gradeLevel)}` },
    ...(s.dateOfBirth ? [{ label: 'Date of birth', value: formatDate(s.dateOfBirth) }] : []),
    { label: 'Consent to evaluate', value: formatDate(e.consentDate) },
    { label: 'Due', value: `${formatDate(e.dueDate)} (${e.dueRule})` },
    { label: 'State', value: evaluationState(e) },
    ...(evaluator ? [{ label: 'Evaluated by', value: evaluator }] : []),
  ];
  const decision: Fact[] = [
    { label: 'Eligibility', value: decisionWords(e) },
    { label: 'Eligibility meeting', value: e.eligibilityMeetingOn ? formatDate(e.eligibilityMeetingOn) : 'Not held yet' },
  ];
  if (e.eligible !== false)
    decision.push({ label: 'Consent for services', value: e.servicesConsentOn ? formatDate(e.servicesConsentOn) : 'Not given yet' });
  const started = e.completedAt !== null && e.eligible === true;
  return {
    title: 'OT evaluation summary',
    student: studentName(s),
    about,
    assessments: e.assessments.map((a) => ({
      name: a.name,
      givenOn: formatDate(a.givenOn),
      scores: a.scores,
      meaning: a.meaning,
    })),
    findings: evaluationSteps
      .filter((step) => !(step.step === 'goals' && e.eligible === false))
      .map((step) => ({
        title: step.title,
        text: e.findings.find((f) => f.step === step.step)?.findings || 'Not recorded.',
      })),
    decision,
    plan: started
      ? {
          facts: [
            { label: 'Plan', value: planLabel(s.planType) },
            { label: 'Plan start', value: formatDate(s.planStart) || 'Not set' },
            { label: 'Annual review due', value: formatDate(s.annualReviewDue) || 'Not set' },
            { label: 'Re-evaluation due', value: formatDate(s.reevaluationDue) || 'Not set' },
          ],
          minutes: s.mandates.map((m) => `${mandateWords(m)}, ${formatDate(m.startDate)} to ${formatDate(m.endDate)}`),
          goals: s.goals.map(
            (g) =>
              `${label('GoalArea', g.area)}: ${goalSentence(s, g.statement).replace(/[.\s]+$/, '')}. Target: ${g.targetCriterion}, by ${formatDate(g.targetDate)}.`,
          ),
        }
      : null,
    closed:
      e.completedAt !== null && e.eligible === false
        ? `Not eligible for OT services: the evaluation was closed on ${formatDate(e.completedAt)}.`
        : null,
  };
}
