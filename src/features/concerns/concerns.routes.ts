import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import { can } from '../../access/policy.js';
import { Conflict } from '../../web/errors.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { concernForm, messageForm } from './concerns.schema.js';
import {
  addMessage,
  concernFormChoices,
  getConcern,
  listConcerns,
  raiseConcern,
  referConcern,
  takeable,
  takenBy,
} from './concerns.service.js';
import { signGroups, signLabel } from './signs.js';

export function concernRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  const form = async (res: Response, values: Record<string, unknown>, errors: Record<string, string>, status = 200) => {
    const { students, schools } = await concernFormChoices(ctx.db, callerOf(res.req).user);
    render(res, 'concerns/new', { title: 'Share a concern with the OT', students, schools, signGroups, values, errors }, { status });
  };

  const thread = async (res: Response, id: number, values: Record<string, unknown> = {}, errors: Record<string, string> = {}) => {
    const { user } = callerOf(res.req);
    const concern = await getConcern(ctx.db, callerOf(res.req), id);
    const status = Object.keys(errors).length ? 422 : 200;
    render(res, 'concerns/show', { title: 'Concern', concern, takeable: takeable(concern, user), signLabel, values, errors }, { status });
  };

  router.get('/concerns/new', allow('concern.raise'), (req, res) =>
    form(res, { studentId: typeof req.query.student === 'string' ? req.query.student : '' }, {}),
  );

  router.post('/concerns', allow('concern.raise'), async (req, res) => {
    const parsed = parseForm(concernForm, req.body);
    const raised = parsed.ok ? await attempt(() => raiseConcern(ctx.db, callerOf(req), parsed.data)) : parsed;
    if (!raised.ok) return form(res, parsed.values, raised.errors, 422);
    flash(req, 'success', 'Sent to the OT. You will see their reply here.');
    res.redirect(303, `/concerns/${raised.value}`);
  });

  router.get('/concerns', allow('concern.view'), async (req, res) => {
    const page = pageFrom(req);
    const { concerns, total } = await listConcerns(ctx.db, callerOf(req).user, page);
    render(res, 'concerns/index', {
      title: can(req.user, 'concern.raise') ? 'My concerns' : 'Concerns from teachers',
      concerns,
      pager: pager(req, page.page, total),
      signLabel,
    });
  });

  router.get('/concerns/:id', allow('concern.view'), (req, res) => thread(res, idParam(req.params.id)));

  router.post('/concerns/:id/messages', allow('concern.reply'), async (req, res) => {
    const id = idParam(req.params.id);
    const parsed = parseForm(messageForm, req.body);
    if (!parsed.ok) return thread(res, id, parsed.values, parsed.errors);
    await addMessage(ctx.db, callerOf(req), id, parsed.data.body);
    res.redirect(303, `/concerns/${id}#messages`);
  });

  router.post('/concerns/:id/refer', allow('concern.refer'), async (req, res) => {
    const id = idParam(req.params.id);
    const taker = await takenBy(ctx.db, callerOf(req).user, id);
    if (taker) throw new Conflict(`${taker} already took this concern as a referral: the student is on their caseload now.`);
    const studentId = await referConcern(ctx.db, callerOf(req), id);
    flash(req, 'success', 'Referred: the student is on your caseload as referred. Add the details and plan the evaluation.');
    res.redirect(303, `/students/${studentId}`);
  });

  return router;
}
