// The home page of a therapist (their day and week) and of a teacher (what is new for them),
// and "Mark all as seen". The start page itself (GET /) is in features/home.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { addDays, timeNow, today, weekStartOf } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../access/current-user.js';
import { guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { dayInWords, markSeen, teacherHome, therapistDashboard } from './dashboard.service.js';

export function dashboardRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.post('/home/seen', allow('home.view'), async (req, res) => {
    await markSeen(ctx.db, req.user as CurrentUser);
    flash(req, 'success', 'Marked as seen: only what comes from now on shows as new.');
    res.redirect(303, '/');
  });

  return router;
}

/** A therapist's day and week. */
export async function therapistHomePage(ctx: AppContext, req: Request, res: Response) {
  const day = today(ctx.config.timeZone);
  const dashboard = await therapistDashboard(ctx.db, req.user as CurrentUser, day, timeNow(ctx.config.timeZone));
  const weekStart = weekStartOf(day);
  render(res, 'dashboard/therapist', { title: 'Home', day: dayInWords(day), weekStart, weekEnd: addDays(weekStart, 4), ...dashboard });
}

/** A teacher's home: what is new for them, and their students. */
export async function teacherHomePage(ctx: AppContext, req: Request, res: Response) {
  const home = await teacherHome(ctx.db, req.user as CurrentUser);
  render(res, 'dashboard/teacher', { title: 'Home', ...home });
}
