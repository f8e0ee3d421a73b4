/// <reference lib="dom" />
// The OT's week in a browser: the morning on the dashboard, logging a scheduled session from it,
// the minutes that follow, every page of the week at tablet and phone widths, and the dashboard
// without JavaScript.
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, watchConsole, useServerAndBrowser } from './browser.js';

const env = useServerAndBrowser();

const MAYA = 'maya.okafor@tandem.example';
const ADMIN = 'admin@tandem.example';
/** A teacher at Maple Grove Elementary, where only Maya serves (src/db/demo-data.ts). */
const TEACHER = 'priya.shah@tandem.example';
/** The OT assistant who shares eight of Maya's students. */
const ASSISTANT = 'jordan.lee@tandem.example';

const TABLET = { width: 820, height: 1180 };
const PHONE = { width: 375, height: 812 };

async function signedIn(email: string, options: BrowserContextOptions = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await env.browser.newContext({ viewport: TABLET, ...options });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, env.server.base, email);
  return { page, problems };
}

const mondayOf = (key: string): string => {
  const d = new Date(`${key}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};

/** The day the dashboard says it is, from its "Today, Monday, November 30, 2026" heading. */
async function dashboardDay(page: Page): Promise<{ weekday: string; key: string }> {
  const text = (await page.locator('#today-title').textContent()) ?? '';
  const match = /^Today, (\w+), (.+)$/.exec(text.trim());
  expect(match, `the Today heading reads "${text}"`).not.toBeNull();
  const date = new Date(`${match![2]} 00:00 UTC`);
  return { weekday: match![1]!, key: date.toISOString().slice(0, 10) };
}

type MinutesNumbers = { delivered: number; due: number; yearDelivered: number; yearDue: number };

/** A student's direct-service line in the dashboard's "Minutes against mandates" table, as numbers. */
function minutesOf(page: Page, studentId: number): Promise<MinutesNumbers | null> {
  return page.evaluate((id) => {
    const link = document.querySelector(`#minutes table th a[href="/students/${id}#mandates"]`);
    const th = link?.closest('th');
    const first = th?.closest('tr');
    if (!th || !first) return null;
    const rows: Element[] = [first];
    for (let i = 1; i < th.rowSpan; i++) rows.push(rows[i - 1]!.nextElementSibling!);
    // The line whose service cell reads "Direct" (with its period, or the period in a cell of its own).
    const direct = rows.find((r) => /^Direct\b/.test(r.querySelector('td')?.textContent?.trim() ?? ''));
    if (!direct) return null;
    // Each number in a cell of its own, named by its data-label, and said with its unit ("375 min").
    const cell = (label: string) => {
      const m = /^(\d+) min$/.exec((direct.querySelector(`td[data-label="${label}"]`)?.textContent ?? '').replace(/,/g, '').trim());
      return m ? Number(m[1]) : null;
    };
    const [delivered, due, yearDelivered, yearDue] = [
      'Given this period',
      'Due so far this period',
      'Given this school year',
      'Due this school year',
    ].map(cell);
    if (delivered == null || due == null || yearDelivered == null || yearDue == null) return null;
    return { delivered, due, yearDelivered, yearDue };
  }, studentId);
}

/** The students a slot names, as the session form will list them: those on the provider's caseload. */
async function slotStudents(slotId: number): Promise<number[]> {
  const links = await env.server.db.scheduleSlotStudent.findMany({ where: { slotId }, select: { studentId: true } });
  return links.map((l) => l.studentId).sort((a, b) => a - b);
}

/**
 * Only when the demo gives Maya nothing to log today on a school weekday (it always does): a
 * one-off session for today, added through the schedule's form.
 */
async function addSessionForToday(page: Page, todayKey: string): Promise<void> {
  await page.goto(`${env.server.base}/schedule/slots/new?date=${todayKey}`);
  await page.locator('input[name="studentIds"]').first().check();
  await page.getByLabel('Once', { exact: true }).check();
  await page.getByLabel('Start time', { exact: true }).fill('16:45');
  await page.getByLabel('Minutes', { exact: true }).fill('30');
  await page.getByLabel('Kind of session').selectOption('individual');
  await page.getByLabel('First day (once: the day)').fill(todayKey);
  await page.getByRole('button', { name: 'Add to my schedule' }).click();
  await page.waitForURL(/\/schedule(\?|$)/);
}

