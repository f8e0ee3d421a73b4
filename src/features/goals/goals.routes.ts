import { Router } from 'express';
import type { Response } from 'express';
import { dayKey, today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import type { Action } from '../../access/policy.js';
import { BadRequest, Conflict } from '../../web/errors.js';
import { callerOf, guard } from '../../web/guard.js';
import { fieldCheck } from '../../web/field-check.js';
import { flash } from '../../web/flash.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { idParam, parseForm, versionOf } from '../../web/validation.js';
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
  const allow = guard(ctx);
  const choices = { areas: goalAreas, measurements, fields: goalFields };

  const form = (res: Response, view: 'goals/new' | 'goals/edit', state: object, status = 200) =>
    render(res, view, { ...choices, errors: {}, conflict: false, ...state }, { status });

  router.post('/goals/check', allow('goal.change'), fieldCheck(goalForm, goalFields, '/goals/check'));

  router.get('/students/:id/goals/new', allow('goal.change'), async (req, res) => {
    const { user } = callerOf(req);
    const student = await editableStudent(ctx.db, callerOf(req), idParam(req.params.id), 'goal.change');
    const key = typeof req.query.template === 'string' ? req.query.template : '';
    const template = key ? await templateText(ctx.db, user, key) : null;
    const values = template
      ? { area: template.area, measurement: template.measurement, statement: template.text }
      : { area: typeof req.query.area === 'string' ? req.query.area : 'handwriting' };
    form(res, 'goals/new', {
      title: `New goal for ${student.firstName}`,
      student,
      values: { startDate: dayKey(today(ctx.config.timeZone)), ...values },
    });
  });

  router.post('/students/:id/goals', allow('goal.change'), async (req, res) => {
    const student = await editableStudent(ctx.db, callerOf(req), idParam(req.params.id), 'goal.change');
    const parsed = parseForm(goalForm, req.body);
    if (!parsed.ok)
      return form(
        res,
        'goals/new',
        { title: `New goal for ${student.firstName}`, student, values: parsed.values, errors: parsed.errors },
        422,
      );
    const goalId = await createGoal(ctx.db, callerOf(req), student.id, parsed.data);
    flash(req, 'success', 'Goal added.');
    res.redirect(303, `/goals/${goalId}`);
  });

  router.get('/goals/:id', allow('goal.view'), async (req, res) => {
    await goalPage(res, idParam(req.params.id));
  });

  router.post('/goals/:id/changes', allow('goal.change'), async (req, res) => {
    const goalId = idParam(req.params.id);
    const parsed = parseForm(approachChangeForm, req.body);
    if (!parsed.ok) return goalPage(res, goalId, { changeValues: parsed.values, changeErrors: parsed.errors }, 422, 'goal.change');
    await addApproachChange(ctx.db, callerOf(req), goalId, parsed.data);
    flash(req, 'success', 'Change of approach marked on the graph.');
    res.redirect(303, `/goals/${goalId}#graph`);
  });

  /** The goal page: details, graph with its caption, data (paged: htmx gets the table alone). */
  async function goalPage(res: Response, goalId: number, state: object = {}, status = 200, action: Action = 'goal.view') {
    const goal = await viewableGoal(ctx.db, callerOf(res.req), goalId, action);
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

  router.get('/goals/:id/edit', allow('goal.change'), async (req, res) => {
    const goal = await viewableGoal(ctx.db, callerOf(req), idParam(req.params.id), 'goal.change');
    form(res, 'goals/edit', { title: 'Revise goal', goal, student: goal.student, values: goalFormValues(goal) });
  });

  router.post('/goals/:id', allow('goal.change'), async (req, res) => {
    const caller = callerOf(req);
    const goal = await viewableGoal(ctx.db, caller, idParam(req.params.id), 'goal.change');
    const version = versionOf(req.body);
    const parsed = parseForm(goalForm, req.body);
    const state = { title: 'Revise goal', goal, student: goal.student };
    if (!parsed.ok) return form(res, 'goals/edit', { ...state, values: { ...parsed.values, version }, errors: parsed.errors }, 422);
    try {
      await reviseGoal(ctx.db, caller, goal.id, version, parsed.data);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      const current = await viewableGoal(ctx.db, caller, goal.id, 'goal.change');
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

  router.post('/goals/:id/status', allow('goal.change'), async (req, res) => {
    const goalId = idParam(req.params.id);
    await viewableGoal(ctx.db, callerOf(req), goalId, 'goal.change');
    const parsed = parseForm(goalStatusForm, req.body);
    if (!parsed.ok) throw new BadRequest();
    await setGoalStatus(ctx.db, callerOf(req), goalId, parsed.data.status, parsed.data.version);
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

  router.get('/goal-bank', allow('goalbank.use'), async (req, res) => {
    const area = typeof req.query.area === 'string' && goalAreas.some((a) => a.value === req.query.area) ? req.query.area : null;
    const student = typeof req.query.student === 'string' && /^\d{1,10}$/.test(req.query.student) ? Number(req.query.student) : null;
    const { own, ours } = await templatesFor(ctx.db, callerOf(req).user, area);
    render(
      res,
      'goals/bank',
      { title: 'Goal bank', area, student, own, ours, ...choices, values: {}, errors: {} },
      { fragment: 'goals/_bank-list' },
    );
  });

  router.post('/goal-bank', allow('goalbank.use'), async (req, res) => {
    const { user } = callerOf(req);
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

  router.post('/goal-bank/:id/remove', allow('goalbank.use'), async (req, res) => {
    await removeOwnTemplate(ctx.db, callerOf(req), idParam(req.params.id));
    flash(req, 'success', 'Template removed.');
    res.redirect(303, '/goal-bank');
  });

  return router;
}
