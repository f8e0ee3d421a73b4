import { Router } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { NotFound } from '../../web/errors.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { id } from '../../web/validation.js';
import { studentListFilters } from './students.schema.js';
import { getStudent, listStudents, schoolChoices } from './students.service.js';
import { teamChoices } from '../admin/team.service.js';

export function studentRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/students', async (req, res) => {
    const user = req.user as CurrentUser;
    const filters = studentListFilters.parse({
      q: typeof req.query.q === 'string' ? req.query.q : undefined,
      school: typeof req.query.school === 'string' && req.query.school !== '' ? req.query.school : undefined,
    });
    const page = pageFrom(req);
    const [{ students, total }, schools] = await Promise.all([
      listStudents(ctx.db, user, { q: filters.q, schoolId: filters.school ?? null, ...page }),
      schoolChoices(ctx.db),
    ]);
    render(
      res,
      'students/index',
      {
        title: user.role === 'teacher' ? 'My students' : user.role === 'therapist' ? 'My caseload' : 'Students',
        students,
        filters,
        schools,
        pager: pager(req, page.page, total),
      },
      { fragment: 'students/_results' },
    );
  });

  router.get('/students/:id', async (req, res) => {
    const user = req.user as CurrentUser;
    const studentId = id.safeParse(req.params.id);
    if (!studentId.success) throw new NotFound();
    const student = await getStudent(ctx.db, user, studentId.data, req.ip);
    const team = user.role === 'admin' ? await teamChoices(ctx.db) : null;
    render(res, 'students/show', {
      title: `${student.firstName} ${student.lastName}`,
      student,
      team,
      teamValues: {},
      teamErrors: {},
      teamNotice: null,
    });
  });

  return router;
}
