/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, watchConsole, useServerAndBrowser } from './browser.js';

const env = useServerAndBrowser();

describe('progress notes in a browser', () => {
  it('a therapist drafts a note, edits it with live checks and autosave, finalises and shares it; the teacher reads it', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1100, height: 1300 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, env.server.base, 'maya.okafor@tandem.example');
    const maya = await env.server.db.user.findUniqueOrThrow({ where: { email: 'maya.okafor@tandem.example' } });
    const student = await env.server.db.student.findFirstOrThrow({
      where: { therapists: { some: { userId: maya.id } }, teachers: { some: {} }, goals: { some: {} } },
      include: { teachers: { include: { user: true } } },
    });

    await page.goto(`${env.server.base}/students/${student.id}/notes/new`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Write the draft' }).click();
    await page.waitForURL(/\/notes\/\d+\/edit$/);
    await expectAccessible(page);

    const teacherText = page.getByLabel('Teacher version', { exact: true });
    await teacherText.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n\nWe will try more bilateral coordination games.');
    await expect.poll(() => page.locator('.save-status').textContent(), { timeout: 10_000 }).toContain('Saved at');
    await expect.poll(() => page.locator('#note-checks').textContent()).toContain('using both hands or sides of the body together');
    // Focus stays where the therapist is typing.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-teacherText');
    const noteId = Number(page.url().split('/')[4]);
    expect((await env.server.db.progressNote.findUniqueOrThrow({ where: { id: noteId } })).teacherText).toContain(
      'bilateral coordination games',
    );

    // Nothing is pre-chosen: confirm the code each goal's data suggests (the drafted words follow it;
    // finalising is refused while words and code disagree), with a reason for any that is not sufficient.
    const drafted = await env.server.db.progressNote.findUniqueOrThrow({ where: { id: noteId }, include: { goals: true } });
    const sufficient = await env.server.db.progressCode.findFirstOrThrow({ where: { meaning: 'expected' } });
    for (const g of drafted.goals) {
      await page.locator(`select[name="code_${g.goalId}"]`).selectOption(String(g.suggestedCodeId ?? sufficient.id));
      await page.locator(`input[name="reason_${g.goalId}"]`).fill('More time needed');
    }
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByRole('button', { name: 'Finalise' }).click();
    await page.waitForURL(/\/notes\/\d+$/);
    await page.getByRole('button', { name: 'Share with teachers' }).click();
    await expect.poll(() => page.locator('.eyebrow').first().textContent()).toContain('shared with teachers');
    await expectAccessible(page);
    expect(problems).toEqual([]);

    await page.goto(`${env.server.base}/notes/batches/new`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Draft all the notes' }).click();
    await expect.poll(() => page.locator('#batch-progress').textContent(), { timeout: 20_000 }).toContain('Done:');
    await expectAccessible(page);
    expect(problems).toEqual([]);

    const teacherContext = await env.browser.newContext();
    const teacherPage = await teacherContext.newPage();
    await signIn(teacherPage, env.server.base, student.teachers[0]!.user.email);
    await teacherPage.goto(`${env.server.base}/students/${student.id}`);
    // The student has earlier shared notes too (the demo's): open the one just shared.
    await teacherPage.locator(`main a[href="/notes/${noteId}"]`).click();
    await expect.poll(() => teacherPage.locator('main').textContent()).toContain('bilateral coordination games');
    expect(await teacherPage.locator('main').textContent()).not.toContain('For the family');
    await expectAccessible(teacherPage);

    // A teacher's view of a student with strategies, where they say whether each helped.
    const withStrategies = await env.server.db.studentStrategy.findFirstOrThrow({
      include: { student: { include: { teachers: { include: { user: true } } } } },
    });
    const teacherContext2 = await env.browser.newContext();
    const page2 = await teacherContext2.newPage();
    await signIn(page2, env.server.base, withStrategies.student.teachers[0]!.user.email);
    await page2.goto(`${env.server.base}/students/${withStrategies.studentId}`);
    await expectAccessible(page2);
    await page2.locator('.feedback-form').first().getByLabel('Yes').first().check();
    await page2.locator('.feedback-form').first().locator('input[name="helped"][value="yes"]').check();
    await page2.locator('.feedback-form').first().getByRole('button', { name: 'Send to the OT' }).click();
    await expect.poll(() => page2.locator('.flash').first().textContent()).toContain('the OT will see this');

    // The concern form, on a phone.
    const phone = await env.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const phonePage = await phone.newPage();
    await signIn(phonePage, env.server.base, withStrategies.student.teachers[0]!.user.email);
    await phonePage.goto(`${env.server.base}/concerns/new`);
    await expectAccessible(phonePage);
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phonePage.getByLabel('One of your students').selectOption({ index: 1 });
    await phonePage.getByLabel('Reacts strongly to noise').check();
    await phonePage.getByLabel('An example from class').fill('Covers ears and hides under the table in assembly.');
    await phonePage.getByRole('button', { name: 'Send to the OT' }).click();
    await expect.poll(() => phonePage.locator('h1').textContent()).toContain('Concern about');
    await expectAccessible(phonePage);
    await phonePage.goto(`${env.server.base}/concerns`);
    await expectAccessible(phonePage);

    // The OT's side of the concern: the queue, the thread with its referral button.
    await page.goto(`${env.server.base}/concerns`);
    await expectAccessible(page);
    await page.locator('main ul a').first().click();
    await page.waitForURL(/\/concerns\/\d+$/);
    await expectAccessible(page);
    expect(await page.locator('main').textContent()).toContain('Turn into a referral');
    // The therapist sees the teacher's word on the strategy.
    await page.goto(`${env.server.base}/students/${withStrategies.studentId}`);
    await expect.poll(() => page.locator('#strategies').textContent()).toContain('helped: yes');
  });
});
