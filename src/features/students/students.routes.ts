import { Router } from 'express';
import type { Response } from 'express';
import { today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../access/current-user.js';
import { Conflict, Invalid } from '../../web/errors.js';
import { callerOf, guard } from '../../web/guard.js';
import { fieldCheck } from '../../web/field-check.js';
import { flash } from '../../web/flash.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render, wantsFragment } from '../../web/render.js';
import { can } from '../../access/policy.js';
import { localPath } from '../../web/local-path.js';
import { bulkTeamChoices } from '../admin/team.service.js';
import { takeBulkTeamForm } from '../admin/team.routes.js';
import { attempt, idParam, parseForm, versionOf } from '../../web/validation.js';
import { exitForm, openStatuses, planTypes, studentFields, studentForm, studentListFilters } from './students.schema.js';
import { renderStudentPage } from './students.page.js';
import { listStudents, schoolChoices } from './students.service.js';
import { createStudent, editableStudent, exitStudent, reopenStudent, studentFormValues, updateStudent } from './students.write.js';

export function studentRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  const showForm = async (res: Response, view: 'students/new' | 'students/edit', state: object, status = 200) => {
    const schools = await schoolChoices(ctx.db);
    render(
      res,
      view,
      { schools, planTypes, statuses: openStatuses, fields: studentFields, errors: {}, conflict: false, ...state },
      { status },
    );
  };

  router.get('/students', allow('student.list'), async (req, res) => {
    const user = req.user as CurrentUser;
    const filters = studentListFilters.parse({
      q: typeof req.query.q === 'string' ? req.query.q : undefined,
      school: typeof req.query.school === 'string' && req.query.school !== '' ? req.query.school : undefined,
    });
    const page = pageFrom(req);
    // An admin's list carries a form to add the ticked students to someone's team; htmx swaps only the rows.
    const bulkTeam = can(user, 'student.team');
    const [{ students, total, teacherView }, schools, bulkTeamPeople] = await Promise.all([
      listStudents(ctx.db, user, { q: filters.q, schoolId: filters.school ?? null, today: today(ctx.config.timeZone), ...page }),
      schoolChoices(ctx.db),
      bulkTeam && !wantsFragment(req) ? bulkTeamChoices(ctx.db) : null,
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
        bulkTeam,
        bulkTeamPeople,
        listPath: localPath(req.originalUrl, '/students'),
        // After a refused bulk add: the same students ticked, the same person chosen (team.routes.ts).
        bulkTeamKept: bulkTeam && !wantsFragment(req) ? takeBulkTeamForm(req) : null,
      },
      { fragment: 'students/_results' },
    );
  });

  router.get('/students/new', allow('student.add'), async (_req, res) => {
    await showForm(res, 'students/new', { title: 'Add a student', values: { status: 'active', planType: 'iep' } });
  });

  /** The inline check of one field on blur, with the same schema as the submit. */
  router.post('/students/check', allow('student.add'), fieldCheck(studentForm, studentFields, '/students/check'));

  router.post('/students', allow('student.add'), async (req, res) => {
    const form = parseForm(studentForm, req.body);
    const again = (errors: Record<string, string>) =>
      showForm(res, 'students/new', { title: 'Add a student', values: form.values, errors }, 422);
    if (!form.ok) return again(form.errors);
    const created = await attempt(() => createStudent(ctx.db, callerOf(req), form.data));
    if (!created.ok) return again(created.errors);
    flash(req, 'success', `${form.data.firstName} ${form.data.lastName} is added.`);
    res.redirect(303, `/students/${created.value}`);
  });

  router.get('/students/:id', allow('student.view'), async (req, res) => {
    // The page's only paged list is its sessions: htmx asks for just that section.
    await renderStudentPage(ctx, res, idParam(req.params.id), {}, { fragment: 'students/_sessions' });
  });

  router.get('/students/:id/edit', allow('student.edit'), async (req, res) => {
    const student = await editableStudent(ctx.db, callerOf(req), idParam(req.params.id));
    await showForm(res, 'students/edit', {
      title: `Edit ${student.firstName} ${student.lastName}`,
      student,
      values: studentFormValues(student),
    });
  });

  router.post('/students/:id', allow('student.edit'), async (req, res) => {
    const caller = callerOf(req);
    const sid = idParam(req.params.id);
    const student = await editableStudent(ctx.db, caller, sid);
    const form = parseForm(studentForm, req.body);
    const version = versionOf(req.body);
    const title = `Edit ${student.firstName} ${student.lastName}`;
    if (!form.ok) return showForm(res, 'students/edit', { title, student, values: { ...form.values, version }, errors: form.errors }, 422);
    try {
      await updateStudent(ctx.db, caller, sid, version, form.data);
    } catch (error) {
      // A rule only the service checks (a district student ID already taken): next to its field.
      if (error instanceof Invalid)
        return showForm(res, 'students/edit', { title, student, values: { ...form.values, version }, errors: error.fields }, 422);
      if (!(error instanceof Conflict)) throw error;
      // Keep what they typed; the new version number lets them save it over the other change knowingly.
      const current = await editableStudent(ctx.db, caller, sid);
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

  router.post('/students/:id/exit', allow('student.exit'), async (req, res) => {
    const sid = idParam(req.params.id);
    await editableStudent(ctx.db, callerOf(req), sid, 'student.exit'); // out of scope: not found, before the form is read
    const form = parseForm(exitForm, req.body);
    // The page again, its exit form open with what was typed and the messages beside the fields.
    if (!form.ok) return renderStudentPage(ctx, res, sid, { exitValues: form.values, exitErrors: form.errors }, { status: 422 });
    await exitStudent(ctx.db, callerOf(req), sid, form.data);
    flash(req, 'success', 'The student is exited. Their records stay, and you can re-open them.');
    res.redirect(303, `/students/${sid}`);
  });

  router.post('/students/:id/reopen', allow('student.exit'), async (req, res) => {
    const sid = idParam(req.params.id);
    await editableStudent(ctx.db, callerOf(req), sid, 'student.exit');
    await reopenStudent(ctx.db, callerOf(req), sid, versionOf(req.body));
    flash(req, 'success', 'The student is re-opened and receiving services again.');
    res.redirect(303, `/students/${sid}`);
  });

  return router;
}
