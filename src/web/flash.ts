// One-time messages shown on the next page ("Password changed.").
import type { NextFunction, Request, Response } from 'express';

type Flash = { kind: 'success' | 'info' | 'error'; message: string };

declare module 'express-session' {
  interface SessionData {
    flash?: Flash[];
  }
}

export function flash(req: Request, kind: Flash['kind'], message: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { kind, message }];
}

export function flashMessages(req: Request, res: Response, next: NextFunction): void {
  res.locals.flash = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  next();
}
