import { Router } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { idParam, parseForm } from '../../web/validation.js';
import { createUser, getUser, listUsers, resetPassword, roles, setDisabled, updateUser, userFilters, userForm } from './users.service.js';

export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/admin/users', requireRole(ctx.db, 'admin'));

  router.get('/admin/users', async (req, res) => {
    const filters = userFilters.parse({ q: req.query.q, role: req.query.role, status: req.query.status });
    const page = pageFrom(req);
    const { users, total } = await listUsers(ctx.db, filters, page);
    render(
      res,
      'admin/users/index',
      { title: 'Users', users, filters, roles, pager: pager(req, page.page, total) },
      { fragment: 'admin/users/_results' },
    );
  });

  router.get('/admin/users/new', (req, res) => {
    render(res, 'admin/users/new', { title: 'Add a user', values: { role: 'teacher' }, errors: {}, roles });
  });

  router.post('/admin/users', async (req, res) => {
    const form = parseForm(userForm, req.body);
    const admin = req.user as CurrentUser;
    const result = form.ok ? await createUser(ctx.db, admin, form.data, req.ip) : { errors: form.errors };
    if ('errors' in result) {
      return render(res, 'admin/users/new', { title: 'Add a user', values: form.values, errors: result.errors, roles }, { status: 422 });
    }
    const user = await getUser(ctx.db, result.userId);
    // Shown once, in this response only: it is never stored in a readable form.
    render(res, 'admin/users/password', { title: 'Account created', user, temporaryPassword: result.temporaryPassword, created: true });
  });

  router.get('/admin/users/:id', async (req, res) => {
    const user = await getUser(ctx.db, idParam(req.params.id));
    render(res, 'admin/users/show', { title: user.name, user, values: user, errors: {}, roles });
  });

  router.post('/admin/users/:id', async (req, res) => {
    const target = idParam(req.params.id);
    const form = parseForm(userForm, req.body);
    const result = form.ok ? await updateUser(ctx.db, req.user as CurrentUser, target, form.data, req.ip) : { errors: form.errors };
    if (result) {
      const user = await getUser(ctx.db, target);
      return render(
        res,
        'admin/users/show',
        { title: user.name, user, values: form.values, errors: result.errors, roles },
        { status: 422 },
      );
    }
    flash(req, 'success', 'Saved.');
    res.redirect(303, `/admin/users/${target}`);
  });

  router.post('/admin/users/:id/disable', async (req, res) => {
    const target = idParam(req.params.id);
    await setDisabled(ctx.db, req.user as CurrentUser, target, true, req.ip);
    flash(req, 'success', 'The account is disabled and signed out everywhere.');
    res.redirect(303, `/admin/users/${target}`);
  });

  router.post('/admin/users/:id/enable', async (req, res) => {
    const target = idParam(req.params.id);
    await setDisabled(ctx.db, req.user as CurrentUser, target, false, req.ip);
    flash(req, 'success', 'The account can sign in again.');
    res.redirect(303, `/admin/users/${target}`);
  });

  router.post('/admin/users/:id/password-reset', async (req, res) => {
    const target = idParam(req.params.id);
    const password = await resetPassword(ctx.db, req.user as CurrentUser, target, req.ip);
    const user = await getUser(ctx.db, target);
    render(res, 'admin/users/password', { title: 'Temporary password', user, temporaryPassword: password, created: false });
  });

  return router;
}
