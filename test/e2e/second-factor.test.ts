/// <reference lib="dom" />
// A therapist sets up a second factor in the browser, then signs in with their password and a
// code their "phone" (otplib, here) computes; the new pages pass an axe scan.
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, expectAccessible, signIn, useServerAndBrowser, watchConsole } from './browser.js';

const env = useServerAndBrowser();

async function newPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await env.browser.newContext({ viewport: { width: 800, height: 1100 } });
  const page = await context.newPage();
  return { page, problems: watchConsole(page) };
}

const codeFor = (secret: string, steps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

describe('a second factor, in a browser', () => {
  it('is set up with a code, then asked for at sign-in, and every new page passes axe', async () => {
    const { page, problems } = await newPage();
    const base = env.server.base;
    await signIn(page, base, 'sam.rivera@tandem.example');

    // The account's pages are in the user's own menu, at the right of the header.
    await page.getByRole('navigation', { name: 'Your account' }).locator('summary').click();
    await page.getByRole('link', { name: 'Second factor' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Set up a second factor');
    expect(await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).locator('svg').count()).toBe(1);
    await expectAccessible(page);
    const secret = ((await page.locator('.secret-key code').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    // A wrong code first: the error is shown, linked to the field, and accessible.
    const right = await codeFor(secret);
    await page.getByLabel('Code from the app').fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Turn on my second factor' }).click();
    await page.waitForSelector('.error-summary');
    await expectAccessible(page);

    await page.getByLabel('Code from the app').fill(await codeFor(secret));
    await page.getByRole('button', { name: 'Turn on my second factor' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Your second factor is on');
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    await expectAccessible(page);

    await page.goto(`${base}/account/second-factor`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Second factor');
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Your account' }).locator('summary').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');

    // Password, then the code the phone shows (the next one: the set-up used this one up).
    await page.getByLabel('Email').fill('sam.rivera@tandem.example');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in/code');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Enter your code');
    await expectAccessible(page);
    await page.getByLabel('Code', { exact: true }).fill(await codeFor(secret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Home');
    expect(problems).toEqual([]);
  });

  it("the admin's settings page and a user's page with a second factor pass axe", async () => {
    const { page, problems } = await newPage();
    await signIn(page, env.server.base, 'admin@tandem.example');
    // Settings is one of the less used pages, under "More".
    await page.getByRole('navigation', { name: 'Main' }).locator('summary', { hasText: 'More' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('District settings');
    await expectAccessible(page);
    await page.getByLabel('Require a second factor for admins and therapists who sign in with a password').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.flash').first().textContent()).toContain('Settings saved.');
    expect(await page.getByLabel('Require a second factor for admins and therapists who sign in with a password').isChecked()).toBe(true);

    // Back off, so the other test's therapist is not asked to set one up first.
    await page.getByLabel('Require a second factor for admins and therapists who sign in with a password').uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.flash').first().textContent()).toContain('Settings saved.');

    // A user page as it is for someone with a second factor (only whether it is on matters here).
    const jordan = await env.server.db.user.update({
      where: { email: 'jordan.lee@tandem.example' },
      data: { totpEnabledAt: new Date(), totpSecret: 'v1.sealed' },
    });
    await page.goto(`${env.server.base}/admin/users/${jordan.id}`);
    expect(await page.getByRole('button', { name: 'Reset second factor' }).count()).toBe(1);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
