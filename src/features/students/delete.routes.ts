import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { deleteForm, deletionReasons } from './delete.schema.js';
import { deletableStudent, deleteStudent } from './delete.service.js';

/** Deleting a student's whole record: the form is on the student page; a mistake comes back here. */
export function studentDeleteRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.post('/students/:id/delete', allow('student.delete'), async (req, res) => {
    const caller = callerOf(req);
    const sid = idParam(req.params.id);
    const student = await deletableStudent(ctx.db, caller, sid); // refused or not found before the form is read
    const again = (values: Record<string, unknown>, errors: Record<string, string>) => showAgain(res, student, values, errors);
    const form = parseForm(deleteForm, req.body);
    if (!form.ok) return again(form.values, form.errors);
    const deleted = await attempt(() => deleteStudent(ctx.db, caller, sid, form.data));
    if (!deleted.ok) return again(form.values, deleted.errors);
    // The name is said once, here, and kept nowhere.
    flash(req, 'success', `The record of ${deleted.value} was deleted.`);
    res.redirect(303, '/students');
  });

  return router;
}

function showAgain(
  res: Response,
  student: { id: number; firstName: string; lastName: string; preferredName: string | null },
  values: Record<string, unknown>,
  errors: Record<string, string>,
) {
  render(
    res,
    'students/delete',
    { title: `Delete the record of ${student.firstName} ${student.lastName}`, student, reasons: deletionReasons, values, errors },
    { status: 422 },
  );
}
