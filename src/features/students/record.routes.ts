import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { idParam } from '../../web/validation.js';
import { studentRecordPdf } from './record-pdf.js';
import { recordFileName, studentRecord } from './record.service.js';

/** A student's whole record for a family's request: a PDF to read and the data as JSON (each download audited). */
export function studentRecordRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.get('/students/:id/record.pdf', allow('student.record'), async (req, res) => {
    const record = await studentRecord(ctx.db, callerOf(req), idParam(req.params.id));
    const pdf = await studentRecordPdf(record, ctx.config.timeZone);
    res
      .type('application/pdf')
      .set('Content-Disposition', `attachment; filename="${recordFileName(record, 'pdf')}"`)
      .send(pdf);
  });

  router.get('/students/:id/record.json', allow('student.record'), async (req, res) => {
    const record = await studentRecord(ctx.db, callerOf(req), idParam(req.params.id));
    res
      .type('application/json')
      .set('Content-Disposition', `attachment; filename="${recordFileName(record, 'json')}"`)
      .send(JSON.stringify(record, null, 2));
  });

  return router;
}
