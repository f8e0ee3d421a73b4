import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, parseDay, today, weekStartOf } from '../../../src/calendar/dates.js';
import { minutesFor } from '../../../src/features/minutes/minutes.service.js';
import { makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let ot: Awaited<ReturnType<typeof signedIn>>;
let schoolId: number;
let therapistId: number;
let studentId: number;
const mandate = { minutes: '30', period: 'week', delivery: 'push_in', grouping: 'group', startDate: '2026-09-02', endDate: '2027-06-11' };

beforeAll(async () => {
  schoolId = (await makeSchool(t.db)).id;
  const therapist = await user(t.db, 'therapist');
  therapistId = therapist.id;
  studentId = (await makeStudent(t.db, { schoolId, therapistIds: [therapist.id] })).id;
  ot = await signedIn(t.app, therapist.email);
});

describe('service mandates', () => {
  it('are added and shown in words; htmx gets only the section', async () => {
    // A student of its own, so the count below counts only what this test adds.
    const studentId = (await makeStudent(t.db, { schoolId, therapistIds: [therapistId] })).id;
    const res = await ot.agent
      .post(`/students/${studentId}/mandates`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ _csrf: ot.csrf, ...mandate });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('30 minutes a week, in class, group');
    expect(res.text).toContain('Mandate added.');
    await ot.agent
      .post(`/students/${studentId}/mandates`)
      .type('form')
      .send({ _csrf: ot.csrf, ...mandate, minutes: '60', period: 'month', delivery: 'consultation', grouping: 'individual' });
    const page = await ot.agent.get(`/students/${studentId}`);
    expect(page.text).toContain('60 minutes a month, consultation with staff, individual');
    expect(await t.db.serviceMandate.count({ where: { studentId } })).toBe(2);
  });

  it('may be given as a cycle of four school weeks (the 3:1 model)', async () => {
    const sid = (await makeStudent(t.db, { schoolId, therapistIds: [therapistId] })).id;
    const res = await ot.agent
      .post(`/students/${sid}/mandates`)
      .type('form')
      .send({ _csrf: ot.csrf, ...mandate, minutes: '90', period: 'four_weeks', delivery: 'pull_out' });
    expect(res.status).toBe(303);
    const page = await ot.agent.get(`/students/${sid}`);
    expect(page.text).toContain('90 minutes a cycle of four school weeks (3:1 model), pulled out of class, group');
    expect(await t.db.serviceMandate.findFirstOrThrow({ where: { studentId: sid } })).toMatchObject({ period: 'four_weeks' });
  });

  it.each([
    [{ minutes: '0' }, 'minutes', 'Enter at least 1 minute'],
    [{ minutes: 'lots' }, 'minutes', 'Enter the minutes as a number'],
    [{ endDate: '2026-08-01' }, 'endDate', 'The end date comes after the start date'],
    [{ endDate: '2028-09-01' }, 'endDate', 'at most a plan year'],
    [{ startDate: '2026-02-31' }, 'startDate', 'not a real date'],
    [{ period: 'fortnight' }, 'period', 'Choose how often'],
  ])('refuse %o next to the field, keeping the input, writing nothing', async (change, field, message) => {
    const before = await t.db.serviceMandate.count();
    const res = await ot.agent
      .post(`/students/${studentId}/mandates`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ _csrf: ot.csrf, ...mandate, ...change });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="mandate-${field}-error" class="field-error">[^<]*${message}`));
    const typed = Object.values(change)[0];
    expect(res.text).toContain(field === 'period' ? 'value="2026-09-02"' : `value="${typed}"`);
    expect(await t.db.serviceMandate.count()).toBe(before);
  });

  it('without JavaScript, an error shows on the whole page', async () => {
    const res = await ot.agent
      .post(`/students/${studentId}/mandates`)
      .type('form')
      .send({ _csrf: ot.csrf, ...mandate, minutes: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<html');
    expect(res.text).toContain('id="mandate-minutes-error"');
  });

  it('are removed', async () => {
    const m = await t.db.serviceMandate.create({
      data: {
        studentId,
        minutes: 30,
        period: 'week',
        delivery: 'push_in',
        grouping: 'group',
        startDate: new Date('2026-09-02'),
        endDate: new Date('2027-06-11'),
      },
    });
    const res = await ot.agent
      .post(`/students/${studentId}/mandates/remove`)
      .type('form')
      .send({ _csrf: ot.csrf, mandateId: String(m.id) });
    expect(res.status).toBe(303);
    expect(await t.db.serviceMandate.count({ where: { id: m.id } })).toBe(0);
  });

  it('cannot be changed by a teacher or another therapist, nor removed across students', async () => {
    const teacher = await user(t.db, 'teacher');
    const other = await user(t.db, 'therapist');
    const tSession = await signedIn(t.app, teacher.email);
    const oSession = await signedIn(t.app, other.email);
    expect(
      (
        await tSession.agent
          .post(`/students/${studentId}/mandates`)
          .type('form')
          .send({ _csrf: tSession.csrf, ...mandate })
      ).status,
    ).toBe(403);
    expect(
      (
        await oSession.agent
          .post(`/students/${studentId}/mandates`)
          .set('HX-Request', 'true')
          .type('form')
          .send({ _csrf: oSession.csrf, ...mandate })
      ).status,
    ).toBe(404);
    const school = await makeSchool(t.db);
    const otherStudent = await makeStudent(t.db, { schoolId: school.id, therapistIds: [other.id] });
    const theirs = await t.db.serviceMandate.create({
      data: {
        studentId: otherStudent.id,
        minutes: 20,
        period: 'week',
        delivery: 'pull_out',
        grouping: 'individual',
        startDate: new Date('2026-09-01'),
        endDate: new Date('2027-06-01'),
      },
    });
    const res = await ot.agent
      .post(`/students/${studentId}/mandates/remove`)
      .type('form')
      .send({ _csrf: ot.csrf, mandateId: String(theirs.id) });
    expect(res.status).toBe(404);
    expect(await t.db.serviceMandate.count({ where: { id: theirs.id } })).toBe(1);
  });
});

describe('amending service minutes', () => {
  const day = (text: string) => parseDay(text)!;
  /** 90 minutes a month, pulled out, individual, for a school year (ends after today, so it may be amended). */
  async function monthly(forStudent = studentId, fields: { startDate?: Date; endDate?: Date } = {}) {
    return t.db.serviceMandate.create({
      data: {
        studentId: forStudent,
        minutes: 90,
        period: 'month',
        delivery: 'pull_out',
        grouping: 'individual',
        startDate: fields.startDate ?? day('2026-09-02'),
        endDate: fields.endDate ?? addDays(today('UTC'), 200),
      },
    });
  }
  const amend = (session: typeof ot, sid: number, fields: Record<string, string>, htmx = false) => {
    const req = session.agent.post(`/students/${sid}/mandates/amend`).type('form');
    if (htmx) req.set('HX-Request', 'true');
    return req.send({ _csrf: session.csrf, ...fields });
  };

  it('ends the old minutes the day before and starts the new ones, in words on the page', async () => {
    const sid = (await makeStudent(t.db, { schoolId, therapistIds: [therapistId] })).id;
    const old = await monthly(sid);
    const page = await ot.agent.get(`/students/${sid}`);
    expect(page.text).toContain(`id="amend-${old.id}-minutes"`);
    const res = await amend(ot, sid, { mandateId: String(old.id), minutes: '120', period: 'month', effectiveDate: '2027-01-05' });
    expect(res.status).toBe(303);
    const [before, after] = await t.db.serviceMandate.findMany({ where: { studentId: sid }, orderBy: { id: 'asc' } });
    expect(before).toMatchObject({ id: old.id, minutes: 90, startDate: day('2026-09-02'), endDate: day('2027-01-04') });
    expect(after).toMatchObject({
      minutes: 120,
      period: 'month',
      delivery: 'pull_out',
      grouping: 'individual',
      startDate: day('2027-01-05'),
      endDate: old.endDate,
      replacesId: old.id,
    });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'student.mandate.amended', studentId: sid } });
    expect(audit).toMatchObject({ targetType: 'mandate', targetId: String(after!.id) });
    const shown = await ot.agent.get(`/students/${sid}`);
    expect(shown.text).toContain('120 min a month from Jan 5, 2027 (amended; was 90 min a month)');
    expect(shown.text).toContain('Sep 2, 2026 to Jan 4, 2027, then amended to 120 min a month');
    // The old minutes may not be amended a second time; the new ones may.
    expect(shown.text).not.toContain(`id="amend-${old.id}-minutes"`);
    expect(shown.text).toContain(`id="amend-${after!.id}-minutes"`);
  });

  it('with htmx, swaps the section with its message; a 3:1 cycle is a choice', async () => {
    const sid = (await makeStudent(t.db, { schoolId, therapistIds: [therapistId] })).id;
    const old = await monthly(sid);
    const res = await amend(ot, sid, { mandateId: String(old.id), minutes: '90', period: 'four_weeks', effectiveDate: '2026-11-02' }, true);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('Minutes amended.');
    expect(res.text).toContain('90 min a cycle of four school weeks (3:1 model) from Nov 2, 2026 (amended; was 90 min a month)');
  });

  it.each([
    [{ minutes: '0' }, 'minutes', 'Enter at least 1 minute'],
    [{ minutes: '12.5' }, 'minutes', 'Enter whole minutes'],
    [{ minutes: '10001' }, 'minutes', 'more minutes than a plan can promise'],
    [{ minutes: '90' }, 'minutes', 'These are the minutes already in force'],
    [{ period: 'fortnight' }, 'period', 'Choose how often'],
    [{ effectiveDate: '' }, 'effectiveDate', 'Enter the day the change starts as a date'],
    [{ effectiveDate: '2026-09-02' }, 'effectiveDate', 'Pick a day after these minutes started \\(Sep 2, 2026\\)'],
    [{ effectiveDate: '2030-01-01' }, 'effectiveDate', 'Pick a day on or before these minutes end'],
  ])('refuse %o next to the field, keeping the input, writing nothing', async (change, field, message) => {
    const sid = (await makeStudent(t.db, { schoolId, therapistIds: [therapistId] })).id;
    const old = await monthly(sid);
    const res = await amend(
      ot,
      sid,
      { mandateId: String(old.id), minutes: '120', period: 'month', effectiveDate: '2027-01-05', ...change },
      true,
    );
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="amend-${old.id}-${field}-error" class="field-error">[^<]*${message}`));
    expect(res.text).toMatch(new RegExp(`<details open>\\s*<summary>Amend`));
    const typed = Object.values(change)[0]!;
    if (field !== 'period' && typed) expect(res.text).toContain(`value="${typed}"`);
    expect(await t.db.serviceMandate.findMany({ where: { studentId: sid } })).toEqual([old]);
  });

  it('removing an amendment entered in error gives the old minutes back their end date', async () => {
    const sid = (await makeStudent(t.db, { schoolId, therapistIds: [therapistId] })).id;
    const old = await monthly(sid);
    await amend(ot, sid, { mandateId: String(old.id), minutes: '120', period: 'month', effectiveDate: '2027-01-05' });
    const amended = await t.db.serviceMandate.findFirstOrThrow({ where: { replacesId: old.id } });
    const res = await ot.agent
      .post(`/students/${sid}/mandates/remove`)
      .type('form')
      .send({ _csrf: ot.csrf, mandateId: String(amended.id) });
    expect(res.status).toBe(303);
    expect(await t.db.serviceMandate.findMany({ where: { studentId: sid } })).toEqual([old]);
  });

  it('refuses minutes already amended', async () => {
    const sid = (await makeStudent(t.db, { schoolId, therapistIds: [therapistId] })).id;
    const old = await monthly(sid);
    await amend(ot, sid, { mandateId: String(old.id), minutes: '120', period: 'month', effectiveDate: '2027-01-05' });
    const res = await amend(ot, sid, { mandateId: String(old.id), minutes: '60', period: 'month', effectiveDate: '2026-12-01' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('These minutes were already amended: amend the newer ones');
    expect(await t.db.serviceMandate.count({ where: { studentId: sid } })).toBe(2);
  });

  it('is refused to an OT who does not serve the student (404), a teacher (403), and across students (404)', async () => {
    const sid = (await makeStudent(t.db, { schoolId, therapistIds: [therapistId] })).id;
    const old = await monthly(sid);
    const other = await signedIn(t.app, (await user(t.db, 'therapist')).email);
    const teacher = await signedIn(t.app, (await user(t.db, 'teacher')).email);
    const fields = { mandateId: String(old.id), minutes: '120', period: 'month', effectiveDate: '2027-01-05' };
    expect((await amend(other, sid, fields)).status).toBe(404);
    expect((await amend(other, sid, { ...fields, minutes: '' })).status).toBe(404);
    expect((await amend(teacher, sid, fields)).status).toBe(403);
    // Another student's minutes named in the form of one of this OT's own students.
    const mine = (await makeStudent(t.db, { schoolId, therapistIds: [therapistId] })).id;
    expect((await amend(ot, mine, fields)).status).toBe(404);
    expect(await t.db.serviceMandate.findMany({ where: { studentId: sid } })).toEqual([old]);
  });
});

