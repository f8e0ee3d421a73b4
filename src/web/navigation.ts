// The main menu: each item shows only to those the policy lets take its action.
import type { CurrentUser } from '../access/current-user.js';
import { can } from '../access/policy.js';
import type { Action } from '../access/policy.js';

/** `count`: how many things wait there for the user (sessions to sign), shown beside the label. */
export type NavItem = { href: string; label: string; current: boolean; count?: number };

const menu: { href: string; label: string | ((user: CurrentUser) => string); action: Action }[] = [
  { href: '/', label: 'Home', action: 'home.view' },
  {
    href: '/students',
    label: (u) => (u.role === 'teacher' ? 'My students' : u.role === 'admin' ? 'Students' : 'Caseload'),
    action: 'student.list',
  },
  { href: '/sessions/new', label: 'Log a session', action: 'session.log' },
  { href: '/schedule', label: 'Schedule', action: 'schedule.view' },
  { href: '/sessions/to-sign', label: 'To sign', action: 'session.sign' },
  { href: '/sessions/to-cosign', label: 'To co-sign', action: 'session.cosign' },
  { href: '/time', label: 'My time', action: 'time.log' },
  { href: '/sessions/export', label: 'Service log', action: 'session.export' },
  { href: '/notes', label: 'Progress notes', action: 'note.prepare' },
  { href: '/goal-bank', label: 'Goal bank', action: 'goalbank.use' },
  { href: '/strategies', label: 'Strategies', action: 'strategy.library' },
  { href: '/concerns', label: 'Concerns', action: 'concern.view' },
  { href: '/admin/users', label: 'Users', action: 'admin.users' },
  { href: '/admin/schools', label: 'Schools', action: 'admin.schools' },
  { href: '/admin/roster', label: 'Import roster', action: 'admin.roster' },
  { href: '/admin/reports/minutes', label: 'Minutes report', action: 'admin.reports' },
  { href: '/admin/progress-codes', label: 'Progress codes', action: 'admin.codes' },
  { href: '/admin/reporting-periods', label: 'Reporting periods', action: 'admin.periods' },
  { href: '/admin/calendar', label: 'School calendar', action: 'admin.calendar' },
  { href: '/admin/audit', label: 'Audit trail', action: 'admin.audit' },
  { href: '/admin/settings', label: 'Settings', action: 'admin.settings' },
];

export function navigationFor(user: CurrentUser | undefined, path: string, counts: Partial<Record<string, number>> = {}): NavItem[] {
  if (!user) return [];
  return menu
    .filter((item) => can(user, item.action))
    .map((item) => ({
      href: item.href,
      label: typeof item.label === 'string' ? item.label : item.label(user),
      // Home is current on the start page only, not on every page below it.
      current: item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`),
      count: counts[item.href],
    }));
}
