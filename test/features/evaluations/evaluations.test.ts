import { beforeAll, describe, expect, it } from 'vitest';
import { dueDate } from '../../../src/features/evaluations/evaluations.service.js';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp({ env: { EVALUATION_TIMELINE: 'school:45' } });
type Session = Awaited<ReturnType<typeof signedIn>>;
let ot: Session;
let studentId: number;

beforeAll(async () => {
  const school = await makeSchool(t.db);
  const therapist = await user(t.db, 'therapist');
  const teacher = await user(t.db, 'teacher');
  studentId = (
    await makeStudent(t.db, {
      schoolId: school.id,
      firstName: 'Noah',
      status: 'referred',
      therapistIds: [therapist.id],
      teacherIds: [teacher.id],
    })
  ).id;
  ot = await signedIn(t.app, therapist.email);
});

describe('evaluation due dates', () => {
  it('count calendar days or school days from consent', () => {
    // Monday Nov 2, 2026.
    expect(dueDate(new Date('2026-11-02'), { kind: 'calendar', days: 60 }).toISOString().slice(0, 10)).toBe('2027-01-01');
    expect(dueDate(new Date('2026-11-02'), { kind: 'school', days: 5 }).toISOString().slice(0, 10)).toBe('2026-11-09');
    expect(dueDate(new Date('2026-11-02'), { kind: 'school', days: 45 }).toISOString().slice(0, 10)).toBe('2027-01-04');
  });
});

describe('an evaluation', () => {
  it('starts from consent with the district rule, records each step, needs a goal, then services begin', async () => {
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
    await t.db.goal.create({
      data: {
        studentId,
        area: 'grasp',
        statement: 'will hold a pencil',
        measurement: 'percent',
        baselineValue: 10,
        baselineDate: new Date('2026-11-10'),
        targetCriterion: '80%',
        targetValue: 80,
        startDate: new Date('2026-11-10'),
        targetDate: new Date('2027-06-01'),
      },
    });
    const done = await ot.agent.post(`/evaluations/${evalId}/complete`).type('form').send({ _csrf: ot.csrf });
    expect(done.status).toBe(303);
    expect((await t.db.student.findUniqueOrThrow({ where: { id: studentId } })).status).toBe('active');
    const handout = await ot.agent.get(`/evaluations/${evalId}/handout`);
    expect(handout.text).toContain('We talk with you.');
    expect(handout.text).toContain('We will finish by <strong>Jan 4, 2027</strong>');
  });

  it('is refused a bad consent date, and stays out of reach of teachers and other therapists', async () => {
    const bad = await ot.agent.post(`/students/${studentId}/evaluations`).type('form').send({ _csrf: ot.csrf, consentDate: '2026-02-30' });
    expect(bad.status).toBe(303);
    expect(await t.db.evaluation.count()).toBe(1);
    const evaluation = await t.db.evaluation.findFirstOrThrow();
    const teacherSession = await signedIn(t.app, (await t.db.user.findFirstOrThrow({ where: { role: 'teacher' } })).email);
    expect((await teacherSession.agent.get(`/evaluations/${evaluation.id}`)).status).toBe(403);
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