describe("the OT's week in a browser", () => {
  it('the morning: Maya logs a scheduled session from her dashboard, and its minutes count at once', async () => {
    const { page, problems } = await signedIn(MAYA);
    expect(new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Home');
    const today = await dashboardDay(page);
    const weekend = today.weekday === 'Saturday' || today.weekday === 'Sunday';

    // Today's sessions on a school day; at a weekend, the week's session not logged yet.
    let logLinks = page.locator('#today table a', { hasText: 'Log it' });
    if ((await logLinks.count()) === 0 && !weekend) {
      await addSessionForToday(page, today.key);
      await page.goto(`${env.server.base}/`);
      logLinks = page.locator('#today table a', { hasText: 'Log it' });
    }
    const fromToday = (await logLinks.count()) > 0;
    if (!fromToday) logLinks = page.locator('#today ul a', { hasText: /^Log / });
    expect(await logLinks.count(), `nothing to log on ${today.weekday} ${today.key}`).toBeGreaterThan(0);
    const logLink = logLinks.first();
    const logUrl = (await logLink.getAttribute('href'))!;
    const query = new URL(logUrl, env.server.base).searchParams;
    const slotId = Number(query.get('slot'));
    const scheduledFor = query.get('date')!;
    if (fromToday) expect(scheduledFor).toBe(today.key);
    const slot = await env.server.db.scheduleSlot.findUniqueOrThrow({ where: { id: slotId } });
    const maya = await env.server.db.user.findUniqueOrThrow({ where: { email: MAYA } });
    expect(slot.providerId).toBe(maya.id);
    const studentIds = await slotStudents(slotId);

    // A student of the session with minutes in force, and their numbers before.
    const before = new Map<number, MinutesNumbers>();
    for (const id of studentIds) {
      const numbers = await minutesOf(page, id);
      if (numbers) before.set(id, numbers);
    }
    expect(before.size, `no student of slot ${slotId} has a row under "Minutes against mandates"`).toBeGreaterThan(0);

    await logLink.click();
    await page.waitForURL((u) => u.pathname === '/sessions/new');
    // Prefilled from the schedule: students, date, start time, minutes, place and kind.
    const formStudents = (await page
      .locator('fieldset.session-student input[name="student"]')
      .evaluateAll((els) => els.map((e) => Number((e as HTMLInputElement).value)))) as number[];
    expect(formStudents.sort((a, b) => a - b)).toEqual(studentIds);
    expect(await page.getByLabel('Date', { exact: true }).inputValue()).toBe(scheduledFor);
    expect(await page.getByLabel('Start time', { exact: true }).inputValue()).toBe(slot.startTime);
    expect(await page.getByLabel('Minutes', { exact: true }).inputValue()).toBe(String(slot.minutes));
    expect(await page.getByLabel('Place of service').inputValue()).toBe(slot.place);
    expect(await page.getByLabel('Kind of session').inputValue()).toBe(slot.serviceType);
    expect(await page.locator('input[name="scheduleSlotId"]').inputValue()).toBe(String(slotId));
    expect(await page.locator('input[name="scheduledFor"]').inputValue()).toBe(scheduledFor);

    for (const id of studentIds) {
      await page.locator(`#field-response_${id}`).fill('Worked steadily through the routine.');
    }
    await page.getByRole('button', { name: 'Save session' }).click();
    await page.waitForURL(/\/sessions\/\d+$/);
    const sessionId = Number(new URL(page.url()).pathname.split('/').pop());
    const saved = await env.server.db.sessionLog.findUniqueOrThrow({ where: { id: sessionId }, include: { students: true } });
    expect(saved.scheduleSlotId).toBe(slotId);
    expect(saved.minutes).toBe(slot.minutes);
    expect(saved.students.every((s) => s.attendance === 'attended')).toBe(true);

    // Back home: the session is logged, and each student's minutes went up by the session's.
    await page.goto(`${env.server.base}/`);
    if (fromToday) {
      const logged = page.locator(`#today table a[href="/sessions/${sessionId}"]`);
      await expect.poll(() => logged.textContent()).toMatch(/^Logged/);
    }
    expect(await page.locator(`#today a[href="${logUrl}"]`).count()).toBe(0);
    for (const [id, was] of before) {
      const now = await minutesOf(page, id);
      expect(now, `student ${id}'s minutes row`).not.toBeNull();
      expect(now!.yearDelivered, `student ${id}: school year to date delivered`).toBe(was.yearDelivered + slot.minutes);
      expect(now!.yearDue, `student ${id}: school year to date due`).toBe(was.yearDue);
      // Today's session falls in every student's current period.
      if (fromToday) expect(now!.delivered, `student ${id}: delivered this period`).toBe(was.delivered + slot.minutes);
    }
    // The student page tells the same school year's number.
    const [someone, numbers] = [...before][0]!;
    await page.goto(`${env.server.base}/students/${someone}#mandates`);
    await expect
      .poll(async () => ((await page.locator('#mandates').textContent()) ?? '').replace(/,/g, ''))
      .toContain(`${numbers.yearDelivered + slot.minutes} min given;`);

    // The week view says it is logged, and links to it.
    await page.goto(`${env.server.base}/schedule?week=${mondayOf(saved.date.toISOString().slice(0, 10))}`);
    const inWeek = page.locator(`a.week-logged[href="/sessions/${sessionId}"]`);
    await expect.poll(() => inWeek.textContent()).toMatch(/^Logged/);
    expect(problems).toEqual([]);
  });

  /** Every page of the week, for each of the people who use it. */
  async function pagesOfTheWeek(): Promise<{ email: string; paths: string[] }[]> {
    const db = env.server.db;
    const maya = await db.user.findUniqueOrThrow({ where: { email: MAYA } });
    const slot = await db.scheduleSlot.findFirstOrThrow({ where: { providerId: maya.id }, orderBy: { id: 'asc' } });
    const student = await db.student.findFirstOrThrow({
      where: { therapists: { some: { userId: maya.id } }, mandates: { some: {} }, status: 'active' },
      orderBy: { id: 'asc' },
    });
    return [
      {
        email: MAYA,
        paths: [
          '/',
          '/schedule',
          '/schedule/slots/new',
          `/schedule/slots/${slot.id}/edit`,
          `/schedule/slots/${slot.id}/change`,
          `/students/${student.id}`,
        ],
      },
      { email: ADMIN, paths: ['/admin/calendar', '/admin/settings'] },
      { email: TEACHER, paths: ['/'] },
      { email: ASSISTANT, paths: ['/'] },
    ];
  }

  /** What a page at this width gets wrong: axe violations, and a page wider than the screen. */
  async function checkPage(page: Page, path: string, width: number): Promise<string[]> {
    const found: string[] = [];
    const response = await page.goto(`${env.server.base}${path}`);
    if (response?.status() !== 200) found.push(`${path} at ${width}px: status ${response?.status()}`);
    try {
      await expectAccessible(page);
    } catch (e) {
      const { actual, message } = e as { actual?: unknown; message: string };
      found.push(`${path} at ${width}px: ${JSON.stringify(actual ?? message)}`);
    }
    if (width <= PHONE.width) {
      const overflow = await page.evaluate(() => {
        const limit = window.innerWidth;
        const scrollWidth = document.documentElement.scrollWidth;
        if (scrollWidth <= limit + 1) return null;
        // The innermost elements that stick out, to say where.
        const out = Array.from(document.body.querySelectorAll('*'))
          .filter((el) => el.getBoundingClientRect().right > limit + 1)
          .filter((el) => !Array.from(el.children).some((c) => c.getBoundingClientRect().right > limit + 1))
          .slice(0, 4)
          .map((el) => {
            const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
            return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} (right ${Math.round(el.getBoundingClientRect().right)}px)`;
          });
        return `scrollWidth ${scrollWidth}px > ${limit}px; sticking out: ${out.join(', ')}`;
      });
      if (overflow) found.push(`${path} at ${width}px scrolls sideways: ${overflow}`);
    }
    return found;
  }

  for (const viewport of [TABLET, PHONE]) {
    it(`every page of the week passes axe at ${viewport.width}px${viewport === PHONE ? ', without sideways scrolling' : ''}`, async () => {
      const found: string[] = [];
      const consoleProblems: string[] = [];
      for (const { email, paths } of await pagesOfTheWeek()) {
        const { page, problems } = await signedIn(email, { viewport });
        for (const path of paths) found.push(...(await checkPage(page, path, viewport.width)));
        consoleProblems.push(...problems.map((p) => `${email}: ${p}`));
        await page.context().close();
      }
      expect(found).toEqual([]);
      expect(consoleProblems).toEqual([]);
    });
  }

  it('the dashboard works without JavaScript: "Mark all as seen" and "Log it"', async () => {
    const noScript = { javaScriptEnabled: false };
    // A teacher shares a concern: something new on Maya's dashboard.
    const teacher = await signedIn(TEACHER, noScript);
    await teacher.page.goto(`${env.server.base}/concerns/new`);
    await teacher.page.getByLabel('One of your students').selectOption({ index: 1 });
    await teacher.page.locator('input[name="signs"]').first().check();
    await teacher.page.getByLabel('An example from class').fill('Holds the pencil in a fist and stops after two lines.');
    await teacher.page.getByRole('button', { name: 'Send to the OT' }).click();
    await teacher.page.waitForURL(/\/concerns\/\d+$/);
    // The teacher's own home marks seen too.
    await teacher.page.goto(`${env.server.base}/`);
    // Already on "/", so wait for the answer to the click, not for the address.
    await Promise.all([
      teacher.page.waitForEvent('framenavigated'),
      teacher.page.getByRole('button', { name: 'Mark all as seen' }).click(),
    ]);
    await teacher.page.waitForLoadState('load');
    expect(await teacher.page.locator('#new').textContent()).toContain('Nothing new.');

    const { page, problems } = await signedIn(MAYA, noScript);
    const fresh = page.locator('#new');
    expect(await fresh.textContent()).toContain('New concern from Priya Shah');
    await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name: 'Mark all as seen' }).click()]);
    await page.waitForLoadState('load');
    const after = (await fresh.textContent()) ?? '';
    expect(after).toContain('Nothing new.');
    expect(after).not.toContain('New concern from Priya Shah');
    expect(await page.getByRole('button', { name: 'Mark all as seen' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('Marked as seen');
    const maya = await env.server.db.user.findUniqueOrThrow({ where: { email: MAYA } });
    expect(maya.newSeenAt).not.toBeNull();

    // "Log it" (today's, or at a weekend the week's not logged yet) leads to the prefilled form.
    const today = page.locator('#today table a', { hasText: 'Log it' });
    const link = (await today.count()) > 0 ? today.first() : page.locator('#today ul a', { hasText: /^Log / }).first();
    const href = (await link.getAttribute('href'))!;
    const query = new URL(href, env.server.base).searchParams;
    const slot = await env.server.db.scheduleSlot.findUniqueOrThrow({ where: { id: Number(query.get('slot')) } });
    await link.click();
    await page.waitForURL((u) => u.pathname === '/sessions/new');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Log a (group )?session/);
    expect(await page.getByLabel('Date', { exact: true }).inputValue()).toBe(query.get('date'));
    expect(await page.getByLabel('Start time', { exact: true }).inputValue()).toBe(slot.startTime);
    expect(await page.getByLabel('Minutes', { exact: true }).inputValue()).toBe(String(slot.minutes));
    expect(await page.getByLabel('Place of service').inputValue()).toBe(slot.place);
    const formStudents = await page
      .locator('fieldset.session-student input[name="student"]')
      .evaluateAll((els) => els.map((e) => Number((e as HTMLInputElement).value)).sort((a, b) => a - b));
    expect(formStudents).toEqual(await slotStudents(slot.id));
    expect(problems).toEqual([]);
    expect(teacher.problems).toEqual([]);
  });
});
