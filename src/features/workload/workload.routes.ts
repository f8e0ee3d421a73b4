import { Router } from 'express';
import type { Response } from 'express';
import { addDays, dayKey, parseDay, today, weekStartOf } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../access/current-user.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { idParam, parseForm } from '../../web/validation.js';
import { indirectActivities, indirectForm } from './workload.schema.js';
import { logIndirect, removeIndirect, weekSummary } from './workload.service.js';

export function workloadRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  const show = async (res: Response, state: object = {}, status = 200) => {
    const user = res.req.user as CurrentUser;
    const now = today(ctx.config.timeZone);
    const requested = typeof res.req.query.week === 'string' ? parseDay(res.req.query.week) : null;
    const start = weekStartOf(requested ?? now);
    const summary = await weekSummary(ctx.db, user.id, start);
    render(
      res,
      'workload/index',
      {
        title: 'My time',
        summary,
        activities: indirectActivities,
        prevWeek: dayKey(addDays(start, -7)),
        nextWeek: addDays(start, 7) <= now ? dayKey(addDays(start, 7)) : null,
        values: { date: dayKey(now), activity: 'documentation' },
        errors: {},
        ...state,
      },
      { status },
    );
  };

  router.get('/time', allow('time.log'), (_req, res) => show(res));

  router.post('/time', allow('time.log'), async (req, res) => {
    const form = parseForm(indirectForm(today(ctx.config.timeZone)), req.body);
    if (!form.ok) return show(res, { values: form.values, errors: form.errors }, 422);
    await logIndirect(ctx.db, req.user as CurrentUser, form.data);
    flash(req, 'success', `${form.data.minutes} minutes logged.`);
    res.redirect(303, `/time?week=${dayKey(weekStartOf(form.data.date))}`);
  });

  router.post('/time/:id/remove', allow('time.log'), async (req, res) => {
    await removeIndirect(ctx.db, callerOf(req), idParam(req.params.id));
    flash(req, 'success', 'Entry removed.');
    res.redirect(303, '/time');
  });

  return router;
}
