import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../../src/calendar/dates.js';
import { goalAreas } from '../../../src/features/goals/goal-areas.js';
import { strategyLibrary } from '../../../src/features/strategies/library.js';
import { makeGoal, makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let ot: Session;
let teacher: Session;
let otherTeacher: Session;
let stranger: Session;
let schoolId: number;
let therapistId: number;
let teacherId: number;

beforeAll(async () => {
  schoolId = (await makeSchool(t.db)).id;
  const therapist = await user(t.db, 'therapist');
  therapistId = therapist.id;
  const teacherUser = await user(t.db, 'teacher', { name: 'Tara Teacher' });
  teacherId = teacherUser.id;
  ot = await signedIn(t.app, therapist.email);
  teacher = await signedIn(t.app, teacherUser.email);
  otherTeacher = await signedIn(t.app, (await user(t.db, 'teacher')).email);
  stranger = await signedIn(t.app, (await user(t.db, 'therapist')).email);
});

/** Ava, on the OT's caseload and in Tara's class, with a handwriting goal. */
async function ava() {
  const student = await makeStudent(t.db, { schoolId, firstName: 'Ava', therapistIds: [therapistId], teacherIds: [teacherId] });
  const goal = await makeGoal(t.db, { studentId: student.id, area: 'handwriting', measurement: 'percent' });
  return { studentId: student.id, goalId: goal.id };
}

/** Paper with raised lines, assigned to Ava for her goal, as the therapist would. */
async function assigned() {
  const { studentId, goalId } = await ava();
  const assignment = await t.db.studentStrategy.create({
    data: { studentId, strategyKey: 'hw-raised-lines', goalId, noteForTeacher: 'Use for journal writing', assignedById: therapistId },
  });
  return { studentId, goalId, assignment };
}

describe('the strategy library', () => {
  it('has at least 60 strategies, in every area, each with why, how and materials', () => {
    expect(strategyLibrary.length).toBeGreaterThanOrEqual(60);
    for (const area of goalAreas) expect(strategyLibrary.some((s) => s.areas.includes(area.value))).toBe(true);
    for (const s of strategyLibrary) {
      expect(s.why.length).toBeGreaterThan(20);
      expect(s.how.length).toBeGreaterThan(0);
    }
    expect(new Set(strategyLibrary.map((s) => s.key)).size).toBe(strategyLibrary.length);
  });

  it("is searchable and filterable with htmx, and takes a therapist's own strategies", async () => {
    const res = await ot.agent.get('/strategies?q=headphones').set('HX-Request', 'true');
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('Headphones for noisy times');
    expect(res.text).not.toContain('Spring-loaded scissors');
    expect((await ot.agent.get('/strategies?area=scissors')).text).toContain('Spring-loaded scissors');
    const add = await ot.agent.post('/strategies').type('form').send({
      _csrf: ot.csrf,
      area: 'sensory',
      title: 'Wall push-ups at the door',
      why: 'Pushing against the wall helps the body settle before class.',
      how: 'Ten push-ups against the wall\nThen straight to the seat',
    });
    expect(add.status).toBe(303);
    expect((await ot.agent.get('/strategies?q=wall%20push')).text).toContain('(yours)');
    expect((await stranger.agent.get('/strategies?q=wall%20push')).text).not.toContain('Wall push-ups at the door');
    const own = await t.db.ownStrategy.findFirstOrThrow({ where: { title: 'Wall push-ups at the door' } });
    expect((await ot.agent.get(`/strategies/own/${own.id}/edit`)).text).toContain('value="Wall push-ups at the door"');
    const edited = await ot.agent.post(`/strategies/own/${own.id}`).type('form').send({
      _csrf: ot.csrf,
      area: 'sensory',
      title: 'Wall push-ups before class',
      why: 'Pushing against the wall helps the body settle before class.',
      how: 'Ten push-ups',
    });
    expect(edited.status).toBe(303);
    expect((await t.db.ownStrategy.findUniqueOrThrow({ where: { id: own.id } })).title).toBe('Wall push-ups before class');
    const badEdit = await ot.agent
      .post(`/strategies/own/${own.id}`)
      .type('form')
      .send({ _csrf: ot.csrf, area: 'sensory', title: '', why: 'short', how: '' });
    expect(badEdit.status).toBe(422);
    expect((await stranger.agent.get(`/strategies/own/${own.id}/edit`)).status).toBe(404);
    expect(
      (
        await stranger.agent
          .post(`/strategies/own/${own.id}`)
          .type('form')
          .send({ _csrf: stranger.csrf, area: 'sensory', title: 'Hacked', why: 'Pushing against the wall helps.', how: 'x' })
      ).status,
    ).toBe(404);
    const bad = await ot.agent.post('/strategies').type('form').send({ _csrf: ot.csrf, area: 'sensory', title: '', why: 'x', how: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter a title');
  });
});

describe('strategies for a student', () => {
  it('are assigned by the therapist, maybe for a goal, with a note for the teacher', async () => {
    const { studentId, goalId } = await ava();
    const res = await ot.agent
      .post(`/students/${studentId}/strategies`)
      .type('form')
      .send({ _csrf: ot.csrf, strategyKey: 'hw-raised-lines', goalId: String(goalId), noteForTeacher: 'Use for journal writing' });
    expect(res.status).toBe(303);
    const bad = await ot.agent
      .post(`/students/${studentId}/strategies`)
      .type('form')
      .send({ _csrf: ot.csrf, strategyKey: 'zz-not-a-strategy' });
    expect(bad.status).toBe(303);
    expect(await t.db.studentStrategy.count({ where: { studentId } })).toBe(1);
    const page = await ot.agent.get(`/students/${studentId}`);
    expect(page.text).toContain('Paper with raised or bold lines');
    expect(page.text).toContain('Use for journal writing');
  });

  it("are seen by the student's teacher, who says whether they helped; the therapist sees it", async () => {
    const { studentId, goalId, assignment } = await assigned();
    const page = await teacher.agent.get(`/students/${studentId}`);
    expect(page.text).toContain('Paper with raised or bold lines');
    const missing = await teacher.agent
      .post(`/students/${studentId}/strategies/${assignment.id}/feedback`)
      .type('form')
      .send({ _csrf: teacher.csrf });
    expect(missing.status).toBe(303);
    expect(await t.db.strategyFeedback.count({ where: { studentStrategyId: assignment.id } })).toBe(0);
    const sent = await teacher.agent
      .post(`/students/${studentId}/strategies/${assignment.id}/feedback`)
      .type('form')
      .send({ _csrf: teacher.csrf, tried: 'yes', helped: 'yes', comment: 'Letters sit on the line now' });
    expect(sent.status).toBe(303);
    expect((await ot.agent.get(`/students/${studentId}`)).text).toContain('Tara Teacher');
    expect((await ot.agent.get(`/students/${studentId}`)).text).toContain('Letters sit on the line now');
    expect((await ot.agent.get(`/goals/${goalId}`)).text).toContain('>Teacher: strategy helps</text>');
    const sheet = await teacher.agent.get(`/students/${studentId}/strategies/sheet`);
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain('Classroom strategies for Ava');
  });

  it('stay out of reach of everyone else', async () => {
    const { studentId, assignment } = await assigned();
    expect((await otherTeacher.agent.get(`/students/${studentId}/strategies/sheet`)).status).toBe(404);
    expect(
      (
        await otherTeacher.agent
          .post(`/students/${studentId}/strategies/${assignment.id}/feedback`)
          .type('form')
          .send({ _csrf: otherTeacher.csrf, tried: 'yes', helped: 'no' })
      ).status,
    ).toBe(404);
    expect(
      (
        await teacher.agent
          .post(`/students/${studentId}/strategies`)
          .type('form')
          .send({ _csrf: teacher.csrf, strategyKey: 'hw-raised-lines' })
      ).status,
    ).toBe(403);
    expect(
      (
        await stranger.agent
          .post(`/students/${studentId}/strategies`)
          .type('form')
          .send({ _csrf: stranger.csrf, strategyKey: 'hw-raised-lines' })
      ).status,
    ).toBe(404);
    expect(
      (await stranger.agent.post(`/students/${studentId}/strategies/${assignment.id}/remove`).type('form').send({ _csrf: stranger.csrf }))
        .status,
    ).toBe(404);
    expect((await stranger.agent.get(`/students/${studentId}/strategies/sheet`)).status).toBe(404);
    expect(
      (
        await ot.agent
          .post(`/students/${studentId}/strategies/${assignment.id}/feedback`)
          .type('form')
          .send({ _csrf: ot.csrf, tried: 'yes', helped: 'yes' })
      ).status,
    ).toBe(403);
    expect(await t.db.strategyFeedback.count({ where: { studentStrategyId: assignment.id } })).toBe(0);
    expect(await t.db.studentStrategy.count({ where: { studentId } })).toBe(1);
  });

  it('are removed by the therapist', async () => {
    const { studentId, assignment } = await assigned();
    expect((await teacher.agent.get(`/students/${studentId}`)).text).toContain('Paper with raised or bold lines');
    expect(
      (await ot.agent.post(`/students/${studentId}/strategies/${assignment.id}/remove`).type('form').send({ _csrf: ot.csrf })).status,
    ).toBe(303);
    expect((await teacher.agent.get(`/students/${studentId}`)).text).not.toContain('Paper with raised or bold lines');
  });
});

describe("a teacher's student list", () => {
  it('holds exactly the students of both of their classes', async () => {
    const [a, b] = [await makeSchool(t.db), await makeSchool(t.db)];
    const twoClasses = await user(t.db, 'teacher');
    const mine = [
      await makeStudent(t.db, { schoolId: a.id, lastName: 'ClassOne', teacherIds: [twoClasses.id] }),
      await makeStudent(t.db, { schoolId: b.id, lastName: 'ClassTwo', teacherIds: [twoClasses.id] }),
    ];
    await makeStudent(t.db, { schoolId: a.id, lastName: 'NotMine' });
    const s = await signedIn(t.app, twoClasses.email);
    const res = await s.agent.get('/students');
    expect(res.text).toContain('Showing 1–2 of 2 students');
    for (const m of mine) expect(res.text).toContain(`href="/students/${m.id}"`);
    expect(res.text).not.toContain('NotMine');
  });

  it('shows the OT, the next report, and counts of strategies and shared notes', async () => {
    const { studentId } = await ava();
    await t.db.progressReportDate.create({ data: { studentId, dueOn: addDays(today(t.config.timeZone), 30) } });
    await ot.agent.post(`/students/${studentId}/strategies`).type('form').send({ _csrf: ot.csrf, strategyKey: 'se-headphones' });
    const res = await teacher.agent.get('/students');
    expect(res.text).toContain('<th scope="col">Next report</th>');
    const row = new RegExp(`<tr id="student-${studentId}">[\\s\\S]*?</tr>`).exec(res.text)?.[0] ?? '';
    expect(row).toMatch(/<td><bdi>therapist \d+<\/bdi><\/td>/);
    expect(row).toMatch(/<td>1<\/td>\s*<td>0<\/td>/);
  });
});
