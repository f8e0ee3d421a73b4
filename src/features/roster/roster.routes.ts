// The roster import's pages: upload a file, read its preview, import it all or nothing, and
// watch its progress (htmx) or wait for it (without JavaScript, the import answers when done).
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../../context.js';
import { can } from '../../access/policy.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { NotFound } from '../../web/errors.js';
import { idParam } from '../../web/validation.js';
import { columnNames, decode, fieldWords, MAX_FILE_BYTES, rosterFields, templateHeader } from './roster-file.js';
import { IMPORT_TIMEOUT_MS, outcomeOf, progressFrom, pruneOldPreviews, startImport } from './roster-import.js';
import { importable, planFingerprint, planRoster } from './roster.service.js';

const PAGE = '/admin/roster';
const MB = Math.round(MAX_FILE_BYTES / 1024 / 1024);

/** Why an upload could not be read, set by `rosterUpload` for the route to say next to the field. */
type UploadRequest = Request & { file?: Express.Multer.File; uploadProblem?: string };

/**
 * Reads the roster upload (multipart) before the CSRF check, which needs the form's `_csrf`
 * field from it. Only for an admin posting to the upload page: nobody else gets a file read
 * into memory.
 */
export function rosterUpload(): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 4, parts: 5 },
  }).single('file');
  return (req, res, next) => {
    const path = req.path.replace(/\/$/, '');
    if (req.method !== 'POST' || path !== PAGE || !req.is('multipart/form-data') || !can(req.user, 'admin.roster')) return next();
    upload(req, res, (err?: unknown) => {
      if (err) {
        // Too large, several files, or a form cut off on the way (busboy's "Unexpected end of form"):
        // the sender's problem, said next to the field, never a 500.
        (req as UploadRequest).uploadProblem =
          err instanceof multer.MulterError
            ? err.code === 'LIMIT_FILE_SIZE'
              ? `The file is larger than ${MB} MB: split it into smaller files.`
              : 'Choose one CSV file.'
            : 'The file did not arrive whole: choose it again.';
        // The CSRF token comes before the file in the form, so it was read.
        req.body ??= {};
      }
      next();
    });
  };
}

