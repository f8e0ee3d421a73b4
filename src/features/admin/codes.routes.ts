import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { NotFound } from '../../web/errors.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { id, parseForm } from '../../web/validation.js';
import { allCodes, codeForm, meanings, saveCode } from '../progress/codes.service.js';

export function codeRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/admin/progress-codes', requireRole(ctx.db, 'admin'));

  const page = async (res: Response, state: object = {}, status = 200) =>
    render(
      res,
      'admin/codes/index',
      { title: 'Progress codes', codes: await allCodes(ctx.db), meanings, values: {}, errors: {}, editing: null, ...state },
      { status },
    );

  router.get('/admin/progress-codes', (_req, res) => page(res));

  router.post('/admin/progress-codes', async (req, res) => {
    const form = parseForm(codeForm, req.body);
    if (!form.ok) return page(res, { values: form.values, errors: form.errors }, 422);
    await saveCode(ctx.db, req.user as CurrentUser, null, form.data, req.ip);
    flash(req, 'success', 'Code added.');
    res.redirect(303, '/admin/progress-codes');
  });

  router.post('/admin/progress-codes/:id', async (req, res) => {
    const parsed = id.safeParse(req.params.id);
    if (!parsed.success) throw new NotFound();
    const form = parseForm(codeForm, req.body);
    if (!form.ok) return page(res, { editing: parsed.data, editValues: form.values, editErrors: form.errors }, 422);
    await saveCode(ctx.db, req.user as CurrentUser, parsed.data, form.data, req.ip);
    flash(req, 'success', 'Code saved.');
    res.redirect(303, '/admin/progress-codes');
  });

  return router;
}
