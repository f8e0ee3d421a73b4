import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { guard } from '../../web/guard.js';

/** The start page is each role's student list for now; later a dashboard takes its place. */
export function homeRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', guard(ctx)('home.view'), (_req, res) => res.redirect(303, '/students'));
  return router;
}
