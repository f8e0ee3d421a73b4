/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { addDays, dayKey, today } from '../../src/calendar/dates.js';
import { expectAccessible, signIn, watchConsole, useServerAndBrowser } from './browser.js';

const env = useServerAndBrowser();
// The server runs in this machine's time zone (no TIME_ZONE set): its today is ours.
const day = (offset: number) => dayKey(addDays(today(Intl.DateTimeFormat().resolvedOptions().timeZone), offset));

describe('an evaluation in a browser', () => {
  it('goes from a teacher’s concern to a referral, the evaluation’s steps, and services that start', { timeout: 120_000 }, async () => {
    // A teacher shares a concern about a new student.
    const teacherContext = await env.browser.newContext();
    const teacherPage = await teacherContext.newPage();
    const teacherProblems = watchConsole(teacherPage);
    await signIn(teacherPage, env.server.base, 'priya.shah@tandem.example');
    await teacherPage.goto(`${env.server.base}/concerns/new`);
    await teacherPage.getByLabel("Or: new student's name").fill('Ruby Newcomer');
    await teacherPage.getByLabel('Grade').selectOption({ label: 'Grade 1' });
    await teacherPage.getByLabel('School').selectOption({ label: 'Maple Grove Elementary' });
    await teacherPage.locator('input[name="signs"]').first().check();
    await teacherPage.getByLabel('An example from class').fill('Holds the pencil in a fist and stops after two lines.');
    await teacherPage.getByRole('button', { name: 'Send to the OT' }).click();
    await teacherPage.waitForURL(/\/concerns\/\d+$/);
    const concernUrl = teacherPage.url();
    expect(teacherProblems).toEqual([]);
    await teacherContext.close();

    // The school's OT turns it into a referral: the student is referred, with no plan yet.
    const context = await env.browser.newContext({ viewport: { width: 1100, height: 1300 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, env.server.base, 'maya.okafor@tandem.example');
    await page.goto(concernUrl);
    await page.getByRole('button', { name: 'Turn into a referral' }).click();
    await page.waitForURL(/\/students\/\d+$/);
    const studentUrl = page.url();
    await expect.poll(() => page.locator('.facts').first().textContent()).toContain('No plan yet');
    expect(await page.locator('.facts').first().textContent()).toContain('Referred');
    await expectAccessible(page);

    // Consent to evaluate starts the clock.
    await page.getByLabel('Family consent given on').fill(day(-30));
    await page.getByRole('button', { name: 'Start the evaluation' }).click();
    await page.waitForURL(/\/evaluations\/\d+$/);
    const evaluationUrl = page.url();
    await expectAccessible(page);

    // An assessment: refused with messages beside the fields, then recorded.
    await page.getByLabel('Assessment', { exact: true }).fill('Handwriting sample');
    await page.getByLabel('What the scores mean, in plain words').fill('Poor bilateral coordination.');
    await page.getByRole('button', { name: 'Add the assessment' }).click();
    await page.waitForSelector('#assessment-meaning-error');
    expect(await page.locator('#assessment-meaning-error').textContent()).toContain('Say it in plain words');
    expect(await page.getByLabel('Assessment', { exact: true }).inputValue()).toBe('Handwriting sample');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectAccessible(page);
    await page.getByLabel('Given on').fill(day(-20));
    await page.getByLabel('Scores', { exact: true }).fill('12 of 26 lowercase letters formed correctly');
    await page.getByLabel('What the scores mean, in plain words').fill('Ruby forms about half of her letters so they can be read.');
    await page.getByRole('button', { name: 'Add the assessment' }).click();
    await expect.poll(() => page.locator('#assessments').textContent()).toContain('Ruby forms about half of her letters');

    // The four steps' findings.
    for (const step of ['talking with the family', 'observing skills', 'sensory responses', 'setting goals']) {
      await page.getByLabel(`Findings: ${step}`).fill(`What we found: ${step}.`);
      await page.getByRole('button', { name: `Save findings for ${step}` }).click();
      await expect.poll(() => page.locator('.flash').first().textContent()).toContain('Findings saved.');
    }

    // The team finds her eligible; the family consents to services.
    await page.getByLabel('Yes, eligible').check();
    await page.getByLabel('Eligibility meeting on').fill(day(-5));
    await page.getByLabel('Family consented to services on').fill(day(-3));
    await page.getByRole('button', { name: 'Save the decision' }).click();
    await expect.poll(() => page.locator('.facts').first().textContent()).toContain('Eligible for OT services');

    // Completing first lists what is still missing, each linked to where it is done.
    await page.getByLabel('Plan', { exact: true }).selectOption({ label: 'IEP' });
    await page.getByLabel('Plan start').fill(day(-3));
    await page.getByLabel('Annual review due').fill(day(300));
    await page.getByRole('button', { name: 'Complete: start services' }).click();
    await page.waitForSelector('#complete .error-summary');
    const summary = page.locator('#complete .error-summary');
    expect(await summary.textContent()).toContain('Add at least one goal');
    expect(await page.getByLabel('Annual review due').inputValue()).toBe(day(300));
    await expectAccessible(page);

    // The service minutes, on the student's page.
    await summary.getByRole('link', { name: /service minutes/ }).click();
    await page.waitForURL(/\/students\/\d+#mandates$/);
    const mandates = page.locator('#mandates');
    await mandates.getByText('Add service minutes').click();
    await mandates.getByLabel('Minutes', { exact: true }).fill('30');
    await mandates.getByLabel('From', { exact: true }).fill(day(-3));
    await mandates.getByLabel('To', { exact: true }).fill(day(200));
    await mandates.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.locator('#mandates').textContent()).toContain('30 minutes a week');

    // A goal.
    await page.goto(evaluationUrl);
    await page.locator('#complete').getByRole('link', { name: 'Add at least one goal' }).click();
    await page.waitForURL(/\/goals\/new$/);
    await page.getByLabel('The goal').fill('will form lowercase letters so they can be read');
    await page.getByLabel('Baseline', { exact: true }).fill('45');
    await page.getByLabel('Baseline taken on').fill(day(-20));
    await page.getByLabel('Target, in words').fill('24 of 26 letters formed correctly on 3 of 4 tries');
    await page.getByLabel('Target number').fill('90');
    await page.getByLabel('Target date').fill(day(250));
    await page.getByRole('button', { name: 'Add goal' }).click();
    await page.waitForURL(/\/goals\/\d+$/);

    // Now services start.
    await page.goto(evaluationUrl);
    expect(await page.locator('#complete').textContent()).toContain('Everything is recorded.');
    await page.getByLabel('Plan', { exact: true }).selectOption({ label: 'IEP' });
    await page.getByLabel('Plan start').fill(day(-3));
    await page.getByLabel('Annual review due').fill(day(300));
    await page.getByRole('button', { name: 'Complete: start services' }).click();
    await expect.poll(() => page.locator('.flash').first().textContent()).toContain('now receiving services');
    expect(await page.locator('.facts').first().textContent()).toContain('services started');
    await expectAccessible(page);

    // The summary prints; the handout is for the family.
    await page.getByRole('link', { name: 'Summary to print' }).click();
    await page.waitForURL(/\/summary$/);
    expect(await page.locator('main').textContent()).toContain('24 of 26 letters');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.no-print').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await expectAccessible(page);
    await page.goto(`${evaluationUrl}/handout`);
    await expectAccessible(page);

    await page.goto(studentUrl);
    const facts = await page.locator('.facts').first().textContent();
    expect(facts).toContain('Receiving services');
    expect(facts).toContain('IEP');
    expect(problems).toEqual([]);
    await context.close();
  });
});
