/// <reference lib="dom" />
// The session form does what people expect: Enter saves (never counts a try), with and without
// JavaScript; an absent student's inputs are disabled; the form passes an axe scan.
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDay } from '../../src/calendar/dates.js';
import { makeSessionLog } from '../../src/db/factories.js';
import { expectAccessible, signIn, useServerAndBrowser, watchConsole } from './browser.js';

const env = useServerAndBrowser();
const contexts: BrowserContext[] = [];

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

async function therapistPage(options: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await env.browser.newContext({ viewport: { width: 820, height: 1180 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, env.server.base, 'maya.okafor@tandem.example');
  return { page, problems };
}

/** Maya's students with a goal measured in tries: the form has counter buttons for them. */
async function studentsWithTries(count: number): Promise<number[]> {
  const maya = await env.server.db.user.findUniqueOrThrow({ where: { email: 'maya.okafor@tandem.example' } });
  const students = await env.server.db.student.findMany({
    where: { therapists: { some: { userId: maya.id } }, goals: { some: { measurement: 'trials', status: 'active' } } },
    orderBy: { id: 'desc' },
    take: count,
    select: { id: true },
  });
  expect(students).toHaveLength(count);
  return students.map((s) => s.id);
}

/** Fills the form for one student (after the demo's sessions of the day), then presses Enter in Minutes. */
async function enterInMinutes(page: Page, studentId: number, startTime: string) {
  await page.goto(`${env.server.base}/sessions/new?student=${studentId}`);
  await page.getByLabel('Start time').fill(startTime);
  await page.getByLabel('Response or progress, in a sentence').fill('Formed letters on the line with one reminder.');
  await page.getByLabel('Minutes').fill('25');
  await page.getByLabel('Minutes').press('Enter');
  await page.waitForURL(/\/sessions\/\d+$/);
  return Number(page.url().split('/').pop());
}

async function expectSavedWithoutTries(sessionId: number, studentId: number) {
  const saved = await env.server.db.sessionLog.findUniqueOrThrow({
    where: { id: sessionId },
    include: { students: { include: { dataPoints: true } } },
  });
  expect(saved.minutes).toBe(25);
  expect(saved.startTime).not.toBe('');
  expect(saved.students.map((s) => s.studentId)).toEqual([studentId]);
  expect(saved.students[0]!.dataPoints).toEqual([]);
}

describe('the session form in a browser', () => {
  it('Enter in the Minutes field saves the session, and counts no try, with JavaScript', async () => {
    const [studentId] = await studentsWithTries(2);
    const { page, problems } = await therapistPage();
    const sessionId = await enterInMinutes(page, studentId!, '18:00');
    await expectSavedWithoutTries(sessionId, studentId!);
    expect(await page.locator('main').textContent()).toContain('Session logged.');
    expect(problems).toEqual([]);
  });

  it('Enter in the Minutes field saves the session, and counts no try, without JavaScript', async () => {
    const [, studentId] = await studentsWithTries(2);
    const { page, problems } = await therapistPage({ javaScriptEnabled: false });
    const sessionId = await enterInMinutes(page, studentId!, '18:30');
    await expectSavedWithoutTries(sessionId, studentId!);
    // The counters still count without JavaScript: a tap shows the form again with it counted.
    await page.goto(`${env.server.base}/sessions/new?student=${studentId}`);
    await page.locator('button.tap-correct').first().click();
    await page.waitForLoadState();
    await expect.poll(() => page.locator('.tally-status').first().textContent()).toContain('1 correct, 0 incorrect, 0 cued');
    expect(problems).toEqual([]);
  });

  it("the hidden Save that takes Enter is out of the keyboard's and screen reader's way", async () => {
    const [studentId] = await studentsWithTries(1);
    const { page } = await therapistPage();
    await page.goto(`${env.server.base}/sessions/new?student=${studentId}`);
    const first = page.locator('form.session-form button[type="submit"]').first();
    expect(await first.getAttribute('tabindex')).toBe('-1');
    expect(await first.getAttribute('aria-hidden')).toBe('true');
    await expect.poll(() => page.getByRole('button', { name: 'Save session' }).count()).toBe(1);
  });

  it("disables an absent student's data inputs while they are marked absent", async () => {
    const [a, b] = await studentsWithTries(2);
    const { page, problems } = await therapistPage();
    await page.goto(`${env.server.base}/sessions/new?student=${a}&student=${b}`);
    const second = page.locator('fieldset.session-student').nth(1);
    const data = second.locator('[data-student-data]');
    await second.getByLabel('Attendance').selectOption('student_absent');
    expect(await data.locator('input:enabled, button:enabled, select:enabled').count()).toBe(0);
    expect(await second.getByLabel('Note (internal: never shown to teachers or families)').isEnabled()).toBe(true);
    await second.getByLabel('Attendance').selectOption('attended');
    expect(await data.locator('input:disabled, button:disabled, select:disabled').count()).toBe(0);
    // Saved with the second student absent: only the first needs a response.
    await page.getByLabel('Start time').fill('19:00');
    await page.locator('fieldset.session-student').nth(0).getByLabel('Response or progress, in a sentence').fill('Stayed with the group.');
    await second.getByLabel('Attendance').selectOption('student_absent');
    await page.getByRole('button', { name: 'Save session' }).click();
    await page.waitForURL(/\/sessions\/\d+$/);
    expect(await page.locator('main').textContent()).toContain('Student absent');
    expect(problems).toEqual([]);
  });

  it('passes an axe WCAG 2.1 AA scan: one student, a group, and an overlap refused', async () => {
    const [a, b] = await studentsWithTries(2);
    const { page, problems } = await therapistPage();
    await page.goto(`${env.server.base}/sessions/new?student=${a}`);
    await expectAccessible(page);
    await page.goto(`${env.server.base}/sessions/new?student=${a}&student=${b}`);
    await expectAccessible(page);
    // A session already logged at 20:00: one at 20:10 is refused, with a link to it.
    await page.goto(`${env.server.base}/sessions/new?student=${a}`);
    const maya = await env.server.db.user.findUniqueOrThrow({ where: { email: 'maya.okafor@tandem.example' } });
    const date = parseDay(await page.getByLabel('Date').inputValue())!;
    const sessionId = (
      await makeSessionLog(env.server.db, { providerId: maya.id, date, startTime: '20:00', students: [{ studentId: a! }] })
    ).id;
    await page.getByLabel('Start time').fill('20:10');
    await page.getByLabel('Response or progress, in a sentence').fill('Again.');
    await page.getByRole('button', { name: 'Save session' }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.locator('.error-summary').textContent()).toContain('already has a session then');
    expect(await page.locator(`#session-overlaps a[href="/sessions/${sessionId}"]`).count()).toBe(1);
    await expectAccessible(page);
    await page.goto(`${env.server.base}/sessions/${sessionId}`);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
