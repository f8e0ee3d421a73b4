// minutesFor against a real database: what it reads (sessions that count, each child's own row,
// the district's school calendar and make-up rule), and that its queries do not grow with students.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDay } from '../../../src/calendar/dates.js';
import { createDb } from '../../../src/db/client.js';
import type { PrismaClient } from '../../../src/generated/prisma/client.js';
import { caseloadTotals, minutesFor } from '../../../src/features/minutes/minutes.service.js';
import { freshDatabaseUrl } from '../../helpers/db.js';
import { makeSchool, makeSessionLog, makeStudent, user } from '../../helpers/app.js';

// A client that counts every SQL statement it sends.
const db = createDb(freshDatabaseUrl(), { countQueries: true }) as unknown as PrismaClient<'query'>;
let queries = 0;
db.$on('query', () => {
  queries += 1;
});
afterAll(() => db.$disconnect());

const d = (text: string) => parseDay(text)!;
/** Friday of the week of Nov 30 2026. */
const friday = d('2026-12-04');

let otId: number;
let schoolId: number;
let ana: number;
let ben: number;

async function mandate(studentId: number, fields: { minutes: number; period: 'week' | 'month'; delivery?: 'pull_out' | 'consultation' }) {
  await db.serviceMandate.create({
    data: {
      studentId,
      minutes: fields.minutes,
      period: fields.period,
      delivery: fields.delivery ?? 'pull_out',
      grouping: 'individual',
      startDate: d('2026-09-08'),
      endDate: d('2027-06-18'),
    },
  });
}

beforeAll(async () => {
  // The district's year, and a day off at this school only: Fri Dec 4 (a staff training day).
  schoolId = (await makeSchool(db)).id;
  await db.schoolYear.create({ data: { name: '2026-27', firstDay: d('2026-09-08'), lastDay: d('2027-06-18') } });
  await db.dayOff.create({ data: { name: 'Staff training', schoolId, startDate: friday, endDate: friday } });
  otId = (await user(db, 'therapist')).id;
  ana = (await makeStudent(db, { schoolId, therapistIds: [otId] })).id;
  ben = (await makeStudent(db, { schoolId, therapistIds: [otId] })).id;
  await mandate(ana, { minutes: 90, period: 'week' });
  await mandate(ben, { minutes: 120, period: 'month' });
  await mandate(ben, { minutes: 30, period: 'month', delivery: 'consultation' });

  // A group session for both: Ben left after 20 minutes.
  await makeSessionLog(db, {
    providerId: otId,
    date: d('2026-11-30'),
    minutes: 30,
    serviceType: 'group',
    students: [{ studentId: ana }, { studentId: ben, minutes: 20 }],
  });
  // Ana's session missed by the therapist on Tuesday, made up on Wednesday.
  const missed = await makeSessionLog(db, {
    providerId: otId,
    date: d('2026-12-01'),
    students: [{ studentId: ana, attendance: 'therapist_absent' }],
  });
  await makeSessionLog(db, {
    providerId: otId,
    date: d('2026-12-02'),
    students: [{ studentId: ana, makeUpForId: missed.students[0]!.id }],
  });
  // An evaluation and a voided session count for nothing.
  await makeSessionLog(db, {
    providerId: otId,
    date: d('2026-12-02'),
    minutes: 60,
    serviceType: 'evaluation',
    students: [{ studentId: ana }],
  });
  const voided = await makeSessionLog(db, { providerId: otId, date: d('2026-12-01'), minutes: 45, students: [{ studentId: ben }] });
  await db.sessionLog.update({ where: { id: voided.id }, data: { voidedAt: new Date(), voidReason: 'Entered in error' } });
  // Ben's consultation with his teacher.
  await makeSessionLog(db, {
    providerId: otId,
    date: d('2026-12-03'),
    minutes: 25,
    serviceType: 'consultation',
    students: [{ studentId: ben }],
  });
});

