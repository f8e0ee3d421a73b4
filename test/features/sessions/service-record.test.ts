// The session form as a service record: no overlapping sessions, defaults from the plan, the
// fields Medicaid asks for, a child who left a group early, and an absent child's data ignored.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayKey, minutesOfDay, timeNow, today } from '../../../src/calendar/dates.js';
import { overlappingSessions } from '../../../src/features/sessions/overlap.js';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Agent = Awaited<ReturnType<typeof signedIn>>;
let maya: Agent;
let sam: Agent;
let mayaId: number;
let samId: number;
let schoolId: number;

const day = () => dayKey(today(t.config.timeZone));

beforeAll(async () => {
  schoolId = (await makeSchool(t.db)).id;
  const m = await user(t.db, 'therapist', { name: 'Maya Okafor' });
  const s = await user(t.db, 'therapist', { name: 'Sam Rivera' });
  mayaId = m.id;
  maya = await signedIn(t.app, m.email);
  sam = await signedIn(t.app, s.email);
  // Sam serves every student below too: "another provider" in the overlap tests.
  samId = s.id;
});

/** A student both OTs serve, with one goal measured as a percent. */
async function student(firstName: string) {
  const kid = await makeStudent(t.db, { schoolId, firstName, lastName: 'Test', therapistIds: [mayaId, samId] });
  const goal = await makeGoal(t.db, { studentId: kid.id, measurement: 'percent', area: 'handwriting' });
  return { id: kid.id, goal: goal.id };
}

/** A one-student session form, attended, with what the record needs. */
function individual(agent: Agent, kid: { id: number }, fields: Record<string, string> = {}) {
  return agent.agent
    .post('/sessions')
    .type('form')
    .send({
      _csrf: agent.csrf,
      date: day(),
      startTime: '09:00',
      minutes: '30',
      serviceType: 'individual',
      place: 'therapy_room',
      nature: 'Work on handwriting',
      student: String(kid.id),
      [`attendance_${kid.id}`]: 'attended',
      [`response_${kid.id}`]: 'Formed 7 of 10 letters on the line.',
      ...fields,
    });
}

function group(agent: Agent, kids: { id: number }[], fields: [string, string][]) {
  return agent.agent
    .post('/sessions')
    .type('form')
    .send(
      new URLSearchParams([
        ['_csrf', agent.csrf],
        ['date', day()],
        ...(fields.some(([k]) => k === 'serviceType') ? [] : [['serviceType', 'group'] as [string, string]]),
        ['place', 'therapy_room'],
        ['nature', 'Work on handwriting in a small group'],
        ...kids.map((k): [string, string] => ['student', String(k.id)]),
        ...fields,
      ]).toString(),
    );
}

const sessionIdOf = (res: { headers: Record<string, unknown> }) => Number(String(res.headers.location).split('/').pop());

