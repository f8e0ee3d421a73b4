import { beforeAll, describe, expect, it } from 'vitest';
import { goalBank } from '../../../src/features/goals/goal-bank.js';
import { goalAreas } from '../../../src/features/goals/goal-areas.js';
import { makeGoal, makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let ot: Awaited<ReturnType<typeof signedIn>>;
let studentId: number;

const goal = {
  area: 'handwriting',
  statement: 'will form 8 of 10 lowercase letters so they can be read when copying a sentence',
  measurement: 'trials',
  baselineValue: '40',
  baselineDate: '2026-09-10',
  targetCriterion: '8 of 10 letters formed correctly on 3 of 4 tries',
  targetValue: '80',
  startDate: '2026-09-15',
  targetDate: '2027-06-01',
  objectives: '- 5 of 10 letters by December\n- 7 of 10 letters by March',
};

/** A goal as the form above saves it, for the tests that change one. */
const savedGoal = () =>
  makeGoal(t.db, {
    studentId,
    area: 'handwriting',
    statement: goal.statement,
    measurement: 'trials',
    baselineValue: 40,
    baselineDate: new Date('2026-09-10'),
    targetCriterion: goal.targetCriterion,
    targetValue: 80,
    startDate: new Date('2026-09-15'),
    targetDate: new Date('2027-06-01'),
  });

beforeAll(async () => {
  const school = await makeSchool(t.db);
  const therapist = await user(t.db, 'therapist');
  studentId = (await makeStudent(t.db, { schoolId: school.id, firstName: 'Ava', therapistIds: [therapist.id] })).id;
  ot = await signedIn(t.app, therapist.email);
});

describe('goals', () => {
  it('are added with objectives and shown as a sentence about the student', async () => {
    const res = await ot.agent
      .post(`/students/${studentId}/goals`)
      .type('form')
      .send({ _csrf: ot.csrf, ...goal });
    expect(res.status).toBe(303);
    const saved = await t.db.goal.findUniqueOrThrow({
      where: { id: Number(String(res.headers.location).split('/').pop()) },
      include: { objectives: { orderBy: { position: 'asc' } } },
    });
    expect(saved.studentId).toBe(studentId);
    expect(saved.objectives.map((o) => o.text)).toEqual(['5 of 10 letters by December', '7 of 10 letters by March']);
    const page = await ot.agent.get(`/goals/${saved.id}`);
    expect(page.text).toContain('Ava will form 8 of 10 lowercase letters');
    expect(page.text).toContain('40% on Sep 10, 2026');
    expect((await ot.agent.get(`/students/${studentId}`)).text).toContain(`href="/goals/${saved.id}"`);
  });

  it.each([
    [{ statement: 'will form __ of __ letters' }, 'statement', 'Fill in the blanks'],
    [{ baselineValue: '140' }, 'baselineValue', 'from 0 to 100'],
    [{ measurement: 'rubric', baselineValue: '1', targetValue: '7' }, 'targetValue', 'from 1 to 4'],
    [{ baselineValue: 'forty' }, 'baselineValue', 'as a number'],
    [{ targetDate: '2026-09-01' }, 'targetDate', 'after the start date'],
    [{ targetDate: '2026-02-30' }, 'targetDate', 'not a real date'],
    [{ area: 'astrology' }, 'area', 'Choose an area'],
    [{ targetValue: '40' }, 'targetValue', 'differ from the baseline'],
  ])('refuse %o next to the field, keeping the input and writing nothing', async (change, field, message) => {
    const before = await t.db.goal.count();
    const res = await ot.agent
      .post(`/students/${studentId}/goals`)
      .type('form')
      .send({ _csrf: ot.csrf, ...goal, ...change });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="field-${field}-error" class="field-error">[^<]*${message}`));
    expect(res.text).toContain('8 of 10 letters formed correctly');
    expect(await t.db.goal.count()).toBe(before);
  });

  it("check one field on blur with the submit's rules", async () => {
    const res = await ot.agent
      .post('/goals/check')
      .set('HX-Request', 'true')
      .set('HX-Trigger-Name', 'targetDate')
      .type('form')
      .send({ _csrf: ot.csrf, ...goal, targetDate: '2026-09-01' });
    expect(res.status).toBe(200);
    expect(res.text.trim()).toMatch(/^<div class="field">/);
    expect(res.text).toContain('The target date comes after the start date');
    expect((await ot.agent.post('/goals/check').set('HX-Trigger-Name', 'version').type('form').send({ _csrf: ot.csrf })).status).toBe(400);
  });

  it('keep the old version when revised, and refuse a stale revision with 409', async () => {
    const g = await savedGoal();
    const revised = await ot.agent
      .post(`/goals/${g.id}`)
      .type('form')
      .send({ _csrf: ot.csrf, ...goal, targetValue: '90', targetCriterion: '9 of 10 letters', version: '1' });
    expect(revised.status).toBe(303);
    const stale = await ot.agent
      .post(`/goals/${g.id}`)
      .type('form')
      .send({ _csrf: ot.csrf, ...goal, targetCriterion: 'Typed on a stale form', version: '1' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Typed on a stale form');
    expect(stale.text).toContain('name="version" value="2"');
    const after = await t.db.goal.findUniqueOrThrow({ where: { id: g.id }, include: { versions: true } });
    expect(after).toMatchObject({ targetValue: 90, version: 2 });
    expect(after.versions).toHaveLength(1);
    expect(JSON.parse(after.versions[0]!.snapshot)).toMatchObject({
      targetValue: 80,
      targetCriterion: '8 of 10 letters formed correctly on 3 of 4 tries',
    });
    expect((await ot.agent.get(`/goals/${g.id}`)).text).toContain('Version 1, replaced on');
  });

  it('change status, met or discontinued', async () => {
    const g = await savedGoal();
    await ot.agent
      .post(`/goals/${g.id}/status`)
      .type('form')
      .send({ _csrf: ot.csrf, status: 'discontinued', version: String(g.version) });
    expect((await t.db.goal.findUniqueOrThrow({ where: { id: g.id } })).status).toBe('discontinued');
    await ot.agent
      .post(`/goals/${g.id}/status`)
      .type('form')
      .send({ _csrf: ot.csrf, status: 'active', version: String(g.version + 1) });
    expect((await t.db.goal.findUniqueOrThrow({ where: { id: g.id } })).status).toBe('active');
  });

  it("of another therapist's student cannot be seen, added or changed", async () => {
    const other = await user(t.db, 'therapist');
    const session = await signedIn(t.app, other.email);
    const g = await savedGoal();
    expect((await session.agent.get(`/goals/${g.id}`)).status).toBe(404);
    expect((await session.agent.get(`/goals/${g.id}`).set('HX-Request', 'true')).status).toBe(404);
    expect((await session.agent.get(`/students/${studentId}/goals/new`)).status).toBe(404);
    expect(
      (
        await session.agent
          .post(`/students/${studentId}/goals`)
          .type('form')
          .send({ _csrf: session.csrf, ...goal })
      ).status,
    ).toBe(404);
    expect(
      (
        await session.agent
          .post(`/goals/${g.id}`)
          .type('form')
          .send({ _csrf: session.csrf, ...goal, version: String(g.version) })
      ).status,
    ).toBe(404);
    expect(
      (
        await session.agent
          .post(`/goals/${g.id}/status`)
          .type('form')
          .send({ _csrf: session.csrf, status: 'met', version: String(g.version) })
      ).status,
    ).toBe(404);
    const teacher = await user(t.db, 'teacher');
    const ts = await signedIn(t.app, teacher.email);
    expect((await ts.agent.get(`/goals/${g.id}`)).status).toBe(403);
    expect((await t.db.goal.findUniqueOrThrow({ where: { id: g.id } })).status).toBe('active');
  });
});

describe('the goal bank', () => {
  it('has templates in every area, each with blanks to fill', () => {
    for (const area of goalAreas) expect(goalBank.filter((t) => t.area === area.value).length).toBeGreaterThanOrEqual(2);
    for (const t of goalBank) expect(t.text).toContain('__');
    expect(new Set(goalBank.map((t) => t.key)).size).toBe(goalBank.length);
  });

  it('filters by area with htmx, and a template starts a goal', async () => {
    const res = await ot.agent.get(`/goal-bank?area=scissors&student=${studentId}`).set('HX-Request', 'true');
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('cut along a straight line');
    expect(res.text).not.toContain('lowercase letters');
    const form = await ot.agent.get(`/students/${studentId}/goals/new?template=sc-line`);
    expect(form.text).toContain('will cut along a straight line, staying within __ inch');
    expect(form.text).toMatch(/<option value="scissors" selected>/);
  });

  it("keeps a therapist's own templates to themselves", async () => {
    const add = await ot.agent
      .post('/goal-bank')
      .type('form')
      .send({ _csrf: ot.csrf, area: 'keyboarding', measurement: 'count', text: 'will type __ words a minute on the class Chromebook' });
    expect(add.status).toBe(303);
    expect((await ot.agent.get('/goal-bank?area=keyboarding')).text).toContain('class Chromebook');
    const other = await user(t.db, 'therapist');
    const session = await signedIn(t.app, other.email);
    expect((await session.agent.get('/goal-bank?area=keyboarding')).text).not.toContain('class Chromebook');
    const mine = await t.db.goalTemplate.findFirstOrThrow({ where: { text: { contains: 'class Chromebook' } } });
    expect((await session.agent.get(`/students/${studentId}/goals/new?template=own-${mine.id}`)).status).toBe(404);
    expect((await session.agent.post(`/goal-bank/${mine.id}/remove`).type('form').send({ _csrf: session.csrf })).status).toBe(404);
    const empty = await ot.agent
      .post('/goal-bank')
      .type('form')
      .send({ _csrf: ot.csrf, area: 'keyboarding', measurement: 'count', text: '' });
    expect(empty.status).toBe(422);
  });
});
