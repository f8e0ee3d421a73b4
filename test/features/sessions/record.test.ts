// The service record: correcting, voiding, signing and co-signing sessions, and the minutes and
// data that count afterwards, everywhere they are shown.
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayKey, today } from '../../../src/calendar/dates.js';
import type { Attendance } from '../../../src/generated/prisma/enums.js';
import type { CurrentUser } from '../../../src/access/current-user.js';
import { getNote, noteCharts } from '../../../src/features/notes/notes.service.js';
import { goalSeries } from '../../../src/features/goals/goal-data.js';
import {
  csrfFrom,
  makeGoal,
  makeProgressNote,
  makeSchool,
  makeSessionLog,
  makeStudent,
  signedIn,
  testApp,
  user,
} from '../../helpers/app.js';

const t = await testApp();
type Agent = Awaited<ReturnType<typeof signedIn>>;
let ot: Agent;
let ota: Agent;
let otherOt: Agent;
let teacher: Agent;
let admin: Agent;
let otId: number;
let otaId: number;
let ava: number;
let trialsGoal: number;
let percentGoal: number;
let schoolId: number;

const day = (daysAgo: number) => addDays(today(t.config.timeZone), -daysAgo);

beforeAll(async () => {
  schoolId = (await makeSchool(t.db)).id;
  const o = await user(t.db, 'therapist', { name: 'Maya Okafor' });
  const a = await user(t.db, 'therapist', { name: 'Jordan Lee' });
  await t.db.user.update({ where: { id: a.id }, data: { assistant: true } });
  const other = await user(t.db, 'therapist', { name: 'Sam Rivera' });
  const te = await user(t.db, 'teacher');
  const ad = await user(t.db, 'admin');
  otId = o.id;
  otaId = a.id;
  ava = (await makeStudent(t.db, { schoolId, firstName: 'Ava', therapistIds: [o.id, a.id, other.id], teacherIds: [te.id] })).id;
  trialsGoal = (await makeGoal(t.db, { studentId: ava, measurement: 'trials', baselineDate: day(200) })).id;
  percentGoal = (await makeGoal(t.db, { studentId: ava, measurement: 'percent', baselineDate: day(200) })).id;
  ot = await signedIn(t.app, o.email);
  ota = await signedIn(t.app, a.email);
  otherOt = await signedIn(t.app, other.email);
  teacher = await signedIn(t.app, te.email);
  admin = await signedIn(t.app, ad.email);
});

