// The main menu's grouping: the row each kind of user reaches for every day, the rest under "More".
import { describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../src/access/current-user.js';
import { navigationFor } from '../../src/web/navigation.js';

const person = (role: CurrentUser['role'], assistant = false): CurrentUser => ({
  id: 1,
  email: 'someone@example.org',
  name: 'Some One',
  role,
  assistant,
  mustChangePassword: false,
});
const labels = (items: { label: string }[]) => items.map((i) => i.label);

describe('the menu', () => {
  it("puts an OT's daily pages in the row and the rest under More", () => {
    const nav = navigationFor(person('therapist'), '/schedule');
    expect(labels(nav.primary)).toEqual(['Home', 'Caseload', 'Log a session', 'Schedule', 'Progress notes', 'To sign']);
    expect(labels(nav.more)).toEqual(['To co-sign', 'My time', 'Service log', 'Goal bank', 'Strategies', 'Concerns']);
    expect(nav.primary.filter((i) => i.current).map((i) => i.href)).toEqual(['/schedule']);
    expect(nav.moreCurrent).toBe(false);
  });

  it('gives an OT assistant no co-signing and no goal bank', () => {
    const nav = navigationFor(person('therapist', true), '/');
    expect(labels(nav.primary)).toEqual(['Home', 'Caseload', 'Log a session', 'Schedule', 'Progress notes', 'To sign']);
    expect(labels(nav.more)).toEqual(['My time', 'Strategies']);
  });

  it('gives an admin one start (Students, no Home that only leads there) and the district pages under More', () => {
    const nav = navigationFor(person('admin'), '/admin/audit');
    expect(labels(nav.primary)).toEqual(['Students', 'Users', 'Schools', 'Import roster', 'Minutes report']);
    expect(nav.primary.concat(nav.more).some((i) => i.href === '/')).toBe(false);
    expect(labels(nav.more)).toEqual(['Service log', 'Progress codes', 'Reporting periods', 'School calendar', 'Audit trail', 'Settings']);
    expect(nav.moreCurrent).toBe(true);
    expect(nav.more.find((i) => i.current)?.href).toBe('/admin/audit');
  });

  it('gives a teacher a short row and nothing under More', () => {
    const nav = navigationFor(person('teacher'), '/');
    expect(labels(nav.primary)).toEqual(['Home', 'My students', 'Concerns']);
    expect(nav.more).toEqual([]);
    expect(nav.primary[0]).toMatchObject({ href: '/', current: true });
  });

  it('adds up what waits under More, so a count is never out of sight', () => {
    const nav = navigationFor(person('therapist'), '/', { '/sessions/to-sign': 2, '/sessions/to-cosign': 3 });
    expect(nav.primary.find((i) => i.href === '/sessions/to-sign')?.count).toBe(2);
    expect(nav.more.find((i) => i.href === '/sessions/to-cosign')?.count).toBe(3);
    expect(nav.moreCount).toBe(3);
  });

  it('marks Home current on the start page only, and a page below an item as that item', () => {
    const nav = navigationFor(person('therapist'), '/students/12');
    expect(nav.primary.find((i) => i.href === '/')?.current).toBe(false);
    expect(nav.primary.find((i) => i.href === '/students')?.current).toBe(true);
  });

  it('is empty for no one signed in', () => {
    expect(navigationFor(undefined, '/')).toEqual({ primary: [], more: [], moreCount: 0, moreCurrent: false });
  });
});
