import { Router } from 'express';

/** The start page is each role's student list for now; later a dashboard takes its place. */
export function homeRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(303, '/students'));
  return router;
}
