import { Router } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../access/current-user.js';
import { actorOf } from '../../access/policy.js';
import { guard } from '../../web/guard.js';
import { dashboardRoutes, teacherHomePage, therapistHomePage } from '../dashboard/dashboard.routes.js';

/** The start page: a therapist's day and week, a teacher's news; an admin starts at the student list. */
export function homeRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', guard(ctx)('home.view'), async (req, res) => {
    switch (actorOf(req.user as CurrentUser)) {
      case 'ot':
      case 'ota':
        return therapistHomePage(ctx, req, res);
      case 'teacher':
        return teacherHomePage(ctx, req, res);
      case 'admin':
        return res.redirect(303, '/students');
    }
  });
  router.use(dashboardRoutes(ctx));
  return router;
}
