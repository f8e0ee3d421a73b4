import { Router } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { render } from '../../web/render.js';
import { idParam, isoDate, parseForm, today } from '../../web/validation.js';
import { formatDate } from '../../web/view-helpers.js';
import { getBatch, reopenBatch, runBatch, startBatch } from './batches.service.js';
import { newNoteForm } from './notes.schema.js';

export function batchRoutes(ctx: AppContext): Router {
  const router = Router();
  const therapists = requireRole(ctx.db, 'therapist');

  router.get('/notes/batches/new', therapists, (_req, res) => {
    const end = today();
    render(res, 'notes/batch-new', {
      title: 'Draft notes for my caseload',
      values: {
        title: `Progress report, ${formatDate(end)}`,
        periodStart: isoDate(new Date(end.getTime() - 91 * 86_400_000)),
        periodEnd: isoDate(end),
      },
      errors: {},
    });
  });

  router.post('/notes/batches', therapists, async (req, res) => {
    const user = req.user as CurrentUser;
    const form = parseForm(newNoteForm, req.body);
    if (!form.ok)
      return render(
        res,
        'notes/batch-new',
        { title: 'Draft notes for my caseload', values: form.values, errors: form.errors },
        { status: 422 },
      );
    const batchId = await startBatch(ctx.db, user, form.data);
    // Drafting goes on after this answer; the batch page shows how far it has got.
    void runBatch(ctx.db, user, batchId, req.ip, req.log);
    res.redirect(303, `/notes/batches/${batchId}`);
  });

  router.get('/notes/batches/:id', therapists, async (req, res) => {
    const batch = await getBatch(ctx.db, req.user as CurrentUser, idParam(req.params.id));
    const running = !batch.finishedAt;
    // Without JavaScript the page reloads itself while drafting runs; htmx polls just the counter.
    render(
      res,
      'notes/batch',
      { title: batch.title, batch, running, refreshSeconds: running ? 2 : null },
      { fragment: 'notes/_batch-progress' },
    );
  });

  router.post('/notes/batches/:id/resume', therapists, async (req, res) => {
    const user = req.user as CurrentUser;
    const batchId = await reopenBatch(ctx.db, user, idParam(req.params.id));
    void runBatch(ctx.db, user, batchId, req.ip, req.log);
    res.redirect(303, `/notes/batches/${batchId}`);
  });

  return router;
}
