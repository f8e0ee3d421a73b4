// The student page's view model, built in one place. Routes that change one section (the team,
// the mandates) render it again with their section's state; htmx gets just that section.
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { goalAreas } from '../goals/goal-areas.js';
import { notesForStudent } from '../notes/notes.service.js';
import { searchLibrary, studentStrategies } from '../strategies/strategies.service.js';
import { missedMinutesByCause, sessionsForStudent } from '../sessions/sessions.service.js';
import { teamChoices } from '../admin/team.service.js';
import { deliveries, groupings, periods } from '../mandates/mandates.schema.js';
import { exitReasons } from './students.schema.js';
import { getStudent } from './students.service.js';

export type SectionState = {
  teamValues?: Record<string, unknown>;
  teamErrors?: Record<string, string>;
  teamNotice?: string | null;
  mandateValues?: Record<string, unknown>;
  mandateErrors?: Record<string, string>;
  mandateNotice?: string | null;
};

export async function renderStudentPage(
  ctx: AppContext,
  res: Response,
  studentId: number,
  state: SectionState = {},
  options: { fragment?: string; status?: number } = {},
): Promise<void> {
  const user = res.req.user as CurrentUser;
  const student = await getStudent(ctx.db, user, studentId, res.req.ip);
  const team = user.role === 'admin' ? await teamChoices(ctx.db) : null;
  // Session records are the therapists' (and admins'): teachers never see them.
  const page = pageFrom(res.req, 10);
  const [sessions, missed, notes, strategies, library] = await Promise.all([
    user.role === 'teacher' ? { rows: [], total: 0 } : sessionsForStudent(ctx.db, studentId, page),
    user.role === 'teacher' ? [] : missedMinutesByCause(ctx.db, studentId),
    notesForStudent(ctx.db, user, studentId),
    studentStrategies(ctx.db, user, studentId),
    user.role === 'therapist' ? searchLibrary(ctx.db, user, { q: '' }) : [],
  ]);
  render(
    res,
    'students/show',
    {
      title: `${student.firstName} ${student.lastName}`,
      student,
      team,
      canEdit: user.role !== 'teacher',
      canLog: user.role === 'therapist' && student.status !== 'exited',
      sessions: sessions.rows,
      sessionsPager: { ...pager(res.req, page.page, sessions.total, 10) },
      missed,
      notes,
      canWriteNotes: user.role === 'therapist',
      strategies,
      library,
      areas: goalAreas,
      exitReasons,
      periods,
      deliveries,
      groupings,
      teamValues: {},
      teamErrors: {},
      teamNotice: null,
      mandateValues: {},
      mandateErrors: {},
      mandateNotice: null,
      ...state,
    },
    options,
  );
}
