// Admins change who serves a student from the student's page.
import { Router } from 'express';
import type { Request } from 'express';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { localPath } from '../../web/local-path.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { renderSection, sectionChanged } from '../students/students.page.js';
import {
  BULK_MAX,
  addTeamMember,
  addToTeams,
  bulkTeamForm,
  bulkTeamMessage,
  removeMemberForm,
  removeTeamMember,
  teamMemberForm,
} from './team.service.js';

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

  // From the student list: back to the same page of it, with its search and school filter.
  router.post('/admin/team/bulk', allow('student.team'), async (req, res) => {
    const back = studentListPath(req.body?.back);
    const form = parseForm(bulkTeamForm, req.body);
    const done = form.ok ? await attempt(() => addToTeams(ctx.db, callerOf(req), form.data)) : form;
    if (done.ok) flash(req, 'success', bulkTeamMessage(done.value));
    else {
      flash(req, 'error', `Nobody was added: ${Object.values(done.errors).join('; ')}.`);
      keepBulkTeamForm(req, req.body, done.errors);
    }
    res.redirect(303, back);
  });

  return router;
}

/** The student list's address the form came from (a hidden field); the plain list for anything else. */
function studentListPath(value: unknown): string {
  const path = localPath(value, '/students');
  return path === '/students' || path.startsWith('/students?') ? path : '/students';
}

// After a refused bulk add, the list the person is sent back to shows the same students ticked and
// the same person chosen, with the message next to the field: kept in the session for that one
// page, like a flash message.

/** What the list needs to show the form again: ids only, never more than a list page can tick. */
export type KeptBulkTeamForm = { studentIds: number[]; userId: number | null; errors: Record<string, string> };

declare module 'express-session' {
  interface SessionData {
    bulkTeam?: KeptBulkTeamForm;
  }
}

const idsIn = (value: unknown): number[] =>
  (Array.isArray(value) ? value : [value])
    .filter((v): v is string => typeof v === 'string' && /^\d{1,10}$/.test(v))
    .map(Number)
    .slice(0, BULK_MAX);

function keepBulkTeamForm(req: Request, body: unknown, errors: Record<string, string>): void {
  if (!req.session) return;
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  req.session.bulkTeam = { studentIds: idsIn(fields.studentIds), userId: idsIn(fields.userId)[0] ?? null, errors };
}

/** The form kept for the student list's next whole page, taken once (an htmx swap leaves it). */
export function takeBulkTeamForm(req: Request): KeptBulkTeamForm | null {
  const kept = req.session?.bulkTeam ?? null;
  if (kept) delete req.session.bulkTeam;
  return kept;
}
