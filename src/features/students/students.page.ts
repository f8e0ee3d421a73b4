// The student page's view model, built in one place. Routes that change one section (the team,
// the mandates) render it again with their section's state; htmx gets just that section.
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import { can } from '../../access/policy.js';
import { flash } from '../../web/flash.js';
import { callerOf } from '../../web/guard.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render, wantsFragment } from '../../web/render.js';
import { goalAreas } from '../goals/goal-areas.js';
import { notesForStudent } from '../notes/notes.service.js';
import { searchLibrary, studentStrategies } from '../strategies/strategies.service.js';
import { sessionsForStudent } from '../sessions/sessions.service.js';
import { teamChoices } from '../admin/team.service.js';
import { deliveries, groupings, periods } from '../mandates/mandates.schema.js';
import { mandateRows } from '../mandates/mandates.service.js';
import { minutesFor, minutesView } from '../minutes/minutes.service.js';
import { today } from '../../calendar/dates.js';
import { exitReasons } from './students.schema.js';
import { deletionReasons } from './delete.schema.js';
import { getStudent } from './students.service.js';
import { districtSettings } from '../admin/settings.service.js';
import { sortedBy } from '../../enum-order.js';
import { studentSummary } from './student-summary.js';

type SectionState = {
  teamValues?: Record<string, unknown>;
  teamErrors?: Record<string, string>;
  teamNotice?: string | null;
  mandateValues?: Record<string, unknown>;
  mandateErrors?: Record<string, string>;
  mandateNotice?: string | null;
  /** The mandate whose amendment form is shown again with its messages. */
  amendFor?: number | null;
  amendValues?: Record<string, unknown>;
  amendErrors?: Record<string, string>;
  /** The exit form shown again, open, with what was typed and its messages. */
  exitValues?: Record<string, unknown>;
  exitErrors?: Record<string, string>;
};

/** The sections a route changes in place: the fragment htmx swaps, and where its notice goes. */
const sections = {
  team: { fragment: 'students/_team', notice: 'teamNotice' },
  mandates: { fragment: 'students/_mandates', notice: 'mandateNotice' },
} as const satisfies Record<string, { fragment: string; notice: keyof SectionState }>;

type Section = keyof typeof sections;

/** One section with its form's state: htmx gets just the section; without JavaScript, the whole page. */
export function renderSection(ctx: AppContext, res: Response, studentId: number, section: Section, state: SectionState, status = 200) {
  return renderStudentPage(ctx, res, studentId, state, { fragment: sections[section].fragment, status });
}

/** After a change: htmx swaps the section in place with the message; without JavaScript, flash it and go back to the page. */
export async function sectionChanged(ctx: AppContext, res: Response, studentId: number, section: Section, message: string) {
  if (wantsFragment(res.req)) return renderSection(ctx, res, studentId, section, { [sections[section].notice]: message });
  flash(res.req, 'success', message);
  res.redirect(303, `/students/${studentId}#${section}`);
}

export async function renderStudentPage(
  ctx: AppContext,
  res: Response,
  studentId: number,
  state: SectionState = {},
  options: { fragment?: string; status?: number } = {},
): Promise<void> {
  const caller = callerOf(res.req);
  const { user } = caller;
  // The district's settings are read once, for the minutes and the summary both.
  const [student, settings] = await Promise.all([getStudent(ctx.db, caller, studentId), districtSettings(ctx.db)]);
  const team = can(user, 'student.team') ? await teamChoices(ctx.db) : null;
  // Session records (with their internal notes) are for those the policy lets read them.
  const page = pageFrom(res.req, 10);
  const day = today(ctx.config.timeZone);
  // The page lists mandates newest first; minutes count them oldest first.
  const oldestFirst = sortedBy(
    student.mandates,
    (m) => m.startDate.getTime(),
    (m) => m.id,
  );
  const [sessions, notes, strategies, library, minutes] = await Promise.all([
    can(user, 'session.view') ? sessionsForStudent(ctx.db, studentId, page) : { rows: [], total: 0 },
    notesForStudent(ctx.db, user, studentId),
    studentStrategies(ctx.db, user, studentId),
    can(user, 'strategy.assign') ? searchLibrary(ctx.db, user, { q: '' }) : [],
    // Delivered against due, for those who may see minutes (not teachers), from the student and
    // settings read above rather than read again.
    can(user, 'minutes.view')
      ? minutesFor(ctx.db, [studentId], day, { settings, students: [{ ...student, mandates: oldestFirst }] })
      : null,
  ]);
  const studentMinutes = minutes?.get(studentId) ?? null;
  // The summary's dates, minutes and flags, and each goal's status and trend (not for a fragment).
  const summary =
    options.fragment && wantsFragment(res.req) ? null : await studentSummary(ctx.db, user, student, day, studentMinutes, settings);
  const open = student.status !== 'exited';
  const mayEvaluate =
    can(user, 'evaluation.view') &&
    (student.status === 'referred' || student.status === 'evaluating' || Boolean(student.evaluations?.length));
  // The page's sections in the order they come, for the in-page menu: only those this user sees.
  const sectionLinks = [
    can(user, 'goal.view') && { href: '#goals', label: 'Goals' },
    can(user, 'session.view') && { href: '#sessions', label: 'Sessions' },
    { href: '#notes', label: 'Notes' },
    { href: '#strategies', label: 'Strategies' },
    { href: '#team', label: 'Team' },
    mayEvaluate && { href: '#evaluation', label: 'Evaluation' },
    { href: '#minutes', label: 'Minutes' },
  ].filter((x): x is { href: string; label: string } => Boolean(x));
  render(
    res,
    'students/show',
    {
      title: `${student.firstName} ${student.lastName}`,
      student,
      team,
      open,
      summary,
      sectionLinks,
      mayEvaluate,
      rareActions: can(user, 'student.exit') || can(user, 'student.record') || can(user, 'student.delete'),
      sessions: sessions.rows,
      sessionsPager: { ...pager(res.req, page.page, sessions.total, 10) },
      notes,
      // Teachers read only what the OT shared with them; the heading says so.
      notesHeading: can(user, 'note.prepare') || can(user, 'session.view') ? 'Progress notes' : 'Progress notes from OT',
      strategies,
      library,
      areas: goalAreas,
      exitReasons,
      deletionReasons,
      periods,
      deliveries,
      groupings,
      teamValues: {},
      teamErrors: {},
      teamNotice: null,
      mandateValues: {},
      mandateErrors: {},
      mandateNotice: null,
      mandateRows: mandateRows(student.mandates, day),
      minutes: studentMinutes ? minutesView(studentMinutes) : null,
      amendFor: null,
      amendValues: {},
      amendErrors: {},
      exitValues: {},
      exitErrors: {},
      ...state,
    },
    options,
  );
}
