import { Router } from 'express';
import { z } from 'zod';
import { today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { attempt, dateField, idParam, parseForm } from '../../web/validation.js';
import { editableStudent } from '../students/students.write.js';
import { evaluationPdf } from './evaluation-pdf.js';
import { evaluationSummary } from './evaluation-summary.js';
import { renderEvaluationPage } from './evaluations.page.js';
import { assessmentForm, decisionForm, findingsForm, planForm } from './evaluations.schema.js';
import {
  addAssessment,
  completeEvaluation,
  evaluationSteps,
  evaluatorName,
  getEvaluation,
  removeAssessment,
  saveDecision,
  saveFindings,
  startEvaluation,
} from './evaluations.service.js';

const startForm = z.object({ consentDate: dateField('the date of consent') });

export function evaluationRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);
  const day = () => today(ctx.config.timeZone);

  router.post('/students/:id/evaluations', allow('evaluation.change'), async (req, res) => {
    const studentId = idParam(req.params.id);
    await editableStudent(ctx.db, callerOf(req), studentId, 'evaluation.change');
    const form = parseForm(startForm, req.body);
    const started = form.ok
      ? await attempt(() => startEvaluation(ctx.db, callerOf(req), studentId, form.data.consentDate, ctx.config.evaluationTimeline, day()))
      : form;
    if (!started.ok) {
      flash(req, 'error', `The evaluation was not started: ${Object.values(started.errors).join('; ')}.`);
      return res.redirect(303, `/students/${studentId}#evaluation`);
    }
    res.redirect(303, `/evaluations/${started.value}`);
  });

  router.get('/evaluations/:id', allow('evaluation.view'), async (req, res) => {
    await renderEvaluationPage(ctx, res, idParam(req.params.id));
  });

  router.post('/evaluations/:id/assessments', allow('evaluation.change'), async (req, res) => {
    const id = idParam(req.params.id);
    await getEvaluation(ctx.db, callerOf(req), id, 'evaluation.change');
    const form = parseForm(assessmentForm, req.body);
    const again = (errors: Record<string, string>) =>
      renderEvaluationPage(ctx, res, id, { assessmentValues: form.values, assessmentErrors: errors }, 422, 'evaluation.change');
    if (!form.ok) return again(form.errors);
    const added = await attempt(() => addAssessment(ctx.db, callerOf(req), id, form.data, day()));
    if (!added.ok) return again(added.errors);
    flash(req, 'success', `${form.data.name} is recorded.`);
    res.redirect(303, `/evaluations/${id}#assessments`);
  });

  router.post('/evaluations/:id/assessments/:assessmentId/remove', allow('evaluation.change'), async (req, res) => {
    const id = idParam(req.params.id);
    await removeAssessment(ctx.db, callerOf(req), id, idParam(req.params.assessmentId));
    flash(req, 'success', 'The assessment is removed.');
    res.redirect(303, `/evaluations/${id}#assessments`);
  });

  router.post('/evaluations/:id/findings', allow('evaluation.change'), async (req, res) => {
    const id = idParam(req.params.id);
    await getEvaluation(ctx.db, callerOf(req), id, 'evaluation.change');
    const form = parseForm(findingsForm, req.body);
    if (!form.ok) {
      flash(req, 'error', `Not saved: ${Object.values(form.errors).join('; ')}.`);
      return res.redirect(303, `/evaluations/${id}`);
    }
    await saveFindings(ctx.db, callerOf(req), id, form.data.step, form.data.findings);
    flash(req, 'success', 'Findings saved.');
    res.redirect(303, `/evaluations/${id}#step-${form.data.step}`);
  });

  router.post('/evaluations/:id/decision', allow('evaluation.change'), async (req, res) => {
    const id = idParam(req.params.id);
    await getEvaluation(ctx.db, callerOf(req), id, 'evaluation.change');
    const form = parseForm(decisionForm, req.body);
    const again = (errors: Record<string, string>) =>
      renderEvaluationPage(ctx, res, id, { decisionValues: form.values, decisionErrors: errors }, 422, 'evaluation.change');
    if (!form.ok) return again(form.errors);
    const saved = await attempt(() => saveDecision(ctx.db, callerOf(req), id, form.data, day()));
    if (!saved.ok) return again(saved.errors);
    flash(req, 'success', 'The eligibility decision is saved.');
    res.redirect(303, `/evaluations/${id}#eligibility`);
  });

  /** Eligible: the plan is read from the form and services start. Not eligible: the evaluation closes. */
  router.post('/evaluations/:id/complete', allow('evaluation.change'), async (req, res) => {
    const caller = callerOf(req);
    const id = idParam(req.params.id);
    const evaluation = await getEvaluation(ctx.db, caller, id, 'evaluation.change');
    const plan = evaluation.eligible === true ? parseForm(planForm, req.body) : null;
    const refused = (errors: Record<string, string>) =>
      renderEvaluationPage(
        ctx,
        res,
        id,
        { planValues: plan?.values, planErrors: errors, completionRefused: true },
        422,
        'evaluation.change',
      );
    if (plan && !plan.ok) return refused(plan.errors);
    const completed = await attempt(() => completeEvaluation(ctx.db, caller, id, plan?.ok ? plan.data : null, day()));
    if (!completed.ok) return refused(completed.errors);
    const name = evaluation.student.preferredName ?? evaluation.student.firstName;
    flash(
      req,
      'success',
      completed.value.eligible
        ? `The evaluation is complete: ${name} is now receiving services.`
        : `The evaluation is closed: ${name} is not eligible and is exited from the caseload.`,
    );
    res.redirect(303, `/evaluations/${id}`);
  });

  /** The summary, laid out to print. */
  router.get('/evaluations/:id/summary', allow('evaluation.view'), async (req, res) => {
    const evaluation = await getEvaluation(ctx.db, callerOf(req), idParam(req.params.id));
    const summary = evaluationSummary(evaluation, await evaluatorName(ctx.db, evaluation));
    render(res, 'evaluations/summary', { title: `${summary.title}: ${summary.student}`, evaluation, summary });
  });

  router.get('/evaluations/:id/pdf', allow('evaluation.export'), async (req, res) => {
    const evaluation = await getEvaluation(ctx.db, callerOf(req), idParam(req.params.id), 'evaluation.export');
    const pdf = await evaluationPdf(evaluationSummary(evaluation, await evaluatorName(ctx.db, evaluation)));
    res.type('application/pdf').set('Content-Disposition', `attachment; filename="evaluation-${evaluation.id}.pdf"`).send(pdf);
  });

  /** A handout for the family in plain words: what will happen during the evaluation. */
  router.get('/evaluations/:id/handout', allow('evaluation.view'), async (req, res) => {
    const evaluation = await getEvaluation(ctx.db, callerOf(req), idParam(req.params.id));
    render(res, 'evaluations/handout', { title: 'What happens in an OT evaluation', evaluation, steps: evaluationSteps });
  });

  return router;
}
