// Turns any error into a friendly page, or an htmx fragment, with the request id.
// No stack traces, SQL or file paths ever reach the browser.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { BadRequest, Busy, HttpError, NotFound } from './errors.js';
import { localPath } from './local-path.js';
import { render, wantsFragment } from './render.js';

export const notFound: RequestHandler = () => {
  throw new NotFound();
};

export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  // The error page is rendered at once, without the menu's counts a submitted form left for later
  // (see render()): its fallback below only catches a failure while it renders here, and the
  // counts may fail for the same reason the request did (a busy database).
  res.locals.navLater = undefined;
  const known = toHttpError(err);
  if (!known) req.log?.error({ err }, 'request failed');
  if (known instanceof Busy) {
    req.log?.warn({ err }, 'database busy: answered 503');
    res.set('Retry-After', String(known.retryAfterSeconds));
  }
  const error =
    known ??
    new HttpError(500, 'Something went wrong', 'Tandem could not finish that. Nothing you did caused it; please try again in a moment.');
  if (wantsFragment(req)) {
    // Show the message in the page's alert region instead of where the fragment was headed.
    res.set('HX-Retarget', '#request-error').set('HX-Reswap', 'innerHTML');
  }
  try {
    if (known instanceof Busy && !wantsFragment(req) && renderBusyPage(req, res, known)) return;
    render(res, 'errors/page', { title: error.title, error, requestId: req.id }, { fragment: 'errors/_message', status: error.status });
  } catch (renderError) {
    // The error page itself failed: answer in plain words rather than with Express's trace.
    req.log?.error({ err: renderError }, 'error page failed to render');
    res
      .status(error.status)
      .type('text')
      .send(`${error.title}. ${error.message} (reference ${String(req.id)})`);
  }
};

// ---------------------------------------------------------------------------------------------
// A save the database was too busy to take: the page offers to send the same form again, so what
// the person typed is kept without JavaScript and without the Back button. An htmx request needs
// none of this: its form is still on the page, and the message goes to the alert region.

const BUSY_MESSAGE = 'The database is busy for a moment: nothing was saved. Try again in a few seconds.';

/**
 * Fields never written back into a page: passwords, secrets, tokens (the CSRF token is replaced by
 * the current one) and sign-in codes (`code`, `recovery_code`; not `code_12`, a progress code of
 * goal 12 on a progress note). The sign-in and account pages are never replayed at all: their
 * password fields are called `current` and `confirm` too.
 */
const SECRET_FIELD = /password|secret|token|(^|[_-])code$/i;
const SECRET_PAGE = /^\/(sign-in|account)(\/|\?|$)/;

type Field = { name: string; value: string };

/** Every field of a urlencoded form body, repeated names kept in order; null for any other body. */
function formFields(req: Request): Field[] | null {
  const body: unknown = req.body;
  if (!req.is('application/x-www-form-urlencoded') || typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const fields: Field[] = [];
  for (const [name, value] of Object.entries(body)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (!values.every((v) => typeof v === 'string')) return null;
    for (const v of values as string[]) fields.push({ name, value: v });
  }
  return fields;
}

/**
 * The 503 page for a whole-page request. A GET offers to reload; a form POST offers the same form
 * again (to the same local address, with the current CSRF token), unless it held a secret, which
 * is never written into a page: then it says to go back. False when there is nothing special to say.
 */
function renderBusyPage(req: Request, res: Response, error: Busy): boolean {
  const here = localPath(req.originalUrl, '');
  const token: unknown = res.locals.csrfToken;
  const base = { title: error.title, requestId: req.id, retryAfter: error.retryAfterSeconds };
  const page = (data: object) => render(res, 'errors/busy', { ...base, ...data }, { status: error.status });
  if (req.method === 'GET' || req.method === 'HEAD') {
    page({ message: 'The database is busy for a moment. Try again in a few seconds.', reload: here || '/' });
    return true;
  }
  const fields = formFields(req);
  if (!fields) return false;
  const replayable =
    here !== '' &&
    !SECRET_PAGE.test(here) &&
    typeof token === 'string' &&
    token !== '' &&
    !fields.some((f) => f.name !== '_csrf' && SECRET_FIELD.test(f.name));
  if (!replayable) {
    page({ message: 'The database is busy for a moment: nothing was saved. Go back and try again in a few seconds.', back: true });
    return true;
  }
  page({
    message: BUSY_MESSAGE,
    replay: { action: here, fields: [{ name: '_csrf', value: token }, ...fields.filter((f) => f.name !== '_csrf')] },
  });
  return true;
}

function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (typeof err !== 'object' || err === null) return null;
  if (isDatabaseBusy(err)) return new Busy(BUSY_MESSAGE);
  const e = err as { code?: string; type?: string; status?: number };
  if (e.code === 'EBADCSRFTOKEN') {
    return new HttpError(
      403,
      'Please try again',
      'This form has expired or did not come from Tandem. Go back, reload the page and try again.',
    );
  }
  if (e.type === 'entity.too.large' || e.type === 'parameters.too.many') {
    return new HttpError(413, 'Too much to send', 'That was more than Tandem accepts in one go. Shorten it and try again.');
  }
  if (e.type && e.status && e.status >= 400 && e.status < 500) return new BadRequest();
  return null;
}

/**
 * The shapes "the database is locked" takes: better-sqlite3's own SqliteError (SQLITE_BUSY and
 * its extended codes), and Prisma's wrapping of it, P1008 "Operation has timed out" with the
 * driver's SQLITE_BUSY as cause, P2034 (write conflict) and P2028 (a transaction that could not
 * start in time because others held the connection).
 */
export function isDatabaseBusy(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
    cause?: { originalCode?: unknown; kind?: unknown };
  };
  const busyCode = (code: unknown) => typeof code === 'string' && code.startsWith('SQLITE_BUSY');
  if (busyCode(e.code)) return true;
  if (e.code === 'P1008' || e.code === 'P2034' || e.code === 'P2028') return true;
  const cause = e.meta?.driverAdapterError?.cause ?? e.cause;
  return busyCode(cause?.originalCode) || cause?.kind === 'SocketTimeout';
}
