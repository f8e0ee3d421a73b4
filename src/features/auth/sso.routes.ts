// Single sign-on with the district's OpenID provider. Public routes, mounted with the sign-in
// routes. Starting a sign-on stores nothing on the server: the PKCE verifier, state, nonce and
// `next` travel in a short-lived signed cookie until the provider sends the browser back.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { AppContext } from '../../context.js';
import { safeNextPath } from '../../web/auth.js';
import { NotFound } from '../../web/errors.js';
import { signedCookie } from '../../web/signed-cookie.js';
import { SsoClient, SsoRefused, SsoUnavailable } from './sso-client.js';
import type { SsoChecks } from './sso-client.js';
import { recordSsoRefusal, ssoSignIn } from './sso.service.js';
import type { SsoRefusal } from './sso.service.js';
import { startSession } from './session-start.js';

/** What the sign-in page offers, and why a single sign-on came back to it. */
export type SignInChoices = { sso: boolean; password: boolean; ssoHref: string; ssoMessage: string | null };

/** The messages the sign-in page shows after a single sign-on, by the key in `?sso=`. */
const messages = {
  expired: 'That sign-in took too long or was started in another window. Please try again.',
  cancelled: 'Sign-in with your district account was cancelled.',
  failed: 'Sign-in with your district account did not work. Please try again.',
  unavailable: 'Sign-in with your district account is not available right now. Please try again in a few minutes.',
  unverified:
    'Your district account has no verified email address, so Tandem cannot tell whose account it is. Ask your district’s IT team.',
  domain: 'Tandem is not set up for that account’s email address. Sign in with your school district account.',
  no_account: 'There is no active Tandem account for your district email address. Ask your district’s Tandem admin to add you.',
} as const;
type MessageKey = keyof typeof messages;

const messageFor: Record<SsoRefusal, MessageKey> = {
  sso_expired: 'expired',
  sso_cancelled: 'cancelled',
  sso_invalid: 'failed',
  email_missing: 'unverified',
  email_unverified: 'unverified',
  domain_not_served: 'domain',
  unknown_account: 'no_account',
  disabled: 'no_account',
};

type SsoStart = SsoChecks & { next: string };

const START_TTL_MS = 10 * 60_000;

export function ssoRoutes(ctx: AppContext): Router {
  const router = Router();
  const { oidc } = ctx.config;
  const client = oidc ? new SsoClient(oidc) : null;
  const started = signedCookie<SsoStart>({
    name: 'tandem.sso',
    secret: ctx.config.sessionSecret,
    purpose: 'single sign-on start',
    maxAgeMs: START_TTL_MS,
    https: ctx.config.https,
  });

  // Every sign-in page learns what to offer (password form, district account, or both).
  router.use('/sign-in', (req, res, next) => {
    const nextPath = safeNextPath(req.method === 'POST' ? (req.body as Record<string, unknown> | undefined)?.next : req.query.next);
    const key = req.query.sso;
    const choices: SignInChoices = {
      sso: client !== null,
      password: ctx.config.passwordSignIn,
      ssoHref: nextPath === '/' ? '/sign-in/sso' : `/sign-in/sso?next=${encodeURIComponent(nextPath)}`,
      ssoMessage: typeof key === 'string' && Object.hasOwn(messages, key) ? messages[key as MessageKey] : null,
    };
    res.locals.signInChoices = choices;
    next();
  });

  router.get('/sign-in/sso', async (req, res) => {
    if (!client) throw new NotFound();
    const nextPath = safeNextPath(req.query.next);
    if (req.user) return res.redirect(303, nextPath);
    let start: Awaited<ReturnType<SsoClient['start']>>;
    try {
      start = await client.start();
    } catch (err) {
      if (!(err instanceof SsoUnavailable)) throw err;
      req.log.error({ sso: err.message }, 'single sign-on provider unreachable');
      return backToSignIn(res, 'unavailable', nextPath);
    }
    started.set(res, { ...start.checks, next: nextPath });
    res.redirect(303, start.url.href);
  });

  router.get('/sign-in/sso/callback', async (req, res) => {
    if (!client || !oidc) throw new NotFound();
    const ip = req.ip ?? '';
    // One use only: whatever happens next, the checks are spent.
    const checks = started.read(req);
    started.clear(res);
    if (!checks) {
      // Audited when it carries a provider's answer; a bare visit (a bot, a bookmark) adds no row.
      if (req.query.code !== undefined || req.query.error !== undefined) await recordSsoRefusal(ctx.db, 'sso_expired', { ip });
      return backToSignIn(res, 'expired', '/');
    }
    let identity: Awaited<ReturnType<SsoClient['finish']>>;
    try {
      identity = await client.finish(callbackUrl(oidc.redirectUri, req), checks);
    } catch (err) {
      if (err instanceof SsoUnavailable) {
        req.log.error({ sso: err.message }, 'single sign-on provider unreachable');
        return backToSignIn(res, 'unavailable', checks.next);
      }
      if (!(err instanceof SsoRefused)) throw err;
      req.log.warn({ sso: err.message }, 'single sign-on refused');
      await recordSsoRefusal(ctx.db, err.reason, { ip });
      return backToSignIn(res, messageFor[err.reason], checks.next);
    }
    const result = await ssoSignIn(ctx.db, oidc, identity, ip);
    if (!result.ok) return backToSignIn(res, messageFor[result.reason], checks.next);
    await startSession(req, result.user);
    req.session.signInMethod = 'sso';
    res.redirect(303, safeNextPath(checks.next));
  });

  return router;
}

/** The address the provider sent the browser to, as it registered it (PUBLIC_URL), with its answer. */
function callbackUrl(redirectUri: string, req: Request): URL {
  const url = new URL(redirectUri);
  const query = req.originalUrl.indexOf('?');
  if (query >= 0) url.search = req.originalUrl.slice(query);
  return url;
}

/** The sign-in page, saying why; the page is an ordinary GET, so nothing of the answer stays in the address. */
function backToSignIn(res: Response, key: MessageKey, nextPath: string): void {
  const params = new URLSearchParams({ sso: key });
  if (safeNextPath(nextPath) !== '/') params.set('next', safeNextPath(nextPath));
  res.redirect(303, `/sign-in?${params.toString()}`);
}
