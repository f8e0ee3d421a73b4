/// <reference lib="dom" />
// The end of a reporting period from the notes tracker, for a small caseload of its own (an OT
// with three students, seeded into the demo district): draft the missing notes, confirm each
// goal's code, finalise and share them all in one action; the teacher reads one.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, today } from '../../src/calendar/dates.js';
import { justEndedPeriod } from '../../src/features/admin/periods.service.js';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, makeUser } from '../../src/db/factories.js';
import { DEMO_PASSWORD, expectAccessible, signIn, useServerAndBrowser, watchConsole } from './browser.js';

const env = useServerAndBrowser();

/** An OT, a teacher and three students with a goal or two each and data across the period. */
async function seedCaseload(periodStart: Date, periodEnd: Date) {
  const db = env.server.db;
  const school = await makeSchool(db, { name: 'Willow Creek Elementary' });
  const ot = await makeUser(db, { role: 'therapist', name: 'Nadia Brooks', email: 'nadia.brooks@tandem.example', password: DEMO_PASSWORD });
  const teacher = await makeUser(db, { role: 'teacher', name: 'Owen Hart', email: 'owen.hart@tandem.example', password: DEMO_PASSWORD });
  const goalDates = { baselineDate: periodStart, startDate: periodStart, targetDate: addDays(periodEnd, 200) };
  const day = (n: number) => addDays(periodStart, n);
  const students = [];

  // Climbing steadily: the data suggests a sufficient code.
  const ana = await makeStudent(db, {
    schoolId: school.id,
    firstName: 'Ana',
    lastName: 'Alvarez',
    therapistIds: [ot.id],
    teacherIds: [teacher.id],
  });
  const anaGoal = await makeGoal(db, { studentId: ana.id, area: 'handwriting', measurement: 'percent', ...goalDates });
  students.push(ana);
  // Flat: the data suggests a code that is not sufficient, which needs a reason.
  const ben = await makeStudent(db, {
    schoolId: school.id,
    firstName: 'Ben',
    lastName: 'Baker',
    therapistIds: [ot.id],
    teacherIds: [teacher.id],
  });
  const benGoal = await makeGoal(db, { studentId: ben.id, area: 'handwriting', measurement: 'percent', ...goalDates });
  students.push(ben);
  // Two goals with other measures: tries counted, and how long.
  const cleo = await makeStudent(db, {
    schoolId: school.id,
    firstName: 'Cleo',
    lastName: 'Chen',
    therapistIds: [ot.id],
    teacherIds: [teacher.id],
  });
  const cleoTries = await makeGoal(db, {
    studentId: cleo.id,
    area: 'scissors',
    measurement: 'trials',
    statement: 'will cut along a curved line',
    ...goalDates,
  });
  const cleoMinutes = await makeGoal(db, {
    studentId: cleo.id,
    area: 'sensory',
    measurement: 'duration',
    statement: 'will stay seated and working at circle time',
    ...goalDates,
  });
  students.push(cleo);

  const climbing = [30, 42, 55, 63, 72];
  const flat = [22, 18, 21, 19, 20];
  const tries = [3, 4, 4, 5, 6];
  const seconds = [90, 150, 200, 260, 330];
  for (let i = 0; i < climbing.length; i++) {
    await makeSessionLog(db, {
      providerId: ot.id,
      date: day(7 + i * 14),
      startTime: '10:00',
      students: [
        { studentId: ana.id, dataPoints: [{ goalId: anaGoal.id, value: climbing[i]! }] },
        { studentId: ben.id, dataPoints: [{ goalId: benGoal.id, value: flat[i]! }] },
        {
          studentId: cleo.id,
          dataPoints: [
            { goalId: cleoTries.id, value: tries[i]! * 10, correct: tries[i]!, incorrect: 10 - tries[i]!, cued: 0 },
            { goalId: cleoMinutes.id, value: seconds[i]! },
          ],
        },
      ],
    });
  }
  return { ot, teacher, students };
}

/** The tracker's state for a student's row, read from the page. */
const stateOf = (page: Page, studentId: number) => page.locator(`#tracker-student-${studentId}`).getAttribute('data-state');

