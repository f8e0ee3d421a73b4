// A small value kept in the browser for a few minutes, signed so it comes back unchanged
// (HMAC-SHA256 with a key derived from the session secret), and with its own expiry inside the
// signature, so an old cookie a browser kept is worthless. Not for secrets the browser must not
// read: the value is signed, not encrypted.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export type SignedCookie<T> = {
  set(res: Response, value: T): void;
  /** The value, or null when it is missing, altered or expired. */
  read(req: Request): T | null;
  clear(res: Response): void;
};

export function signedCookie<T>(options: {
  name: string;
  secret: string;
  purpose: string;
  maxAgeMs: number;
  https: boolean;
}): SignedCookie<T> {
  // A key of its own per purpose: a value signed for one use is never accepted for another.
  const key = createHmac('sha256', options.secret).update(`tandem signed cookie: ${options.purpose}`).digest();
  const name = options.https ? `__Host-${options.name}` : options.name;
  const attributes = { httpOnly: true, sameSite: 'lax', secure: options.https, path: '/' } as const;
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

  return {
    set(res, value) {
      const payload = Buffer.from(JSON.stringify({ v: value, exp: Date.now() + options.maxAgeMs })).toString('base64url');
      res.cookie(name, `${payload}.${sign(payload)}`, { ...attributes, maxAge: options.maxAgeMs });
    },
    read(req) {
      const raw = cookieValue(req.headers.cookie, name);
      if (!raw) return null;
      const [payload, mac, extra] = raw.split('.');
      if (!payload || !mac || extra !== undefined) return null;
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { v: T; exp: number };
        return typeof parsed.exp === 'number' && parsed.exp > Date.now() ? parsed.v : null;
      } catch {
        return null;
      }
    },
    clear(res) {
      res.clearCookie(name, attributes);
    },
  };
}

/** One cookie's value from a Cookie header (our values are base64url, never quoted or encoded). */
function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
