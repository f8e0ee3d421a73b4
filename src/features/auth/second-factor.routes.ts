// The second factor for password accounts: the code step of sign-in, the user's own set-up page,
// and the rule that a user the district requires it of sets it up before anything else.
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../access/current-user.js';
import { flash } from '../../web/flash.js';
import { callerOf, guard } from '../../web/guard.js';
import { render } from '../../web/render.js';
import { attempt, parseForm } from '../../web/validation.js';
import { requiresSecondFactor } from '../admin/settings.service.js';
import {
  afterPasswordStep,
  confirmEnrolment,
  coveredByRequirement,
  enrolmentView,
  isEnrolmentUsable,
  passSecondFactor,
  secondFactorStatus,
  startEnrolment,
  turnOffSecondFactor,
} from './second-factor.service.js';
import type { PendingEnrolment } from './second-factor.service.js';
import { waitWords } from './throttle.js';
import { startSession } from './session-start.js';

declare module 'express-session' {
  interface SessionData {
    /** A correct password was given for this user; their code is still to come. */
    secondFactorPending?: { userId: number; startedAt: number; next: string; tries: number };
    /** A secret being set up, sealed, until a code confirms it. */
    secondFactorEnrolment?: PendingEnrolment;
    /** Signed in with a password, but the district requires a second factor they have not set up. */
    mustEnrolSecondFactor?: boolean;
  }
}

/** How long the code step waits after the password. */
const PENDING_MS = 5 * 60_000;
/** Wrong codes allowed per correct password; then the password is asked for again. */
const TRIES_PER_PASSWORD = 5;

const codeForm = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the 6-digit code from your app')
    .max(64, 'That code does not match. Type the code your app shows now.'),
});

const WRONG_CODE = 'That code does not match. Type the code your app shows now, or one of your recovery codes.';
const USED_CODE = 'That code was already used. Wait for the next one in your app (a new code appears every 30 seconds).';

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

/**
 * After a correct password: signs in, unless a code is still due, and answers where to go next.
 * The code step keeps only the user's id and the time in a fresh session.
 */
export async function afterPassword(ctx: AppContext, req: Request, user: CurrentUser, next: string): Promise<string> {
  const step = await afterPasswordStep(ctx.db, user);
  if (step === 'code') {
    // A new session id for the half-way state, so an id planted before sign-in is worth nothing.
    await regenerate(req);
    req.session.secondFactorPending = { userId: user.id, startedAt: Date.now(), next, tries: 0 };
    return '/sign-in/code';
  }
  await startSession(req, user);
  if (step === 'enrol') req.session.mustEnrolSecondFactor = true;
  if (user.mustChangePassword) return '/account/password';
  return step === 'enrol' ? '/account/second-factor' : next;
}

/** The code step under way in this session, or null (none, or lapsed: then the session goes). */
async function pendingOf(req: Request) {
  const pending = req.session?.secondFactorPending;
  if (!pending) return null;
  if (Date.now() - pending.startedAt > PENDING_MS) {
    await endSession(req);
    return null;
  }
  return pending;
}

