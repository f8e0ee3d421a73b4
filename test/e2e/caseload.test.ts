/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, watchConsole, useServerAndBrowser } from './browser.js';

const env = useServerAndBrowser();

async function therapistPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await env.browser.newContext({ viewport: { width: 820, height: 1180 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, env.server.base, 'maya.okafor@tandem.example');
  return { page, problems };
}

/** Two of Maya's students who each have a goal measured in tries. */
async function twoStudentsWithTries(): Promise<number[]> {
  const maya = await env.server.db.user.findUniqueOrThrow({ where: { email: 'maya.okafor@tandem.example' } });
  const students = await env.server.db.student.findMany({
    where: { therapists: { some: { userId: maya.id } }, goals: { some: { measurement: 'trials', status: 'active' } } },
    take: 2,
    select: { id: true },
  });
  expect(students).toHaveLength(2);
  return students.map((s) => s.id);
}

describe('logging sessions in a browser', () => {
  it('the counter counts taps in place, keeps focus on the button, and the saved session has the data', async () => {
    const [studentId] = await twoStudentsWithTries();
    const { page, problems } = await therapistPage();
    await page.goto(`${env.server.base}/sessions/new?student=${studentId}`);
    // After the demo's sessions of the day (they end by 14:30): a student's sessions must not overlap.
    await page.getByLabel('Start time').fill('16:30');
    await page.getByLabel('Response or progress, in a sentence').fill('Formed most letters with one reminder.');
    const tally = page.locator('.tally').first();
    const correct = tally.locator('button.tap-correct');
    await page.evaluate(() => ((window as unknown as { same: boolean }).same = true));
    for (let i = 0; i < 3; i++) await correct.click();
    await tally.locator('button.tap-incorrect').click();
    await expect
      .poll(() => page.locator('.tally').first().locator('.tally-status').textContent())
      .toContain('3 correct, 1 incorrect, 0 cued: 75% correct');
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('tap-incorrect');
    expect(await page.evaluate(() => (window as unknown as { same?: boolean }).same)).toBe(true);
    await page.getByRole('button', { name: 'Save session' }).click();
    await page.waitForURL(/\/sessions\/\d+$/);
    await expect.poll(() => page.locator('main').textContent()).toContain('(3 correct, 1 incorrect, 0 cued)');
    expect(problems).toEqual([]);
  });

  it('a group session: two students chosen once, each with their own attendance and data', async () => {
    const [a, b] = await twoStudentsWithTries();
    const { page, problems } = await therapistPage();
    await page.goto(`${env.server.base}/sessions/new`);
    await page.locator(`input[name="student"][value="${a}"]`).check();
    await page.locator(`input[name="student"][value="${b}"]`).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Log a group session (2 students)');
    await page.getByLabel('Start time').fill('17:30');
    await page.getByLabel('Minutes', { exact: true }).fill('40');
    const blocks = page.locator('fieldset.session-student');
    await blocks.nth(0).locator('button.tap-correct').first().click();
    await expect.poll(() => blocks.nth(0).locator('.tally-status').first().textContent()).toContain('1 correct');
    await blocks.nth(0).getByLabel('Response or progress, in a sentence').fill('Cut along the line with two reminders.');
    await blocks.nth(1).getByLabel('Attendance').selectOption('student_absent');
    await page.getByRole('button', { name: 'Save session' }).click();
    await page.waitForURL(/\/sessions\/\d+$/);
    const text = await page.locator('main').textContent();
    expect(text).toContain('Attended');
    expect(text).toContain('Student absent');
    const sessionId = Number(page.url().split('/').pop());
    const saved = await env.server.db.sessionLog.findUniqueOrThrow({ where: { id: sessionId }, include: { students: true } });
    expect(saved.minutes).toBe(40);
    expect(saved.students.map((s) => s.attendance).sort()).toEqual(['attended', 'student_absent']);
    expect(problems).toEqual([]);
  });

  it('a field checked on blur shows its message without moving focus', async () => {
    const { page, problems } = await therapistPage();
    await page.goto(`${env.server.base}/students/new`);
    await page.getByLabel('Plan start (optional)').fill('2026-09-01');
    await page.getByLabel('Annual review due (optional)').fill('2031-01-01');
    await page.getByLabel('Re-evaluation due (optional)').focus();
    await expect.poll(() => page.locator('#field-annualReviewDue-error').textContent()).toContain('at least once a year');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-reevaluationDue');
    expect(problems).toEqual([]);
  });

  it('every new page passes an axe WCAG 2.1 AA scan', async () => {
    const { page, problems } = await therapistPage();
    const [studentId] = await twoStudentsWithTries();
    const goal = await env.server.db.goal.findFirstOrThrow({ where: { studentId } });
    const session = await env.server.db.sessionLog.findFirstOrThrow({ where: { students: { some: { studentId } } } });
    for (const path of [
      `/students/${studentId}`,
      '/students/new',
      `/students/${studentId}/edit`,
      `/students/${studentId}/goals/new`,
      `/goals/${goal.id}`,
      `/goals/${goal.id}/edit`,
      '/goal-bank',
      '/sessions/new',
      `/sessions/new?student=${studentId}`,
      `/sessions/${session.id}`,
      '/time',
      '/strategies',
      `/students/${studentId}/strategies/sheet`,
    ]) {
      await page.goto(`${env.server.base}${path}`);
      await expectAccessible(page);
    }
    // A therapist's own strategy, and its edit page.
    await page.goto(`${env.server.base}/strategies`);
    await page.getByLabel('Title').fill('Chair push-ups before writing');
    await page
      .getByLabel('Why it helps (one or two sentences)')
      .fill('Pushing up from the chair wakes up the arms and helps the student settle.');
    await page.getByLabel('How to use it in class (one step per line)').fill('Five chair push-ups\nThen start writing');
    await page.getByRole('button', { name: 'Add strategy' }).click();
    await page.getByRole('link', { name: /Edit/ }).first().click();
    await page.waitForURL(/\/strategies\/own\/\d+\/edit$/);
    await expectAccessible(page);
    // An evaluation, started from a referred student, and its family handout.
    const maya = await env.server.db.user.findUniqueOrThrow({ where: { email: 'maya.okafor@tandem.example' } });
    const evaluating = await env.server.db.student.findFirstOrThrow({
      where: { status: 'referred', therapists: { some: { userId: maya.id } } },
    });
    await page.goto(`${env.server.base}/students/${evaluating.id}`);
    await page.getByLabel('Family consent given on').fill('2026-11-02');
    await page.getByRole('button', { name: 'Start the evaluation' }).click();
    await page.waitForURL(/\/evaluations\/\d+$/);
    await expectAccessible(page);
    await page.goto(`${page.url()}/handout`);
    await expectAccessible(page);
    // Forms showing their errors.
    await page.goto(`${env.server.base}/students/new`);
    await page.getByRole('button', { name: 'Add student' }).click();
    await page.waitForSelector('.error-summary');
    await expectAccessible(page);
    await page.goto(`${env.server.base}/sessions/new?student=${studentId}`);
    await page.getByLabel('Minutes').fill('0');
    await page.getByRole('button', { name: 'Save session' }).click();
    await page.waitForSelector('.error-summary');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
