// Typed errors. Routes and services throw these; the error handler turns each into a page
// or an htmx fragment with the request id, never a stack trace.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

export class BadRequest extends HttpError {
  constructor(message = 'The request could not be read. Please go back and try again.') {
    super(400, 'Something was wrong with that request', message);
  }
}

export class Forbidden extends HttpError {
  constructor(message = 'Your account does not have access to this page.') {
    super(403, 'Not allowed', message);
  }
}

export class NotFound extends HttpError {
  constructor(message = 'We could not find that page. It may have moved, or it is not shared with you.') {
    super(404, 'Page not found', message);
  }
}

export class Conflict extends HttpError {
  constructor(message = 'Someone else changed this record while you were editing it.') {
    super(409, 'Changed by someone else', message);
  }
}

export class TooManyRequests extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'Too many tries', message);
  }
}
