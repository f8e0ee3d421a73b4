import { beforeAll, describe, expect, it } from 'vitest';
import { dayKey } from '../../../src/calendar/dates.js';
import { dueDate } from '../../../src/features/evaluations/evaluations.service.js';
import { makeGoal, makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp({ env: { EVALUATION_TIMELINE: 'school:45' } });
type Session = Awaited<ReturnType<typeof signedIn>>;
let ot: Session;
let teacher: Session;
let schoolId: number;
let therapistId: number;
let teacherId: number;

beforeAll(async () => {
  schoolId = (await makeSchool(t.db)).id;
  const therapist = await user(t.db, 'therapist');
  const teacherUser = await user(t.db, 'teacher');
  therapistId = therapist.id;
  teacherId = teacherUser.id;
  ot = await signedIn(t.app, therapist.email);
  teacher = await signedIn(t.app, teacherUser.email);
});

/** Noah, referred to the OT, in the teacher's class. */
async function referred(): Promise<number> {
  const noah = await makeStudent(t.db, {
    schoolId,
    firstName: 'Noah',
    status: 'referred',
    therapistIds: [therapistId],
    teacherIds: [teacherId],
  });
  return noah.id;
}

describe('evaluation due dates', () => {
  it('count calendar days or school days from consent', () => {
    // Monday Nov 2, 2026.
    expect(dayKey(dueDate(new Date('2026-11-02'), { kind: 'calendar', days: 60 }))).toBe('2027-01-01');
    expect(dayKey(dueDate(new Date('2026-11-02'), { kind: 'school', days: 5 }))).toBe('2026-11-09');
    expect(dayKey(dueDate(new Date('2026-11-02'), { kind: 'school', days: 45 }))).toBe('2027-01-04');
  });
});

describe('an evaluation', () => {
  it('starts from consent with the district rule, records each step, needs a goal, then services begin', async () => {
    const studentId = await referred();
    const res = await ot.agent.post(`/students/${studentId}/evaluations`).type('form').send({ _csrf: ot.csrf, consentDate: '2026-11-02' });
    expect(res.status).toBe(303);
    const evalId = Number(String(res.headers.location).split('/').pop());
    expect(await t.db.evaluation.findUniqueOrThrow({ where: { id: evalId } })).toMatchObject({ dueRule: '45 school days' });
    expect((await t.db.student.findUniqueOrThrow({ where: { id: studentId } })).status).toBe('evaluating');
    const page = await ot.agent.get(`/evaluations/${evalId}`);
    expect(page.text).toContain('Jan 4, 2027');
    expect(page.text).toContain('Talking with the family');
    const early = await ot.agent.post(`/evaluations/${evalId}/complete`).type('form').send({ _csrf: ot.csrf });
    expect(early.status).toBe(422);
    expect(early.text).toContain('Record findings for: talking with the family');
    for (const step of ['family', 'skills', 'sensory', 'goals']) {
      await ot.agent
        .post(`/evaluations/${evalId}/findings`)
        .type('form')
        .send({ _csrf: ot.csrf, step, findings: `Findings for ${step}.` });
    }
    const noGoal = await ot.agent.post(`/evaluations/${evalId}/complete`).type('form').send({ _csrf: ot.csrf });
    expect(noGoal.text).toContain('Add at least one goal');
    await makeGoal(t.db, { studentId, area: 'grasp', statement: 'will hold a pencil' });
    const done = await ot.agent.post(`/evaluations/${evalId}/complete`).type('form').send({ _csrf: ot.csrf });
    expect(done.status).toBe(303);
    expect((await t.db.student.findUniqueOrThrow({ where: { id: studentId } })).status).toBe('active');
    const handout = await ot.agent.get(`/evaluations/${evalId}/handout`);
    expect(handout.text).toContain('We talk with you.');
    expect(handout.text).toContain('We will finish by <strong>Jan 4, 2027</strong>');
  });

  it('is refused a bad consent date, and stays out of reach of teachers and other therapists', async () => {
    const studentId = await referred();
    const bad = await ot.agent.post(`/students/${studentId}/evaluations`).type('form').send({ _csrf: ot.csrf, consentDate: '2026-02-30' });
    expect(bad.status).toBe(303);
    expect(await t.db.evaluation.count({ where: { studentId } })).toBe(0);
    const consentDate = new Date('2026-11-02');
    const evaluation = await t.db.evaluation.create({
      data: {
        studentId,
        consentDate,
        dueDate: dueDate(consentDate, { kind: 'school', days: 45 }),
        dueRule: '45 school days',
        createdById: therapistId,
      },
    });
    expect((await teacher.agent.get(`/evaluations/${evaluation.id}`)).status).toBe(403);
    const stranger = await signedIn(t.app, (await user(t.db, 'therapist')).email);
    for (const path of [`/evaluations/${evaluation.id}`, `/evaluations/${evaluation.id}/handout`])
      expect((await stranger.agent.get(path)).status).toBe(404);
    expect(
      (
        await stranger.agent
          .post(`/evaluations/${evaluation.id}/findings`)
          .type('form')
          .send({ _csrf: stranger.csrf, step: 'family', findings: 'x' })
      ).status,
    ).toBe(404);
    expect(
      (
        await stranger.agent
          .post(`/students/${studentId}/evaluations`)
          .type('form')
          .send({ _csrf: stranger.csrf, consentDate: '2026-11-02' })
      ).status,
    ).toBe(404);
  });
});
