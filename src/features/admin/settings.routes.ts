import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { BadRequest } from '../../web/errors.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { parseForm } from '../../web/validation.js';
import { districtSettings, saveDistrictSettings, settingsForm } from './settings.service.js';

export function settingsRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.get('/admin/settings', allow('admin.settings'), async (_req, res) => {
    render(res, 'admin/settings', { title: 'District settings', values: await districtSettings(ctx.db), errors: {} });
  });

  router.post('/admin/settings', allow('admin.settings'), async (req, res) => {
    const form = parseForm(settingsForm, req.body);
    if (!form.ok) {
      // Only the numbers can be wrong; a checkbox that fails is a malformed request.
      if (form.errors.requireSecondFactor) throw new BadRequest();
      const values = { ...form.values, requireSecondFactor: form.values.requireSecondFactor === 'on' };
      return render(res, 'admin/settings', { title: 'District settings', values, errors: form.errors }, { status: 422 });
    }
    await saveDistrictSettings(ctx.db, callerOf(req), form.data);
    flash(req, 'success', 'Settings saved.');
    res.redirect(303, '/admin/settings');
  });

  return router;
}
