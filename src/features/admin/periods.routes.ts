import { Router } from 'express';
import type { Response } from 'express';
import { dayKey, today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { addPeriod, listPeriods, nextPeriodValues, periodForm, removePeriod } from './periods.service.js';

export function periodRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  const page = async (res: Response, state: { values?: Record<string, unknown>; errors?: Record<string, string> } = {}, status = 200) => {
    const next = await nextPeriodValues(ctx.db, today(ctx.config.timeZone));
    render(
      res,
      'admin/periods/index',
      {
        title: 'Reporting periods',
        periods: await listPeriods(ctx.db),
        values: state.values ?? { name: '', startDate: dayKey(next.start), endDate: dayKey(next.end) },
        errors: state.errors ?? {},
      },
      { status },
    );
  };

  router.get('/admin/reporting-periods', allow('admin.periods'), (_req, res) => page(res));

  router.post('/admin/reporting-periods', allow('admin.periods'), async (req, res) => {
    const form = parseForm(periodForm, req.body);
    if (!form.ok) return page(res, { values: form.values, errors: form.errors }, 422);
    const added = await attempt(() => addPeriod(ctx.db, callerOf(req), form.data));
    if (!added.ok) return page(res, { values: form.values, errors: added.errors }, 422);
    flash(req, 'success', `Added “${form.data.name}”.`);
    res.redirect(303, '/admin/reporting-periods');
  });

  router.post('/admin/reporting-periods/:id/remove', allow('admin.periods'), async (req, res) => {
    await removePeriod(ctx.db, callerOf(req), idParam(req.params.id));
    flash(req, 'success', 'Period removed. Its notes keep their dates.');
    res.redirect(303, '/admin/reporting-periods');
  });

  return router;
}
