import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { BadRequest, Conflict } from '../../web/errors.js';
import { fieldCheck } from '../../web/field-check.js';
import { flash } from '../../web/flash.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { idParam, parseForm } from '../../web/validation.js';
import { exitForm, openStatuses, planTypes, studentFields, studentForm, studentListFilters, versionField } from './students.schema.js';
import { renderStudentPage } from './students.page.js';
import { listStudents, schoolChoices } from './students.service.js';
import { createStudent, editableStudent, exitStudent, reopenStudent, studentFormValues, updateStudent } from './students.write.js';

export function studentRoutes(ctx: AppContext): Router {
  const router = Router();
  const writers = requireRole(ctx.db, 'therapist', 'admin');

  const showForm = async (res: Response, view: 'students/new' | 'students/edit', state: object, status = 200) => {
    const schools = await schoolChoices(ctx.db);
    render(
      res,
      view,
      { schools, planTypes, statuses: openStatuses, fields: studentFields, errors: {}, conflict: false, ...state },
      { status },
    );
  };

  router.get('/students', async (req, res) => {
    const user = req.user as CurrentUser;
    const filters = studentListFilters.parse({
      q: typeof req.query.q === 'string' ? req.query.q : undefined,
      school: typeof req.query.school === 'string' && req.query.school !== '' ? req.query.school : undefined,
    });
    const page = pageFrom(req);
    const [{ students, total, teacherView }, schools] = await Promise.all([
      listStudents(ctx.db, user, { q: filters.q, schoolId: filters.school ?? null, ...page }),
      schoolChoices(ctx.db),
    ]);
    render(
      res,
      'students/index',
      {
        title: user.role === 'teacher' ? 'My students' : user.role === 'therapist' ? 'My caseload' : 'Students',
        students,
        teacherView,
        filters,
        schools,
        pager: pager(req, page.page, total),
      },
      { fragment: 'students/_results' },
    );
  });

  router.get('/students/new', writers, async (_req, res) => {
    await showForm(res, 'students/new', { title: 'Add a student', values: { status: 'active', planType: 'iep' } });
  });

  /** The inline check of one field on blur, with the same schema as the submit. */
  router.post('/students/check', writers, fieldCheck(studentForm, studentFields, '/students/check'));

  router.post('/students', writers, async (req, res) => {
    const user = req.user as CurrentUser;
    const form = parseForm(studentForm, req.body);
    if (!form.ok) return showForm(res, 'students/new', { title: 'Add a student', values: form.values, errors: form.errors }, 422);
    const studentId = await createStudent(ctx.db, user, form.data, req.ip);
    flash(req, 'success', `${form.data.firstName} ${form.data.lastName} is added.`);
    res.redirect(303, `/students/${studentId}`);
  });

  router.get('/students/:id', async (req, res) => {
    // The page's only paged list is its sessions: htmx asks for just that section.
    await renderStudentPage(ctx, res, idParam(req.params.id), {}, { fragment: 'students/_sessions' });
  });

  router.get('/students/:id/edit', writers, async (req, res) => {
    const student = await editableStudent(ctx.db, req.user as CurrentUser, idParam(req.params.id));
    await showForm(res, 'students/edit', {
      title: `Edit ${student.firstName} ${student.lastName}`,
      student,
      values: studentFormValues(student),
    });
  });

  router.post('/students/:id', writers, async (req, res) => {
    const user = req.user as CurrentUser;
    const sid = idParam(req.params.id);
    const student = await editableStudent(ctx.db, user, sid);
    const form = parseForm(studentForm, req.body);
    const version = versionField.safeParse(req.body);
    if (!version.success) throw new BadRequest();
    const title = `Edit ${student.firstName} ${student.lastName}`;
    if (!form.ok)
      return showForm(
        res,
        'students/edit',
        { title, student, values: { ...form.values, version: version.data.version }, errors: form.errors },
        422,
      );
    try {
      await updateStudent(ctx.db, user, sid, version.data.version, form.data, req.ip);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      // Keep what they typed; the new version number lets them save it over the other change knowingly.
      const current = await editableStudent(ctx.db, user, sid);
      return showForm(
        res,
        'students/edit',
        { title, student: current, values: { ...form.values, version: current.version }, conflict: true },
        409,
      );
    }
    flash(req, 'success', 'Saved.');
    res.redirect(303, `/students/${sid}`);
  });

  router.post('/students/:id/exit', writers, async (req, res) => {
    const sid = idParam(req.params.id);
    const form = parseForm(exitForm, req.body);
    if (!form.ok) {
      flash(req, 'error', `The student was not exited: ${Object.values(form.errors).join('; ')}.`);
      return res.redirect(303, `/students/${sid}#status`);
    }
    await exitStudent(ctx.db, req.user as CurrentUser, sid, form.data, req.ip);
    flash(req, 'success', 'The student is exited. Their records stay, and you can re-open them.');
    res.redirect(303, `/students/${sid}`);
  });

  router.post('/students/:id/reopen', writers, async (req, res) => {
    const sid = idParam(req.params.id);
    const version = versionField.safeParse(req.body);
    if (!version.success) throw new BadRequest();
    await reopenStudent(ctx.db, req.user as CurrentUser, sid, version.data.version, req.ip);
    flash(req, 'success', 'The student is re-opened and receiving services again.');
    res.redirect(303, `/students/${sid}`);
  });

  return router;
}
