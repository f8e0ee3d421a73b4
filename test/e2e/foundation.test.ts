/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, watchConsole, useServerAndBrowser } from './browser.js';

const env = useServerAndBrowser();

async function newPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await env.browser.newContext({ viewport: { width: 800, height: 1100 } });
  const page = await context.newPage();
  return { page, problems: watchConsole(page) };
}

describe('in a browser', () => {
  it('a therapist signs in and live search narrows the caseload without a page load', async () => {
    const { page, problems } = await newPage();
    await signIn(page, env.server.base, 'maya.okafor@tandem.example');
    // A therapist's home is their day; the caseload is one click away.
    await page.getByRole('navigation').getByRole('link', { name: 'Caseload' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My caseload');
    const rows = page.locator('#student-results tbody tr');
    const before = await rows.count();
    expect(before).toBe(25);
    const first = await page.locator('#student-results tbody tr th a').first().textContent();
    const lastName = (first ?? '').split(',')[0] ?? '';
    await page.evaluate(() => ((window as unknown as { loaded: boolean }).loaded = true));
    await page.getByLabel('Name').pressSequentially(lastName.toLowerCase(), { delay: 20 });
    await expect.poll(() => page.url()).toContain(`q=${lastName.toLowerCase()}`);
    await expect.poll(async () => rows.count()).toBeLessThan(before);
    for (const text of await page.locator('#student-results tbody th').allTextContents()) expect(text).toContain(lastName);
    // Still the same document: htmx swapped the results, and focus stayed in the search box.
    expect(await page.evaluate(() => (window as unknown as { loaded?: boolean }).loaded)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('student-search');
    expect(problems).toEqual([]);
  });

  it('the search works without JavaScript too', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, env.server.base, 'sam.rivera@tandem.example');
    await page.goto(`${env.server.base}/students`);
    await page.getByLabel('Name').fill('zzzz');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('.result-count').textContent()).toContain('No students found');
    await context.close();
  });

  it('an admin adds a teacher to a student team with htmx, and focus lands on the message', async () => {
    const { page, problems } = await newPage();
    await signIn(page, env.server.base, 'admin@tandem.example');
    await page.locator('#student-results tbody tr th a').first().click();
    await page.getByLabel('Their email').fill('nobody@tandem.example');
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect.poll(() => page.locator('#team-email-error').textContent()).toContain('No active teacher');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('team-email');
    await page.getByLabel('Their email').fill('grace.liu@tandem.example');
    await page.getByRole('button', { name: 'Add to team' }).click();
    await expect.poll(() => page.locator('[data-focus-after-swap]').textContent()).toContain('Grace Liu is now on');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-focus-after-swap'))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('every page of the slice passes an axe WCAG 2.1 AA scan', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${env.server.base}/sign-in`);
    await expectAccessible(page);
    // The sign-in form with errors shown.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('.error-summary');
    await expectAccessible(page);

    await signIn(page, env.server.base, 'admin@tandem.example');
    const student = await env.server.db.student.findFirstOrThrow();
    const user = await env.server.db.user.findFirstOrThrow({ where: { role: 'teacher' } });
    for (const path of [
      '/students',
      `/students/${student.id}`,
      '/admin/users',
      '/admin/users/new',
      `/admin/users/${user.id}`,
      '/admin/schools',
      '/admin/progress-codes',
      '/admin/audit',
      '/account/password',
      '/students/999999',
    ]) {
      await page.goto(`${env.server.base}${path}`);
      await expectAccessible(page);
    }
    await page.goto(`${env.server.base}/admin/users/new`);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.waitForSelector('.error-summary');
    await expectAccessible(page);

    const teacher = await newPage();
    await signIn(teacher.page, env.server.base, 'priya.shah@tandem.example');
    await expectAccessible(teacher.page);
    expect([...problems, ...teacher.problems]).toEqual([]);
  });

  it("keyboard alone: skip link, then the page's first action, then the search box", async () => {
    const { page } = await newPage();
    await signIn(page, env.server.base, 'maya.okafor@tandem.example');
    await page.goto(`${env.server.base}/students`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add a student');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('student-search');
  });
});