describe('the notes tracker in a browser', () => {
  it("an OT drafts, reviews, finalises and shares a whole caseload's notes from the tracker", async () => {
    const { db, base } = env.server;
    const period = await justEndedPeriod(db, today(new Intl.DateTimeFormat().resolvedOptions().timeZone));
    expect(period, 'the demo district has a period that has just ended').toBeTruthy();
    const { ot, teacher, students } = await seedCaseload(period!.startDate, period!.endDate);

    // The admin's reporting periods: the district's year, set once.
    const adminContext = await env.browser.newContext();
    const admin = await adminContext.newPage();
    const adminProblems = watchConsole(admin);
    await signIn(admin, base, 'admin@tandem.example');
    await admin.goto(`${base}/admin/reporting-periods`);
    expect(await admin.locator('main table').textContent()).toContain(period!.name);
    await expectAccessible(admin);
    expect(adminProblems).toEqual([]);
    await adminContext.close();

    // The OT opens Progress notes from the menu: every student, no note yet.
    const context = await env.browser.newContext({ viewport: { width: 1100, height: 1300 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, base, ot.email);
    const openTracker = async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Progress notes' }).click();
      await page.waitForURL((u) => u.pathname === '/notes');
    };
    await openTracker();
    expect(await page.locator('#tracker-summary').textContent()).toContain(period!.name);
    for (const s of students) expect(await stateOf(page, s.id)).toBe('none');
    await expectAccessible(page);

    // Draft the missing ones; the batch page counts until it is done.
    await page.getByRole('button', { name: /^Draft the missing ones \(3\)/ }).click();
    await page.waitForURL(/\/notes\/batches\/\d+$/);
    await expect.poll(() => page.locator('#batch-progress').textContent(), { timeout: 20_000 }).toContain('Done: 3 of 3 notes drafted.');
    await expectAccessible(page);

    await openTracker();
    for (const s of students) expect(await stateOf(page, s.id)).toBe('draft');
    // The batch can be found again from the tracker.
    expect(await page.locator('section[aria-labelledby="batches"] li').count()).toBe(1);

    // Each draft, opened from the tracker: nothing is pre-chosen; choose the code suggested beside
    // each select, with a reason where that code is not sufficient; save; back to the tracker.
    let reasons = 0;
    for (const s of students) {
      await page.getByRole('link', { name: `Edit the note for ${s.firstName} ${s.lastName}` }).click();
      await page.waitForURL(/\/notes\/\d+\/edit$/);
      const goals = page.locator('fieldset.note-goal');
      const count = await goals.count();
      expect(count).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) {
        const goal = goals.nth(i);
        const select = goal.locator('select');
        expect(await select.inputValue()).toBe('');
        const hint = (await goal.locator('.suggested-code').textContent())!.trim();
        expect(hint).toMatch(/^Suggested: /);
        const suggested = hint.slice('Suggested: '.length);
        // The option's label is the code's, marked "(not sufficient)" where it is not.
        const labels = (await select.locator('option').allTextContents()).map((t) => t.trim());
        const label = labels.find((t) => t === suggested || t === `${suggested} (not sufficient)`) ?? '';
        expect(label, `an option for the suggested code "${suggested}"`).not.toBe('');
        await select.selectOption({ label });
        if (label.endsWith('(not sufficient)')) {
          await goal.getByLabel('Reason, if not sufficient').fill('Two weeks of absences in October; practice continues daily.');
          reasons += 1;
        }
      }
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForURL(/\/notes\/\d+\/edit$/);
      expect(await page.locator('.error-summary').count()).toBe(0);
      await openTracker();
      expect(await stateOf(page, s.id)).toBe('ready');
    }
    // The flat goal's data suggests a code that is not sufficient: a reason was needed at least once.
    expect(reasons).toBeGreaterThan(0);

    for (const s of students) expect(await stateOf(page, s.id)).toBe('ready');
    await expectAccessible(page);

    // Finalise and share every ready note, in one action.
    await page.getByRole('button', { name: /^Finalise and share every ready note \(3\)/ }).click();
    await page.waitForURL((u) => u.pathname === '/notes');
    expect(await page.locator('main').textContent()).toContain('Finalised and shared 3 notes');
    for (const s of students) expect(await stateOf(page, s.id)).toBe('shared');
    expect(await page.locator('#tracker-summary').textContent()).toContain('3 shared');
    // Nothing is left to draft for the period: students with a shared note are not drafted again.
    expect(await page.getByRole('button', { name: /Draft the missing ones/ }).count()).toBe(0);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();

    // The student's teacher reads one (the teacher version only).
    const notes = await db.progressNote.findMany({ where: { studentId: { in: students.map((s) => s.id) } } });
    expect(notes.map((n) => [n.status, n.sharedAt !== null])).toEqual(students.map(() => ['final', true]));
    const note = notes.find((n) => n.studentId === students[0]!.id)!;
    const teacherContext = await env.browser.newContext();
    const teacherPage = await teacherContext.newPage();
    const teacherProblems = watchConsole(teacherPage);
    await signIn(teacherPage, base, teacher.email);
    await teacherPage.goto(`${base}/students/${students[0]!.id}`);
    await teacherPage.locator(`main a[href="/notes/${note.id}"]`).click();
    await teacherPage.waitForURL(new RegExp(`/notes/${note.id}$`));
    const text = await teacherPage.locator('main').textContent();
    expect(text).toContain(note.title);
    expect(text).not.toContain('For the family');
    await expectAccessible(teacherPage);
    expect(teacherProblems).toEqual([]);
    await teacherContext.close();
  });
});
