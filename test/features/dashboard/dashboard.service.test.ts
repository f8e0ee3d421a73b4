// The home page's sections read on fixed days (the HTTP tests read the real today), and the
// page's number of queries, which must not grow with the caseload.
import { afterAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../../src/app.js';
import { addDays, parseDay } from '../../../src/calendar/dates.js';
import { loadConfig } from '../../../src/config.js';
import { createDb } from '../../../src/db/client.js';
import type { PrismaClient } from '../../../src/generated/prisma/client.js';
import { dayInWords, newForTherapist, therapistDashboard } from '../../../src/features/dashboard/dashboard.service.js';
import { createViews } from '../../../src/web/render.js';
import { viewHelpers } from '../../../src/web/view-helpers.js';
import { freshDatabaseUrl } from '../../helpers/db.js';
import { PASSWORD, csrfFrom, makeGoal, makeProgressNote, makeSchool, makeSessionLog, makeStudent, user } from '../../helpers/app.js';

// A client that counts every SQL statement it sends, under an app of its own.
const url = freshDatabaseUrl();
const db = createDb(url, { countQueries: true }) as unknown as PrismaClient<'query'>;
let queries = 0;
db.$on('query', () => {
  queries += 1;
});
afterAll(() => db.$disconnect());
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' });
const { app } = createApp({ config, db });

const wednesday = parseDay('2026-12-02')!;
const monday = parseDay('2026-11-30')!;
const asUser = (u: { id: number; email: string; name: string }) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: 'therapist' as const,
  assistant: false,
  mustChangePassword: false,
});

/** A therapist with `n` students, each with the same records: a mandate, a goal with data, a
 *  session, a report date, a weekly slot, a concern and a strategy with a teacher's word. */
async function caseload(n: number) {
  const school = await makeSchool(db);
  const ot = await user(db, 'therapist');
  const teacher = await user(db, 'teacher');
  const students = [];
  for (let i = 0; i < n; i++) {
    const s = await makeStudent(db, { schoolId: school.id, therapistIds: [ot.id], teacherIds: [teacher.id] });
    students.push(s);
    await db.student.update({ where: { id: s.id }, data: { annualReviewDue: addDays(wednesday, 10 + i) } });
    await db.serviceMandate.create({
      data: {
        studentId: s.id,
        minutes: 60,
        period: 'week',
        delivery: 'pull_out',
        grouping: 'individual',
        startDate: parseDay('2026-09-01')!,
        endDate: parseDay('2027-06-15')!,
      },
    });
    const goal = await makeGoal(db, { studentId: s.id });
    await makeSessionLog(db, {
      providerId: ot.id,
      date: monday,
      students: [{ studentId: s.id, dataPoints: [{ goalId: goal.id, value: 40 }] }],
    });
    await db.progressReportDate.create({ data: { studentId: s.id, dueOn: addDays(wednesday, 5) } });
    await makeProgressNote(db, { studentId: s.id, createdById: ot.id, status: 'final', sharedAt: new Date() });
    await db.scheduleSlot.create({
      data: {
        providerId: ot.id,
        weekday: 1 + (i % 5),
        startTime: '09:00',
        minutes: 30,
        serviceType: 'individual',
        fromDate: parseDay('2026-09-01')!,
        toDate: parseDay('2027-06-15')!,
        students: { create: { studentId: s.id } },
      },
    });
    await db.concern.create({
      data: { teacherId: teacher.id, schoolId: school.id, studentId: s.id, signs: 'pencil', example: 'Tight grip.' },
    });
    const a = await db.studentStrategy.create({ data: { studentId: s.id, strategyKey: 'hw-raised-lines', assignedById: ot.id } });
    await db.strategyFeedback.create({ data: { studentStrategyId: a.id, teacherId: teacher.id, tried: true, helped: 'yes' } });
  }
  return { ot, teacher, students };
}

async function agentFor(email: string) {
  const agent = request.agent(app);
  const page = await agent.get('/sign-in');
  await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password: PASSWORD })
    .expect(303);
  return agent;
}

/** The queries one GET / costs, after a first visit warms the session. */
async function queriesForHome(email: string) {
  const agent = await agentFor(email);
  await agent.get('/').expect(200);
  queries = 0;
  const res = await agent.get('/');
  expect(res.status).toBe(200);
  return { count: queries, page: res.text };
}

describe('the home page', () => {
  it('runs the same number of queries for 5 students as for 25', async () => {
    const small = await caseload(5);
    const large = await caseload(25);
    const a = await queriesForHome(small.ot.email);
    const b = await queriesForHome(large.ot.email);
    expect(a.page).toContain(`/students/${small.students[0]!.id}`);
    expect(b.page).toContain(`/students/${large.students[24]!.id}`);
    expect(b.count).toBe(a.count);
    // A ceiling, so a new query per section is a choice made on purpose (29 with the minutes and schedule).
    expect(a.count).toBeLessThan(35);
    // The teacher's home too.
    const ta = await queriesForHome(small.teacher.email);
    const tb = await queriesForHome(large.teacher.email);
    expect(tb.count).toBe(ta.count);
  });
});

