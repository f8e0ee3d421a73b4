// Every caseload route, tried by users who must not get in: a teacher of the student (who may
// see the student page but nothing clinical), and a therapist who does not serve the student.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let teacher: Session;
let stranger: Session;
let ids: { student: number; goal: number; session: number; mandate: number; time: number; template: number };

beforeAll(async () => {
  const school = await makeSchool(t.db);
  const ot = await user(t.db, 'therapist');
  const teacherUser = await user(t.db, 'teacher');
  const strangerUser = await user(t.db, 'therapist');
  const student = await makeStudent(t.db, { schoolId: school.id, therapistIds: [ot.id], teacherIds: [teacherUser.id] });
  const goal = await makeGoal(t.db, { studentId: student.id, area: 'scissors', statement: 'will cut on a line' });
  const session = await makeSessionLog(t.db, {
    providerId: ot.id,
    date: new Date('2026-11-02'),
    students: [{ studentId: student.id, note: 'SECRET-INTERNAL-NOTE' }],
  });
  const mandate = await t.db.serviceMandate.create({
    data: {
      studentId: student.id,
      minutes: 30,
      period: 'week',
      delivery: 'pull_out',
      grouping: 'individual',
      startDate: new Date('2026-09-01'),
      endDate: new Date('2027-06-01'),
    },
  });
  const time = await t.db.indirectTime.create({
    data: { providerId: ot.id, date: new Date('2026-11-02'), minutes: 30, activity: 'travel' },
  });
  const template = await t.db.goalTemplate.create({
    data: { ownerId: ot.id, area: 'scissors', measurement: 'percent', text: 'will cut __ shapes' },
  });
  ids = { student: student.id, goal: goal.id, session: session.id, mandate: mandate.id, time: time.id, template: template.id };
  teacher = await signedIn(t.app, teacherUser.email);
  stranger = await signedIn(t.app, strangerUser.email);
});

const reads = () => [
  `/students/${ids.student}/edit`,
  `/students/${ids.student}/goals/new`,
  `/goals/${ids.goal}`,
  `/goals/${ids.goal}/edit`,
  `/sessions/new?student=${ids.student}`,
  `/sessions/${ids.session}`,
];

const writes = () =>
  [
    [
      `/students/${ids.student}`,
      { version: '1', firstName: 'X', lastName: 'Y', gradeLevel: '1', schoolId: '1', planType: 'iep', status: 'active' },
    ],
    [`/students/${ids.student}/exit`, { version: '1', exitedOn: '2026-11-02', exitReason: 'Other' }],
    [`/students/${ids.student}/reopen`, { version: '1' }],
    [
      `/students/${ids.student}/mandates`,
      { minutes: '30', period: 'week', delivery: 'pull_out', grouping: 'group', startDate: '2026-09-01', endDate: '2027-06-01' },
    ],
    [`/students/${ids.student}/mandates/remove`, { mandateId: String(ids.mandate) }],
    [
      `/students/${ids.student}/goals`,
      {
        area: 'scissors',
        statement: 'will cut on a line well',
        measurement: 'percent',
        baselineValue: '20',
        baselineDate: '2026-09-01',
        targetCriterion: '80%',
        targetValue: '80',
        startDate: '2026-09-02',
        targetDate: '2027-06-01',
      },
    ],
    [
      `/goals/${ids.goal}`,
      {
        version: '1',
        area: 'scissors',
        statement: 'will cut on a line well',
        measurement: 'percent',
        baselineValue: '20',
        baselineDate: '2026-09-01',
        targetCriterion: '80%',
        targetValue: '80',
        startDate: '2026-09-02',
        targetDate: '2027-06-01',
      },
    ],
    [`/goals/${ids.goal}/status`, { version: '1', status: 'met' }],
    [`/goals/${ids.goal}/changes`, { date: '2026-11-02', label: 'New grip' }],
    [
      '/sessions',
      {
        student: String(ids.student),
        date: '2026-11-03',
        startTime: '09:00',
        minutes: '30',
        serviceType: 'individual',
        [`attendance_${ids.student}`]: 'attended',
      },
    ],
    [`/time/${ids.time}/remove`, {}],
    [`/goal-bank/${ids.template}/remove`, {}],
  ] as const;

async function nothingChanged() {
  expect(await t.db.student.findUniqueOrThrow({ where: { id: ids.student } })).toMatchObject({ version: 1, status: 'active' });
  expect(await t.db.goal.findUniqueOrThrow({ where: { id: ids.goal } })).toMatchObject({ version: 1, status: 'active' });
  expect(await t.db.goal.count({ where: { studentId: ids.student } })).toBe(1);
  expect(await t.db.serviceMandate.count({ where: { studentId: ids.student } })).toBe(1);
  expect(await t.db.sessionStudent.count({ where: { studentId: ids.student } })).toBe(1);
  expect(await t.db.indirectTime.count({ where: { id: ids.time } })).toBe(1);
  expect(await t.db.goalTemplate.count({ where: { id: ids.template } })).toBe(1);
  expect(await t.db.approachChange.count()).toBe(0);
}

describe('a teacher of the student', () => {
  it('sees the student page without goals, sessions or notes', async () => {
    const page = await teacher.agent.get(`/students/${ids.student}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('SECRET-INTERNAL-NOTE');
    expect(page.text).not.toContain('will cut on a line');
    expect(page.text).not.toContain('Recent sessions');
  });

  it('is refused every clinical page, fragment and change', async () => {
    for (const path of [...reads(), '/goal-bank', '/time', '/sessions/new']) {
      for (const hx of [false, true]) {
        const req = teacher.agent.get(path);
        const res = await (hx ? req.set('HX-Request', 'true') : req);
        expect([403, 404], `${path}${hx ? ' (htmx)' : ''}`).toContain(res.status);
        expect(res.text).not.toContain('SECRET-INTERNAL-NOTE');
      }
    }
    for (const [path, body] of [
      ...writes(),
      ['/sessions/tally', { tap: `correct:${ids.goal}` }],
      ['/students/check', {}],
      ['/goals/check', {}],
      ['/time', { date: '2026-11-02', minutes: '30', activity: 'travel' }],
      ['/goal-bank', { area: 'scissors', measurement: 'percent', text: 'will cut __ things' }],
    ] as const) {
      const res = await teacher.agent
        .post(path)
        .set('HX-Request', 'true')
        .type('form')
        .send({ _csrf: teacher.csrf, ...body });
      expect([403, 404], path).toContain(res.status);
    }
    await nothingChanged();
  });
});

describe('a therapist who does not serve the student', () => {
  it('finds none of it: every page, fragment and change is "not found"', async () => {
    for (const path of [`/students/${ids.student}`, ...reads()]) {
      for (const hx of [false, true]) {
        const req = stranger.agent.get(path);
        const res = await (hx ? req.set('HX-Request', 'true') : req);
        expect(res.status, `${path}${hx ? ' (htmx)' : ''}`).toBe(404);
        expect(res.text).not.toContain('SECRET-INTERNAL-NOTE');
      }
    }
    for (const [path, body] of writes()) {
      const res = await stranger.agent
        .post(path)
        .type('form')
        .send({ _csrf: stranger.csrf, ...body });
      expect(res.status, path).toBe(404);
    }
    await nothingChanged();
  });
});
