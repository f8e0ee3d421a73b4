import { Router } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../access/current-user.js';
import { safeNextPath } from '../../web/auth.js';
import { guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { attempt, parseForm } from '../../web/validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { changePasswordForm, signInForm } from './auth.schema.js';
import { changePassword, signIn } from './auth.service.js';
import { afterPassword } from './second-factor.routes.js';
import { ssoRoutes } from './sso.routes.js';
import { waitWords } from './throttle.js';

const INVALID = 'That email and password do not match an account. Check them and try again.';
const PASSWORDS_OFF = 'This district signs in to Tandem with its district account only. Use "Sign in with your district account".';

/** Sign-in and sign-out: public, mounted before the sign-in requirement. */
export function signInRoutes(ctx: AppContext): Router {
  const router = Router();
  // First: it also tells every sign-in page whether to offer passwords, the district account or both.
  router.use(ssoRoutes(ctx));

  router.get('/sign-in', (req, res) => {
    if (req.user) return res.redirect(303, safeNextPath(req.query.next));
    const notice = req.query.expired ? 'Your session ended. Please sign in again.' : req.query.signed_out ? 'You are signed out.' : null;
    render(res, 'auth/sign-in', { title: 'Sign in', values: { next: safeNextPath(req.query.next) }, errors: {}, notice });
  });

  router.post('/sign-in', async (req, res) => {
    const form = parseForm(signInForm, req.body);
    const values = { email: form.values.email, next: safeNextPath(form.values.next) };
    if (!ctx.config.passwordSignIn) {
      // The district signs in with single sign-on only: no password is checked, whatever was sent.
      const email = typeof form.values.email === 'string' ? form.values.email.trim().toLowerCase().slice(0, 254) : null;
      await recordAudit(ctx.db, { action: 'sign_in.failure', actorEmail: email, ip: req.ip, detail: { reason: 'password_sign_in_off' } });
      return render(res, 'auth/sign-in', { title: 'Sign in', values, errors: { form: PASSWORDS_OFF } }, { status: 403 });
    }
    if (!form.ok) {
      return render(res, 'auth/sign-in', { title: 'Sign in', values, errors: form.errors }, { status: 422 });
    }
    const result = await signIn(ctx.db, ctx.throttle, { email: form.data.email, password: form.data.password, ip: req.ip ?? '' });
    if (!result.ok) {
      const message =
        result.reason === 'throttled' ? `Too many tries. For your security, wait ${waitWords(result.waitSeconds)} and try again.` : INVALID;
      if (result.reason === 'throttled') res.set('Retry-After', String(result.waitSeconds));
      return render(
        res,
        'auth/sign-in',
        { title: 'Sign in', values, errors: { form: message } },
        { status: result.reason === 'throttled' ? 429 : 401 },
      );
    }
    // Signs in, or first asks for the second factor's code (or insists on setting one up).
    res.redirect(303, await afterPassword(ctx, req, result.user, values.next));
  });

  router.post('/sign-out', async (req, res) => {
    const user = req.user;
    if (user) await recordAudit(ctx.db, { action: 'sign_out', actorId: user.id, actorEmail: user.email, ip: req.ip });
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(res.app.locals.sessionCookieName as string, { path: '/' });
    res.redirect(303, '/sign-in?signed_out=1');
  });

  return router;
}

/** The signed-in user's own account. */
export function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.get('/account/password', allow('account.password'), (req, res) => {
    render(res, 'auth/password', { title: 'Change your password', values: {}, errors: {} });
  });

  router.post('/account/password', allow('account.password'), async (req, res) => {
    // Passwords are never sent back into the form, even after a mistake.
    const form = parseForm(changePasswordForm, req.body);
    if (!form.ok) {
      return render(res, 'auth/password', { title: 'Change your password', values: {}, errors: form.errors }, { status: 422 });
    }
    const user = req.user as CurrentUser;
    const changed = await attempt(() =>
      changePassword(ctx.db, user.id, {
        current: form.data.current,
        password: form.data.password,
        ip: req.ip ?? '',
        keepSessionId: req.sessionID,
      }),
    );
    if (!changed.ok)
      return render(res, 'auth/password', { title: 'Change your password', values: {}, errors: changed.errors }, { status: 422 });
    flash(req, 'success', 'Your password is changed.');
    res.redirect(303, '/');
  });

  return router;
}
