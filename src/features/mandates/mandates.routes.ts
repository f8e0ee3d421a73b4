import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { BadRequest } from '../../web/errors.js';
import { callerOf, guard } from '../../web/guard.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { editableStudent } from '../students/students.write.js';
import { renderSection, sectionChanged } from '../students/students.page.js';
import { amendMandateForm, mandateForm, removeMandateForm } from './mandates.schema.js';
import { addMandate, amendMandate, removeMandate } from './mandates.service.js';

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

  // An amendment: new minutes from a day on. The mandate is named in the form, like removal.
  router.post('/students/:id/mandates/amend', allow('mandate.change'), async (req, res) => {
    const studentId = idParam(req.params.id);
    const caller = callerOf(req);
    const form = parseForm(amendMandateForm, req.body);
    const again = async (errors: Record<string, string>) => {
      await editableStudent(ctx.db, caller, studentId, 'mandate.change');
      // Without a readable mandate there is no form to show the messages in.
      const amendFor = Number(form.values.mandateId);
      if (errors.mandateId || !Number.isSafeInteger(amendFor)) throw new BadRequest();
      return renderSection(ctx, res, studentId, 'mandates', { amendFor, amendValues: form.values, amendErrors: errors }, 422);
    };
    if (!form.ok) return again(form.errors);
    const saved = await attempt(() => amendMandate(ctx.db, caller, studentId, form.data));
    if (!saved.ok) return again(saved.errors);
    return sectionChanged(ctx, res, studentId, 'mandates', 'Minutes amended.');
  });

  return router;
}
