import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

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
