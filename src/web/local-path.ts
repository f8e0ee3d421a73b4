// Where we may send a browser after sign-in (`next`) or with an htmx redirect header: a path on
// our own origin, judged after the URL is normalised the way a browser normalises it.

/** Any origin of ours would do; only "same origin as this one or not" matters. */
const BASE = new URL('http://tandem.invalid');

/** Longer than any page of ours; a very long `next` is an attack or a mistake. */
const MAX_LENGTH = 2000;

/**
 * Only printable ASCII, and no backslash: browsers percent-encode everything else in a URL they
 * send, so a real `next` (taken from a request's URL) never has spaces, tabs, newlines, control
 * or non-ASCII characters. Browsers silently drop tabs and newlines and read `\` as `/`, which is
 * how `/\t/evil` and `/\evil` become `//evil`; refusing them is simpler than imitating that.
 */
const PLAIN = /^[\x21-\x5B\x5D-\x7E]+$/;

/**
 * Encoded slashes, backslashes, control characters and percent signs (double encoding) in the
 * path: no page of ours has them, and a proxy or a later redirect that decodes them would turn
 * `/%2F%2Fevil` (or `/%252F%252Fevil`, decoded twice) into `//evil`.
 */
const ENCODED_SEPARATOR_OR_CONTROL = /%(2f|5c|25|[01][0-9a-f]|7f)/i;

/**
 * A local path (pathname and query) for `value`, or `fallback` when it is anything else:
 * not a string, too long, not starting with a single `/`, or naming another origin once
 * resolved against ours (`//evil`, `/.//evil`, `/..//evil`, `https:evil`, `javascript:`...).
 */
export function localPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  if (!PLAIN.test(value) || !value.startsWith('/')) return fallback;
  const url = parse(value);
  if (!url || url.origin !== BASE.origin) return fallback;
  const path = url.pathname + url.search;
  // Dot segments are resolved by the parser: `/.//evil` comes out as `//evil`, which a browser
  // given it as a Location would read as another host. The result must itself be a plain path.
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  if (ENCODED_SEPARATOR_OR_CONTROL.test(url.pathname)) return fallback;
  // And it must mean the same thing when the browser parses it again.
  const again = parse(path);
  if (!again || again.origin !== BASE.origin || again.pathname + again.search !== path) return fallback;
  return path;
}

function parse(value: string): URL | null {
  try {
    return new URL(value, BASE);
  } catch {
    return null;
  }
}
