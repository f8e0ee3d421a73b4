import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, clockTime, dayKey, today } from '../../../src/calendar/dates.js';
import type { Measurement } from '../../../src/generated/prisma/enums.js';
import { currentUserOf } from '../../../src/access/current-user.js';
import { saveSession, sessionFormContext } from '../../../src/features/sessions/sessions.service.js';
import { Invalid } from '../../../src/web/errors.js';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let ot: Awaited<ReturnType<typeof signedIn>>;
let otId: number;
let ava: number;
let ben: number;
let avaTrials: number;
let avaPercent: number;
let benPrompt: number;
let schoolId: number;

const goal = async (studentId: number, measurement: Measurement, status: 'active' | 'discontinued' = 'active') =>
  (await makeGoal(t.db, { studentId, measurement, status })).id;

// Each save starts at a time no other in this file has (a student's sessions must not overlap),
// from 11:00 on, clear of the group sessions at 10:00. Responses are ignored for students not in the session.
let slots = 0;
/** The <input> tag of a field, by its name, to check its attributes whatever their order. */
const inputOf = (html: string, name: string) => new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0] ?? '';
const numberInput = (tag: string, value: string) => {
  for (const attr of ['type="number"', 'min="0"', 'max="200"', 'inputmode="numeric"', `value="${value}"`]) expect(tag).toContain(attr);
};
const nextStart = () => clockTime(11 * 60 + 35 * slots++);
const base = () => ({
  date: dayKey(today(t.config.timeZone)),
  startTime: nextStart(),
  minutes: '30',
  serviceType: 'individual',
  place: 'therapy_room',
  nature: 'Work on handwriting',
  [`response_${ava}`]: 'Formed 6 of 10 letters.',
  [`response_${ben}`]: 'Needed a verbal prompt to start.',
});

beforeAll(async () => {
  schoolId = (await makeSchool(t.db)).id;
  const u = await user(t.db, 'therapist');
  otId = u.id;
  ava = (await makeStudent(t.db, { schoolId, firstName: 'Ava', therapistIds: [otId] })).id;
  ben = (await makeStudent(t.db, { schoolId, firstName: 'Ben', therapistIds: [otId] })).id;
  avaTrials = await goal(ava, 'trials');
  avaPercent = await goal(ava, 'percent');
  benPrompt = await goal(ben, 'prompt');
  ot = await signedIn(t.app, u.email);
});

