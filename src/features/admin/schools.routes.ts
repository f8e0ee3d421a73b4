import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { listSchools, saveSchool, schoolForm } from './schools.service.js';

export function schoolRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  const page = async (res: Response, state: object = {}, status = 200) => {
    const schools = await listSchools(ctx.db);
    render(res, 'admin/schools/index', { title: 'Schools', schools, values: {}, errors: {}, editing: null, ...state }, { status });
  };

  router.get('/admin/schools', allow('admin.schools'), async (_req, res) => page(res));

  router.post('/admin/schools', allow('admin.schools'), async (req, res) => {
    const form = parseForm(schoolForm, req.body);
    const saved = form.ok ? await attempt(() => saveSchool(ctx.db, callerOf(req), form.data, null)) : form;
    if (!saved.ok) return page(res, { values: form.values, errors: saved.errors }, 422);
    flash(req, 'success', `${String(form.values.name).trim()} added.`);
    res.redirect(303, '/admin/schools');
  });

  router.post('/admin/schools/:id', allow('admin.schools'), async (req, res) => {
    const schoolId = idParam(req.params.id);
    const form = parseForm(schoolForm, req.body);
    const saved = form.ok ? await attempt(() => saveSchool(ctx.db, callerOf(req), form.data, schoolId)) : form;
    if (!saved.ok) return page(res, { editing: schoolId, renameValues: form.values, renameErrors: saved.errors }, 422);
    flash(req, 'success', 'School renamed.');
    res.redirect(303, '/admin/schools');
  });

  return router;
}
