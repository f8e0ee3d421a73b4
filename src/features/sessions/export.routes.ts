// The service log export: a small GET form, and the CSV it downloads. Registered before the
// session routes, since /sessions/:id would otherwise take /sessions/export for an id.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { render } from '../../web/render.js';
import type { FieldErrors } from '../../web/validation.js';
import { exportChoices, exportServiceLog, lastFullMonth, readExportForm } from './export.service.js';
import type { ExportChoices } from './export.service.js';

export function exportRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  const read = async (req: Request) => {
    const choices = await exportChoices(ctx.db, callerOf(req));
    const form = readExportForm(req.query as Record<string, unknown>, choices, lastFullMonth(today(ctx.config.timeZone)));
    return { choices, form };
  };

  const page = (res: Response, choices: ExportChoices, values: Record<string, string>, errors: FieldErrors, status = 200) =>
    // An admin's export covers the district (their scope); the page says so in words.
    render(
      res,
      'sessions/export',
      { title: 'Service log', choices, values, errors, wholeDistrict: callerOf(res.req).user.role === 'admin' },
      { status },
    );

  router.get('/sessions/export', allow('session.export'), async (req, res) => {
    const { choices, form } = await read(req);
    // The first visit shows the defaults; a link back with values shows what is wrong with them.
    const asked = Object.keys(req.query).length > 0;
    page(res, choices, form.values, asked && !form.ok ? form.errors : {}, asked && !form.ok ? 422 : 200);
  });

  router.get('/sessions/export.csv', allow('session.export'), async (req, res) => {
    const { choices, form } = await read(req);
    if (!form.ok) return page(res, choices, form.values, form.errors, 422);
    const { csv, fileName } = await exportServiceLog(ctx.db, callerOf(req), form.data);
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${fileName}"`).send(csv);
  });

  return router;
}
