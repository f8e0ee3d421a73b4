// Turns any error into a friendly page, or an htmx fragment, with the request id.
// No stack traces, SQL or file paths ever reach the browser.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { BadRequest, Busy, HttpError, NotFound } from './errors.js';
import { render, wantsFragment } from './render.js';

export const notFound: RequestHandler = () => {
  throw new NotFound();
};

export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
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

function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (typeof err !== 'object' || err === null) return null;
  if (isDatabaseBusy(err)) return new Busy();
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