describe('no overlapping sessions', () => {
  it('refuses the same session saved twice, naming the first with a link, and writes nothing', async () => {
    const kid = await student('Ava');
    const first = await individual(maya, kid, { startTime: '09:00' });
    expect(first.status).toBe(303);
    const id = sessionIdOf(first);
    const before = await t.db.sessionLog.count();
    const again = await individual(maya, kid, { startTime: '09:00' });
    expect(again.status).toBe(422);
    expect(again.text).toMatch(
      /id="field-startTime-error" class="field-error">Ava Test already has a session then: [A-Z][a-z]{2} \d{1,2}, \d{4}, 09:00 to 09:30, with Maya Okafor, OTR\/L\./,
    );
    expect(again.text).toContain(`<a href="#field-startTime">Ava Test already has a session then`);
    expect(again.text).toContain(`href="/sessions/${id}"`);
    // What was typed stays.
    expect(again.text).toContain('Formed 7 of 10 letters on the line.');
    expect(await t.db.sessionLog.count()).toBe(before);
  });

  it("refuses another provider's session that overlaps, and allows sessions that only touch", async () => {
    const kid = await student('Ben');
    expect((await individual(maya, kid, { startTime: '10:00', minutes: '30' })).status).toBe(303);
    const overlapping = await individual(sam, kid, { startTime: '10:20', minutes: '30' });
    expect(overlapping.status).toBe(422);
    expect(overlapping.text).toContain('10:00 to 10:30, with Maya Okafor, OTR/L.');
    const inside = await individual(sam, kid, { startTime: '09:50', minutes: '60' });
    expect(inside.status).toBe(422);
    expect((await individual(sam, kid, { startTime: '10:30', minutes: '30' })).status).toBe(303);
    expect((await individual(sam, kid, { startTime: '09:30', minutes: '30' })).status).toBe(303);
    expect(await t.db.sessionStudent.count({ where: { studentId: kid.id } })).toBe(3);
  });

  it('two saves of the same form sent at once: one gets in', async () => {
    const kid = await student('Cleo');
    const answers = await Promise.all([individual(maya, kid, { startTime: '11:00' }), individual(maya, kid, { startTime: '11:00' })]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 422]);
    expect(await t.db.sessionStudent.count({ where: { studentId: kid.id } })).toBe(1);
  });

  it('counts a voided session as gone, and leaves out the session being corrected', async () => {
    const kid = await student('Dev');
    const res = await individual(maya, kid, { startTime: '12:00' });
    const id = sessionIdOf(res);
    const date = today(t.config.timeZone);
    expect((await overlappingSessions(t.db, [kid.id], date, '12:15', 30)).map((o) => o.sessionId)).toEqual([id]);
    expect(await overlappingSessions(t.db, [kid.id], date, '12:15', 30, id)).toEqual([]);
    await t.db.sessionLog.update({ where: { id }, data: { voidedAt: new Date(), voidReason: 'Entered in error' } });
    expect(await overlappingSessions(t.db, [kid.id], date, '12:15', 30)).toEqual([]);
    expect((await individual(maya, kid, { startTime: '12:00' })).status).toBe(303);
  });
});

