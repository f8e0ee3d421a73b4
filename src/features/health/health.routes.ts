import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { databaseAnswers } from '../../db/health.js';

/** For load balancers and Docker's HEALTHCHECK: answers only when the database does. */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const ok = await databaseAnswers(ctx.config.databaseUrl, ctx.db);
    res
      .status(ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ok ? 'ok' : 'unavailable' });
  });
  return router;
}
