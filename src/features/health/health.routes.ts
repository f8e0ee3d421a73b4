import { Router } from 'express';
import type { AppContext } from '../../context.js';

/** For load balancers and Docker's HEALTHCHECK: answers only when the database does. */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await ctx.db.$queryRaw`SELECT 1`;
      res.set('Cache-Control', 'no-store').json({ status: 'ok' });
    } catch {
      res.status(503).set('Cache-Control', 'no-store').json({ status: 'unavailable' });
    }
  });
  return router;
}
