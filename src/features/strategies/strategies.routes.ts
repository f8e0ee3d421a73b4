import { Router } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { idParam, parseForm } from '../../web/validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { goalAreas } from '../goals/goal-areas.js';
import { getStudent } from '../students/students.service.js';
import { assignForm, feedbackForm, libraryFilters, ownStrategyForm } from './strategies.schema.js';
import {
  addOwnStrategy,
  assignStrategy,
  giveFeedback,
  ownStrategy,
  removeAssignment,
  searchLibrary,
  studentStrategies,
  updateOwnStrategy,
} from './strategies.service.js';

export function strategyRoutes(ctx: AppContext): Router {
  const router = Router();
  const therapists = requireRole(ctx.db, 'therapist');

  router.get('/strategies', therapists, async (req, res) => {
    const filters = libraryFilters.parse({ q: req.query.q, area: req.query.area || undefined, student: req.query.student });
    const strategies = await searchLibrary(ctx.db, req.user as CurrentUser, filters);
    render(
      res,
      'strategies/index',
      { title: 'Classroom strategies', strategies, filters, areas: goalAreas, values: {}, errors: {} },
      { fragment: 'strategies/_list' },
    );
  });

  router.post('/strategies', therapists, async (req, res) => {
    const user = req.user as CurrentUser;
    const form = parseForm(ownStrategyForm, req.body);
    if (!form.ok) {
      const filters = libraryFilters.parse({});
      const strategies = await searchLibrary(ctx.db, user, filters);
      return render(
        res,
        'strategies/index',
        { title: 'Classroom strategies', strategies, filters, areas: goalAreas, values: form.values, errors: form.errors },
        { status: 422 },
      );
    }
    await addOwnStrategy(ctx.db, user, form.data);
    flash(req, 'success', 'Your strategy is in the library.');
    res.redirect(303, '/strategies');
  });

  router.get('/strategies/own/:id/edit', therapists, async (req, res) => {
    const own = await ownStrategy(ctx.db, req.user as CurrentUser, idParam(req.params.id));
    render(res, 'strategies/edit', {
      title: 'Edit your strategy',
      own,
      areas: goalAreas,
      values: { ...own, materials: own.materials },
      errors: {},
    });
  });

  router.post('/strategies/own/:id', therapists, async (req, res) => {
    const user = req.user as CurrentUser;
    const own = await ownStrategy(ctx.db, user, idParam(req.params.id));
    const form = parseForm(ownStrategyForm, req.body);
    if (!form.ok)
      return render(
        res,
        'strategies/edit',
        { title: 'Edit your strategy', own, areas: goalAreas, values: form.values, errors: form.errors },
        { status: 422 },
      );
    await updateOwnStrategy(ctx.db, user, own.id, form.data);
    flash(req, 'success', 'Strategy saved. Students who have it see the new wording.');
    res.redirect(303, '/strategies');
  });

  router.post('/students/:id/strategies', therapists, async (req, res) => {
    const studentId = idParam(req.params.id);
    const form = parseForm(assignForm, req.body);
    const result = form.ok ? await assignStrategy(ctx.db, req.user as CurrentUser, studentId, form.data, req.ip) : { errors: form.errors };
    flash(
      req,
      result ? 'error' : 'success',
      result ? `Not assigned: ${Object.values(result.errors).join('; ')}.` : 'Strategy assigned. The teacher sees it on their side.',
    );
    res.redirect(303, `/students/${studentId}#strategies`);
  });

  router.post('/students/:id/strategies/:aid/remove', therapists, async (req, res) => {
    const studentId = idParam(req.params.id);
    await removeAssignment(ctx.db, req.user as CurrentUser, studentId, idParam(req.params.aid), req.ip);
    flash(req, 'success', 'Strategy removed from this student.');
    res.redirect(303, `/students/${studentId}#strategies`);
  });

  router.post('/students/:id/strategies/:aid/feedback', requireRole(ctx.db, 'teacher'), async (req, res) => {
    const studentId = idParam(req.params.id);
    const form = parseForm(feedbackForm, req.body);
    if (!form.ok) {
      flash(req, 'error', `Not sent: ${Object.values(form.errors).join('; ')}.`);
      return res.redirect(303, `/students/${studentId}#strategies`);
    }
    await giveFeedback(ctx.db, req.user as CurrentUser, studentId, idParam(req.params.aid), form.data, req.ip);
    flash(req, 'success', 'Thank you: the OT will see this.');
    res.redirect(303, `/students/${studentId}#strategies`);
  });

  /** One printable page: the student's current strategies in plain words. */
  router.get('/students/:id/strategies/sheet', async (req, res) => {
    const user = req.user as CurrentUser;
    const student = await getStudent(ctx.db, user, idParam(req.params.id), req.ip);
    const strategies = await studentStrategies(ctx.db, user, student.id);
    await recordAudit(ctx.db, {
      action: 'student.strategy.sheet',
      actorId: user.id,
      actorEmail: user.email,
      studentId: student.id,
      ip: req.ip,
    });
    render(res, 'strategies/sheet', {
      title: `Classroom strategies for ${student.preferredName ?? student.firstName}`,
      student,
      strategies,
    });
  });

  return router;
}
