import { Router } from 'express';
import { addDays, dayKey, today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { render } from '../../web/render.js';
import { idParam, parseForm } from '../../web/validation.js';
import { formatDate } from '../../web/view-helpers.js';
import { getBatch, reopenBatch, startBatch } from './batches.service.js';
import { newNoteForm } from './notes.schema.js';
import { justEndedPeriod } from '../admin/periods.service.js';

export function batchRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.get('/notes/batches/new', allow('note.draft'), async (_req, res) => {
    const end = today(ctx.config.timeZone);
    // The district's period that has just ended; without periods, the three months up to today.
    const period = await justEndedPeriod(ctx.db, end);
    render(res, 'notes/batch-new', {
      title: 'Draft notes for my caseload',
      values: period
        ? {
            title: `${period.name}, ${formatDate(period.endDate)}`,
            periodStart: dayKey(period.startDate),
            periodEnd: dayKey(period.endDate),
          }
        : { title: `Progress report, ${formatDate(end)}`, periodStart: dayKey(addDays(end, -91)), periodEnd: dayKey(end) },
      errors: {},
    });
  });

  router.post('/notes/batches', allow('note.draft'), async (req, res) => {
    const caller = callerOf(req);
    const form = parseForm(newNoteForm, req.body);
    if (!form.ok)
      return render(
        res,
        'notes/batch-new',
        { title: 'Draft notes for my caseload', values: form.values, errors: form.errors },
        { status: 422 },
      );
    // Drafting is queued as a job; the batch page shows how far it has got.
    const batchId = await startBatch(ctx.db, caller, form.data);
    res.redirect(303, `/notes/batches/${batchId}`);
  });

  router.get('/notes/batches/:id', allow('note.draft'), async (req, res) => {
    const batch = await getBatch(ctx.db, callerOf(req), idParam(req.params.id));
    const running = !batch.finishedAt;
    // htmx polls just the counter while drafting runs; without JavaScript, a link reloads the page
    // (a page that reloads itself would break WCAG 2.2.1: the reader does not control the timing).
    render(res, 'notes/batch', { title: batch.title, batch, running }, { fragment: 'notes/_batch-progress' });
  });

  router.post('/notes/batches/:id/resume', allow('note.draft'), async (req, res) => {
    const batchId = await reopenBatch(ctx.db, callerOf(req), idParam(req.params.id));
    res.redirect(303, `/notes/batches/${batchId}`);
  });

  return router;
}
