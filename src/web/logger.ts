// Structured JSON logs with a request id. Only the path is logged, never the query string
// (a search may hold a student's name), bodies, cookies or headers.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: ['password', '*.password', 'passwordHash', '*.passwordHash'], censor: '[hidden]' } });
}

export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // The serializers take the request as it is: wrapped, pino-http would first copy every request's
    // headers (cookies included) into an object of its own, only for the three fields below.
    wrapSerializers: false,
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: loggedPath(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url?.startsWith('/assets/') ?? false },
  });
}

/** The path without its query string, and without the secret of a calendar feed link (it works as a password). */
export function loggedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  // Routes match whatever the case ("/Calendar/..." reaches the feed too), so the check does.
  return path.toLowerCase().startsWith('/calendar/') ? '/calendar/[secret]' : path;
}
