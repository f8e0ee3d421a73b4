import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { attempt, dateField, idParam, paragraph, parseForm } from '../../web/validation.js';
import { editableStudent } from '../students/students.write.js';
import { completeEvaluation, evaluationSteps, getEvaluation, saveFindings, startEvaluation } from './evaluations.service.js';

const startForm = z.object({ consentDate: dateField('the date of consent') });
const findingsForm = z.object({
  step: z.enum(['family', 'skills', 'sensory', 'goals'], { error: 'Choose a step' }),
  findings: paragraph('the findings', 5000),
});

export function evaluationRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.post('/students/:id/evaluations', allow('evaluation.change'), async (req, res) => {
    const studentId = idParam(req.params.id);
    await editableStudent(ctx.db, callerOf(req), studentId, 'evaluation.change');
    const form = parseForm(startForm, req.body);
    if (!form.ok) {
      flash(req, 'error', `The evaluation was not started: ${Object.values(form.errors).join('; ')}.`);
      return res.redirect(303, `/students/${studentId}#evaluation`);
    }
    const id = await startEvaluation(ctx.db, callerOf(req), studentId, form.data.consentDate, ctx.config.evaluationTimeline);
    res.redirect(303, `/evaluations/${id}`);
  });

  router.get('/evaluations/:id', allow('evaluation.view'), async (req, res) => {
    const evaluation = await getEvaluation(ctx.db, callerOf(req), idParam(req.params.id));
    render(res, 'evaluations/show', { title: 'Evaluation', evaluation, steps: evaluationSteps, problem: null });
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

  router.post('/evaluations/:id/complete', allow('evaluation.change'), async (req, res) => {
    const caller = callerOf(req);
    const id = idParam(req.params.id);
    const completed = await attempt(() => completeEvaluation(ctx.db, caller, id));
    if (!completed.ok) {
      const evaluation = await getEvaluation(ctx.db, caller, id, 'evaluation.change');
      const problem = Object.values(completed.errors).join(' ');
      return render(res, 'evaluations/show', { title: 'Evaluation', evaluation, steps: evaluationSteps, problem }, { status: 422 });
    }
    flash(req, 'success', 'Evaluation complete: the student is now receiving services.');
    res.redirect(303, `/evaluations/${id}`);
  });

  /** A handout for the family in plain words: what will happen during the evaluation. */
  router.get('/evaluations/:id/handout', allow('evaluation.view'), async (req, res) => {
    const evaluation = await getEvaluation(ctx.db, callerOf(req), idParam(req.params.id));
    render(res, 'evaluations/handout', { title: 'What happens in an OT evaluation', evaluation, steps: evaluationSteps });
  });

  return router;
}
