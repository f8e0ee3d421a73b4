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

/**
 * What a service says when input breaks a rule it alone can check (a school that does not
 * exist, a goal of another student): messages by field, shown next to the field. Routes catch
 * it to show the form again with what was typed; uncaught, it is a 422 page listing them.
 */
export class Invalid extends HttpError {
  constructor(readonly fields: Record<string, string>) {
    super(422, 'Please check the form', Object.values(fields).join(' '));
  }
}

/**
 * The database stayed locked by something else (another program, a long save) for longer than
 * a request may wait. Nothing was written; the browser keeps what was typed when the user goes Back.
 */
export class Busy extends HttpError {
  readonly retryAfterSeconds = 5;
  constructor(
    message = 'Tandem is busy saving something else. Nothing was saved: try again in a moment. If you were filling in a form, use your browser’s Back button: what you typed is still there.',
  ) {
    super(503, 'Tandem is busy', message);
  }
}
