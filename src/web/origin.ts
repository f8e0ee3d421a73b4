// Defence in depth against cross-site requests, beside the CSRF token: a state-changing request
// that says it comes from another site is refused before its body is even read. Browsers send
// `Origin` and `Sec-Fetch-Site` on such requests and a page cannot forge them; clients that send
// neither (curl, tests, old browsers) are left to the CSRF token.
import type { Request, RequestHandler } from 'express';
import type { Config } from '../config.js';
import { HttpError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CrossSite extends HttpError {
  constructor() {
    super(
      403,
      'Not sent from Tandem',
      'This request came from another website, so Tandem did not act on it. Open Tandem yourself and try again there.',
    );
  }
}

export function sameOriginOnly(config: Pick<Config, 'env' | 'publicUrl'>): RequestHandler {
  const ours = new URL(config.publicUrl).origin;
  // Outside production the app is also reached at whatever address it listens on
  // (127.0.0.1 and an ephemeral port in the browser tests, localhost or 127.0.0.1 in development),
  // so the address the request was sent to counts as ours too. In production only PUBLIC_URL does.
  const acceptRequestAddress = config.env !== 'production';

  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get('Sec-Fetch-Site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return next(new CrossSite());
    const origin = req.get('Origin');
    if (origin !== undefined && origin !== ours && !(acceptRequestAddress && origin === requestOrigin(req))) {
      return next(new CrossSite());
    }
    next();
  };
}

/** The origin the browser sent this request to, as it would write it in `Origin`. */
function requestOrigin(req: Request): string | null {
  const host = req.get('Host');
  if (!host) return null;
  try {
    return new URL(`${req.protocol}://${host}`).origin;
  } catch {
    return null;
  }
}