/** Nothing of a half-finished sign-in is kept. */
function endSession(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

/** The code step of sign-in: public, mounted before the sign-in requirement. */
export function signInCodeRoutes(ctx: AppContext): Router {
  const router = Router();
  const title = 'Enter your code';

  router.get('/sign-in/code', async (req, res) => {
    if (req.user) return res.redirect(303, '/');
    if (!(await pendingOf(req))) return res.redirect(303, '/sign-in?expired=1');
    render(res, 'auth/code', { title, errors: {} });
  });

  router.post('/sign-in/code', async (req, res) => {
    if (req.user) return res.redirect(303, '/');
    const pending = await pendingOf(req);
    if (!pending) return res.redirect(303, '/sign-in?expired=1');
    const form = parseForm(codeForm, req.body);
    if (!form.ok) return render(res, 'auth/code', { title, errors: form.errors }, { status: 422 });

    const result = await passSecondFactor(ctx.db, ctx.config.sessionSecret, ctx.throttle, {
      userId: pending.userId,
      code: form.data.code,
      ip: req.ip ?? '',
    });
    if (result.ok) {
      await startSession(req, result.user);
      if (result.recoveryCodesLeft !== undefined && !result.user.mustChangePassword) {
        // Most likely a lost phone: their second-factor page is where they set up a new one.
        const left = result.recoveryCodesLeft;
        flash(
          req,
          'info',
          `You used a recovery code; ${left} ${left === 1 ? 'is' : 'are'} left. If you lost your phone, turn the second factor off here and set it up again on the new one.`,
        );
        return res.redirect(303, '/account/second-factor');
      }
      return res.redirect(303, result.user.mustChangePassword ? '/account/password' : pending.next);
    }
    switch (result.reason) {
      case 'unavailable':
        await endSession(req);
        return res.redirect(303, '/sign-in?expired=1');
      case 'throttled': {
        res.set('Retry-After', String(result.waitSeconds));
        const message = `Too many tries. For your security, wait ${waitWords(result.waitSeconds)} and try again.`;
        return render(res, 'auth/code', { title, errors: { code: message } }, { status: 429 });
      }
      case 'unreadable': {
        const message = 'Your second factor can no longer be checked. Ask your Tandem admin to reset it, then sign in again.';
        return render(res, 'auth/code', { title, errors: { code: message } }, { status: 401 });
      }
      case 'invalid':
      case 'replayed':
        pending.tries += 1;
        if (pending.tries >= TRIES_PER_PASSWORD) {
          delete req.session.secondFactorPending;
          flash(req, 'error', 'Too many wrong codes. Sign in again with your password.');
          return res.redirect(303, '/sign-in');
        }
        return render(
          res,
          'auth/code',
          { title, errors: { code: result.reason === 'replayed' ? USED_CODE : WRONG_CODE } },
          { status: 401 },
        );
    }
  });

  return router;
}

/** The signed-in user's own second factor: set it up, see it, turn it off. */
export function secondFactorRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);
  const appSecret = ctx.config.sessionSecret;

  const page = async (req: Request, res: Response, state: object = {}, status = 200) => {
    const user = req.user as CurrentUser;
    const factor = await secondFactorStatus(ctx.db, user.id);
    if (factor.enabledAt) {
      return render(res, 'auth/second-factor', { title: 'Second factor', factor, errors: {}, ...state }, { status });
    }
    // The same secret until it is confirmed or goes stale, so a reload does not undo a scan.
    if (!isEnrolmentUsable(appSecret, user.id, req.session.secondFactorEnrolment)) {
      req.session.secondFactorEnrolment = startEnrolment(appSecret, user.id);
    }
    const setup = await enrolmentView(appSecret, user, req.session.secondFactorEnrolment!);
    const required = req.session.mustEnrolSecondFactor === true;
    render(res, 'auth/second-factor', { title: 'Set up a second factor', factor, setup, required, errors: {}, ...state }, { status });
  };

  router.get('/account/second-factor', allow('account.second_factor'), (req, res) => page(req, res));

  router.post('/account/second-factor', allow('account.second_factor'), async (req, res) => {
    const form = parseForm(codeForm, req.body);
    const confirmed = form.ok
      ? await attempt(() => confirmEnrolment(ctx.db, appSecret, callerOf(req), req.session.secondFactorEnrolment, form.data.code))
      : form;
    if (!confirmed.ok) return page(req, res, { errors: confirmed.errors }, 422);
    delete req.session.secondFactorEnrolment;
    delete req.session.mustEnrolSecondFactor;
    // Shown once, in this response only: they are stored hashed.
    render(res, 'auth/recovery-codes', { title: 'Your recovery codes', codes: confirmed.value });
  });

  router.post('/account/second-factor/off', allow('account.second_factor'), async (req, res) => {
    const form = parseForm(codeForm, req.body);
    const done = form.ok ? await attempt(() => turnOffSecondFactor(ctx.db, appSecret, ctx.throttle, callerOf(req), form.data.code)) : form;
    if (!done.ok) return page(req, res, { errors: done.errors }, 422);
    if (coveredByRequirement(req.user as CurrentUser) && (await requiresSecondFactor(ctx.db))) {
      // Off means "set it up again" here, e.g. on a new phone, before going on.
      req.session.mustEnrolSecondFactor = true;
      flash(req, 'info', 'Your second factor is off. Your district requires one: set it up again to go on.');
    } else {
      flash(req, 'success', 'Your second factor is off. You sign in with your password alone.');
    }
    res.redirect(303, '/account/second-factor');
  });

  return router;
}

/** A user the district requires a second factor of sets it up before doing anything else. */
export function requireSecondFactorSetUp(req: Request, res: Response, next: NextFunction): void {
  if (!req.session?.mustEnrolSecondFactor) return next();
  if (req.path === '/account/second-factor' || req.path === '/sign-out') return next();
  if (req.get('HX-Request') === 'true') {
    res.set('HX-Redirect', '/account/second-factor').status(403).end();
    return;
  }
  res.redirect(303, '/account/second-factor');
}
