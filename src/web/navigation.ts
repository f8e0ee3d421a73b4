// The main menu: each item shows only to those the policy lets take its action. On a tablet the
// menu is one row: the items a kind of user reaches for every day, then "More" for the rest.
import type { CurrentUser } from '../access/current-user.js';
import { actorOf, can } from '../access/policy.js';
import type { Action, Actor } from '../access/policy.js';

/** `count`: how many things wait there for the user (sessions to sign), shown beside the label. */
export type NavItem = { href: string; label: string; current: boolean; count?: number };

/**
 * The menu for one user on one page. `primary`: the row; `more`: the "More" menu. `moreCount`: what
 * waits behind "More", added up, so a count is never hidden; `moreCurrent`: the page is in "More".
 */
export type Navigation = { primary: NavItem[]; more: NavItem[]; moreCount: number; moreCurrent: boolean };

type MenuEntry = {
  href: string;
  label: string | ((user: CurrentUser) => string);
  action: Action;
  /** Those who see it in the row; everyone else allowed sees it under "More". */
  row: readonly Actor[];
  /** Those who never see it: for an admin, "/" only redirects to the student list. */
  not?: readonly Actor[];
};

const therapists = ['ot', 'ota'] as const;

const menu: MenuEntry[] = [
  { href: '/', label: 'Home', action: 'home.view', row: ['ot', 'ota', 'teacher'], not: ['admin'] },
  {
    href: '/students',
    label: (u) => (u.role === 'teacher' ? 'My students' : u.role === 'admin' ? 'Students' : 'Caseload'),
    action: 'student.list',
    row: ['admin', 'ot', 'ota', 'teacher'],
  },
  { href: '/sessions/new', label: 'Log a session', action: 'session.log', row: therapists },
  { href: '/schedule', label: 'Schedule', action: 'schedule.view', row: therapists },
  { href: '/notes', label: 'Progress notes', action: 'note.prepare', row: therapists },
  { href: '/sessions/to-sign', label: 'To sign', action: 'session.sign', row: therapists },
  { href: '/sessions/to-cosign', label: 'To co-sign', action: 'session.cosign', row: [] },
  { href: '/time', label: 'My time', action: 'time.log', row: [] },
  { href: '/sessions/export', label: 'Service log', action: 'session.export', row: [] },
  { href: '/goal-bank', label: 'Goal bank', action: 'goalbank.use', row: [] },
  { href: '/strategies', label: 'Strategies', action: 'strategy.library', row: [] },
  { href: '/concerns', label: 'Concerns', action: 'concern.view', row: ['teacher'] },
  { href: '/admin/users', label: 'Users', action: 'admin.users', row: ['admin'] },
  { href: '/admin/schools', label: 'Schools', action: 'admin.schools', row: ['admin'] },
  { href: '/admin/roster', label: 'Import roster', action: 'admin.roster', row: ['admin'] },
  { href: '/admin/reports/minutes', label: 'Minutes report', action: 'admin.reports', row: ['admin'] },
  { href: '/admin/progress-codes', label: 'Progress codes', action: 'admin.codes', row: [] },
  { href: '/admin/reporting-periods', label: 'Reporting periods', action: 'admin.periods', row: [] },
  { href: '/admin/calendar', label: 'School calendar', action: 'admin.calendar', row: [] },
  { href: '/admin/audit', label: 'Audit trail', action: 'admin.audit', row: [] },
  { href: '/admin/settings', label: 'Settings', action: 'admin.settings', row: [] },
];

const empty: Navigation = { primary: [], more: [], moreCount: 0, moreCurrent: false };

export function navigationFor(user: CurrentUser | undefined, path: string, counts: Partial<Record<string, number>> = {}): Navigation {
  if (!user) return empty;
  const actor = actorOf(user);
  const primary: NavItem[] = [];
  const more: NavItem[] = [];
  for (const entry of menu) {
    if (!can(user, entry.action) || entry.not?.includes(actor)) continue;
    const item: NavItem = {
      href: entry.href,
      label: typeof entry.label === 'string' ? entry.label : entry.label(user),
      // Home is current on the start page only, not on every page below it.
      current: entry.href === '/' ? path === '/' : path === entry.href || path.startsWith(`${entry.href}/`),
      count: counts[entry.href],
    };
    (entry.row.includes(actor) ? primary : more).push(item);
  }
  return {
    primary,
    more,
    moreCount: more.reduce((sum, item) => sum + (item.count ?? 0), 0),
    moreCurrent: more.some((item) => item.current),
  };
}
