// The evaluation page's view model, built in one place. A form that fails renders the page again
// with its own values and messages, and the others as saved.
import type { Response } from 'express';
import { addYears, today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { can } from '../../access/policy.js';
import type { Action } from '../../access/policy.js';
import { callerOf } from '../../web/guard.js';
import { render } from '../../web/render.js';
import { assessmentFields, planChoices, planFields } from './evaluations.schema.js';
import { dateValue, decisionWords, evaluationState, evaluationSteps, getEvaluation, missingForCompletion } from './evaluations.service.js';
import type { EvaluationDetail } from './evaluations.service.js';

export type PageState = {
  assessmentValues?: Record<string, unknown>;
  assessmentErrors?: Record<string, string>;
  decisionValues?: Record<string, unknown>;
  decisionErrors?: Record<string, string>;
  planValues?: Record<string, unknown>;
  planErrors?: Record<string, string>;
  /** Completing was refused: the list of what is missing is announced. */
  completionRefused?: boolean;
};

function decisionDefaults(e: EvaluationDetail): Record<string, unknown> {
  return {
    eligible: e.eligible === null ? '' : e.eligible ? 'yes' : 'no',
    eligibilityMeetingOn: dateValue(e.eligibilityMeetingOn),
    servicesConsentOn: dateValue(e.servicesConsentOn),
  };
}

/** The plan as the student has it; a re-evaluation is due 3 years after the eligibility meeting at the latest. */
function planDefaults(e: EvaluationDetail): Record<string, unknown> {
  const s = e.student;
  const reevaluation = s.reevaluationDue ?? (e.eligibilityMeetingOn ? addYears(e.eligibilityMeetingOn, 3) : null);
  return {
    planType: s.planType === 'none' ? '' : s.planType,
    planStart: dateValue(s.planStart),
    annualReviewDue: dateValue(s.annualReviewDue),
    reevaluationDue: dateValue(reevaluation),
  };
}

/**
 * Renders the page. `action` is the loader's: a plain visit is a view (audited as one); the page
 * shown again after a refused change was loaded for that change already.
 */
export async function renderEvaluationPage(
  ctx: AppContext,
  res: Response,
  id: number,
  state: PageState = {},
  status = 200,
  action: Action = 'evaluation.view',
): Promise<void> {
  const caller = callerOf(res.req);
  const evaluation = await getEvaluation(ctx.db, caller, id, action);
  const s = evaluation.student;
  const missing = missingForCompletion(evaluation, today(ctx.config.timeZone)).map((m) => ({
    ...m,
    canFollow: can(caller.user, m.action),
  }));
  const planErrors = state.planErrors ?? {};
  render(
    res,
    'evaluations/show',
    {
      title: `Evaluation for ${s.preferredName ?? s.firstName} ${s.lastName}`,
      evaluation,
      steps: evaluationSteps,
      state: evaluationState(evaluation),
      decision: decisionWords(evaluation),
      editable: !evaluation.completedAt && can(caller.user, 'evaluation.change'),
      missing,
      planChoices,
      assessmentFields,
      planFields,
      assessmentValues: state.assessmentValues ?? {},
      assessmentErrors: state.assessmentErrors ?? {},
      decisionValues: state.decisionValues ?? decisionDefaults(evaluation),
      decisionErrors: state.decisionErrors ?? {},
      planValues: state.planValues ?? planDefaults(evaluation),
      // Only the plan's own fields are shown beside them; what is missing has its own list.
      planErrors: Object.fromEntries(Object.entries(planErrors).filter(([key]) => key in planFields || key === 'planType')),
      completionRefused: state.completionRefused ?? false,
    },
    { status },
  );
}
