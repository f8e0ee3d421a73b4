// The route guard: every route behind sign-in names the action it performs. A role that may
// never take it is refused (403) and the refusal audited; which records it may reach is left to
// the scoped loaders. The route-walk test reads `action` off each route to check the table.
import type { RequestHandler } from 'express';
import type { AppContext } from '../context.js';
import { authorize } from '../access/loaders.js';
import type { Action } from '../access/policy.js';
import type { CurrentUser } from '../access/current-user.js';

export type Guard = RequestHandler & { action: Action };

export function guard(ctx: Pick<AppContext, 'db'>) {
  return (action: Action): Guard => {
    const handler: RequestHandler = async (req, _res, next) => {
      await authorize(ctx.db, { user: req.user as CurrentUser, ip: req.ip }, action, { type: 'page', id: req.originalUrl.split('?')[0] });
      next();
    };
    return Object.assign(handler, { action });
  };
}

/** The signed-in user and their address, as services and loaders take them. */
export function callerOf(req: { user?: Express.User; ip?: string }) {
  return { user: req.user as CurrentUser, ip: req.ip ?? null };
}
