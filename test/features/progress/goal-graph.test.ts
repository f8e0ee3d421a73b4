import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let ot: Awaited<ReturnType<typeof signedIn>>;
let goalId: number;

beforeAll(async () => {
  const school = await makeSchool(t.db);
  const therapist = await user(t.db, 'therapist');
  const student = await makeStudent(t.db, { schoolId: school.id, therapistIds: [therapist.id] });
  const goal = await t.db.goal.create({
    data: {
      studentId: student.id,
      area: 'handwriting',
      statement: 'will form letters',
      measurement: 'percent',
      baselineValue: 20,
      baselineDate: new Date('2026-09-01'),
      targetCriterion: '80%',
      targetValue: 80,
      startDate: new Date('2026-09-01'),
      targetDate: new Date('2027-06-01'),
    },
  });
  goalId = goal.id;
  const session = await t.db.sessionLog.create({
    data: {
      providerId: therapist.id,
      date: new Date('2026-09-08'),
      startTime: '09:00',
      minutes: 30,
      serviceType: 'individual',
      students: { create: { studentId: student.id, attendance: 'attended' } },
    },
    include: { students: true },
  });
  // A plateau: five points stuck near the baseline while the aim line climbs.
  await t.db.dataPoint.createMany({
    data: [20, 22, 21, 20, 22].map((value, i) => ({
      goalId,
      sessionStudentId: session.students[0]!.id,
      date: new Date(Date.UTC(2026, 9, 1 + i * 7)),
      value,
    })),
  });
  ot = await signedIn(t.app, therapist.email);
});

describe('the goal graph', () => {
  it('is an SVG with its caption in words, a trend, the flag and a suggested code', async () => {
    const res = await ot.agent.get(`/goals/${goalId}`);
    expect(res.text).toMatch(/<svg viewBox="0 0 640 260" role="img" aria-labelledby="goal-\d+-caption"/);
    expect(res.text).toContain('class="aim" d="M');
    expect(res.text).toContain('class="trend" d="M');
    expect(res.text.match(/<circle class="dot"/g)).toHaveLength(5);
    expect(res.text).toContain('Baseline 20% on Sep 1, 2026; target 80% by Jun 1, 2027. Latest 22% on Oct 29, 2026, from 5 data points.');
    expect(res.text).toContain('short of the target');
    expect(res.text).toContain('The last 4 data points are below the aim line');
    expect(res.text).toContain('Making progress, may not meet the goal');
  });

  it('marks a change of approach, checked like any form', async () => {
    const bad = await ot.agent.post(`/goals/${goalId}/changes`).type('form').send({ _csrf: ot.csrf, date: '2026-11-31', label: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('not a real date');
    const ok = await ot.agent
      .post(`/goals/${goalId}/changes`)
      .type('form')
      .send({ _csrf: ot.csrf, date: '2026-11-02', label: 'New pencil grip' });
    expect(ok.status).toBe(303);
    const page = await ot.agent.get(`/goals/${goalId}`);
    expect(page.text).toMatch(/<g class="change"><line [^>]+><\/line><text [^>]+>New pencil grip<\/text><\/g>/);
  });
});
