// Admins change who serves a student from the student's page.
import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { wantsFragment } from '../../web/render.js';
import { idParam, parseForm } from '../../web/validation.js';
import { renderStudentPage } from '../students/students.page.js';
import type { SectionState } from '../students/students.page.js';
import { addTeamMember, removeMemberForm, removeTeamMember, teamMemberForm } from './team.service.js';

export function teamRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole(ctx.db, 'admin');

  router.post('/students/:id/team', admin, async (req, res) => {
    const studentId = idParam(req.params.id);
    const user = req.user as CurrentUser;
    const form = parseForm(teamMemberForm, req.body);
    const result = form.ok ? await addTeamMember(ctx.db, user, studentId, form.data, req.ip) : { ok: false as const, errors: form.errors };
    if (result.ok) return done(ctx, res, studentId, `${result.name} is now on this student's team.`);
    return showTeam(ctx, res, studentId, { teamValues: form.values, teamErrors: result.errors }, 422);
  });

  router.post('/students/:id/team/remove', admin, async (req, res) => {
    const studentId = idParam(req.params.id);
    const form = parseForm(removeMemberForm, req.body);
    if (!form.ok) return showTeam(ctx, res, studentId, { teamErrors: { remove: 'Choose who to remove' } }, 422);
    await removeTeamMember(ctx.db, req.user as CurrentUser, studentId, form.data, req.ip);
    return done(ctx, res, studentId, "Removed from this student's team.");
  });

  return router;
}

/** After a change: htmx swaps the team section in place; without JavaScript, back to the page. */
async function done(ctx: AppContext, res: Response, studentId: number, message: string) {
  if (wantsFragment(res.req)) return showTeam(ctx, res, studentId, { teamNotice: message });
  flash(res.req, 'success', message);
  res.redirect(303, `/students/${studentId}#team`);
}

function showTeam(ctx: AppContext, res: Response, studentId: number, state: SectionState, status = 200) {
  return renderStudentPage(ctx, res, studentId, state, { fragment: 'students/_team', status });
}
