// Admins change who serves a student from the student's page.
import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { renderSection, sectionChanged } from '../students/students.page.js';
import { addTeamMember, removeMemberForm, removeTeamMember, teamMemberForm } from './team.service.js';

export function teamRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  router.post('/students/:id/team', allow('student.team'), async (req, res) => {
    const studentId = idParam(req.params.id);
    const form = parseForm(teamMemberForm, req.body);
    if (!form.ok) return renderSection(ctx, res, studentId, 'team', { teamValues: form.values, teamErrors: form.errors }, 422);
    const added = await attempt(() => addTeamMember(ctx.db, callerOf(req), studentId, form.data));
    if (!added.ok) return renderSection(ctx, res, studentId, 'team', { teamValues: form.values, teamErrors: added.errors }, 422);
    return sectionChanged(ctx, res, studentId, 'team', `${added.value} is now on this student's team.`);
  });

  router.post('/students/:id/team/remove', allow('student.team'), async (req, res) => {
    const studentId = idParam(req.params.id);
    const form = parseForm(removeMemberForm, req.body);
    if (!form.ok) return renderSection(ctx, res, studentId, 'team', { teamErrors: { remove: 'Choose who to remove' } }, 422);
    await removeTeamMember(ctx.db, callerOf(req), studentId, form.data);
    return sectionChanged(ctx, res, studentId, 'team', "Removed from this student's team.");
  });

  return router;
}
