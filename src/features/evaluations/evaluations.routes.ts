import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { dateField, idParam, paragraph, parseForm } from '../../web/validation.js';
import { completeEvaluation, evaluationSteps, getEvaluation, saveFindings, startEvaluation } from './evaluations.service.js';

const startForm = z.object({ consentDate: dateField('the date of consent') });
const findingsForm = z.object({
  step: z.enum(['family', 'skills', 'sensory', 'goals'], { error: 'Choose a step' }),
  findings: paragraph('the findings', 5000),
});

export function evaluationRoutes(ctx: AppContext): Router {
  const router = Router();
  const therapists = requireRole(ctx.db, 'therapist');

  router.post('/students/:id/evaluations', therapists, async (req, res) => {
    const studentId = idParam(req.params.id);
    const form = parseForm(startForm, req.body);
    if (!form.ok) {
      flash(req, 'error', `The evaluation was not started: ${Object.values(form.errors).join('; ')}.`);
      return res.redirect(303, `/students/${studentId}#evaluation`);
    }
    const id = await startEvaluation(
      ctx.db,
      req.user as CurrentUser,
      studentId,
      form.data.consentDate,
      ctx.config.evaluationTimeline,
      req.ip,
    );
    res.redirect(303, `/evaluations/${id}`);
  });

  router.get('/evaluations/:id', therapists, async (req, res) => {
    const evaluation = await getEvaluation(ctx.db, req.user as CurrentUser, idParam(req.params.id));
    render(res, 'evaluations/show', { title: 'Evaluation', evaluation, steps: evaluationSteps, problem: null });
  });

  router.post('/evaluations/:id/findings', therapists, async (req, res) => {
    const id = idParam(req.params.id);
    const form = parseForm(findingsForm, req.body);
    if (!form.ok) {
      flash(req, 'error', `Not saved: ${Object.values(form.errors).join('; ')}.`);
      return res.redirect(303, `/evaluations/${id}`);
    }
    await saveFindings(ctx.db, req.user as CurrentUser, id, form.data.step, form.data.findings, req.ip);
    flash(req, 'success', 'Findings saved.');
    res.redirect(303, `/evaluations/${id}#step-${form.data.step}`);
  });

  router.post('/evaluations/:id/complete', therapists, async (req, res) => {
    const user = req.user as CurrentUser;
    const id = idParam(req.params.id);
    const problem = await completeEvaluation(ctx.db, user, id, req.ip);
    if (problem) {
      const evaluation = await getEvaluation(ctx.db, user, id);
      return render(res, 'evaluations/show', { title: 'Evaluation', evaluation, steps: evaluationSteps, problem }, { status: 422 });
    }
    flash(req, 'success', 'Evaluation complete: the student is now receiving services.');
    res.redirect(303, `/evaluations/${id}`);
  });

  /** A handout for the family in plain words: what will happen during the evaluation. */
  router.get('/evaluations/:id/handout', therapists, async (req, res) => {
    const evaluation = await getEvaluation(ctx.db, req.user as CurrentUser, idParam(req.params.id));
    render(res, 'evaluations/handout', { title: 'What happens in an OT evaluation', evaluation, steps: evaluationSteps });
  });

  return router;
}
