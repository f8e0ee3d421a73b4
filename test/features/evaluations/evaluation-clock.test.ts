// The evaluation clock in school days counts with the student's school calendar: a break the admin
// enters (for the district or for the student's school) stops it; another school's does not.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayKey } from '../../../src/calendar/dates.js';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp({ env: { EVALUATION_TIMELINE: 'school:45' } });
type Session = Awaited<ReturnType<typeof signedIn>>;
let ot: Session;
let admin: Session;
let schoolId: number;
let otherSchoolId: number;
let therapistId: number;

beforeAll(async () => {
  schoolId = (await makeSchool(t.db, { name: 'Juniper Elementary' })).id;
  otherSchoolId = (await makeSchool(t.db, { name: 'Aspen Middle' })).id;
  const therapist = await user(t.db, 'therapist');
  therapistId = therapist.id;
  ot = await signedIn(t.app, therapist.email);
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
});

const post = (who: Session, path: string, fields: Record<string, string> = {}) =>
  who.agent
    .post(path)
    .type('form')
    .send({ _csrf: who.csrf, ...fields });

/** Starts an evaluation for a new referral at the school, consent on Monday Nov 2, 2026; its due day. */
async function dueDay(school: number): Promise<string> {
  const student = await makeStudent(t.db, { schoolId: school, status: 'referred', therapistIds: [therapistId] });
  const res = await post(ot, `/students/${student.id}/evaluations`, { consentDate: '2026-11-02' });
  expect(res.status).toBe(303);
  const evaluation = await t.db.evaluation.findFirstOrThrow({ where: { studentId: student.id } });
  expect(evaluation.dueRule).toBe('45 school days');
  return dayKey(evaluation.dueDate);
}

describe('a 45-school-day evaluation clock', () => {
  it('counts Monday to Friday while no calendar is entered', async () => {
    expect(await dueDay(schoolId)).toBe('2027-01-04');
  });

  it('skips a break the admin enters for the district, and a day off of the student’s own school', async () => {
    // Winter break, Mon Dec 21 to Fri Jan 1: ten school days the clock does not count.
    const winter = await post(admin, '/admin/calendar/days-off', { name: 'Winter break', startDate: '2026-12-21', endDate: '2027-01-01' });
    expect(winter.status).toBe(303);
    expect(await dueDay(schoolId)).toBe('2027-01-18');

    // Thanksgiving Thu-Fri at Juniper only: two more days there, none at Aspen.
    const thanksgiving = await post(admin, '/admin/calendar/days-off', {
      name: 'Thanksgiving break',
      startDate: '2026-11-26',
      endDate: '2026-11-27',
      schoolId: String(schoolId),
    });
    expect(thanksgiving.status).toBe(303);
    expect(await dueDay(schoolId)).toBe('2027-01-20');
    expect(await dueDay(otherSchoolId)).toBe('2027-01-18');
  });

  it('shows the later due date on the evaluation page', async () => {
    const student = await makeStudent(t.db, { schoolId, status: 'referred', therapistIds: [therapistId] });
    const res = await post(ot, `/students/${student.id}/evaluations`, { consentDate: '2026-11-02' });
    const page = await ot.agent.get(String(res.headers.location));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Jan 20, 2027');
  });
});
