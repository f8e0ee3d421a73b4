// Synchronizer-token CSRF protection for every state-changing request. Forms send the
// token as a hidden `_csrf` field; htmx sends it as the X-CSRF-Token header, set once on <body>.
import type { RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

const csrf = csrfSync({
  size: 32,
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    return req.get('X-CSRF-Token') ?? undefined;
  },
  errorConfig: {
    statusCode: 403,
    message: 'This form has expired or did not come from Tandem. Go back, reload the page and try again.',
    code: 'EBADCSRFTOKEN',
  },
});

export const csrfProtection = csrf.csrfSynchronisedProtection;

/**
 * The token for templates. Made only for signed-in users and the sign-in page, so a stray
 * visitor to a missing page does not create a stored session.
 */
export const csrfToken: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = req.user || req.path === '/sign-in' ? csrf.generateToken(req) : '';
  next();
};
