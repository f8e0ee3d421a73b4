// The minutes compliance report: the district by school and by therapist, one school by student
// (?school=ID), and the same rows as CSV.
import { Router } from 'express';
import type { Request } from 'express';
import { today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { render } from '../../web/render.js';
import { idParam } from '../../web/validation.js';
import { districtReport, exportMinutesReport, reportSchools, schoolReport } from './reports.service.js';

/** The chosen school, or null for the whole district; an id that is not a number is not found. */
function schoolOf(req: Request): number | null {
  const value = req.query.school;
  return value === undefined || value === '' ? null : idParam(value);
}

export function reportRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.get('/admin/reports/minutes', allow('admin.reports'), async (req, res) => {
    const schoolId = schoolOf(req);
    const day = today(ctx.config.timeZone);
    const caller = callerOf(req);
    const [schools, district, school] = await Promise.all([
      reportSchools(ctx.db),
      schoolId === null ? districtReport(ctx.db, caller, day) : null,
      schoolId === null ? null : schoolReport(ctx.db, caller, day, schoolId),
    ]);
    render(res, 'admin/reports/minutes', {
      title: school ? `Minutes report: ${school.school.name}` : 'Minutes report',
      today: day,
      schools,
      schoolId,
      district,
      school,
      csvHref: `/admin/reports/minutes.csv${schoolId === null ? '' : `?school=${schoolId}`}`,
    });
  });

  router.get('/admin/reports/minutes.csv', allow('admin.reports'), async (req, res) => {
    const { csv, fileName } = await exportMinutesReport(ctx.db, callerOf(req), today(ctx.config.timeZone), schoolOf(req));
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${fileName}"`).send(csv);
  });

  return router;
}
