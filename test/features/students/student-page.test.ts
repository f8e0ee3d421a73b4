// The student page as the hub: its summary (dates with their state, minutes this period with the
// numbers Home shows, Home's flags), goals with status and trend, what a teacher is not shown, the
// exit form behind its disclosure, and a number of queries that does not grow with the goals.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../../src/generated/prisma/client.js';
import { createApp } from '../../../src/app.js';
import { addDays, today } from '../../../src/calendar/dates.js';
import { createDb } from '../../../src/db/client.js';
import { minutesFor } from '../../../src/features/minutes/minutes.service.js';
import { sparkline, sparklineWords } from '../../../src/features/students/sparkline.js';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
const day = today(t.config.timeZone);

let ids: { student: number; quiet: number; ot: number };
let ot: Awaited<ReturnType<typeof signedIn>>;
let teacher: Awaited<ReturnType<typeof signedIn>>;
let otEmail: string;

/** Visible text with the tags stripped and spaces squeezed, to read sentences across markup. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  const school = await makeSchool(t.db);
  await t.db.schoolYear.create({ data: { name: 'This year', firstDay: addDays(day, -90), lastDay: addDays(day, 200) } });
  const therapist = await user(t.db, 'therapist');
  const teach = await user(t.db, 'teacher');
  otEmail = therapist.email;
  const s = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Ava',
    lastName: 'Stone',
    districtId: 'D-1001',
    therapistIds: [therapist.id],
    teacherIds: [teach.id],
  });
  // The annual review is 3 days overdue; the re-evaluation falls due in 10 days (within 30).
  await t.db.student.update({
    where: { id: s.id },
    data: { annualReviewDue: addDays(day, -3), reevaluationDue: addDays(day, 10), planStart: addDays(day, -300) },
  });
  await t.db.serviceMandate.create({
    data: {
      studentId: s.id,
      minutes: 60,
      period: 'week',
      delivery: 'pull_out',
      grouping: 'individual',
      startDate: addDays(day, -90),
      endDate: addDays(day, 200),
    },
  });
  // A goal whose last 4 points all fall short of its aim line, and one with no data at all.
  const below = await makeGoal(t.db, {
    studentId: s.id,
    measurement: 'percent',
    baselineValue: 20,
    baselineDate: addDays(day, -60),
    startDate: addDays(day, -60),
    targetValue: 80,
    targetDate: addDays(day, 60),
  });
  await makeGoal(t.db, { studentId: s.id, area: 'scissors', startDate: addDays(day, -60), baselineDate: addDays(day, -60) });
  // Sessions long ago (so "not seen" too), each with a point for the first goal.
  for (const [i, value] of [20, 22, 21, 23].entries()) {
    await makeSessionLog(t.db, {
      providerId: therapist.id,
      date: addDays(day, -40 + i),
      minutes: 30,
      students: [{ studentId: s.id, dataPoints: [{ goalId: below.id, value }] }],
    });
  }
  const quiet = await makeStudent(t.db, { schoolId: school.id, therapistIds: [therapist.id] });
  ids = { student: s.id, quiet: quiet.id, ot: therapist.id };
  ot = await signedIn(t.app, therapist.email);
  teacher = await signedIn(t.app, teach.email);
});

describe('the summary', () => {
  it('shows the next dates with their state, in words', async () => {
    const page = text((await ot.agent.get(`/students/${ids.student}`)).text);
    expect(page).toContain('District ID D-1001');
    expect(page).toMatch(/Annual review \w{3} \d{1,2}, \d{4} Overdue by 3 days/);
    expect(page).toMatch(/Re-evaluation \w{3} \d{1,2}, \d{4} Due soon, in 10 days/);
    expect(page).toContain('Next progress report Not set');
  });

  it('shows minutes this period and this school year with the numbers Home shows', async () => {
    const line = (await minutesFor(t.db, [ids.student], day)).get(ids.student)!.lines[0]!;
    expect(line.yearDue).toBeGreaterThan(0);
    const page = text((await ot.agent.get(`/students/${ids.student}`)).text);
    const n = (x: number) => x.toLocaleString('en-US');
    // Given and due apart, each with its unit ("30 min given; 6 min due so far", never "30 of 6 min").
    const due =
      line.due === 0 && line.delivered === 0 ? 'Nothing due yet' : `${n(line.delivered)} min given; ${n(line.due)} min due so far`;
    expect(page).toContain(`Direct service · ${line.periodLabel} ${due}`);
    expect(page).toContain(`School year to date: ${n(line.yearDelivered)} min given; ${n(line.yearDue)} min due`);
    expect(line.yearBehind).toBeGreaterThan(0);
    expect(page).toContain(`${n(line.yearBehind)} min behind`);
    expect(page).not.toMatch(/\d of [\d,]+ min/);
    // The minutes section below says it the same way.
    expect(page).toContain(`${n(line.yearDelivered)} min given; ${n(line.yearDue)} min due (${n(line.yearBehind)} min behind)`);
    // Home's minutes table: the same student, the same numbers, in cells that say given and due.
    const homeHtml = (await ot.agent.get('/')).text;
    const table = homeHtml.slice(homeHtml.indexOf('<section id="minutes"'));
    const row = new RegExp(`<th scope="row"[^>]*><a href="/students/${ids.student}#mandates"[\\s\\S]*?</tr>`).exec(table)![0];
    expect(row).toContain(`data-label="Given this school year">${n(line.yearDelivered)} min</td>`);
    expect(row).toContain(`data-label="Due this school year">${n(line.yearDue)} min</td>`);
    expect(row).toContain(`${n(line.yearBehind)} min behind`);
  });

  it("raises Home's flags for this student, and marks each goal", async () => {
    const html = (await ot.agent.get(`/students/${ids.student}`)).text;
    const page = text(html);
    expect(page).toContain('Below the aim line');
    expect(page).toContain('No data for 3 weeks');
    expect(page).toContain('Not seen for 14 days');
    expect(page).toContain('No recent data');
    // The goal's latest value against its target, with units, and its trend in words.
    expect(page).toContain('Latest 23% ');
    expect(page).toContain('target 80% by');
    expect(html).toContain('aria-label="Last 4 data points, oldest first: 20%, 22%, 21%, 23% (target 80%)"');
    const quiet = text((await ot.agent.get(`/students/${ids.quiet}`)).text);
    expect(quiet).not.toContain('Below the aim line');
    expect(quiet).toContain('No goals yet.');
  });

  it('shows a teacher the dates but no minutes, flags, goals or sessions', async () => {
    const res = await teacher.agent.get(`/students/${ids.student}`);
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('Overdue by 3 days');
    for (const hidden of ['Minutes this period', 'Flags', 'Below the aim line', 'Recent sessions', 'Latest 23%', 'href="#goals"'])
      expect(page + res.text, hidden).not.toContain(hidden);
    expect(res.text).toContain('href="#strategies"');
  });

  it('offers an in-page menu to the sections this user sees', async () => {
    const html = (await ot.agent.get(`/students/${ids.student}`)).text;
    const nav = /<nav class="section-nav"[\s\S]*?<\/nav>/.exec(html)![0];
    expect([...nav.matchAll(/href="#(\w+)"/g)].map((m) => m[1])).toEqual(['goals', 'sessions', 'notes', 'strategies', 'team', 'minutes']);
    for (const id of ['goals', 'sessions', 'notes', 'strategies', 'team', 'minutes']) expect(html).toContain(`id="${id}"`);
  });
});

describe('exit from services', () => {
  it('sits closed behind its disclosure, and opens again with what was typed and the message after a mistake', async () => {
    const s = await makeStudent(t.db, { schoolId: (await makeSchool(t.db)).id, therapistIds: [ids.ot] });
    const page = await ot.agent.get(`/students/${s.id}`);
    expect(page.text).toMatch(/<details>\s*<summary>Exit from services<\/summary>/);
    const bad = await ot.agent
      .post(`/students/${s.id}/exit`)
      .type('form')
      .send({ _csrf: ot.csrf, exitedOn: '2026-13-01', exitReason: 'Moved to another district', version: '1' });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/<details open>\s*<summary>Exit from services<\/summary>/);
    expect(bad.text).toContain('value="2026-13-01"');
    expect(bad.text).toContain('<option value="Moved to another district" selected>Moved to another district</option>');
    expect(bad.text).toMatch(/id="exit-exitedOn-error" class="field-error">Exit date is not a real date</);
    expect((await t.db.student.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('active');
  });
});

describe('queries', () => {
  it('are the same in number for one goal or many', async () => {
    const logged: string[] = [];
    const db = createDb(t.config.databaseUrl, { countQueries: true }) as unknown as PrismaClient<'query'>;
    db.$on('query', (e) => logged.push(e.query));
    const { app } = createApp({ config: t.config, db: db as never });
    const agent = (await signedIn(app, otEmail)).agent;
    const s = await makeStudent(t.db, { schoolId: (await makeSchool(t.db)).id, therapistIds: [ids.ot] });
    const count = async () => {
      logged.length = 0;
      expect((await agent.get(`/students/${s.id}`)).status).toBe(200);
      return logged.length;
    };
    const addGoal = async (i: number) => {
      const g = await makeGoal(t.db, { studentId: s.id, baselineDate: addDays(day, -30), startDate: addDays(day, -30) });
      await makeSessionLog(t.db, {
        providerId: ids.ot,
        date: addDays(day, -20 + i),
        startTime: `0${i}:00`,
        students: [{ studentId: s.id, dataPoints: [{ goalId: g.id, value: 40 + i }] }],
      });
    };
    await addGoal(1);
    const one = await count();
    expect(one).toBeGreaterThan(10);
    for (let i = 2; i <= 6; i++) await addGoal(i);
    expect(await count()).toBe(one);
    // The page reads the student once and each list in one statement (it took 47 before).
    expect(one).toBeLessThanOrEqual(25);
    await db.$disconnect();
  });
});

describe('the sparkline', () => {
  const goal = { baselineValue: 20, baselineDate: new Date('2026-09-01'), targetValue: 80, targetDate: new Date('2027-06-01') };
  const at = (n: number, value: number) => ({ date: new Date(Date.UTC(2026, 8, n)), value });

  it('needs two points, draws the last 8, and puts progress upward whichever way the goal runs', () => {
    expect(sparkline(goal, [at(2, 30)])).toBeNull();
    const up = sparkline(goal, [at(2, 30), at(3, 60)])!;
    expect(up.path.split(' L').length).toBe(2);
    expect(up.last.y).toBeLessThan(Number(up.path.split(' ')[1])); // the higher value sits higher
    const many = sparkline(
      goal,
      Array.from({ length: 12 }, (_, i) => at(i + 2, 30 + i)),
    )!;
    expect(many.path.split(' L').length).toBe(8);
    // Prompt levels: lower is progress, so a falling value is drawn rising.
    const prompt = { ...goal, baselineValue: 5, targetValue: 1 };
    const less = sparkline(prompt, [at(2, 5), at(3, 2)])!;
    expect(less.last.y).toBeLessThan(Number(less.path.split(' ')[1]));
  });

  it('says the same in words', () => {
    expect(sparklineWords([], String, '80%')).toBe('No data yet');
    expect(sparklineWords([at(2, 30)], (v) => `${v}%`, '80%')).toBe('Last data point: 30% (target 80%)');
  });
});
