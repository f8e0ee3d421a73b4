// A page past the last of a list (the list shrank since the link was made, or the address was
// edited) says so with a link to the last page, on every paged list: never "Showing 101–27 of 27",
// and never a pager that counts "Page 9 of 2".
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoAccounts, loadDemoData } from '../../src/db/demo-data.js';
import { signedIn, testApp } from '../helpers/app.js';

const t = await testApp({ demo: true });
let admin: Awaited<ReturnType<typeof signedIn>>;
let ot: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  await loadDemoData(t.db, t.config.timeZone);
  [admin, ot] = await Promise.all([
    signedIn(t.app, demoAccounts.admin.email, DEMO_PASSWORD),
    signedIn(t.app, demoAccounts.therapists[0].email, DEMO_PASSWORD),
  ]);
}, 120_000);

function expectPastEnd(html: string, what: string, lastHref: string) {
  expect(html).toContain(`No ${what} on this page. <a href="${lastHref.replaceAll('&', '&amp;')}">Go to the last page</a>.`);
  expect(html).not.toMatch(/Showing \d+–\d+ of/);
  expect(html).not.toContain('class="pager"');
}

describe('past the last page of a list', () => {
  it('the admin’s students, whole page and the part htmx swaps, keeping the search', async () => {
    const total = await t.db.student.count();
    const last = Math.ceil(total / 25);
    expect(last).toBeGreaterThan(1);
    const page = await admin.agent.get('/students?page=400');
    expect(page.status).toBe(200);
    expectPastEnd(page.text, 'students', `/students?page=${last}`);
    const part = await admin.agent.get('/students?q=a&page=400').set('HX-Request', 'true');
    const matching = Number(/No students on this page\. <a href="\/students\?q=a&amp;page=(\d+)"/.exec(part.text)?.[1]);
    expect(matching).toBeGreaterThanOrEqual(1);
    expect(part.text).not.toContain('<html');
    // The link leads to a page with students on it.
    const there = await admin.agent.get(`/students?q=a${matching > 1 ? `&page=${matching}` : ''}`);
    expect(there.text).toMatch(/Showing \d+–\d+ of \d+ students matching/);
  });

  it('the users and the audit log', async () => {
    const users = await t.db.user.count();
    expectPastEnd(
      (await admin.agent.get('/admin/users?page=90')).text,
      'users',
      users > 25 ? `/admin/users?page=${Math.ceil(users / 25)}` : '/admin/users',
    );
    const audit = await admin.agent.get('/admin/audit?page=99999');
    expect(audit.status).toBe(200);
    expect(audit.text).toMatch(/No entries on this page\. <a href="\/admin\/audit(\?page=\d+)?">Go to the last page<\/a>\./);
  });

  it('a student’s sessions, a goal’s data and the progress notes tracker', async () => {
    const otId = (await t.db.user.findUniqueOrThrow({ where: { email: demoAccounts.therapists[0].email } })).id;
    const goal = await t.db.goal.findFirstOrThrow({
      where: { student: { therapists: { some: { userId: otId } } }, dataPoints: { some: {} } },
      select: { id: true, studentId: true, _count: { select: { dataPoints: true } } },
    });
    const sessions = await t.db.sessionStudent.count({ where: { studentId: goal.studentId } });
    const student = await ot.agent.get(`/students/${goal.studentId}?page=500`);
    expect(student.status).toBe(200);
    expect(student.text).toContain(
      `No sessions on this page. <a href="/students/${goal.studentId}${sessions > 10 ? `?page=${Math.ceil(sessions / 10)}` : ''}">Go to the last page</a>.`,
    );
    const points = goal._count.dataPoints;
    expectPastEnd(
      (await ot.agent.get(`/goals/${goal.id}?page=500`)).text,
      'data points',
      `/goals/${goal.id}${points > 20 ? `?page=${Math.ceil(points / 20)}` : ''}`,
    );
    const tracker = await ot.agent.get('/notes?page=500');
    expect(tracker.status).toBe(200);
    expect(tracker.text).toMatch(/No students on this page\. <a href="\/notes(\?page=\d+)?">Go to the last page<\/a>\./);
    expect(tracker.text).not.toContain('No students receiving services on your caseload.');
  });
});
