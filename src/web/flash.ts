// One-time messages shown on the next page ("Password changed.").
import type { Request } from 'express';

type Flash = { kind: 'success' | 'info' | 'error'; message: string };

declare module 'express-session' {
  interface SessionData {
    flash?: Flash[];
  }
}

/**
 * Writing a message makes the session worth storing: use it only where a session exists (signed in,
 * or part-way through signing in). An anonymous page says things in its URL (`?signed_out=1`), so
 * anonymous traffic stores nothing.
 */
export function flash(req: Request, kind: Flash['kind'], message: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { kind, message }];
}

/**
 * The messages waiting for this page, taken when a whole page is rendered: a redirect (such as
 * `/` to the student list) or an htmx fragment leaves them for the page that shows them.
 */
export function takeFlash(req: Request): Flash[] {
  const messages = req.session?.flash ?? [];
  // Only a session that has messages is touched, so an anonymous one stays empty and unsaved.
  if (req.session?.flash) delete req.session.flash;
  return messages;
}
