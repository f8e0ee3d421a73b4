import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { BadRequest } from '../../web/errors.js';
import { callerOf, guard } from '../../web/guard.js';
import { idParam, parseForm } from '../../web/validation.js';
import { editableStudent } from '../students/students.write.js';
import { renderSection, sectionChanged } from '../students/students.page.js';
import { mandateForm, removeMandateForm } from './mandates.schema.js';
import { addMandate, removeMandate } from './mandates.service.js';

export function mandateRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.post('/students/:id/mandates', allow('mandate.change'), async (req, res) => {
    const studentId = idParam(req.params.id);
    const form = parseForm(mandateForm, req.body);
    if (!form.ok) {
      await editableStudent(ctx.db, callerOf(req), studentId, 'mandate.change');
      return renderSection(ctx, res, studentId, 'mandates', { mandateValues: form.values, mandateErrors: form.errors }, 422);
    }
    await addMandate(ctx.db, callerOf(req), studentId, form.data);
    return sectionChanged(ctx, res, studentId, 'mandates', 'Mandate added.');
  });

  router.post('/students/:id/mandates/remove', allow('mandate.change'), async (req, res) => {
    const studentId = idParam(req.params.id);
    await editableStudent(ctx.db, callerOf(req), studentId, 'mandate.change');
    const form = parseForm(removeMandateForm, req.body);
    if (!form.ok) throw new BadRequest();
    await removeMandate(ctx.db, callerOf(req), studentId, form.data.mandateId);
    return sectionChanged(ctx, res, studentId, 'mandates', 'Mandate removed.');
  });

  return router;
}
