import { Router } from 'express';
import type { Request } from 'express';
import { today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { id, idParam } from '../../web/validation.js';
import { formatDate } from '../../web/view-helpers.js';
import { justEndedPeriod } from '../admin/periods.service.js';
import { startBatch } from './batches.service.js';
import { finalizeAndShareReady, noteStateWords, submitNote, trackerPage } from './tracker.service.js';

/** The period a form names (a hidden field), else the one just ended. */
async function periodOf(ctx: AppContext, req: Request) {
  const body = req.body as Record<string, unknown> | undefined;
  const asked = id.safeParse(body?.periodId);
  if (asked.success) return ctx.db.reportingPeriod.findUnique({ where: { id: asked.data } });
  return justEndedPeriod(ctx.db, today(ctx.config.timeZone));
}

export function trackerRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.get('/notes', allow('note.prepare'), async (req, res) => {
    const asked = id.safeParse(req.query.period);
    const { page, skip, take } = pageFrom(req);
    const tracker = await trackerPage(ctx.db, callerOf(req), {
      periodId: asked.success ? asked.data : undefined,
      today: today(ctx.config.timeZone),
      skip,
      take,
    });
    render(res, 'notes/tracker', {
      title: 'Progress notes',
      ...tracker,
      stateWords: noteStateWords,
      pager: pager(req, page, tracker.total),
    });
  });

  router.post('/notes/draft-missing', allow('note.draft'), async (req, res) => {
    const caller = callerOf(req);
    const period = await periodOf(ctx, req);
    if (!period) {
      flash(req, 'error', 'An admin sets the reporting periods first. Meanwhile you can draft notes for dates you choose.');
      return res.redirect(303, '/notes/batches/new');
    }
    const batchId = await startBatch(ctx.db, caller, {
      title: `${period.name}, ${formatDate(period.endDate)}`,
      periodStart: period.startDate,
      periodEnd: period.endDate,
    });
    // Drafting is queued as a job (startBatch); the batch page shows how far it has got.
    res.redirect(303, `/notes/batches/${batchId}`);
  });

  router.post('/notes/finalize-ready', allow('note.finalize'), async (req, res) => {
    const period = await periodOf(ctx, req);
    if (!period) return res.redirect(303, '/notes');
    const result = await finalizeAndShareReady(ctx.db, callerOf(req), period.id);
    const done = result.shared.length;
    flash(
      req,
      done ? 'success' : 'info',
      done ? `Finalised and shared ${done} note${done === 1 ? '' : 's'}: ${result.shared.join(', ')}.` : 'No note was ready to finalise.',
    );
    if (result.notYet.length)
      flash(req, 'error', `Still drafts, not finalised: ${result.notYet.map((n) => `${n.name} (${n.why})`).join('; ')}.`);
    res.redirect(303, `/notes?period=${period.id}`);
  });

  router.post('/notes/:id/submit', allow('note.prepare'), async (req, res) => {
    const noteId = idParam(req.params.id);
    await submitNote(ctx.db, callerOf(req), noteId);
    flash(req, 'success', 'Sent to your supervising OT, who approves it by finalising it.');
    res.redirect(303, '/notes');
  });

  return router;
}