describe("today's sessions", () => {
  it("lists the day's sessions with one action each, and the week's past ones not logged", async () => {
    const school = await makeSchool(db);
    const ot = await user(db, 'therapist');
    const [ava, ben, cleo] = await Promise.all(
      ['Ava', 'Ben', 'Cleo'].map((firstName) =>
        makeStudent(db, { schoolId: school.id, firstName, lastName: 'Lee', therapistIds: [ot.id] }),
      ),
    );
    const slot = (weekday: number, startTime: string, studentId: number) =>
      db.scheduleSlot.create({
        data: {
          providerId: ot.id,
          weekday,
          startTime,
          minutes: 30,
          serviceType: 'individual',
          fromDate: parseDay('2026-09-01')!,
          toDate: parseDay('2027-06-15')!,
          students: { create: { studentId } },
        },
      });
    const monAva = await slot(1, '09:00', ava!.id);
    await slot(2, '10:00', ben!.id);
    const wedAva = await slot(3, '09:00', ava!.id);
    const wedBen = await slot(3, '13:00', ben!.id);
    const wedCleo = await slot(3, '14:00', cleo!.id);
    // Monday's is logged; Tuesday's is not; Wednesday's 13:00 is cancelled.
    const logged = await makeSessionLog(db, { providerId: ot.id, date: monday, students: [{ studentId: ava!.id }] });
    await db.sessionLog.update({ where: { id: logged.id }, data: { scheduleSlotId: monAva.id, scheduledFor: monday } });
    await db.scheduleChange.create({ data: { slotId: wedBen.id, date: wednesday, cancelled: true, reason: 'Class trip' } });

    const d = await therapistDashboard(db, asUser(ot), wednesday, '11:00');
    expect(d.schedule.occurrences.map((o) => o.slotId)).toEqual([wedAva.id, wedBen.id, wedCleo.id]);
    expect(d.schedule.occurrences[1]!.cancelled).toBe(true);
    // Not logged: Tuesday's, and today's 09:00 (over by 11:00); not the logged Monday, the cancelled or the one to come.
    expect(d.schedule.notLogged.map((o) => o.startTime)).toEqual(['10:00', '09:00']);
    expect(d.schedule.notLogged[1]!.slotId).toBe(wedAva.id);

    // As the page shows it: one action a session, the cancelled one struck through with its reason.
    const html = createViews(false).render('dashboard/_today', { ...d, day: dayInWords(wednesday), h: viewHelpers, can: () => true });
    expect(html).toContain('Today, Wednesday, December 2, 2026');
    expect(html).toContain(`href="/sessions/new?slot=${wedAva.id}&amp;date=2026-12-02" role="button" class="small">Log it`);
    expect(html).toMatch(/<tr class="dash-cancelled">[\s\S]*?<strong>Cancelled<\/strong>: Class trip/);
    expect(html).toContain('Cleo L.');
    expect(html).toContain(`Log Dec 1, 2026, 10:00: Ben L.`);
  });
});

describe('progress reports due', () => {
  it('are done by a final note for the time since the previous report date, and overdue without one', async () => {
    const school = await makeSchool(db);
    const ot = await user(db, 'therapist');
    const [written, draftOnly, late] = await Promise.all(
      ['Written', 'Draft', 'Late'].map((lastName) =>
        makeStudent(db, { schoolId: school.id, firstName: 'Report', lastName, therapistIds: [ot.id] }),
      ),
    );
    for (const s of [written!, draftOnly!, late!]) {
      await db.progressReportDate.createMany({
        data: [
          { studentId: s.id, dueOn: parseDay('2026-08-01')! },
          { studentId: s.id, dueOn: parseDay('2026-11-20')! },
          { studentId: s.id, dueOn: parseDay('2026-12-10')! },
        ],
      });
    }
    // A final note for Aug 2 - Nov 19 covers the report of Nov 20 (and only it).
    await makeProgressNote(db, {
      studentId: written!.id,
      createdById: ot.id,
      status: 'final',
      periodStart: parseDay('2026-08-02')!,
      periodEnd: parseDay('2026-11-19')!,
    });
    await makeProgressNote(db, { studentId: draftOnly!.id, createdById: ot.id, status: 'draft', periodEnd: parseDay('2026-11-19')! });
    // A note for a time before the previous report date does not cover this one.
    await makeProgressNote(db, { studentId: late!.id, createdById: ot.id, status: 'final', periodEnd: parseDay('2026-07-30')! });

    const d = await therapistDashboard(db, asUser(ot), wednesday, '12:00');
    const reports = d.due
      .filter((x) => x.kind === 'report')
      .flatMap((x) => x.students.map((s) => `${s.lastName} ${x.dueOn.toISOString().slice(0, 10)} ${x.daysOverdue}`));
    expect(reports).toEqual([
      // Aug 1 is more than 30 days ago but still within the year: overdue for those with no note then.
      'Draft 2026-08-01 123',
      'Written 2026-08-01 123',
      'Draft 2026-11-20 12',
      'Late 2026-11-20 12',
      'Draft 2026-12-10 -8',
      'Late 2026-12-10 -8',
      'Written 2026-12-10 -8',
    ]);
    // Three due the same day read as one line that leads to the notes tracker.
    expect(d.due.filter((x) => x.kind === 'report').map((x) => x.what)).toEqual([
      'Progress report',
      'Progress report',
      'Progress report',
      'Progress report',
      'Progress reports (3 students)',
    ]);
    expect(d.due.find((x) => x.students.length === 3)?.href).toBe('/notes');
  });
});