describe('logging a session', () => {
  it('shows a form with a counter for tries and a field per goal', async () => {
    const res = await ot.agent.get(`/sessions/new?student=${ava}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`name="tap" value="correct:${avaTrials}"`);
    expect(res.text).toContain(`name="value_${avaPercent}"`);
    expect(res.text).toContain('name="attendance_' + ava + '"');
  });

  it('saves an individual session with tries and a percent, audited', async () => {
    const res = await ot.agent
      .post('/sessions')
      .type('form')
      .send({
        _csrf: ot.csrf,
        ...base(),
        student: String(ava),
        [`attendance_${ava}`]: 'attended',
        activities: 'warm_up',
        [`correct_${avaTrials}`]: '6',
        [`incorrect_${avaTrials}`]: '2',
        [`cued_${avaTrials}`]: '2',
        [`value_${avaPercent}`]: '55',
        [`note_${ava}`]: 'Tired after PE.',
      });
    expect(res.status).toBe(303);
    const sessionId = Number(String(res.headers.location).split('/').pop());
    const points = await t.db.dataPoint.findMany({ where: { sessionStudent: { sessionId } }, orderBy: { goalId: 'asc' } });
    expect(points.map((p) => [p.goalId, p.value, p.correct])).toEqual([
      [avaTrials, 60, 6],
      [avaPercent, 55, null],
    ]);
    const page = await ot.agent.get(String(res.headers.location));
    expect(page.text).toContain('60%');
    expect(page.text).toContain('Tired after PE.');
    const logged = { action: 'student.session.logged', studentId: ava, targetId: String(sessionId) };
    expect(await t.db.auditEvent.count({ where: logged })).toBe(1);
  });

  it('saves a group session: each student has their own attendance and data, and the full minutes', async () => {
    const res = await ot.agent
      .post('/sessions')
      .type('form')
      .send(
        new URLSearchParams([
          ['_csrf', ot.csrf],
          ['date', base().date],
          ['startTime', '10:00'],
          ['minutes', '45'],
          ['serviceType', 'group'],
          ['student', String(ava)],
          ['student', String(ben)],
          ['place', 'therapy_room'],
          ['nature', 'Work on handwriting and self-regulation'],
          [`attendance_${ava}`, 'attended'],
          [`response_${ava}`, 'Formed 4 letters correctly.'],
          [`correct_${avaTrials}`, '4'],
          [`attendance_${ben}`, 'attended'],
          [`response_${ben}`, 'Used the calming routine with a verbal prompt.'],
          [`value_${benPrompt}`, '2'],
        ]).toString(),
      );
    expect(res.status).toBe(303);
    const sessionId = Number(String(res.headers.location).split('/').pop());
    const session = await t.db.sessionLog.findUniqueOrThrow({
      where: { id: sessionId },
      include: { students: { include: { dataPoints: true } } },
    });
    expect(session.minutes).toBe(45);
    expect(session.students).toHaveLength(2);
    expect(session.students.every((s) => s.attendance === 'attended' && s.dataPoints.length === 1)).toBe(true);
  });

  it("writes nothing of a group when one student's part is wrong", async () => {
    const before = await t.db.sessionStudent.count();
    const res = await ot.agent
      .post('/sessions')
      .type('form')
      .send(
        new URLSearchParams([
          ['_csrf', ot.csrf],
          ['date', base().date],
          ['startTime', '10:00'],
          ['minutes', '45'],
          ['serviceType', 'group'],
          ['student', String(ava)],
          ['student', String(ben)],
          ['place', 'therapy_room'],
          ['nature', 'Work on handwriting and self-regulation'],
          [`attendance_${ava}`, 'attended'],
          [`response_${ava}`, 'Formed 4 letters correctly.'],
          [`correct_${avaTrials}`, '4'],
          [`attendance_${ben}`, 'attended'],
          [`response_${ben}`, 'Calm after the routine.'],
          [`value_${benPrompt}`, '9'],
        ]).toString(),
      );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Use a number from 0 to 6');
    expect(res.text).toContain(`value="4"`);
    expect(await t.db.sessionStudent.count()).toBe(before);
  });

  it.each([
    [{ minutes: '0' }, 'minutes', 'at least 1 minute'],
    [{ minutes: '481' }, 'minutes', 'at most 480 minutes'],
    [{ date: '2026-02-30' }, 'date', 'not a real date'],
    [{ date: '2099-01-01' }, 'date', 'future date'],
    [{ date: dayKey(addDays(today(t.config.timeZone), 1)) }, 'date', 'future date'],
    [{ startTime: '25:00' }, 'startTime', 'like 09:30'],
  ])('refuses %o next to its field, writing nothing', async (change, field, message) => {
    const before = await t.db.sessionLog.count();
    const res = await ot.agent
      .post('/sessions')
      .type('form')
      .send({ _csrf: ot.csrf, ...base(), student: String(ava), [`attendance_${ava}`]: 'attended', ...change });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="field-${field}-error" class="field-error">[^<]*${message}`));
    expect(await t.db.sessionLog.count()).toBe(before);
  });

  it("shows the menu's count of sessions to sign on a form shown again, as on every page", async () => {
    // The count is read late for a submitted form (most are answered with a redirect): the page
    // shown again must still carry it, and the same number as a page fetched with GET.
    const toSign = (html: string) => /href="\/sessions\/to-sign"[^>]*>[^<]*<span class="nav-count">(\d+)/.exec(html)?.[1];
    const counted = toSign((await ot.agent.get('/')).text);
    expect(Number(counted)).toBeGreaterThan(0);
    const res = await ot.agent
      .post('/sessions')
      .type('form')
      .send({ _csrf: ot.csrf, ...base(), student: String(ava), [`attendance_${ava}`]: 'attended', minutes: '0' });
    expect(res.status).toBe(422);
    expect(toSign(res.text)).toBe(counted);
  });

  it('refuses control characters in a note and out-of-range values', async () => {
    const res = await ot.agent
      .post('/sessions')
      .type('form')
      .send({
        _csrf: ot.csrf,
        ...base(),
        student: String(ava),
        [`attendance_${ava}`]: 'attended',
        [`note_${ava}`]: 'bad\u0001note',
        [`value_${avaPercent}`]: '140',
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('has characters that cannot be used');
    expect(res.text).toContain('Use a number from 0 to 100');
  });

  it('refuses data for a discontinued goal, writing nothing', async () => {
    const old = await goal(ava, 'percent', 'discontinued');
    const before = await t.db.sessionLog.count();
    const res = await ot.agent
      .post('/sessions')
      .type('form')
      .send({ _csrf: ot.csrf, ...base(), student: String(ava), [`attendance_${ava}`]: 'attended', [`value_${old}`]: '50' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('not open for these students');
    expect(await t.db.sessionLog.count()).toBe(before);
  });

  it("refuses a student, or a goal, of another therapist's caseload", async () => {
    const other = await user(t.db, 'therapist');
    const theirs = await makeStudent(t.db, { schoolId, therapistIds: [other.id] });
    const theirGoal = await goal(theirs.id, 'percent');
    expect((await ot.agent.get(`/sessions/new?student=${theirs.id}`)).status).toBe(404);
    const res = await ot.agent
      .post('/sessions')
      .type('form')
      .send({ _csrf: ot.csrf, ...base(), student: String(theirs.id), [`attendance_${theirs.id}`]: 'attended' });
    expect(res.status).toBe(404);
    const smuggled = await ot.agent
      .post('/sessions')
      .type('form')
      .send({ _csrf: ot.csrf, ...base(), student: String(ava), [`attendance_${ava}`]: 'attended', [`value_${theirGoal}`]: '50' });
    expect(smuggled.status).toBe(422);
    expect(await t.db.dataPoint.count({ where: { goalId: theirGoal } })).toBe(0);
    const session = await makeSessionLog(t.db, { providerId: otId, students: [{ studentId: ava }] });
    const otherSession = await signedIn(t.app, other.email);
    expect((await otherSession.agent.get(`/sessions/${session.id}`)).status).toBe(404);
  });

  it('is for therapists: teachers and admins cannot log', async () => {
    for (const role of ['teacher', 'admin'] as const) {
      const u = await user(t.db, role);
      const s = await signedIn(t.app, u.email);
      expect((await s.agent.get(`/sessions/new?student=${ava}`)).status).toBe(403);
      expect(
        (
          await s.agent
            .post('/sessions')
            .type('form')
            .send({ _csrf: s.csrf, ...base(), student: String(ava), [`attendance_${ava}`]: 'attended' })
        ).status,
      ).toBe(403);
    }
  });
});

describe('an OT assistant', () => {
  it('must name a supervising OT, who is recorded on the session', async () => {
    const ota = await t.db.user.update({ where: { id: (await user(t.db, 'therapist')).id }, data: { assistant: true } });
    const kid = await makeStudent(t.db, { schoolId, therapistIds: [ota.id, otId] });
    const s = await signedIn(t.app, ota.email);
    const form = {
      _csrf: s.csrf,
      ...base(),
      student: String(kid.id),
      [`attendance_${kid.id}`]: 'attended',
      [`response_${kid.id}`]: 'Joined in.',
    };
    const missing = await s.agent.post('/sessions').type('form').send(form);
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Name the OT who supervises this session');
    const notAnOt = await s.agent
      .post('/sessions')
      .type('form')
      .send({ ...form, supervisorId: String(ota.id) });
    expect(notAnOt.text).toContain('Choose the supervising OT from the list');
    const ok = await s.agent
      .post('/sessions')
      .type('form')
      .send({ ...form, supervisorId: String(otId) });
    expect(ok.status).toBe(303);
    expect((await t.db.sessionLog.findFirstOrThrow({ where: { providerId: ota.id } })).supervisorId).toBe(otId);
  });
});

describe('the counter', () => {
  it('counts a tap with htmx, returning only the counter', async () => {
    const res = await ot.agent
      .post('/sessions/tally')
      .set('HX-Request', 'true')
      .type('form')
      .send({
        _csrf: ot.csrf,
        tap: `correct:${avaTrials}`,
        [`correct_${avaTrials}`]: '2',
        [`incorrect_${avaTrials}`]: '1',
        [`cued_${avaTrials}`]: '0',
      });
    expect(res.status).toBe(200);
    expect(res.text.trim()).toMatch(new RegExp(`^<div class="tally" id="goal-${avaTrials}-tally">`));
    numberInput(inputOf(res.text, `correct_${avaTrials}`), '3');
    expect(res.text).toContain('3 correct, 1 incorrect, 0 cued: 75% correct');
  });

  it('counts a tap without JavaScript by showing the form again, saving nothing', async () => {
    const before = await t.db.sessionLog.count();
    const res = await ot.agent
      .post('/sessions')
      .type('form')
      .send({
        _csrf: ot.csrf,
        ...base(),
        student: String(ava),
        [`attendance_${ava}`]: 'attended',
        tap: `incorrect:${avaTrials}`,
        [`incorrect_${avaTrials}`]: '4',
        [`value_${avaPercent}`]: '70',
      });
    expect(res.status).toBe(200);
    numberInput(inputOf(res.text, `incorrect_${avaTrials}`), '5');
    expect(res.text).toContain('value="70"');
    expect(await t.db.sessionLog.count()).toBe(before);
  });

  it('refuses a malformed tap', async () => {
    expect(
      (await ot.agent.post('/sessions/tally').set('HX-Request', 'true').type('form').send({ _csrf: ot.csrf, tap: 'explode:1' })).status,
    ).toBe(400);
  });
});

describe('missed sessions and make-ups', () => {
  it('keeps the cause of a miss, and a make-up links to it and clears it from the ledger', async () => {
    const miss = await ot.agent
      .post('/sessions')
      .type('form')
      .send({ _csrf: ot.csrf, ...base(), minutes: '30', student: String(ben), [`attendance_${ben}`]: 'therapist_absent' });
    expect(miss.status).toBe(303);
    const missed = await t.db.sessionStudent.findFirstOrThrow({ where: { studentId: ben, attendance: 'therapist_absent' } });
    let page = await ot.agent.get(`/students/${ben}`);
    expect(page.text).toContain('Therapist absent or pulled away: 30 min missed in 1 session, 0 min made up, 30 min owed');
    const form = await ot.agent.get(`/sessions/new?student=${ben}`);
    expect(form.text).toContain(`<option value="${missed.id}"`);
    const makeUp = await ot.agent
      .post('/sessions')
      .type('form')
      .send({ _csrf: ot.csrf, ...base(), student: String(ben), [`attendance_${ben}`]: 'attended', [`makeup_${ben}`]: String(missed.id) });
    expect(makeUp.status).toBe(303);
    const made = await t.db.sessionStudent.findFirstOrThrow({ where: { makeUpForId: missed.id } });
    expect(made.studentId).toBe(ben);
    page = await ot.agent.get(`/students/${ben}`);
    expect(page.text).toContain('Therapist absent or pulled away: 30 min missed in 1 session, 30 min made up, 0 min owed');
    const again = await ot.agent
      .post('/sessions')
      .type('form')
      .send({ _csrf: ot.csrf, ...base(), student: String(ben), [`attendance_${ben}`]: 'attended', [`makeup_${ben}`]: String(missed.id) });
    expect(again.status).toBe(422);
    expect(again.text).toContain('Choose one of this student&#39;s missed sessions');
  });

  it('offers the ten latest missed sessions that count and are not made up, and refuses one made up meanwhile', async () => {
    const me = await user(t.db, 'therapist');
    const caller = { user: currentUserOf(me) };
    const kid = (await makeStudent(t.db, { schoolId, firstName: 'Cleo', therapistIds: [me.id] })).id;
    const missedOn = (d: number) => new Date(Date.UTC(2026, 8, d));
    const missed = async (d: number, attendance: 'student_absent' | 'school_closed' | 'attended' = 'student_absent') => {
      const log = await makeSessionLog(t.db, { providerId: me.id, date: missedOn(d), students: [{ studentId: kid, attendance }] });
      return t.db.sessionStudent.findFirstOrThrow({ where: { sessionId: log.id } });
    };
    const rows = [];
    for (let d = 1; d <= 13; d++) rows.push(await missed(d, d % 2 ? 'student_absent' : 'school_closed'));
    await missed(14, 'attended');
    // The 13th is voided, the 12th made up: neither is offered.
    await t.db.sessionLog.update({
      where: { id: (await t.db.sessionStudent.findUniqueOrThrow({ where: { id: rows[12]!.id } })).sessionId },
      data: { voidedAt: new Date(), voidReason: 'Entered twice.' },
    });
    await makeSessionLog(t.db, { providerId: me.id, date: missedOn(20), students: [{ studentId: kid, makeUpForId: rows[11]!.id }] });

    const context = await sessionFormContext(t.db, caller, [kid]);
    const offered = context.students[0]!.attendance;
    expect(offered.map((m) => m.id)).toEqual(
      rows
        .slice(1, 11)
        .reverse()
        .map((r) => r.id),
    );
    expect(offered[0]).toEqual({ id: rows[10]!.id, attendance: 'student_absent', session: { date: missedOn(11), minutes: 30 } });

    // Another save makes up the newest offered one after this form was read: refused beside the choice, nothing written.
    await makeSessionLog(t.db, { providerId: me.id, date: missedOn(21), students: [{ studentId: kid, makeUpForId: rows[10]!.id }] });
    const before = await t.db.sessionLog.count();
    const input = {
      date: missedOn(22),
      startTime: '13:00',
      minutes: 30,
      serviceType: 'individual',
      place: 'therapy_room',
      nature: 'Scissor practice',
      activities: [],
      supervisorId: null,
      [`attendance_${kid}`]: 'attended',
      [`makeup_${kid}`]: rows[10]!.id,
    };
    const refused = await saveSession(t.db, caller, context, input).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).fields).toEqual({ [`makeup_${kid}`]: expect.stringContaining('made up by another session meanwhile') });
    expect(await t.db.sessionLog.count()).toBe(before);
    // Without the make-up it saves.
    const saved = await saveSession(t.db, caller, context, { ...input, [`makeup_${kid}`]: null });
    const row = await t.db.sessionStudent.findFirstOrThrow({ where: { sessionId: saved }, include: { session: true } });
    expect(row).toMatchObject({
      studentId: kid,
      attendance: 'attended',
      makeUpForId: null,
      sessionDate: missedOn(22),
      sessionStart: '13:00',
      sessionMinutes: 30,
    });
    expect(row.session).toMatchObject({
      providerId: me.id,
      serviceType: 'individual',
      place: 'therapy_room',
      nature: 'Scissor practice',
      version: 1,
    });
  });

  it("lists a student's sessions newest first, paged, with htmx getting only the list", async () => {
    const teacher = await user(t.db, 'teacher');
    const kid = (await makeStudent(t.db, { schoolId, therapistIds: [otId], teacherIds: [teacher.id] })).id;
    const session = await makeSessionLog(t.db, { providerId: otId, students: [{ studentId: kid, note: 'Tired after PE.' }] });
    const res = await ot.agent.get(`/students/${kid}`).set('HX-Request', 'true');
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('newest first');
    expect(res.text).toContain(`href="/sessions/${session.id}"`);
    const ts = await signedIn(t.app, teacher.email);
    const seen = await ts.agent.get(`/students/${kid}`);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain('Tired after PE.');
    expect(seen.text).not.toContain(`href="/sessions/${session.id}"`);
    expect(seen.text).not.toContain('Recent sessions');
  });
});
