import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { BadRequest } from '../../web/errors.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { parseForm } from '../../web/validation.js';
import { districtSettings, missedCauses, saveDistrictSettings, settingsForm } from './settings.service.js';

export function settingsRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  const page = (res: Response, values: object, errors: Record<string, string> = {}, status = 200) =>
    render(res, 'admin/settings', { title: 'District settings', values, errors, missedCauses }, { status });

  router.get('/admin/settings', allow('admin.settings'), async (_req, res) => {
    page(res, await districtSettings(ctx.db));
  });

  router.post('/admin/settings', allow('admin.settings'), async (req, res) => {
    const form = parseForm(settingsForm, req.body);
    if (!form.ok) {
      // Only the numbers can be wrong; a checkbox that fails is a malformed request.
      if (form.errors.requireSecondFactor || form.errors.makeUpCauses) throw new BadRequest();
      // The boxes as they were ticked (or as saved, for a request that never showed them).
      const ticked = form.values.makeUpCauses;
      const makeUpCauses =
        form.values.makeUpCausesShown === undefined
          ? (await districtSettings(ctx.db)).makeUpCauses
          : ticked === undefined
            ? []
            : Array.isArray(ticked)
              ? ticked
              : [ticked];
      const values = { ...form.values, requireSecondFactor: form.values.requireSecondFactor === 'on', makeUpCauses };
      return page(res, values, form.errors, 422);
    }
    await saveDistrictSettings(ctx.db, callerOf(req), form.data);
    flash(req, 'success', 'Settings saved.');
    res.redirect(303, '/admin/settings');
  });

  return router;
}
