import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../access/policy.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { resetSecondFactor, secondFactorStatus } from '../auth/second-factor.service.js';
import { listSchools, schoolsServed, schoolsServedForm, setSchoolsServed } from './schools.service.js';
import { createUser, getUser, listUsers, resetPassword, roles, setDisabled, updateUser, userFilters, userForm } from './users.service.js';

export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  /** A user's page: their account, and for an OT the schools they serve. */
  const show = async (res: Response, userId: number, state: object = {}, status = 200) => {
    const user = await getUser(ctx.db, userId);
    const [schools, served, secondFactor] = await Promise.all([
      listSchools(ctx.db),
      schoolsServed(ctx.db, userId),
      secondFactorStatus(ctx.db, userId),
    ]);
    const servesSchools = actorOf(user) === 'ot';
    const page = { title: user.name, user, values: user, errors: {}, roles, schools, served, servesSchools, schoolErrors: {} };
    render(res, 'admin/users/show', { ...page, secondFactor, ...state }, { status });
  };

  router.get('/admin/users', allow('admin.users'), async (req, res) => {
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

  router.get('/admin/users/new', allow('admin.users'), (_req, res) => {
    render(res, 'admin/users/new', { title: 'Add a user', values: { role: 'teacher' }, errors: {}, roles });
  });

  router.post('/admin/users', allow('admin.users'), async (req, res) => {
    const form = parseForm(userForm, req.body);
    const created = form.ok ? await attempt(() => createUser(ctx.db, callerOf(req), form.data)) : form;
    if (!created.ok)
      return render(res, 'admin/users/new', { title: 'Add a user', values: form.values, errors: created.errors, roles }, { status: 422 });
    const user = await getUser(ctx.db, created.value.userId);
    // Shown once, in this response only: it is never stored in a readable form.
    render(res, 'admin/users/password', {
      title: 'Account created',
      user,
      temporaryPassword: created.value.temporaryPassword,
      created: true,
    });
  });

  router.get('/admin/users/:id', allow('admin.users'), (req, res) => show(res, idParam(req.params.id)));

  router.post('/admin/users/:id', allow('admin.users'), async (req, res) => {
    const target = idParam(req.params.id);
    const form = parseForm(userForm, req.body);
    const updated = form.ok ? await attempt(() => updateUser(ctx.db, callerOf(req), target, form.data)) : form;
    if (!updated.ok) return show(res, target, { values: form.values, errors: updated.errors }, 422);
    flash(req, 'success', 'Saved.');
    res.redirect(303, `/admin/users/${target}`);
  });

  router.post('/admin/users/:id/schools', allow('admin.schools'), async (req, res) => {
    const target = idParam(req.params.id);
    const form = parseForm(schoolsServedForm, req.body);
    const saved = form.ok ? await attempt(() => setSchoolsServed(ctx.db, callerOf(req), target, form.data.schoolIds)) : form;
    if (!saved.ok) return show(res, target, { schoolErrors: saved.errors }, 422);
    flash(req, 'success', 'Schools saved. Concerns about new students there now reach this OT.');
    res.redirect(303, `/admin/users/${target}#schools`);
  });

  router.post('/admin/users/:id/disable', allow('admin.users'), async (req, res) => {
    const target = idParam(req.params.id);
    await setDisabled(ctx.db, callerOf(req), target, true);
    flash(req, 'success', 'The account is disabled and signed out everywhere.');
    res.redirect(303, `/admin/users/${target}`);
  });

  router.post('/admin/users/:id/enable', allow('admin.users'), async (req, res) => {
    const target = idParam(req.params.id);
    await setDisabled(ctx.db, callerOf(req), target, false);
    flash(req, 'success', 'The account can sign in again.');
    res.redirect(303, `/admin/users/${target}`);
  });

  router.post('/admin/users/:id/password-reset', allow('admin.users'), async (req, res) => {
    const target = idParam(req.params.id);
    const password = await resetPassword(ctx.db, callerOf(req), target);
    const user = await getUser(ctx.db, target);
    render(res, 'admin/users/password', { title: 'Temporary password', user, temporaryPassword: password, created: false });
  });

  router.post('/admin/users/:id/second-factor-reset', allow('admin.users'), async (req, res) => {
    const target = idParam(req.params.id);
    const removed = await resetSecondFactor(ctx.db, callerOf(req), target);
    const done = 'Their second factor is removed and they are signed out everywhere. They can set it up again after signing in.';
    flash(req, removed ? 'success' : 'info', removed ? done : 'They had no second factor.');
    res.redirect(303, `/admin/users/${target}`);
  });

  return router;
}
