/// <reference lib="dom" />
// The service record in a browser: an OT and an OT assistant log, correct, void and sign
// sessions; the assistant's is co-signed by the OT from her queue; the minutes of the week follow.
// Every new page passes an axe scan.
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useServerAndBrowser, watchConsole } from './browser.js';

const env = useServerAndBrowser();
const contexts: BrowserContext[] = [];

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

async function pageFor(email: string): Promise<{ page: Page; problems: string[] }> {
  const context = await env.browser.newContext({ viewport: { width: 1024, height: 1180 } });
  contexts.push(context);
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, env.server.base, email);
  return { page, problems };
}

/** A student Maya serves and Jordan (her assistant) works with. */
async function sharedStudent(): Promise<number> {
  const jordan = await env.server.db.user.findUniqueOrThrow({ where: { email: 'jordan.lee@tandem.example' } });
  const student = await env.server.db.student.findFirstOrThrow({
    where: { therapists: { some: { userId: jordan.id } }, status: 'active' },
    orderBy: { id: 'asc' },
  });
  return student.id;
}

/** Logs a one-student session through the form, after the demo's sessions of the day; returns its id. */
async function logSession(page: Page, studentId: number, startTime: string, minutes: string): Promise<number> {
  await page.goto(`${env.server.base}/sessions/new?student=${studentId}`);
  await page.getByLabel('Start time').fill(startTime);
  await page.getByLabel('Minutes', { exact: true }).fill(minutes);
  await page.getByLabel('Response or progress, in a sentence').fill('Copied four shapes with one reminder.');
  await page.getByRole('button', { name: 'Save session' }).last().click();
  await page.waitForURL(/\/sessions\/\d+$/);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** "With students N min" on My time, this week. */
async function directMinutes(page: Page): Promise<number> {
  await page.goto(`${env.server.base}/time`);
  const text = (await page.locator('dl').first().textContent()) ?? '';
  return Number(/With students\s*(\d+) min/.exec(text)?.[1]);
}

describe('the service record in a browser', () => {
  it('an OT and an assistant log, correct, void and sign; the OT co-signs from her queue', async () => {
    const studentId = await sharedStudent();
    const maya = await pageFor('maya.okafor@tandem.example');
    const before = await directMinutes(maya.page);

    // Maya logs a session, then corrects its minutes with a reason: the earlier version is kept.
    const logged = await logSession(maya.page, studentId, '16:05', '30');
    await maya.page.getByRole('button', { name: 'Correct this session' }).click();
    await maya.page.waitForURL(/\/correct$/);
    await expectAccessible(maya.page);
    await maya.page.getByLabel('Minutes', { exact: true }).fill('25');
    await maya.page.getByLabel('Why is it corrected?').fill('The session ended early for a fire drill.');
    await maya.page.getByRole('button', { name: 'Save correction' }).click();
    await maya.page.waitForURL(new RegExp(`/sessions/${logged}$`));
    await expect.poll(() => maya.page.locator('main').textContent()).toContain('Session corrected.');
    await maya.page.getByText(/Version 1, replaced on/).click();
    await expect.poll(() => maya.page.locator('.session-history').textContent()).toContain('The session ended early for a fire drill.');

    // She signs it: the attestation with her name, credential and the time.
    await maya.page.getByRole('button', { name: 'Sign as Maya Okafor, OTR/L' }).click();
    await expect.poll(() => maya.page.locator('.service-record').textContent()).toContain('Signed by Maya Okafor, OTR/L');
    await expectAccessible(maya.page);

    // A second entry of the same work by mistake (a different time) is voided: struck through, counting nothing.
    const mistake = await logSession(maya.page, studentId, '17:05', '40');
    await maya.page.getByRole('button', { name: 'Void: entered in error' }).click();
    await maya.page.waitForURL(/\/void$/);
    await expectAccessible(maya.page);
    await maya.page.getByLabel('Why is it voided?').fill('Logged twice: this is the 16:05 session.');
    await maya.page.getByRole('button', { name: 'Void this session' }).click();
    await maya.page.waitForURL(new RegExp(`/sessions/${mistake}$`));
    await expect.poll(() => maya.page.locator('.record-voided').textContent()).toContain('Logged twice: this is the 16:05 session.');
    const struck = await maya.page
      .locator('dl.facts')
      .first()
      .evaluate((el) => getComputedStyle(el).textDecorationLine);
    expect(struck).toBe('line-through');
    await expectAccessible(maya.page);
    expect(await directMinutes(maya.page)).toBe(before + 25);

    // Jordan logs a session for the same student (Maya supervises it) and signs it from his list.
    const jordan = await pageFor('jordan.lee@tandem.example');
    const assisted = await logSession(jordan.page, studentId, '18:05', '20');
    await jordan.page.getByRole('link', { name: /^To sign/ }).click();
    await jordan.page.waitForURL(/\/sessions\/to-sign/);
    await expectAccessible(jordan.page);
    let row = jordan.page.locator(`form[action="/sessions/${assisted}/sign"]`);
    while ((await row.count()) === 0) {
      await jordan.page.getByRole('link', { name: 'Next' }).click();
      row = jordan.page.locator(`form[action="/sessions/${assisted}/sign"]`);
    }
    await row.getByRole('button').click();
    await expect.poll(() => jordan.page.locator('main').textContent()).toContain('Session signed.');
    await jordan.page.goto(`${env.server.base}/sessions/${assisted}`);
    await expect.poll(() => jordan.page.locator('.service-record').textContent()).toContain('Signed by Jordan Lee, COTA/L');
    await expect.poll(() => jordan.page.locator('.service-record').textContent()).toContain('Waiting for the co-signature of Maya Okafor');

    // Maya's menu counts it (on "More", which adds up the counts inside it); her queue co-signs it.
    await maya.page.goto(`${env.server.base}/students`);
    const more = maya.page.locator('nav summary', { hasText: /^More/ }).first();
    expect(await more.textContent()).toMatch(/More\s*\d+ waiting/);
    await more.click();
    const menuItem = maya.page.getByRole('link', { name: /^To co-sign/ });
    expect(await menuItem.textContent()).toMatch(/To co-sign\s*\d+ waiting/);
    await menuItem.click();
    await maya.page.waitForURL(/\/sessions\/to-cosign/);
    await expect.poll(() => maya.page.getByRole('heading', { level: 1 }).textContent()).toBe('Sessions waiting for your co-signature');
    await expectAccessible(maya.page);
    let queued = maya.page.locator(`form[action="/sessions/${assisted}/cosign"]`);
    while ((await queued.count()) === 0) {
      await maya.page.getByRole('link', { name: 'Next' }).click();
      queued = maya.page.locator(`form[action="/sessions/${assisted}/cosign"]`);
    }
    await queued.getByRole('button').click();
    await expect.poll(() => maya.page.locator('main').textContent()).toContain('Session co-signed.');
    expect(await maya.page.locator(`form[action="/sessions/${assisted}/cosign"]`).count()).toBe(0);

    const saved = await env.server.db.sessionLog.findUniqueOrThrow({ where: { id: assisted } });
    expect([saved.signedName, saved.signedCredential, saved.cosignedName]).toEqual(['Jordan Lee', 'COTA/L', 'Maya Okafor']);
    await jordan.page.goto(`${env.server.base}/sessions/${assisted}`);
    await expect.poll(() => jordan.page.locator('.service-record').textContent()).toContain('Co-signed by Maya Okafor');

    // The admin's settings page, with the record's two settings, passes too.
    const admin = await pageFor('admin@tandem.example');
    await admin.page.goto(`${env.server.base}/admin/settings`);
    await expect.poll(() => admin.page.getByLabel('A session may be corrected or voided for (days)').inputValue()).toBe('90');
    await expectAccessible(admin.page);

    expect([...maya.problems, ...jordan.problems, ...admin.problems]).toEqual([]);
  });
});
