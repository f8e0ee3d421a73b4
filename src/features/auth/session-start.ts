// The one way a browser becomes signed in, whichever way the person proved who they are
// (password, password and a second factor, or single sign-on).
import type { Request } from 'express';
import type { CurrentUser } from '../../access/current-user.js';

export async function startSession(req: Request, user: CurrentUser): Promise<void> {
  // Passport 0.7 gives the session a new id here, so a planted session id is worthless.
  await new Promise<void>((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
  req.session.signedInAt = Date.now();
}