describe('a child who leaves a group early', () => {
  it('keeps their own minutes, which the overlap check uses', async () => {
    const [a, b] = [await student('Eli'), await student('Fay')];
    const res = await group(
      maya,
      [a, b],
      [
        ['startTime', '13:00'],
        ['minutes', '45'],
        [`attendance_${a.id}`, 'attended'],
        [`response_${a.id}`, 'Stayed on task.'],
        [`attendance_${b.id}`, 'attended'],
        [`response_${b.id}`, 'Left for the nurse after 20 minutes.'],
        [`minutes_${b.id}`, '20'],
      ],
    );
    expect(res.status).toBe(303);
    const rows = await t.db.sessionStudent.findMany({ where: { sessionId: sessionIdOf(res) }, orderBy: { studentId: 'asc' } });
    expect(rows.map((r) => r.minutes)).toEqual([null, 20]);
    const page = await maya.agent.get(String(res.headers.location));
    expect(page.text).toContain('left early: 20 minutes, 13:00 to 13:20');
    expect(page.text).toContain('Group of 2');
    // Fay was gone by 13:20; Eli was still there.
    expect((await individual(sam, b, { startTime: '13:20' })).status).toBe(303);
    expect((await individual(sam, a, { startTime: '13:20' })).status).toBe(422);
  });

  it.each([
    ['46', 'Use 1 to the session&#39;s 45 minutes'],
    ['0', 'Use 1 to the session&#39;s 45 minutes'],
    ['ten', 'Enter the minutes as a whole number'],
  ])('refuses %j minutes for one child', async (minutes, message) => {
    const [a, b] = [await student('Gus'), await student('Hal')];
    const res = await group(
      maya,
      [a, b],
      [
        ['startTime', '14:00'],
        ['minutes', '45'],
        [`attendance_${a.id}`, 'attended'],
        [`response_${a.id}`, 'Stayed on task.'],
        [`attendance_${b.id}`, 'attended'],
        [`response_${b.id}`, 'Left early.'],
        [`minutes_${b.id}`, minutes],
      ],
    );
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="field-minutes_${b.id}-error" class="field-error">${message}`));
  });

  it('refuses a group logged as individual', async () => {
    const [a, b] = [await student('Ida'), await student('Jon')];
    const res = await group(
      maya,
      [a, b],
      [
        ['startTime', '15:00'],
        ['minutes', '30'],
        ['serviceType', 'individual'],
        [`attendance_${a.id}`, 'attended'],
        [`response_${a.id}`, 'Fine.'],
        [`attendance_${b.id}`, 'attended'],
        [`response_${b.id}`, 'Fine.'],
      ],
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('An individual session has one student: choose Group for 2');
  });
});

describe('an absent student', () => {
  it('has their data, response and minutes ignored, and the form says so', async () => {
    const [a, b] = [await student('Kit'), await student('Lou')];
    const form = await maya.agent.get(`/sessions/new?student=${a.id}&student=${b.id}`);
    expect(form.text).toContain('Data, the response and minutes are saved only for a student who attended.');
    const res = await group(
      maya,
      [a, b],
      [
        ['startTime', '08:00'],
        ['minutes', '30'],
        [`attendance_${a.id}`, 'attended'],
        [`response_${a.id}`, 'Cut along the curve with two reminders.'],
        [`value_${a.goal}`, '60'],
        [`attendance_${b.id}`, 'student_absent'],
        [`response_${b.id}`, 'Typed before the attendance was changed.'],
        [`value_${b.goal}`, '75'],
        [`minutes_${b.id}`, 'not a number'],
      ],
    );
    expect(res.status).toBe(303);
    const rows = await t.db.sessionStudent.findMany({
      where: { sessionId: sessionIdOf(res) },
      orderBy: { studentId: 'asc' },
      include: { dataPoints: true },
    });
    expect(rows.map((r) => [r.attendance, r.response, r.minutes, r.dataPoints.map((p) => p.value)])).toEqual([
      ['attended', 'Cut along the curve with two reminders.', null, [60]],
      ['student_absent', '', null, []],
    ]);
  });
  it('makes nothing up: a make-up chosen for a student marked absent is not kept', async () => {
    const kid = await student('Max');
    const missed = await makeSessionLog(t.db, {
      providerId: mayaId,
      date: new Date(`${day()}T00:00:00Z`),
      startTime: '06:00',
      students: [{ studentId: kid.id, attendance: 'therapist_absent' }],
    });
    const res = await individual(maya, kid, {
      startTime: '07:00',
      [`attendance_${kid.id}`]: 'student_absent',
      [`makeup_${kid.id}`]: String(missed.students[0]!.id),
    });
    expect(res.status).toBe(303);
    const row = await t.db.sessionStudent.findFirstOrThrow({ where: { sessionId: sessionIdOf(res) } });
    expect(row.makeUpForId).toBeNull();
  });
});

describe('the fields of the service record', () => {
  it('requires the nature of the service and a response for each student who attended', async () => {
    const kid = await student('Mo');
    const res = await individual(maya, kid, { startTime: '16:00', nature: ' ', [`response_${kid.id}`]: '' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="field-nature-error" class="field-error">Enter what the service was, in a few words/);
    expect(res.text).toMatch(new RegExp(`id="field-response_${kid.id}-error" class="field-error">Write how Mo responded, in a sentence`));
    const absent = await individual(maya, kid, {
      startTime: '16:00',
      [`attendance_${kid.id}`]: 'student_absent',
      [`response_${kid.id}`]: '',
    });
    expect(absent.status).toBe(303);
  });

  it('refuses a place that is not on the list and a response with a line break', async () => {
    const kid = await student('Ned');
    const res = await individual(maya, kid, { startTime: '16:30', place: 'moon', [`response_${kid.id}`]: 'Two\nlines' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose where the session took place');
    expect(res.text).toContain('Response has characters that cannot be used');
  });

  it("saves and shows them: time and end, place, individual or group, provider's credential, nature, response", async () => {
    const kid = await student('Oda');
    const res = await individual(maya, kid, {
      startTime: '08:40',
      minutes: '25',
      place: 'classroom',
      nature: 'Handwriting practice at a slant board',
      [`response_${kid.id}`]: 'Formed 8 of 10 letters, up from 6.',
    });
    expect(res.status).toBe(303);
    const saved = await t.db.sessionLog.findUniqueOrThrow({ where: { id: sessionIdOf(res) }, include: { students: true } });
    expect([saved.place, saved.nature, saved.students[0]!.response]).toEqual([
      'classroom',
      'Handwriting practice at a slant board',
      'Formed 8 of 10 letters, up from 6.',
    ]);
    const page = (await maya.agent.get(String(res.headers.location))).text;
    for (const words of [
      '<dt>Start</dt><dd>08:40</dd>',
      '<dt>End</dt><dd>09:05</dd>',
      '<dt>Place of service</dt><dd>Classroom</dd>',
      '<dt>Individual or group</dt><dd>Individual</dd>',
      '<dt>Provider</dt><dd>Maya Okafor, OTR/L</dd>',
      '<dt>Service</dt><dd>Handwriting practice at a slant board</dd>',
      'Formed 8 of 10 letters, up from 6.',
    ])
      expect(page).toContain(words);
  });

  it("names an assistant's credential and the supervising OT's", async () => {
    const ota = await t.db.user.update({
      where: { id: (await user(t.db, 'therapist', { name: 'Jordan Lee' })).id },
      data: { assistant: true },
    });
    const kid = await makeStudent(t.db, { schoolId, firstName: 'Pia', therapistIds: [ota.id, mayaId] });
    const s = await signedIn(t.app, ota.email);
    const form = await s.agent.get(`/sessions/new?student=${kid.id}`);
    expect(form.text).toContain('Jordan Lee, COTA/L');
    const res = await individual(s, kid, { startTime: '09:00', supervisorId: String(mayaId) });
    expect(res.status).toBe(303);
    const page = await s.agent.get(String(res.headers.location));
    expect(page.text).toContain('<dt>Provider</dt><dd>Jordan Lee, COTA/L, supervised by Maya Okafor, OTR/L</dd>');
  });
});

describe('the form starts with what the therapist would type', () => {
  const valueOf = (html: string, name: string) => new RegExp(`name="${name}" type="[a-z]+"\\s+value="([^"]*)"`).exec(html)?.[1];

  async function mandate(studentId: number, minutes: number, fields: Record<string, unknown> = {}) {
    const now = today(t.config.timeZone);
    await t.db.serviceMandate.create({
      data: {
        studentId,
        minutes,
        period: 'week',
        delivery: 'pull_out',
        grouping: 'individual',
        startDate: new Date(now.getTime() - 30 * 86_400_000),
        endDate: new Date(now.getTime() + 200 * 86_400_000),
        ...fields,
      },
    });
  }

  it("minutes from the student's mandate in force today, not 30", async () => {
    const kid = await student('Quin');
    await mandate(kid.id, 20);
    await mandate(kid.id, 60, { delivery: 'consultation', period: 'month' });
    // An old mandate that has ended says nothing.
    await mandate(kid.id, 45, { startDate: new Date('2020-01-01'), endDate: new Date('2020-06-01') });
    const form = await maya.agent.get(`/sessions/new?student=${kid.id}`);
    expect(valueOf(form.text, 'minutes')).toBe('20');
  });

  it('for a group, the smallest among them', async () => {
    const [a, b, c] = [await student('Rae'), await student('Sol'), await student('Tam')];
    await mandate(a.id, 45, { grouping: 'group' });
    await mandate(b.id, 25, { grouping: 'group' });
    const form = await maya.agent.get(`/sessions/new?student=${a.id}&student=${b.id}&student=${c.id}`);
    expect(valueOf(form.text, 'minutes')).toBe('25');
  });

  it('30 minutes when no mandate says, the start time now in the district, the therapy room and a nature from the goals', async () => {
    const kid = await student('Uma');
    await makeGoal(t.db, { studentId: kid.id, area: 'scissors' });
    const now = timeNow(t.config.timeZone);
    const form = (await maya.agent.get(`/sessions/new?student=${kid.id}`)).text;
    expect(valueOf(form, 'minutes')).toBe('30');
    const start = valueOf(form, 'startTime')!;
    expect(start).toMatch(/^([01]\d|2[0-3]):[0-5][05]$/);
    const apart = Math.abs(minutesOfDay(start) - minutesOfDay(now));
    expect(Math.min(apart, 24 * 60 - apart)).toBeLessThanOrEqual(5);
    expect(form).toMatch(/<option value="therapy_room" selected>/);
    expect(valueOf(form, 'nature')).toBe('Work on handwriting and cutting with scissors');
  });
});

describe('the session record in the demo factories', () => {
  it('has a place, a nature and a response for an attended student', async () => {
    const kid = await student('Vic');
    const s = await makeSessionLog(t.db, { providerId: mayaId, students: [{ studentId: kid.id }] });
    const saved = await t.db.sessionLog.findUniqueOrThrow({ where: { id: s.id }, include: { students: true } });
    expect(saved.place).toBe('therapy_room');
    expect(saved.nature).not.toBe('');
    expect(saved.students[0]!.response).not.toBe('');
  });
});