describe('minutesFor', () => {
  it('counts each child of a group fully, make-ups as delivered, and skips evaluations and voided sessions', async () => {
    const all = await minutesFor(db, [ana, ben], friday);
    const a = all.get(ana)!;
    // The week of Nov 30 has 4 school days at this school (Friday is off): 90 due by Thursday.
    expect(a.lines).toEqual([
      expect.objectContaining({
        kind: 'direct',
        periodLabel: 'This week (Nov 30 – Dec 4)',
        due: 90,
        delivered: 60,
        behind: 30,
        duePeriod: 90,
      }),
    ]);
    expect(a.makeUps).toEqual([{ cause: 'therapist_absent', mustMakeUp: true, missed: 30, madeUp: 30, owed: 0, sessions: 1 }]);
    const b = all.get(ben)!;
    // December has 22 school days here (23 weekdays less Friday's training): Dec 1-3 owe 3/22 of 120.
    const direct = b.lines.find((l) => l.kind === 'direct')!;
    expect([direct.periodLabel, direct.due, direct.delivered, direct.duePeriod]).toEqual(['December', 16, 0, 120]);
    // November's group session (20 of its minutes) counts in the school year.
    expect([direct.yearStart, direct.yearDelivered]).toEqual([d('2026-09-08'), 20]);
    const consultation = b.lines.find((l) => l.kind === 'consultation')!;
    expect([consultation.due, consultation.delivered, consultation.behind]).toEqual([4, 25, 0]);
  });

  it('follows the district rule for which missed sessions are owed', async () => {
    await db.districtSetting.upsert({
      where: { id: 1 },
      create: { id: 1, makeUpCauses: 'student_absent' },
      update: { makeUpCauses: 'student_absent' },
    });
    try {
      const a = (await minutesFor(db, [ana], friday)).get(ana)!;
      expect(a.makeUps).toEqual([{ cause: 'therapist_absent', mustMakeUp: false, missed: 30, madeUp: 30, owed: 0, sessions: 1 }]);
    } finally {
      await db.districtSetting.update({ where: { id: 1 }, data: { makeUpCauses: 'therapist_absent,school_closed' } });
    }
  });

  it('stops what is due on the day a student exited', async () => {
    await db.student.update({ where: { id: ana }, data: { exitedOn: d('2026-12-01') } });
    try {
      const line = (await minutesFor(db, [ana], friday)).get(ana)!.lines[0]!;
      // Mon-Tue of 4 school days.
      expect([line.due, line.duePeriod, line.delivered]).toEqual([45, 45, 60]);
    } finally {
      await db.student.update({ where: { id: ana }, data: { exitedOn: null } });
    }
  });

  it('answers nothing, without a query, for no students; a student with no mandate has no lines', async () => {
    queries = 0;
    expect((await minutesFor(db, [], friday)).size).toBe(0);
    expect(queries).toBe(0);
    const none = (await makeStudent(db, { schoolId, therapistIds: [otId] })).id;
    expect((await minutesFor(db, [none], friday)).get(none)).toEqual({ studentId: none, lines: [], makeUps: [], owed: 0 });
  });

  it('reads in the same number of queries for 2 students or 12, at two schools', async () => {
    const other = (await makeSchool(db)).id;
    const more: number[] = [];
    for (let i = 0; i < 10; i++) {
      const id = (await makeStudent(db, { schoolId: i % 2 ? schoolId : other, therapistIds: [otId] })).id;
      await mandate(id, { minutes: 60, period: 'week' });
      await makeSessionLog(db, { providerId: otId, date: d('2026-12-01'), students: [{ studentId: id }] });
      more.push(id);
    }
    queries = 0;
    await minutesFor(db, [ana, ben], friday);
    const few = queries;
    queries = 0;
    const all = await minutesFor(db, [ana, ben, ...more], friday);
    expect(queries).toBe(few);
    expect(few).toBeLessThanOrEqual(8);
    // Caseload totals, of the direct lines, on Friday: due counts Mon-Thu. Each new student had one
    // 30-minute session. The 5 at the first school, where Friday is off, owe their whole 60 by
    // Thursday (4 school days carry the week); the 5 at the other owe 4 of 5 days, 48.
    const totals = caseloadTotals(all.values());
    expect([totals.due, totals.delivered]).toEqual([90 + 16 + 5 * 60 + 5 * 48, 60 + 0 + 10 * 30]);
    expect(totals.behind).toBe(30 + 16 + 5 * 30 + 5 * 18);
    expect(totals.owed).toBe(0);
    // The school year from Tue Sep 8, before today. No year before it is entered, so the weekdays
    // before Sep 8 are school days too: the week of Sep 7 has 5, and a mandate from Sep 8 owes 4/5
    // of it; September has 22, 17 of them from Sep 8. No days off but this Friday.
    // Ana: 72 + 11 whole weeks (Sep 14 - Nov 27) * 90 + this week's 90 = 1152.
    // Ben: 120 * 17/22 + October's and November's 120 + Dec 1-3's 120 * 3/22 = 349.09.
    // The new students: 48 + 11 * 60 + this week's 60 (Friday off) or 48 = 768 or 756.
    // Everyone is behind for the year.
    const yearDue = 1152 + 349 + 5 * 768 + 5 * 756;
    const yearDelivered = 60 + 20 + 10 * 30;
    expect([totals.yearDue, totals.yearDelivered, totals.yearBehind]).toEqual([yearDue, yearDelivered, yearDue - yearDelivered]);
  });

  it('reads in the same number of queries for 1 session or 1,200 (more than SQLite binds at once)', async () => {
    const one = (await makeStudent(db, { schoolId, therapistIds: [otId] })).id;
    const many = (await makeStudent(db, { schoolId, therapistIds: [otId] })).id;
    await mandate(one, { minutes: 60, period: 'week' });
    await mandate(many, { minutes: 60, period: 'week' });
    await makeSessionLog(db, { providerId: otId, date: d('2026-11-02'), minutes: 1, students: [{ studentId: one }] });
    const session = { providerId: otId, date: d('2026-11-02'), startTime: '09:00', minutes: 1, serviceType: 'individual' as const };
    await db.sessionLog.createMany({ data: Array.from({ length: 1200 }, () => session) });
    const logs = await db.sessionLog.findMany({ where: { students: { none: {} } }, select: { id: true } });
    await db.sessionStudent.createMany({ data: logs.map((l) => ({ sessionId: l.id, studentId: many, attendance: 'attended' as const })) });
    queries = 0;
    const few = (await minutesFor(db, [one], friday)).get(one)!;
    const fewQueries = queries;
    queries = 0;
    const lots = (await minutesFor(db, [many], friday)).get(many)!;
    expect(queries).toBe(fewQueries);
    expect([few.lines[0]!.yearDelivered, lots.lines[0]!.yearDelivered]).toEqual([1, 1200]);
  });
});