describe('a schedule that gives less than the plan', () => {
  it('is flagged with the weekly minutes scheduled against the plan, and stops when a session is added', async () => {
    const { ot, students } = await caseload(1);
    const student = students[0]!;
    let d = await therapistDashboard(db, asUser(ot), wednesday, '12:00');
    // The plan gives 60 min a week; the schedule has one 30-minute session a week.
    expect(d.attention.underScheduled.map((u) => [u.student.id, u.scheduled, u.planned])).toEqual([[student.id, 30, 60]]);
    // A one-off session is not part of the week's pattern; a second weekly session is.
    const slot = (weekday: number, fromDate: Date, toDate: Date) =>
      db.scheduleSlot.create({
        data: {
          providerId: ot.id,
          weekday,
          startTime: '13:00',
          minutes: 30,
          serviceType: 'individual',
          fromDate,
          toDate,
          students: { create: { studentId: student.id } },
        },
      });
    await slot(3, wednesday, wednesday);
    d = await therapistDashboard(db, asUser(ot), wednesday, '12:00');
    expect(d.attention.underScheduled).toHaveLength(1);
    await slot(4, parseDay('2026-09-01')!, parseDay('2027-06-15')!);
    d = await therapistDashboard(db, asUser(ot), wednesday, '12:00');
    expect(d.attention.underScheduled).toEqual([]);
  });
});

describe('what is new for a therapist', () => {
  it("lists teachers' words on their own students' strategies since they last looked, and no one else's", async () => {
    const { ot, teacher, students } = await caseload(2);
    const stranger = await caseload(1);
    const later = new Date(Date.now() + 60_000);
    const a = await db.studentStrategy.create({
      data: { studentId: students[1]!.id, strategyKey: 'hw-raised-lines', assignedById: ot.id },
    });
    const recent = await db.strategyFeedback.create({
      data: {
        studentStrategyId: a.id,
        teacherId: teacher.id,
        tried: false,
        helped: 'no',
        comment: 'Not yet.',
        createdAt: addDays(later, 1),
      },
    });
    const all = await newForTherapist(db as never, asUser(ot), null);
    expect(all.feedback.map((f) => f.student.id).sort()).toEqual([students[0]!.id, students[1]!.id, students[1]!.id].sort());
    expect(all.feedback[0]).toMatchObject({ id: recent.id, tried: false, helped: 'no', comment: 'Not yet.', teacher: teacher.name });
    expect(all.feedback[0]!.student).toEqual({
      id: students[1]!.id,
      firstName: students[1]!.firstName,
      lastName: students[1]!.lastName,
      preferredName: students[1]!.preferredName,
    });
    expect(all.feedback.map((f) => f.student.id)).not.toContain(stranger.students[0]!.id);
    const since = await newForTherapist(db as never, asUser(ot), later);
    expect(since.feedback.map((f) => f.id)).toEqual([recent.id]);
  });

  it("lists an OT's assistants' signed sessions waiting for co-signature, ten of them and how many in all", async () => {
    const { ot, students } = await caseload(1);
    const assistant = await user(db, 'therapist');
    const other = await user(db, 'therapist');
    const log = async (day: number, fields: { supervisorId?: number; signed?: boolean; voided?: boolean; cosigned?: boolean } = {}) => {
      const s = await makeSessionLog(db, {
        providerId: assistant.id,
        supervisorId: fields.supervisorId ?? ot.id,
        date: addDays(monday, -day),
        students: [{ studentId: students[0]!.id }],
      });
      await db.sessionLog.update({
        where: { id: s.id },
        data: {
          signedAt: fields.signed === false ? null : new Date(),
          voidedAt: fields.voided ? new Date() : null,
          cosignedAt: fields.cosigned ? new Date() : null,
        },
      });
      return s.id;
    };
    const waiting = [];
    for (let day = 12; day >= 1; day--) waiting.push(await log(day));
    await log(13, { signed: false });
    await log(14, { voided: true });
    await log(15, { cosigned: true });
    await log(16, { supervisorId: other.id });
    const fresh = await newForTherapist(db as never, { ...asUser(ot) }, null);
    expect(fresh.toCosignTotal).toBe(12);
    expect(fresh.toCosign.map((s) => s.id)).toEqual(waiting.slice(0, 10));
    expect(fresh.toCosign[0]).toMatchObject({
      date: addDays(monday, -12),
      startTime: '09:00',
      minutes: 30,
      provider: { name: assistant.name },
    });
    const none = await newForTherapist(db as never, asUser(other), null);
    expect([none.toCosign, none.toCosignTotal]).toEqual([[], 0]);
  });
});
