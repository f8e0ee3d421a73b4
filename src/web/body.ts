// Reading a form body. A body that cannot be read is the sender's mistake, so it is a friendly
// 4xx, never a 500: one marked as compressed that does not decompress (the decompressor's own
// error reaches us with no body-parser `type`), or in an encoding we do not read.
import express from 'express';
import type { Request, RequestHandler } from 'express';
import { BadRequest, HttpError } from './errors.js';

/**
 * The most a form may send, sized so that every field at its stated limit fits in any script: a
 * body over it is never a form someone filled in, so the 413 it gets loses nothing typed.
 * Limits count UTF-16 units (zod's .max and the browser's maxlength alike). The most bytes one unit
 * can take in UTF-8 is 3 (U+0800-U+FFFF: Devanagari, CJK, "€"; Arabic takes 2; a 4-byte
 * character such as an emoji is 2 units, so 2 bytes a unit), and urlencoding writes each byte as %XX:
 * at most 9 bytes a unit. The largest form is the progress note editor (notes.schema.ts):
 *   teacher and family versions   2 x 20,000 units x 9                  = 360,000
 *   each goal's code and reason   ("code_<id>=<id>&" 26 + "reason_<id>=" 18 + 500 x 9 + "&") = 4,545
 *   goals: PARAMETER_LIMIT allows (300 - _csrf, version and the two texts) / 2 = 148 -> 672,660
 *   _csrf, version and names      under 200
 *   total                                                               ~1,032,860 < 1 MiB
 * (Next largest: the calendar file text, 40,000 units x 9 = 360 kB; a group session, 8 students x
 * (2,000 + 300) units x 9 ~ 170 kB.)
 */
export const BODY_LIMIT = 1024 * 1024;
export const PARAMETER_LIMIT = 300;

export function formBody(): RequestHandler {
  // gzip, deflate and br are inflated; the limit counts the inflated size, so a small
  // compressed body cannot blow up past it.
  const parse = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: PARAMETER_LIMIT });
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
