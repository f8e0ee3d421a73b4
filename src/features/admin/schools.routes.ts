import { Router } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { NotFound } from '../../web/errors.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { id, parseForm } from '../../web/validation.js';
import { listSchools, saveSchool, schoolForm } from './schools.service.js';

export function schoolRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/admin/schools', requireRole(ctx.db, 'admin'));

  const page = async (res: Parameters<typeof render>[0], state: object = {}, status = 200) => {
    const schools = await listSchools(ctx.db);
    render(res, 'admin/schools/index', { title: 'Schools', schools, values: {}, errors: {}, editing: null, ...state }, { status });
  };

  router.get('/admin/schools', async (_req, res) => page(res));

  router.post('/admin/schools', async (req, res) => {
    const form = parseForm(schoolForm, req.body);
    const result = form.ok ? await saveSchool(ctx.db, req.user as CurrentUser, form.data, null, req.ip) : { errors: form.errors };
    if ('errors' in result) return page(res, { values: form.values, errors: result.errors }, 422);
    flash(req, 'success', `${form.ok ? form.data.name : 'School'} added.`);
    res.redirect(303, '/admin/schools');
  });

  router.post('/admin/schools/:id', async (req, res) => {
    const parsed = id.safeParse(req.params.id);
    if (!parsed.success) throw new NotFound();
    const form = parseForm(schoolForm, req.body);
    const result = form.ok ? await saveSchool(ctx.db, req.user as CurrentUser, form.data, parsed.data, req.ip) : { errors: form.errors };
    if ('errors' in result) return page(res, { editing: parsed.data, renameValues: form.values, renameErrors: result.errors }, 422);
    flash(req, 'success', 'School renamed.');
    res.redirect(303, '/admin/schools');
  });

  return router;
}
