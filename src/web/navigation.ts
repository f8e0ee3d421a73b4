// The main menu for each role.
import type { CurrentUser } from './auth.js';

export type NavItem = { href: string; label: string; current: boolean };

export function navigationFor(user: CurrentUser | undefined, path: string): NavItem[] {
  if (!user) return [];
  const items: { href: string; label: string }[] = [];
  if (user.role === 'teacher') items.push({ href: '/students', label: 'My students' }, { href: '/concerns', label: 'Concerns' });
  if (user.role === 'therapist') {
    items.push(
      { href: '/students', label: 'Caseload' },
      { href: '/sessions/new', label: 'Log a session' },
      { href: '/time', label: 'My time' },
      { href: '/notes/batches/new', label: 'Progress notes' },
      { href: '/goal-bank', label: 'Goal bank' },
      { href: '/strategies', label: 'Strategies' },
      { href: '/concerns', label: 'Concerns' },
    );
  }
  if (user.role === 'admin') {
    items.push(
      { href: '/students', label: 'Students' },
      { href: '/admin/users', label: 'Users' },
      { href: '/admin/schools', label: 'Schools' },
      { href: '/admin/progress-codes', label: 'Progress codes' },
      { href: '/admin/audit', label: 'Audit trail' },
    );
  }
  return items.map((item) => ({ ...item, current: path === item.href || path.startsWith(`${item.href}/`) }));
}
