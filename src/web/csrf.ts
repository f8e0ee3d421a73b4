// CSRF protection for every state-changing request. Forms send the token as a hidden `_csrf`
// field; htmx sends it as the X-CSRF-Token header, set once on <body>.
//
// Two kinds of token, chosen by whether the request has a session worth keeping:
// - a session (signed in, or part-way through signing in): a synchronizer token kept in the
//   session (csrf-sync), as SECURITY.md asks;
// - no session (an anonymous visitor on the sign-in pages): a signed double-submit token
//   (csrf-csrf): an HMAC of a random value, kept in a short-lived HttpOnly, SameSite=Strict
//   cookie (`__Host-` over HTTPS) and echoed by the form. Nothing is stored on the server, so
//   anonymous traffic cannot fill the session table.
import { createHmac } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { csrfSync } from 'csrf-sync';
import type { Config } from '../config.js';

const MESSAGE = 'This form has expired or did not come from Tandem. Go back, reload the page and try again.';
const errorConfig = { statusCode: 403, message: MESSAGE, code: 'EBADCSRFTOKEN' };

function tokenFromRequest(req: Request): string | undefined {
  const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof fromBody === 'string') return fromBody;
  return req.get('X-CSRF-Token') ?? undefined;
}

/**
 * True when the session holds something (a signed-in user, a sign-in in progress, a message),
 * so it was loaded from the store or will be saved to it. A new, empty session is never saved
 * (`saveUninitialized: false`) as long as nothing writes to it.
 */
export function hasSessionState(req: Request): boolean {
  const session = req.session as unknown as Record<string, unknown> | undefined;
  return !!session && Object.keys(session).some((key) => key !== 'cookie');
}

/** The pages an anonymous visitor may post from: sign-in and the steps under it. */
function isPublicSignInPage(path: string): boolean {
  return path === '/sign-in' || path.startsWith('/sign-in/');
}

export function csrf(config: Pick<Config, 'https' | 'sessionSecret' | 'sessionIdleMs'>) {
  const sessionTokens = csrfSync({ size: 32, getTokenFromRequest: tokenFromRequest, errorConfig });

  const cookieName = config.https ? '__Host-tandem.csrf' : 'tandem.csrf';
  const cookieOptions = {
    sameSite: 'strict' as const,
    path: '/',
    secure: config.https,
    httpOnly: true,
    // Short-lived, like the session it stands in for: a sign-in page left open longer asks for a reload.
    maxAge: config.sessionIdleMs,
  };
  // Its own key, derived from the session secret, so a CSRF token can never double as a
  // signature on a session cookie (both are HMAC-SHA256).
  const key = createHmac('sha256', config.sessionSecret).update('tandem anonymous csrf').digest('hex');
  const anonymousTokens = doubleCsrf({
    getSecret: () => key,
    // No session to bind to; the HMAC, the __Host- prefix and SameSite=Strict keep others from
    // making or planting a pair that passes.
    getSessionIdentifier: () => '',
    cookieName,
    cookieOptions,
    size: 32,
    getCsrfTokenFromRequest: tokenFromRequest,
    errorConfig,
  });

  const csrfProtection: RequestHandler = (req, res, next) => {
    if (hasSessionState(req)) sessionTokens.csrfSynchronisedProtection(req, res, next);
    else anonymousTokens.doubleCsrfProtection(req, res, next);
  };

  /**
   * The token for templates: for a session, and for an anonymous visitor on a sign-in page
   * (`/sign-in` and the pages under it). A stray visitor to any other page gets none, and so
   * no cookie either.
   */
  const csrfToken: RequestHandler = (req, res, next) => {
    if (hasSessionState(req)) {
      res.locals.csrfToken = sessionTokens.generateToken(req);
      // The anonymous token has done its job once a session exists.
      if ((req.cookies as Record<string, unknown> | undefined)?.[cookieName] !== undefined) {
        const { maxAge: _maxAge, ...clearOptions } = cookieOptions;
        res.clearCookie(cookieName, clearOptions);
      }
    } else if (isPublicSignInPage(req.path)) {
      // Made (and its cookie set) only when a page is rendered: a redirect such as the start of
      // single sign-on needs neither.
      let token: string | undefined;
      Object.defineProperty(res.locals, 'csrfToken', {
        enumerable: true,
        configurable: true,
        get: () => (token ??= anonymousTokens.generateCsrfToken(req, res)),
      });
    } else {
      res.locals.csrfToken = '';
    }
    next();
  };

  return { csrfProtection, csrfToken, cookieName };
}
