import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { NotFound } from '../../web/errors.js';
import { flash } from '../../web/flash.js';
import { wantsFragment } from '../../web/render.js';
import { idParam, parseForm } from '../../web/validation.js';
import { editableStudent } from '../students/students.write.js';
import { renderStudentPage } from '../students/students.page.js';
import type { SectionState } from '../students/students.page.js';
import { mandateForm, removeMandateForm } from './mandates.schema.js';
import { addMandate, removeMandate } from './mandates.service.js';

export function mandateRoutes(ctx: AppContext): Router {
  const router = Router();
  const writers = requireRole(ctx.db, 'therapist', 'admin');

  router.post('/students/:id/mandates', writers, async (req, res) => {
    const studentId = idParam(req.params.id);
    const user = req.user as CurrentUser;
    await editableStudent(ctx.db, user, studentId);
    const form = parseForm(mandateForm, req.body);
    if (!form.ok) return section(ctx, res, studentId, { mandateValues: form.values, mandateErrors: form.errors }, 422);
    await addMandate(ctx.db, user, studentId, form.data, req.ip);
    return done(ctx, res, studentId, 'Mandate added.');
  });

  router.post('/students/:id/mandates/remove', writers, async (req, res) => {
    const studentId = idParam(req.params.id);
    const form = parseForm(removeMandateForm, req.body);
    if (!form.ok) throw new NotFound();
    await removeMandate(ctx.db, req.user as CurrentUser, studentId, form.data.mandateId, req.ip);
    return done(ctx, res, studentId, 'Mandate removed.');
  });

  return router;
}

async function done(ctx: AppContext, res: Response, studentId: number, message: string) {
  if (wantsFragment(res.req)) return section(ctx, res, studentId, { mandateNotice: message });
  flash(res.req, 'success', message);
  res.redirect(303, `/students/${studentId}#mandates`);
}

/** htmx gets the mandates section; without JavaScript, the whole page with the form's errors. */
function section(ctx: AppContext, res: Response, studentId: number, state: SectionState, status = 200) {
  return renderStudentPage(ctx, res, studentId, state, { fragment: 'students/_mandates', status });
}
