import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { goalAreas } from '../goals/goal-areas.js';
import { getStudent } from '../students/students.service.js';
import { editableStudent } from '../students/students.write.js';
import { assignForm, feedbackForm, libraryFilters, ownStrategyForm } from './strategies.schema.js';
import {
  addOwnStrategy,
  assignStrategy,
  giveFeedback,
  ownStrategy,
  removeAssignment,
  searchLibrary,
  strategyPicker,
  studentStrategies,
  updateOwnStrategy,
} from './strategies.service.js';

export function strategyRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.get('/strategies', allow('strategy.library'), async (req, res) => {
    const filters = libraryFilters.parse({ q: req.query.q, area: req.query.area || undefined, student: req.query.student });
    const strategies = await searchLibrary(ctx.db, callerOf(req).user, filters);
    render(
      res,
      'strategies/index',
      { title: 'Classroom strategies', strategies, filters, areas: goalAreas, values: {}, errors: {} },
      { fragment: 'strategies/_list' },
    );
  });

  router.post('/strategies', allow('strategy.own'), async (req, res) => {
    const { user } = callerOf(req);
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

  router.get('/strategies/own/:id/edit', allow('strategy.own'), async (req, res) => {
    const own = await ownStrategy(ctx.db, callerOf(req), idParam(req.params.id));
    render(res, 'strategies/edit', {
      title: 'Edit your strategy',
      own,
      areas: goalAreas,
      values: { ...own, materials: own.materials },
      errors: {},
    });
  });

  router.post('/strategies/own/:id', allow('strategy.own'), async (req, res) => {
    const caller = callerOf(req);
    const own = await ownStrategy(ctx.db, caller, idParam(req.params.id));
    const form = parseForm(ownStrategyForm, req.body);
    if (!form.ok)
      return render(
        res,
        'strategies/edit',
        { title: 'Edit your strategy', own, areas: goalAreas, values: form.values, errors: form.errors },
        { status: 422 },
      );
    await updateOwnStrategy(ctx.db, caller, own.id, form.data);
    flash(req, 'success', 'Strategy saved. Students who have it see the new wording.');
    res.redirect(303, '/strategies');
  });

  /** Choosing a strategy for a student: search on submit (GET, works without JavaScript), or as you type with htmx. */
  router.get('/students/:id/strategies/pick', allow('strategy.assign'), async (req, res) => {
    const filters = libraryFilters.parse({ q: req.query.q, area: req.query.area || undefined });
    const picker = await strategyPicker(ctx.db, callerOf(req), idParam(req.params.id), filters);
    render(
      res,
      'strategies/pick',
      { title: 'Assign a strategy', ...picker, filters, areas: goalAreas, query: typeof req.query.q === 'string' ? req.query.q : '' },
      { fragment: 'strategies/_picker-results' },
    );
  });

  router.post('/students/:id/strategies', allow('strategy.assign'), async (req, res) => {
    const studentId = idParam(req.params.id);
    await editableStudent(ctx.db, callerOf(req), studentId, 'strategy.assign');
    const form = parseForm(assignForm, req.body);
    const result = form.ok ? await attempt(() => assignStrategy(ctx.db, callerOf(req), studentId, form.data)) : form;
    if (result.ok) flash(req, 'success', 'Strategy assigned. The teacher sees it on their side.');
    else flash(req, 'error', `Not assigned: ${Object.values(result.errors).join('; ')}.`);
    res.redirect(303, `/students/${studentId}#strategies`);
  });

  router.post('/students/:id/strategies/:aid/remove', allow('strategy.assign'), async (req, res) => {
    const studentId = idParam(req.params.id);
    await removeAssignment(ctx.db, callerOf(req), studentId, idParam(req.params.aid));
    flash(req, 'success', 'Strategy removed from this student.');
    res.redirect(303, `/students/${studentId}#strategies`);
  });

  router.post('/students/:id/strategies/:aid/feedback', allow('strategy.feedback'), async (req, res) => {
    const studentId = idParam(req.params.id);
    const form = parseForm(feedbackForm, req.body);
    if (!form.ok) {
      flash(req, 'error', `Not sent: ${Object.values(form.errors).join('; ')}.`);
      return res.redirect(303, `/students/${studentId}#strategies`);
    }
    await giveFeedback(ctx.db, callerOf(req), studentId, idParam(req.params.aid), form.data);
    flash(req, 'success', 'Thank you: the OT will see this.');
    res.redirect(303, `/students/${studentId}#strategies`);
  });

  /** One printable page: the student's current strategies in plain words. */
  router.get('/students/:id/strategies/sheet', allow('strategy.view'), async (req, res) => {
    const caller = callerOf(req);
    const student = await getStudent(ctx.db, caller, idParam(req.params.id), 'strategy.view');
    const strategies = await studentStrategies(ctx.db, caller.user, student.id);
    render(res, 'strategies/sheet', {
      title: `Classroom strategies for ${student.preferredName ?? student.firstName}`,
      student,
      strategies,
    });
  });

  return router;
}
