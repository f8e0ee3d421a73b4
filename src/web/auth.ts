// Who the signed-in user is, and the guards routes use. Roles are decided here only.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import type { Db } from '../db/client.js';
import type { CurrentUser } from '../access/current-user.js';
import { reads } from '../db/reads.js';
import { flash } from './flash.js';
import { localPath } from './local-path.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends CurrentUser {}
  }
}

declare module 'express-session' {
  interface SessionData {
    signedInAt?: number;
    /** How this session signed in. A single sign-on uses no Tandem password (nor its second factor). */
    signInMethod?: 'password' | 'sso';
  }
}

/** Passport keeps only the user id in the session; the user is loaded fresh on each request. */
export function configurePassport(db: Db): passport.Authenticator {
  // One instance per app, so apps built in tests over different databases never share state.
  const instance = new passport.Authenticator();
  instance.serializeUser<number>((user, done) => done(null, user.id));
  instance.deserializeUser<number>((id, done) => {
    // On every request: one statement that skips Prisma (db/reads.ts).
    reads(db)
      .get<CurrentUser & { disabledAt: Date | null }>(
        'SELECT "id", "email", "name", "role", "assistant", "mustChangePassword", "disabledAt" FROM "User" WHERE "id" = ?',
        [id],
      )
      .then((user) => {
        // A disabled or deleted account is signed out on its next request.
        if (!user || user.disabledAt) return done(null, false);
        const { disabledAt: _disabled, ...current } = user;
        done(null, current);
      })
      .catch(done);
  });
  return instance;
}

/** Ends a session that has outlived its absolute lifetime, however active it was. */
export function absoluteTimeout(maxMs: number): RequestHandler {
  return (req, res, next) => {
    const started = req.session?.signedInAt;
    if (req.user && started && Date.now() - started > maxMs) {
      req.session.destroy(() => {
        res.redirect(303, '/sign-in?expired=1');
      });
      return;
    }
    next();
  };
}

/** Everything after this needs a signed-in user; the public routes are mounted before it. */
export function requireSignIn(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  if (req.method === 'GET' || req.method === 'HEAD') {
    // Only a plain local path is carried along; anything odd just goes to sign-in.
    const nextPath = localPath(req.originalUrl);
    const target = nextPath === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(nextPath)}`;
    if (req.get('HX-Request') === 'true') {
      res.set('HX-Redirect', target).status(401).end();
      return;
    }
    res.redirect(303, target);
    return;
  }
  res.status(401).type('text').send('Please sign in again.');
}

/**
 * A user with a temporary password must choose their own before doing anything else; not when
 * they signed in with their district account, which needs no Tandem password.
 */
export function requirePasswordChosen(req: Request, res: Response, next: NextFunction): void {
  if (!req.user?.mustChangePassword || req.session.signInMethod === 'sso') return next();
  if (req.path === '/account/password' || req.path === '/sign-out') return next();
  if (req.method === 'GET') flash(req, 'info', 'Please choose a new password before you go on.');
  res.redirect(303, '/account/password');
}

/** A `next` target after sign-in: a path on this site only (see `localPath`). */
export function safeNextPath(value: unknown): string {
  return localPath(value);
}
