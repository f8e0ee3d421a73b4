// Reading a form body. A body that cannot be read is the sender's mistake, so it is a friendly
// 4xx, never a 500: one marked as compressed that does not decompress (the decompressor's own
// error reaches us with no body-parser `type`), or in an encoding we do not read.
import express from 'express';
import type { Request, RequestHandler } from 'express';
import { BadRequest, HttpError } from './errors.js';

export function formBody(): RequestHandler {
  // gzip, deflate and br are inflated; the limit counts the inflated size, so a small
  // compressed body cannot blow up past it.
  const parse = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 300 });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (err === undefined || err === null) return next();
      next(unreadable(err, req));
    });
  };
}

function unreadable(err: unknown, req: Request): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const e = err as { type?: string; status?: number };
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new HttpError(415, 'Not sent in a form Tandem reads', 'Tandem could not read how that was sent. Reload the page and try again.');
  }
  const encoding = req.get('Content-Encoding')?.trim().toLowerCase();
  if (!e.type && e.status === 400 && encoding && encoding !== 'identity') {
    return new BadRequest('Tandem could not read what was sent: it was marked as compressed but was not. Reload the page and try again.');
  }
  // Everything else (too large, too many fields, aborted) keeps its type for the error handler.
  return err;
}