/** A start time of its own on that day, so no two sessions overlap: 50-minute slots from 05:00. */
const slots = new Map<number, number>();
function slot(daysAgo: number): string {
  const n = slots.get(daysAgo) ?? 0;
  slots.set(daysAgo, n + 1);
  const minutes = 5 * 60 + n * 50;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A session of Ava's, logged as if through the form. */
async function session(
  fields: {
    providerId?: number;
    supervisorId?: number | null;
    daysAgo?: number;
    startTime?: string;
    minutes?: number;
    attendance?: Attendance;
    value?: number;
  } = {},
) {
  const attendance = fields.attendance ?? 'attended';
  return makeSessionLog(t.db, {
    providerId: fields.providerId ?? otId,
    supervisorId: fields.supervisorId ?? null,
    date: day(fields.daysAgo ?? 0),
    startTime: fields.startTime ?? slot(fields.daysAgo ?? 0),
    minutes: fields.minutes ?? 30,
    students: [
      {
        studentId: ava,
        attendance,
        dataPoints: attendance === 'attended' && fields.value !== undefined ? [{ goalId: percentGoal, value: fields.value }] : [],
      },
    ],
  });
}

const decode = (s: string) =>
  s.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** The fields of the form posting to `action`, as a browser would send them (inputs, chosen options, textareas). */
function formFields(html: string, action: string): URLSearchParams {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields = new URLSearchParams();
  for (const [, attrs] of form.matchAll(/<input\b([^>]*)>/g)) {
    const name = /\bname="([^"]*)"/.exec(attrs!)?.[1];
    const type = /\btype="([^"]*)"/.exec(attrs!)?.[1] ?? 'text';
    if (!name || ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(attrs!))) continue;
    fields.append(name, decode(/\bvalue="([^"]*)"/.exec(attrs!)?.[1] ?? ''));
  }
  for (const [, name, options] of form.matchAll(/<select\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)" selected>/.exec(options!) ?? /<option value="([^"]*)"/.exec(options!);
    fields.append(name!, decode(chosen?.[1] ?? ''));
  }
  for (const [, name, text] of form.matchAll(/<textarea\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields.append(name!, decode(text!));
  return fields;
}

/** Posts the correction form as the page filled it, with these changes. */
async function correct(agent: Agent, sessionId: number, changes: Record<string, string>) {
  const page = await agent.agent.get(`/sessions/${sessionId}/correct`);
  expect(page.status).toBe(200);
  const fields = formFields(page.text, `/sessions/${sessionId}/correct`);
  if (!fields.get(`response_${ava}`)) fields.set(`response_${ava}`, 'Worked well at the slant board.');
  for (const [k, v] of Object.entries(changes)) fields.set(k, v);
  return agent.agent.post(`/sessions/${sessionId}/correct`).type('form').send(fields.toString());
}

async function voidIt(agent: Agent, sessionId: number, reason = 'Logged twice.') {
  const version = (await t.db.sessionLog.findUniqueOrThrow({ where: { id: sessionId } })).version;
  return agent.agent
    .post(`/sessions/${sessionId}/void`)
    .type('form')
    .send({ _csrf: agent.csrf, version: String(version), reason });
}

async function sign(agent: Agent, sessionId: number, as: 'sign' | 'cosign' = 'sign', from?: string) {
  const version = (await t.db.sessionLog.findUniqueOrThrow({ where: { id: sessionId } })).version;
  return agent.agent
    .post(`/sessions/${sessionId}/${as}`)
    .type('form')
    .send({ _csrf: agent.csrf, version: String(version), ...(from ? { from } : {}) });
}

/** The week's direct minutes on "My time", and the student page's make-up ledger, as the therapist reads them. */
async function minutesShown(agent: Agent) {
  const week = await agent.agent.get(`/time?week=${dayKey(today(t.config.timeZone))}`);
  const direct = /With students<\/dt><dd>(\d+) min/.exec(week.text)?.[1];
  const student = await agent.agent.get(`/students/${ava}`);
  const owed = /Therapist absent or pulled away: [^<]*?(\d+) min owed/.exec(student.text)?.[1];
  return { direct: Number(direct), owed: owed === undefined ? 0 : Number(owed) };
}

describe('correcting a session', () => {
  it('keeps the earlier version with the reason, shows it as history, and the minutes follow everywhere', async () => {
    const before = await minutesShown(ot);
    const given = await session({ minutes: 30, value: 40 });
    const missed = await session({ minutes: 40, attendance: 'therapist_absent' });
    expect(await minutesShown(ot)).toEqual({ direct: before.direct + 70, owed: before.owed + 40 });

    const res = await correct(ot, missed.id, { minutes: '25', reason: 'It was a 25-minute slot.' });
    expect(res.status).toBe(303);
    expect(await minutesShown(ot)).toEqual({ direct: before.direct + 55, owed: before.owed + 25 });

    const fixed = await correct(ot, given.id, {
      [`value_${percentGoal}`]: '65',
      [`correct_${trialsGoal}`]: '6',
      [`incorrect_${trialsGoal}`]: '2',
      [`cued_${trialsGoal}`]: '2',
      reason: 'Typed 40 for 65, and the tries were not counted.',
    });
    expect(fixed.status).toBe(303);
    const points = await t.db.dataPoint.findMany({ where: { sessionStudent: { sessionId: given.id } }, orderBy: { goalId: 'asc' } });
    expect(points.map((p) => [p.goalId, p.value, p.correct])).toEqual([
      [trialsGoal, 60, 6],
      [percentGoal, 65, null],
    ]);

    const page = await ot.agent.get(`/sessions/${given.id}`);
    expect(page.text).toContain('Earlier versions');
    expect(page.text).toContain('Typed 40 for 65, and the tries were not counted.');
    expect(page.text).toMatch(/Version 1, replaced on .* by Maya Okafor/);
    const kept = await t.db.sessionLogVersion.findUniqueOrThrow({ where: { sessionId_version: { sessionId: given.id, version: 1 } } });
    expect(JSON.parse(kept.snapshot).students[0].dataPoints[0].value).toBe(40);
    expect((await t.db.sessionLog.findUniqueOrThrow({ where: { id: given.id } })).version).toBe(2);
    const audited = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'student.session.corrected', targetId: String(given.id) } });
    expect(audited.studentId).toBe(ava);
  });

  it('answers a stale form with 409, keeping what was typed', async () => {
    const s = await session({ value: 50 });
    const page = await ot.agent.get(`/sessions/${s.id}/correct`);
    const stale = formFields(page.text, `/sessions/${s.id}/correct`);
    // Corrected in another tab first.
    expect((await correct(ot, s.id, { startTime: '04:00', reason: 'Started earlier.' })).status).toBe(303);
    stale.set(`response_${ava}`, 'Needed two reminders.');
    stale.set('nature', 'Letter formation at the whiteboard');
    stale.set('reason', 'The nature was wrong.');
    const res = await ot.agent.post(`/sessions/${s.id}/correct`).type('form').send(stale.toString());
    expect(res.status).toBe(409);
    expect(res.text).toContain('This session was changed while you were correcting it.');
    expect(res.text).toContain('Letter formation at the whiteboard');
    expect(res.text).toContain('The nature was wrong.');
    expect(res.text).toContain('name="version" value="2"');
    expect((await t.db.sessionLog.findUniqueOrThrow({ where: { id: s.id } })).nature).not.toBe('Letter formation at the whiteboard');
  });

  it('asks for a reason, refuses a correction that changes nothing, and one that overlaps another session', async () => {
    const s = await session();
    const noReason = await correct(ot, s.id, { minutes: '20', reason: '' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Enter why the session is corrected');
    const nothing = await correct(ot, s.id, { reason: 'Checking.' });
    expect(nothing.status).toBe(422);
    expect(nothing.text).toContain('Nothing was changed');
    const other = await session();
    const clash = await correct(ot, s.id, { startTime: other.startTime, reason: 'Wrong time.' });
    expect(clash.status).toBe(422);
    expect(clash.text).toContain('already has a session then');
    expect(clash.text).toContain(`href="/sessions/${other.id}"`);
    expect((await t.db.sessionLog.findUniqueOrThrow({ where: { id: s.id } })).version).toBe(1);
  });

  it('is allowed within the district’s correction window only; the page says why, and the admin sets the window', async () => {
    const old = await session({ daysAgo: 100 });
    const page = await ot.agent.get(`/sessions/${old.id}/correct`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('may be corrected or voided for 90 days after its date');
    expect(page.text).not.toContain('Save correction');
    expect((await ot.agent.get(`/sessions/${old.id}`)).text).toContain('so the record stands as it is');
    expect((await voidIt(ot, old.id)).status).toBe(422);

    const settings = await admin.agent.get('/admin/settings');
    const bad = await admin.agent
      .post('/admin/settings')
      .type('form')
      .send({ _csrf: csrfFrom(settings.text), unsignedFlagDays: '7', correctionWindowDays: '0' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Use at least 1 day');
    const saved = await admin.agent
      .post('/admin/settings')
      .type('form')
      .send({ _csrf: admin.csrf, unsignedFlagDays: '7', correctionWindowDays: '120' });
    expect(saved.status).toBe(303);
    expect(await t.db.auditEvent.count({ where: { action: 'settings.changed', detail: { contains: 'correctionWindowDays' } } })).toBe(1);
    const form = formFields((await ot.agent.get(`/sessions/${old.id}/correct`)).text, `/sessions/${old.id}/correct`);
    form.set(`response_${ava}`, 'Copied shapes.');
    form.set('reason', 'Late fix.');
    // The window closes again while the form is open: the save is refused with the reason.
    await admin.agent.post('/admin/settings').type('form').send({ _csrf: admin.csrf, unsignedFlagDays: '7', correctionWindowDays: '90' });
    const refused = await ot.agent.post(`/sessions/${old.id}/correct`).type('form').send(form.toString());
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('may be corrected or voided for 90 days');
    await admin.agent.post('/admin/settings').type('form').send({ _csrf: admin.csrf, unsignedFlagDays: '7', correctionWindowDays: '120' });
    expect((await correct(ot, old.id, { minutes: '35', reason: 'Late fix.' })).status).toBe(303);
    await admin.agent.post('/admin/settings').type('form').send({ _csrf: admin.csrf, unsignedFlagDays: '7', correctionWindowDays: '90' });
  });

  it('is the provider’s alone: another OT of the student is "not found", a teacher "not allowed"', async () => {
    const s = await session();
    for (const path of [`/sessions/${s.id}/correct`, `/sessions/${s.id}/void`]) {
      expect((await otherOt.agent.get(path)).status).toBe(404);
      expect((await ota.agent.get(path)).status).toBe(404);
      expect((await teacher.agent.get(path)).status).toBe(403);
      expect((await admin.agent.get(path)).status).toBe(403);
    }
    expect((await voidIt(otherOt, s.id)).status).toBe(404);
    expect((await sign(otherOt, s.id)).status).toBe(404);
    const shown = await otherOt.agent.get(`/sessions/${s.id}`);
    expect(shown.status).toBe(200);
    expect(shown.text).not.toContain(`/sessions/${s.id}/correct`);
    expect(shown.text).not.toContain(`/sessions/${s.id}/sign`);
    expect((await t.db.sessionLog.findUniqueOrThrow({ where: { id: s.id } })).voidedAt).toBeNull();
  });
});

describe('voiding a session', () => {
  it('keeps it on record, struck through with the reason, and its minutes and data count nowhere', async () => {
    const before = await minutesShown(ot);
    // The latest of the day, so it heads the student's list of sessions.
    const s = await session({ minutes: 45, value: 95, startTime: '23:00' });
    expect((await minutesShown(ot)).direct).toBe(before.direct + 45);
    expect((await goalSeries(t.db, percentGoal)).points.map((p) => p.value)).toContain(95);

    const res = await voidIt(ot, s.id, 'Logged for the wrong student.');
    expect(res.status).toBe(303);
    expect((await minutesShown(ot)).direct).toBe(before.direct);
    expect((await goalSeries(t.db, percentGoal)).points.map((p) => p.value)).not.toContain(95);
    const goalPage = await ot.agent.get(`/goals/${percentGoal}`);
    expect(goalPage.text).not.toContain(`/sessions/${s.id}"`);

    const page = await ot.agent.get(`/sessions/${s.id}`);
    expect(page.text).toContain('class="record-voided"');
    expect(page.text).toContain('Logged for the wrong student.');
    expect(page.text).not.toContain(`/sessions/${s.id}/correct`);
    const list = await ot.agent.get(`/students/${ava}`);
    expect(list.text).toMatch(new RegExp(`<del>[^<]*</del></a>[\\s\\S]*?Voided</strong>: Logged for the wrong student.`));
    expect(await t.db.dataPoint.count({ where: { sessionStudent: { sessionId: s.id } } })).toBe(1); // kept, not counted
    expect(await t.db.auditEvent.count({ where: { action: 'student.session.voided', targetId: String(s.id) } })).toBe(1);
    expect((await voidIt(ot, s.id)).status).toBe(409);
    expect((await sign(ot, s.id)).status).toBe(409);
  });

  it('a voided make-up makes nothing up: the missed minutes are owed again, and the ledger and week agree', async () => {
    const before = await minutesShown(ot);
    const missed = await session({ minutes: 20, attendance: 'therapist_absent' });
    const row = await t.db.sessionStudent.findFirstOrThrow({ where: { sessionId: missed.id } });
    const makeUp = await makeSessionLog(t.db, {
      providerId: otId,
      date: day(0),
      startTime: '21:00',
      minutes: 20,
      students: [{ studentId: ava, makeUpForId: row.id }],
    });
    expect(await minutesShown(ot)).toEqual({ direct: before.direct + 40, owed: before.owed });
    expect((await voidIt(ot, makeUp.id, 'The make-up did not happen.')).status).toBe(303);
    expect(await minutesShown(ot)).toEqual({ direct: before.direct + 20, owed: before.owed + 20 });
    const kept = await t.db.sessionLogVersion.findFirstOrThrow({ where: { sessionId: makeUp.id } });
    expect(JSON.parse(kept.snapshot).students[0].makeUpForId).toBe(row.id);
    // The missed session can be made up again.
    expect((await ot.agent.get(`/sessions/new?student=${ava}`)).text).toContain(`<option value="${row.id}"`);
    // And a missed session that was made up is not turned into one attended.
    const missedAgain = await session({ minutes: 20, attendance: 'therapist_absent' });
    const again = await t.db.sessionStudent.findFirstOrThrow({ where: { sessionId: missedAgain.id } });
    await makeSessionLog(t.db, {
      providerId: otId,
      date: day(0),
      startTime: '22:00',
      minutes: 20,
      students: [{ studentId: ava, makeUpForId: again.id }],
    });
    const refused = await correct(ot, missedAgain.id, { [`attendance_${ava}`]: 'attended', reason: 'She was there.' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Correct or void that make-up first');
  });
});

describe('signing', () => {
  it('the provider signs with their name, credential and the time, once', async () => {
    const s = await session();
    const page = await ot.agent.get(`/sessions/${s.id}`);
    expect(page.text).toContain('Sign as Maya Okafor, OTR/L');
    expect((await sign(ot, s.id)).status).toBe(303);
    const signed = await t.db.sessionLog.findUniqueOrThrow({ where: { id: s.id } });
    expect([signed.signedName, signed.signedCredential, signed.signedById]).toEqual(['Maya Okafor', 'OTR/L', otId]);
    expect(signed.signedAt).not.toBeNull();
    const after = await ot.agent.get(`/sessions/${s.id}`);
    expect(after.text).toContain('I provided this service as recorded.');
    expect(after.text).toContain('Signed by <strong>Maya Okafor, OTR/L</strong>');
    expect(after.text).not.toContain('Sign as Maya Okafor');
    expect((await sign(ot, s.id)).status).toBe(409);
    expect(await t.db.auditEvent.count({ where: { action: 'student.session.signed', targetId: String(s.id) } })).toBe(1);
  });

  it('a signed session changes only by a correction, which keeps the signed version and asks for a new signature', async () => {
    const s = await session({ value: 30 });
    await sign(ot, s.id);
    const res = await correct(ot, s.id, { [`value_${percentGoal}`]: '35', reason: 'Miscounted.' });
    expect(res.status).toBe(303);
    const now = await t.db.sessionLog.findUniqueOrThrow({ where: { id: s.id } });
    expect([now.signedAt, now.signedName, now.signedCredential, now.cosignedAt]).toEqual([null, null, null, null]);
    const kept = JSON.parse((await t.db.sessionLogVersion.findFirstOrThrow({ where: { sessionId: s.id } })).snapshot);
    expect(kept.signed).toMatchObject({ name: 'Maya Okafor', credential: 'OTR/L' });
    const page = await ot.agent.get(`/sessions/${s.id}`);
    expect(page.text).toContain('This version was signed by <strong>Maya Okafor, OTR/L</strong>');
    expect(page.text).toContain('Sign as Maya Okafor, OTR/L');
    const audited = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'student.session.corrected', targetId: String(s.id) } });
    expect(JSON.parse(audited.detail!)).toEqual({ fromVersion: 1, signaturesCleared: true });
  });

  it("an assistant's session is co-signed by the supervising OT alone, from the queue", async () => {
    const s = await session({ providerId: otaId, supervisorId: otId });
    // Before the assistant signs, there is nothing to co-sign.
    expect((await sign(ot, s.id, 'cosign')).status).toBe(409);
    expect((await ota.agent.get(`/sessions/${s.id}`)).text).toContain('Sign as Jordan Lee, COTA/L');
    expect((await sign(ota, s.id)).status).toBe(303);
    expect((await t.db.sessionLog.findUniqueOrThrow({ where: { id: s.id } })).signedCredential).toBe('COTA/L');

    const queue = await ot.agent.get('/sessions/to-cosign');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Sessions waiting for your co-signature');
    expect(queue.text).toContain(`action="/sessions/${s.id}/cosign"`);
    expect(queue.text).toMatch(/To co-sign <span class="nav-count">1<span class="visually-hidden"> waiting/);
    expect((await ota.agent.get('/sessions/to-sign')).text).toContain('waiting for your supervising OT');

    // Another OT of the student, the assistant, a teacher and an admin cannot co-sign.
    expect((await sign(otherOt, s.id, 'cosign')).status).toBe(404);
    expect((await otherOt.agent.get('/sessions/to-cosign')).text).not.toContain(`/sessions/${s.id}/cosign`);
    expect((await sign(ota, s.id, 'cosign')).status).toBe(403);
    expect((await sign(teacher, s.id, 'cosign')).status).toBe(403);
    expect((await ota.agent.get('/sessions/to-cosign')).status).toBe(403);

    const done = await sign(ot, s.id, 'cosign', 'queue');
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/sessions/to-cosign');
    const cosigned = await t.db.sessionLog.findUniqueOrThrow({ where: { id: s.id } });
    expect([cosigned.cosignedName, cosigned.cosignedById]).toEqual(['Maya Okafor', otId]);
    const after = await ot.agent.get('/sessions/to-cosign');
    expect(after.text).not.toContain(`/sessions/${s.id}/cosign`);
    expect(after.text).not.toContain('To co-sign <span class="nav-count">');
    expect((await ot.agent.get(`/sessions/${s.id}`)).text).toContain('Co-signed by <strong>Maya Okafor</strong>');
    expect((await sign(ot, s.id, 'cosign')).status).toBe(409);
  });

  it("the menu's count of sessions to sign agrees with the list: a void or a signature takes a session off both", async () => {
    const shown = async () => {
      const list = await ot.agent.get('/sessions/to-sign');
      const menu = Number(/To sign <span class="nav-count">(\d+)/.exec(list.text)?.[1] ?? 0);
      const listed = await t.db.sessionLog.count({ where: { providerId: otId, signedAt: null, voidedAt: null } });
      return { menu, listed, text: list.text };
    };
    const before = await shown();
    expect(before.menu).toBe(before.listed);
    const voided = await session({ daysAgo: 2 });
    const signed = await session({ daysAgo: 2 });
    const both = await shown();
    expect(both.menu).toBe(before.menu + 2);
    expect(both.text).toContain(`href="/sessions/${voided.id}"`);
    expect(both.text).toContain(`href="/sessions/${signed.id}"`);

    expect((await voidIt(ot, voided.id)).status).toBe(303);
    const afterVoid = await shown();
    expect(afterVoid.menu).toBe(before.menu + 1);
    expect(afterVoid.text).not.toContain(`href="/sessions/${voided.id}"`);

    expect((await sign(ot, signed.id)).status).toBe(303);
    const afterSign = await shown();
    expect(afterSign.menu).toBe(before.menu);
    expect(afterSign.text).not.toContain(`href="/sessions/${signed.id}"`);
  });

  it('flags sessions left unsigned, or not co-signed, longer than the district allows', async () => {
    const late = await session({ daysAgo: 10 });
    const recent = await session({ daysAgo: 3 });
    const list = await ot.agent.get('/sessions/to-sign');
    expect(list.text).toMatch(/To sign <span class="nav-count">\d+/);
    const row = (id: number) =>
      list.text.slice(
        list.text.lastIndexOf('<tr', list.text.indexOf(`href="/sessions/${id}"`)),
        list.text.indexOf('</tr>', list.text.indexOf(`href="/sessions/${id}"`)),
      );
    expect(row(late.id)).toContain('Not signed 10 days after the session');
    expect(row(recent.id)).not.toContain('Flagged');
    expect((await ot.agent.get(`/sessions/${late.id}`)).text).toContain('Not signed 10 days after the session');
    expect((await ot.agent.get(`/sessions/${recent.id}`)).text).not.toContain('record-flag');

    const assisted = await session({ providerId: otaId, supervisorId: otId, daysAgo: 9 });
    await sign(ota, assisted.id);
    expect((await ot.agent.get('/sessions/to-cosign')).text).toContain('Not co-signed 9 days after the session');
    expect((await ota.agent.get(`/sessions/${assisted.id}`)).text).toContain('Not co-signed 9 days after the session');

    await admin.agent.post('/admin/settings').type('form').send({ _csrf: admin.csrf, unsignedFlagDays: '14', correctionWindowDays: '90' });
    expect((await ot.agent.get(`/sessions/${late.id}`)).text).not.toContain('Not signed 10 days');
    await admin.agent.post('/admin/settings').type('form').send({ _csrf: admin.csrf, unsignedFlagDays: '7', correctionWindowDays: '90' });
    // Signing it from the list goes back to the list.
    const signed = await sign(ot, late.id, 'sign', 'list');
    expect(signed.headers.location).toBe('/sessions/to-sign');
    expect((await ot.agent.get('/sessions/to-sign')).text).not.toContain(`href="/sessions/${late.id}"`);
  });
});

describe('a finalised progress note', () => {
  it('keeps the graph it was finalised with when sessions are corrected, voided or logged later', async () => {
    const goal = (await makeGoal(t.db, { studentId: ava, measurement: 'percent', baselineValue: 20, baselineDate: day(120) })).id;
    const at = (daysAgo: number, value: number) =>
      makeSessionLog(t.db, {
        providerId: otId,
        date: day(daysAgo),
        startTime: slot(daysAgo),
        students: [{ studentId: ava, dataPoints: [{ goalId: goal, value }] }],
      });
    const first = await at(30, 40);
    const second = await at(20, 50);
    const third = await at(10, 60);
    const voidedEarlier = await at(25, 5);
    await voidIt(ot, voidedEarlier.id, 'Wrong student.');
    const note = await makeProgressNote(t.db, {
      studentId: ava,
      createdById: otId,
      status: 'final',
      periodStart: day(60),
      periodEnd: day(0),
      goals: [{ goalId: goal }],
    });
    const caller = { user: (await t.db.user.findUniqueOrThrow({ where: { id: otId } })) as CurrentUser };
    const series = async () => (await noteCharts(t.db, await getNote(t.db, caller, note.id))).get(goal)!.chart.dots.map((d) => d.title);
    const asFinalised = await series();
    expect(asFinalised).toEqual([`${dayKey(day(30))}: 40`, `${dayKey(day(20))}: 50`, `${dayKey(day(10))}: 60`]);

    // After finalising: one session corrected twice, one voided, one logged in the period.
    expect((await correct(ot, third.id, { [`value_${goal}`]: '90', reason: 'Typo.' })).status).toBe(303);
    expect((await correct(ot, third.id, { [`value_${goal}`]: '95', date: dayKey(day(9)), reason: 'Wrong day.' })).status).toBe(303);
    expect((await voidIt(ot, second.id)).status).toBe(303);
    await at(15, 10);
    expect((await goalSeries(t.db, goal)).points.map((p) => p.value)).toEqual([40, 10, 95]);

    expect(await series()).toEqual(asFinalised);
    const pdf = await ot.agent.get(`/notes/${note.id}/pdf`);
    expect(pdf.status).toBe(200);
    // A note not yet finalised draws from the data as it is now.
    const draft = await makeProgressNote(t.db, {
      studentId: ava,
      createdById: otId,
      periodStart: day(60),
      periodEnd: day(0),
      goals: [{ goalId: goal }],
    });
    const live = (await noteCharts(t.db, await getNote(t.db, caller, draft.id))).get(goal)!.chart.dots.map((d) => d.title);
    expect(live).toEqual([`${dayKey(day(30))}: 40`, `${dayKey(day(15))}: 10`, `${dayKey(day(9))}: 95`]);
    expect(first.id).toBeGreaterThan(0);
  });
});
