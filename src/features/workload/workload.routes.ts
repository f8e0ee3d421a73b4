import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { NotFound } from '../../web/errors.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { id, parseForm, today } from '../../web/validation.js';
import { indirectActivities, indirectForm } from './workload.schema.js';
import { logIndirect, removeIndirect, weekStart, weekSummary } from './workload.service.js';

export function workloadRoutes(ctx: AppContext): Router {
  const router = Router();
  const therapists = requireRole(ctx.db, 'therapist');

  const show = async (res: Response, state: object = {}, status = 200) => {
    const user = res.req.user as CurrentUser;
    const requested =
      typeof res.req.query.week === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(res.req.query.week)
        ? new Date(`${res.req.query.week}T00:00:00Z`)
        : today();
    const start = weekStart(Number.isNaN(requested.getTime()) ? today() : requested);
    const summary = await weekSummary(ctx.db, user.id, start);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    render(
      res,
      'workload/index',
      {
        title: 'My time',
        summary,
        activities: indirectActivities,
        prevWeek: iso(new Date(start.getTime() - 7 * 86_400_000)),
        nextWeek: start.getTime() + 7 * 86_400_000 <= today().getTime() ? iso(new Date(start.getTime() + 7 * 86_400_000)) : null,
        values: { date: iso(today()), activity: 'documentation' },
        errors: {},
        ...state,
      },
      { status },
    );
  };

  router.get('/time', therapists, (_req, res) => show(res));

  router.post('/time', therapists, async (req, res) => {
    const form = parseForm(indirectForm, req.body);
    if (!form.ok) return show(res, { values: form.values, errors: form.errors }, 422);
    await logIndirect(ctx.db, req.user as CurrentUser, form.data);
    flash(req, 'success', `${form.data.minutes} minutes logged.`);
    res.redirect(303, `/time?week=${weekStart(form.data.date).toISOString().slice(0, 10)}`);
  });

  router.post('/time/:id/remove', therapists, async (req, res) => {
    const parsed = id.safeParse(req.params.id);
    if (!parsed.success) throw new NotFound();
    await removeIndirect(ctx.db, req.user as CurrentUser, parsed.data);
    flash(req, 'success', 'Entry removed.');
    res.redirect(303, '/time');
  });

  return router;
}
