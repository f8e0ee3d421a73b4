/// <reference lib="dom" />
// The note editor finalises what is on the screen, even when the last keystrokes were never
// autosaved; the finalised note reads as a document (a part per goal, a badge, a graph, lists).
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, watchConsole, useServerAndBrowser } from './browser.js';

const env = useServerAndBrowser();

describe('a progress note, from the editor to the document', () => {
  it('finalises a reason typed just before Finalise is clicked, then reads as a document', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1100, height: 1300 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, env.server.base, 'maya.okafor@tandem.example');
    const db = env.server.db;
    const maya = await db.user.findUniqueOrThrow({ where: { email: 'maya.okafor@tandem.example' } });
    const student = await db.student.findFirstOrThrow({
      where: { therapists: { some: { userId: maya.id } }, goals: { some: { status: 'active', dataPoints: { some: {} } } } },
    });

    await page.goto(`${env.server.base}/students/${student.id}/notes/new`);
    await page.getByRole('button', { name: 'Write the draft' }).click();
    await page.waitForURL(/\/notes\/\d+\/edit$/);
    await expectAccessible(page);
    const noteId = Number(page.url().split('/')[4]);
    const drafted = await db.progressNote.findUniqueOrThrow({ where: { id: noteId }, include: { goals: true } });
    expect(drafted.goals.length).toBeGreaterThan(0);

    // Nothing is pre-chosen; each select shows the suggestion beside it.
    for (const g of drafted.goals) expect(await page.locator(`select[name="code_${g.goalId}"]`).inputValue()).toBe('');
    await expect.poll(() => page.locator('.suggested-code').count()).toBe(drafted.goals.filter((g) => g.suggestedCodeId).length);

    // Every code is chosen (the one the words were drafted for), and every reason typed, the last
    // one immediately before Finalise: no waiting for the autosave.
    const fallback = await db.progressCode.findFirstOrThrow({ where: { meaning: 'expected' } });
    for (const g of drafted.goals)
      await page.locator(`select[name="code_${g.goalId}"]`).selectOption(String(g.suggestedCodeId ?? fallback.id));
    for (const g of drafted.goals) await page.locator(`input[name="reason_${g.goalId}"]`).pressSequentially('Absences in October');
    await page.getByRole('button', { name: 'Finalise' }).click();
    await page.waitForURL(new RegExp(`/notes/${noteId}$`));

    const final = await db.progressNote.findUniqueOrThrow({ where: { id: noteId }, include: { goals: true } });
    expect(final.status).toBe('final');
    for (const g of final.goals) expect(g.reason).toBe('Absences in October');

    // The note as a document: a heading per goal, its code as a badge, a figure with a caption, lists.
    const teacher = page.locator('section[aria-labelledby="teacher-title"]');
    expect(await teacher.locator('h3').count()).toBeGreaterThanOrEqual(final.goals.length);
    expect(await teacher.locator('.code-badge').count()).toBe(final.goals.length);
    expect(await teacher.locator('figure.goal-chart figcaption').count()).toBe(final.goals.length);
    expect(await teacher.locator('ul.note-list li').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    // Printed, it has no navigation and no shadows.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(
      await page
        .locator('.code-badge')
        .first()
        .evaluate((el) => getComputedStyle(el).boxShadow),
    ).toBe('none');
    expect(problems).toEqual([]);
    await context.close();
  });
});
