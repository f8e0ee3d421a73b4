// A redirect waits until the session is stored. express-session sends a response's headers before
// its store has saved the session (it holds back only the last byte of the body), and a browser
// follows a 303's Location as soon as the headers arrive: the next page could read the session as
// it was before this request, and a message set here ("Session corrected.") was lost. Seen on
// PostgreSQL, whose write takes longer than SQLite's.
import type { NextFunction, Request, Response } from 'express';
import { hasSessionState } from './csrf.js';

export function saveSessionBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    // An anonymous visitor's empty session is never stored (saveUninitialized: false).
    if (!req.session || !hasSessionState(req)) return redirect(...args);
    req.session.save((error) => (error ? next(error) : redirect(...args)));
  }) as Response['redirect'];
  next();
}