describe('minutes on the student page', () => {
  // The page counts to the real today: a week of weekdays (no calendar entered here), 100 minutes
  // a week, so each school day of this week before today owes 20 (on a Monday, nothing yet), and
  // Monday's session counts from Monday on (on a Monday, at once).
  const now = today('UTC');
  const monday = weekStartOf(now);
  const schoolDaysBeforeToday = Math.min(dayOfWeek(now) - 1, 5);
  let sid: number;
  let teacherSession: Awaited<ReturnType<typeof signedIn>>;

  beforeAll(async () => {
    const teacher = await user(t.db, 'teacher');
    sid = (await makeStudent(t.db, { schoolId, therapistIds: [therapistId], teacherIds: [teacher.id] })).id;
    await t.db.serviceMandate.create({
      data: {
        studentId: sid,
        minutes: 100,
        period: 'week',
        delivery: 'pull_out',
        grouping: 'individual',
        startDate: addDays(now, -200),
        endDate: addDays(now, 200),
      },
    });
    await makeSessionLog(t.db, { providerId: therapistId, date: monday, minutes: 30, students: [{ studentId: sid }] });
    await makeSessionLog(t.db, {
      providerId: therapistId,
      date: monday,
      minutes: 30,
      students: [{ studentId: sid, attendance: 'therapist_absent' }],
    });
    const voided = await makeSessionLog(t.db, { providerId: therapistId, date: monday, minutes: 45, students: [{ studentId: sid }] });
    await t.db.sessionLog.update({ where: { id: voided.id }, data: { voidedAt: new Date(), voidReason: 'Entered in error' } });
    teacherSession = await signedIn(t.app, teacher.email);
  });

  it('shows the OT delivered against due this week and this year, and make-ups owed', async () => {
    const due = 20 * schoolDaysBeforeToday;
    const state = due > 30 ? `${due - 30} min behind` : due < 30 ? `${30 - due} min ahead` : 'on track';
    const page = await ot.agent.get(`/students/${sid}`);
    expect(page.text).toContain(`30 min given; ${due} min due before today this week (${state}). 100 min due in the whole week.`);
    expect(page.text).toMatch(/School year to date \(since [A-Z][a-z]{2} \d{1,2}, \d{4}\): 30 min given; [\d,]+ min due/);
    expect(page.text).toContain('Therapist absent or pulled away: 30 min missed in 1 session, 0 min made up, 30 min owed');
    expect(page.text).toContain('Make-ups owed: 30 min');
    expect(page.text).toMatch(/<svg class="minutes-bar"[^>]*aria-hidden="true"/);
    // The page and the service read the same numbers.
    const line = (await minutesFor(t.db, [sid], now)).get(sid)!.lines[0]!;
    expect([line.due, line.delivered]).toEqual([due, 30]);
  });

  it('does not show a teacher of the student what was delivered, only the minutes promised', async () => {
    const page = await teacherSession.agent.get(`/students/${sid}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('100 minutes a week, pulled out of class, individual');
    expect(page.text).not.toContain('min given');
    expect(page.text).not.toContain('min due');
    expect(page.text).not.toContain('Make-ups owed');
    expect(page.text).not.toContain('Amend');
  });
});
