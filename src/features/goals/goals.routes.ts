import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { BadRequest, Conflict } from '../../web/errors.js';
import { fieldCheck } from '../../web/field-check.js';
import { flash } from '../../web/flash.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { idParam, parseForm } from '../../web/validation.js';
import { editableStudent } from '../students/students.write.js';
import { goalAreas, measurements } from './goal-areas.js';
import { approachChangeForm, goalFields, goalForm, goalStatusForm, ownTemplateForm } from './goals.schema.js';
import {
  addOwnTemplate,
  createGoal,
  goalFormValues,
  removeOwnTemplate,
  reviseGoal,
  setGoalStatus,
  templateText,
  templatesFor,
  viewableGoal,
} from './goals.service.js';
import { codeFor } from '../progress/codes.service.js';
import { goalChart } from '../progress/progress.chart.js';
import { chartCaption, defaultMeaningLabels } from '../progress/progress.words.js';
import { addApproachChange, goalDataPage, goalSeries } from './goal-data.js';

export function goalRoutes(ctx: AppContext): Router {
  const router = Router();
  const writers = requireRole(ctx.db, 'therapist', 'admin');
  const choices = { areas: goalAreas, measurements, fields: goalFields };

  const form = (res: Response, view: 'goals/new' | 'goals/edit', state: object, status = 200) =>
    render(res, view, { ...choices, errors: {}, conflict: false, ...state }, { status });

  router.post('/goals/check', writers, fieldCheck(goalForm, goalFields, '/goals/check'));

  router.get('/students/:id/goals/new', writers, async (req, res) => {
    const user = req.user as CurrentUser;
    const student = await editableStudent(ctx.db, user, idParam(req.params.id));
    const key = typeof req.query.template === 'string' ? req.query.template : '';
    const template = key ? await templateText(ctx.db, user, key) : null;
    const values = template
      ? { area: template.area, measurement: template.measurement, statement: template.text }
      : { area: typeof req.query.area === 'string' ? req.query.area : 'handwriting' };
    form(res, 'goals/new', {
      title: `New goal for ${student.firstName}`,
      student,
      values: { startDate: new Date().toISOString().slice(0, 10), ...values },
    });
  });

  router.post('/students/:id/goals', writers, async (req, res) => {
    const user = req.user as CurrentUser;
    const student = await editableStudent(ctx.db, user, idParam(req.params.id));
    const parsed = parseForm(goalForm, req.body);
    if (!parsed.ok)
      return form(
        res,
        'goals/new',
        { title: `New goal for ${student.firstName}`, student, values: parsed.values, errors: parsed.errors },
        422,
      );
    const goalId = await createGoal(ctx.db, user, student.id, parsed.data, req.ip);
    flash(req, 'success', 'Goal added.');
    res.redirect(303, `/goals/${goalId}`);
  });

  router.get('/goals/:id', writers, async (req, res) => {
    await goalPage(res, idParam(req.params.id));
  });

  router.post('/goals/:id/changes', writers, async (req, res) => {
    const goalId = idParam(req.params.id);
    const parsed = parseForm(approachChangeForm, req.body);
    if (!parsed.ok) return goalPage(res, goalId, { changeValues: parsed.values, changeErrors: parsed.errors }, 422);
    await addApproachChange(ctx.db, req.user as CurrentUser, goalId, parsed.data, req.ip);
    flash(req, 'success', 'Change of approach marked on the graph.');
    res.redirect(303, `/goals/${goalId}#graph`);
  });

  /** The goal page: details, graph with its caption, data (paged: htmx gets the table alone). */
  async function goalPage(res: Response, goalId: number, state: object = {}, status = 200) {
    const goal = await viewableGoal(ctx.db, res.req.user as CurrentUser, goalId);
    const page = pageFrom(res.req, 20);
    const [{ points, total }, series] = await Promise.all([goalDataPage(ctx.db, goal.id, page), goalSeries(ctx.db, goal.id)]);
    const chart = goalChart(goal, series.points, series.changes);
    const districtCode = await codeFor(ctx.db, chart.suggestion.meaning);
    render(
      res,
      'goals/show',
      {
        title: 'Goal',
        goal,
        points,
        chart,
        caption: chartCaption(goal, chart),
        suggestion: districtCode?.label ?? defaultMeaningLabels[chart.suggestion.meaning],
        changes: series.changes,
        changeValues: {},
        changeErrors: {},
        pager: pager(res.req, page.page, total, 20),
        versions: goal.versions.map((v) => ({ ...v, snapshot: JSON.parse(v.snapshot) })),
        ...state,
      },
      { fragment: 'goals/_data', status },
    );
  }

  router.get('/goals/:id/edit', writers, async (req, res) => {
    const goal = await viewableGoal(ctx.db, req.user as CurrentUser, idParam(req.params.id));
    form(res, 'goals/edit', { title: 'Revise goal', goal, student: goal.student, values: goalFormValues(goal) });
  });

  router.post('/goals/:id', writers, async (req, res) => {
    const user = req.user as CurrentUser;
    const goal = await viewableGoal(ctx.db, user, idParam(req.params.id));
    const version = Number(typeof req.body?.version === 'string' ? req.body.version : NaN);
    if (!Number.isInteger(version) || version < 1) throw new BadRequest();
    const parsed = parseForm(goalForm, req.body);
    const state = { title: 'Revise goal', goal, student: goal.student };
    if (!parsed.ok) return form(res, 'goals/edit', { ...state, values: { ...parsed.values, version }, errors: parsed.errors }, 422);
    try {
      await reviseGoal(ctx.db, user, goal.id, version, parsed.data, req.ip);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      const current = await viewableGoal(ctx.db, user, goal.id);
      return form(
        res,
        'goals/edit',
        { ...state, goal: current, values: { ...parsed.values, version: current.version }, conflict: true },
        409,
      );
    }
    flash(req, 'success', 'Goal revised. The earlier version is kept below.');
    res.redirect(303, `/goals/${goal.id}`);
  });

  router.post('/goals/:id/status', writers, async (req, res) => {
    const goalId = idParam(req.params.id);
    const parsed = parseForm(goalStatusForm, req.body);
    if (!parsed.ok) throw new BadRequest();
    await setGoalStatus(
      ctx.db,
      req.user as CurrentUser,
      goalId,
      parsed.data.status as 'active' | 'met' | 'discontinued',
      parsed.data.version,
      req.ip,
    );
    flash(
      req,
      'success',
      parsed.data.status === 'met'
        ? 'Goal marked as met. Well done!'
        : parsed.data.status === 'discontinued'
          ? 'Goal discontinued: no new data can be added to it.'
          : 'Goal is active again.',
    );
    res.redirect(303, `/goals/${goalId}`);
  });

  router.get('/goal-bank', writers, async (req, res) => {
    const area = typeof req.query.area === 'string' && goalAreas.some((a) => a.value === req.query.area) ? req.query.area : null;
    const student = typeof req.query.student === 'string' && /^\d{1,10}$/.test(req.query.student) ? Number(req.query.student) : null;
    const { own, ours } = await templatesFor(ctx.db, req.user as CurrentUser, area);
    render(
      res,
      'goals/bank',
      { title: 'Goal bank', area, student, own, ours, ...choices, values: {}, errors: {} },
      { fragment: 'goals/_bank-list' },
    );
  });

  router.post('/goal-bank', writers, async (req, res) => {
    const user = req.user as CurrentUser;
    const parsed = parseForm(ownTemplateForm, req.body);
    if (!parsed.ok) {
      const { own, ours } = await templatesFor(ctx.db, user, null);
      return render(
        res,
        'goals/bank',
        { title: 'Goal bank', area: null, student: null, own, ours, ...choices, values: parsed.values, errors: parsed.errors },
        { status: 422 },
      );
    }
    await addOwnTemplate(ctx.db, user, parsed.data);
    flash(req, 'success', 'Your template is saved in the goal bank.');
    res.redirect(303, `/goal-bank?area=${parsed.data.area}`);
  });

  router.post('/goal-bank/:id/remove', writers, async (req, res) => {
    await removeOwnTemplate(ctx.db, req.user as CurrentUser, idParam(req.params.id));
    flash(req, 'success', 'Template removed.');
    res.redirect(303, '/goal-bank');
  });

  return router;
}
