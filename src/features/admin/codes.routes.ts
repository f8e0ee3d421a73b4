import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { idParam, parseForm } from '../../web/validation.js';
import { allCodes, codeForm, meanings, saveCode } from '../progress/codes.service.js';

export function codeRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  const page = async (res: Response, state: object = {}, status = 200) =>
    render(
      res,
      'admin/codes/index',
      { title: 'Progress codes', codes: await allCodes(ctx.db), meanings, values: {}, errors: {}, editing: null, ...state },
      { status },
    );

  router.get('/admin/progress-codes', allow('admin.codes'), (_req, res) => page(res));

  router.post('/admin/progress-codes', allow('admin.codes'), async (req, res) => {
    const form = parseForm(codeForm, req.body);
    if (!form.ok) return page(res, { values: form.values, errors: form.errors }, 422);
    await saveCode(ctx.db, callerOf(req), null, form.data);
    flash(req, 'success', 'Code added.');
    res.redirect(303, '/admin/progress-codes');
  });

  router.post('/admin/progress-codes/:id', allow('admin.codes'), async (req, res) => {
    const codeId = idParam(req.params.id);
    const form = parseForm(codeForm, req.body);
    if (!form.ok) return page(res, { editing: codeId, editValues: form.values, editErrors: form.errors }, 422);
    await saveCode(ctx.db, callerOf(req), codeId, form.data);
    flash(req, 'success', 'Code saved.');
    res.redirect(303, '/admin/progress-codes');
  });

  return router;
}
