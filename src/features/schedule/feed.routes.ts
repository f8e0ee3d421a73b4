// The calendar feed: public, because a phone's calendar cannot sign in. The secret in the link is
// the key; an unknown or revoked one is plainly "not found", with nothing said about why.
import { Router } from 'express';
import { today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { feedFor } from './feed.service.js';

export function feedRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/calendar/:token.ics', async (req, res) => {
    res.set('Cache-Control', 'no-store').set('X-Robots-Tag', 'noindex, nofollow');
    const ics = await feedFor(ctx.db, req.params.token, { timeZone: ctx.config.timeZone, today: today(ctx.config.timeZone) });
    if (ics === null) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    res.type('text/calendar; charset=utf-8').set('Content-Disposition', 'inline; filename="schedule.ics"').send(ics);
  });

  return router;
}