export function rosterRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  const uploadPage = async (res: Response, error?: string, status = 200) => {
    const recent = await ctx.db.rosterImport.findMany({
      orderBy: { id: 'desc' },
      take: 10,
      select: {
        id: true,
        fileName: true,
        status: true,
        createdAt: true,
        finishedAt: true,
        summary: true,
        createdBy: { select: { name: true } },
      },
    });
    // The rules are read before a first import; afterwards they fold away under a disclosure.
    const imported = (await ctx.db.rosterImport.findFirst({ where: { status: 'imported' }, select: { id: true } })) !== null;
    render(
      res,
      'admin/roster/index',
      {
        title: 'Import a roster',
        timeZone: ctx.config.timeZone,
        error,
        recent: recent.map((r) => ({ ...r, outcome: outcomeOf(r.summary) })),
        imported,
        columns: rosterFields.map((field) => ({ words: fieldWords[field], names: columnNames[field] })),
      },
      { status },
    );
  };

  router.get(PAGE, allow('admin.roster'), (_req, res) => uploadPage(res));

  router.get(`${PAGE}/template.csv`, allow('admin.roster'), (_req, res) => {
    const example = [
      '204518',
      'Aiden',
      'Castillo',
      '',
      'Riverside Elementary',
      '2',
      '2018-04-09',
      'IEP',
      '2026-09-08',
      '2027-09-07',
      '2029-05-01',
      '90',
      'month',
      'Pull-out',
      'Individual',
      '2026-09-08',
      '2027-09-07',
      'j.rivera@district.org',
      'Jordan Rivera',
      'ot@district.org',
    ];
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', 'attachment; filename="tandem-roster-template.csv"')
      .send(`\uFEFF${stringify([templateHeader, example])}`);
  });

  router.post(PAGE, allow('admin.roster'), async (req: UploadRequest, res) => {
    if (req.uploadProblem) return uploadPage(res, req.uploadProblem, 422);
    const file = req.file;
    if (!file || file.size === 0) return uploadPage(res, file ? 'The file is empty.' : 'Choose the roster file (CSV).', 422);
    const bytes = file.buffer;
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
      return uploadPage(
        res,
        'This is an Excel workbook, not a CSV file: in Excel choose File → Save As → “CSV UTF-8”, then choose that file.',
        422,
      );
    }
    const { text, encoding } = decode(bytes);
    if (text.includes('\u0000')) return uploadPage(res, 'This file is not text: choose a CSV file.', 422);
    await pruneOldPreviews(ctx.db);
    const fileName = (file.originalname || 'roster.csv').slice(0, 200);
    const saved = await ctx.db.rosterImport.create({
      data: { fileName, text, encoding, createdById: callerOf(req).user.id },
      select: { id: true },
    });
    res.redirect(303, `${PAGE}/imports/${saved.id}`);
  });

  const loadImport = async (id: number) => {
    const found = await ctx.db.rosterImport.findUnique({
      where: { id },
      select: {
        id: true,
        fileName: true,
        encoding: true,
        text: true,
        status: true,
        summary: true,
        createdAt: true,
        finishedAt: true,
        progressDone: true,
        progressTotal: true,
      },
    });
    if (!found) throw new NotFound();
    return found;
  };

  router.get(`${PAGE}/imports/:id`, allow('admin.roster'), async (req, res) => {
    const found = await loadImport(idParam(req.params.id));
    const outcome = outcomeOf(found.summary);
    const progress = found.status === 'importing' ? progressFrom(found) : undefined;
    const plan = found.status === 'previewed' ? await planRoster(ctx.db, found.text, ctx.config.timeZone) : undefined;
    render(res, 'admin/roster/show', {
      title: found.status === 'imported' ? 'Roster imported' : 'Check the roster before importing',
      imported: found,
      timeZone: ctx.config.timeZone,
      outcome,
      progress,
      preview: plan?.preview,
      importable: plan ? importable(plan.preview) && plan.students.length > 0 : false,
      fingerprint: plan ? planFingerprint(plan.preview) : '',
    });
  });

  router.get(`${PAGE}/imports/:id/progress`, allow('admin.roster'), async (req, res) => {
    const found = await loadImport(idParam(req.params.id));
    // Only htmx asks for the fragment; a person who opens its address gets the whole page.
    if (!req.get('HX-Request')) return res.redirect(303, `${PAGE}/imports/${found.id}`);
    if (found.status !== 'importing') {
      // Finished: htmx loads the result page in place of the progress.
      res.set('HX-Redirect', `${PAGE}/imports/${found.id}`).end();
      return;
    }
    render(res, 'admin/roster/_progress', { imported: found, progress: progressFrom(found) });
  });

  router.post(`${PAGE}/imports/:id/import`, allow('admin.roster'), async (req, res) => {
    const id = idParam(req.params.id);
    await loadImport(id);
    // Queued as a job, which this process or another runs.
    const plan = typeof req.body?.plan === 'string' && /^[0-9a-f]{32}$/.test(req.body.plan) ? (req.body.plan as string) : null;
    if (!(await startImport(ctx.db, callerOf(req), id, plan))) {
      flash(req, 'info', 'That file is already being imported, or was imported.');
      return res.redirect(303, `${PAGE}/imports/${id}`);
    }
    if (req.get('HX-Request')) {
      // With htmx the page shows the progress and asks for it again each second.
      return render(res, 'admin/roster/_progress', { imported: { id }, progress: undefined });
    }
    // Without JavaScript the browser waits (showing it is loading) and then sees the result.
    await importEnded(id);
    res.redirect(303, `${PAGE}/imports/${id}`);
  });

  /** Waits until the import is no longer running, whichever process runs it (or until it must have timed out). */
  const importEnded = async (id: number) => {
    const until = Date.now() + IMPORT_TIMEOUT_MS + 60_000;
    while (Date.now() < until) {
      const row = await ctx.db.rosterImport.findUnique({ where: { id }, select: { status: true } });
      if (row?.status !== 'importing') return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  router.post(`${PAGE}/imports/:id/discard`, allow('admin.roster'), async (req, res) => {
    const id = idParam(req.params.id);
    const { count } = await ctx.db.rosterImport.deleteMany({ where: { id, status: 'previewed' } });
    if (count) flash(req, 'success', 'The file was discarded: nothing was imported.');
    res.redirect(303, PAGE);
  });

  return router;
}
