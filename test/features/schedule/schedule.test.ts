import { beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../../src/generated/prisma/client.js';
import { addDays, dayKey, today, weekStartOf } from '../../../src/calendar/dates.js';
import { SafeSqliteAdapterFactory } from '../../../src/db/sqlite-adapter.js';
import { occurrencesFor } from '../../../src/features/schedule/schedule.service.js';
import type { ServiceType } from '../../../src/generated/prisma/enums.js';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Agent = Awaited<ReturnType<typeof signedIn>>;

// Weeks around the real today, so "Log it" (never for a future day) has days gone by to offer.
const now = today(t.config.timeZone);
const thisWeek = weekStartOf(now);
const lastWeek = addDays(thisWeek, -7);
const key = dayKey;

let lincoln: number;
let maple: number;
let maya: number;
let leo: number;
let ava: number;
let notMine: number;

/** A slot made straight in the database, every week from four weeks back to eight ahead unless told. */
async function makeSlot(fields: {
  providerId: number;
  weekday: number;
  startTime: string;
  minutes?: number;
  studentIds: number[];
  serviceType?: ServiceType;
  fromDate?: Date;
  toDate?: Date;
}) {
  return t.db.scheduleSlot.create({
    data: {
      providerId: fields.providerId,
      weekday: fields.weekday,
      startTime: fields.startTime,
      minutes: fields.minutes ?? 30,
      serviceType: fields.serviceType ?? (fields.studentIds.length > 1 ? 'group' : 'individual'),
      fromDate: fields.fromDate ?? addDays(thisWeek, -28),
      toDate: fields.toDate ?? addDays(thisWeek, 56),
      students: { create: fields.studentIds.map((studentId) => ({ studentId })) },
    },
  });
}

/** A therapist with Maya and Leo (Lincoln) and Ava (Maple Grove) on their caseload, signed in. */
async function therapist(name = 'Jo Park') {
  const u = await user(t.db, 'therapist', { name });
  await t.db.studentTherapist.createMany({ data: [maya, leo, ava].map((studentId) => ({ studentId, userId: u.id })) });
  return { id: u.id, ...(await signedIn(t.app, u.email)) };
}

/** A urlencoded body; a list repeats its field (checkboxes). */
function body(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) params.append(k, one);
  return params.toString();
}

const post = (s: Agent, path: string, fields: Record<string, string | string[]>) =>
  s.agent
    .post(path)
    .type('form')
    .send(body({ _csrf: s.csrf, ...fields }));

const slotFields = (fields: Record<string, string | string[]> = {}) => ({
  studentIds: [String(maya), String(leo)],
  repeat: 'weekly',
  weekday: '2',
  startTime: '09:30',
  minutes: '30',
  place: 'therapy_room',
  serviceType: 'group',
  fromDate: key(addDays(thisWeek, -14)),
  toDate: key(addDays(thisWeek, 70)),
  ...fields,
});

beforeAll(async () => {
  lincoln = (await makeSchool(t.db, { name: 'Lincoln Elementary' })).id;
  maple = (await makeSchool(t.db, { name: 'Maple Grove' })).id;
  maya = (await makeStudent(t.db, { schoolId: lincoln, firstName: 'Maya', lastName: 'Rivera' })).id;
  leo = (await makeStudent(t.db, { schoolId: lincoln, firstName: 'Leonardo', lastName: 'Tran', preferredName: 'Leo' })).id;
  ava = (await makeStudent(t.db, { schoolId: maple, firstName: 'Ava', lastName: 'Chen' })).id;
  notMine = (await makeStudent(t.db, { schoolId: lincoln, firstName: 'Olive', lastName: 'Stone' })).id;
});

describe('the week view', () => {
  it('shows a slot added with the form on its day, with time, students, place and minutes', async () => {
    const ot = await therapist();
    const res = await post(ot, '/schedule/slots', slotFields());
    expect(res.status).toBe(303);
    const slot = await t.db.scheduleSlot.findFirstOrThrow({ where: { providerId: ot.id }, include: { students: true } });
    expect(slot).toMatchObject({ weekday: 2, startTime: '09:30', minutes: 30, serviceType: 'group', place: 'therapy_room' });
    expect(slot.students.map((s) => s.studentId).sort()).toEqual([maya, leo].sort());

    const page = await ot.agent.get(`/schedule?week=${key(thisWeek)}`);
    expect(page.status).toBe(200);
    const tuesday = page.text.slice(page.text.indexOf(`id="day-${key(addDays(thisWeek, 1))}"`));
    expect(tuesday).toMatch(/09:30–10:00<\/span>\s*<span class="week-who">Leo T\., Maya R\.<\/span>/);
    expect(tuesday).toContain('School therapy room · 30 min · Group');
    expect(page.text).not.toContain('Rivera');
    // Previous, this and next week.
    const next = await ot.agent.get(`/schedule?week=${key(addDays(thisWeek, 7))}`);
    expect(next.text).toContain(`href="/schedule?week=${key(thisWeek)}" rel="prev"`);
    expect(next.text).toContain('href="/schedule">This week</a>');
  });

  it('makes a one-off session on the weekday of its day', async () => {
    const ot = await therapist();
    const thursday = addDays(thisWeek, 3);
    const res = await post(ot, '/schedule/slots', slotFields({ repeat: 'once', weekday: '1', fromDate: key(thursday), toDate: '' }));
    expect(res.status).toBe(303);
    const slot = await t.db.scheduleSlot.findFirstOrThrow({ where: { providerId: ot.id } });
    expect(slot).toMatchObject({ weekday: 4, fromDate: thursday, toDate: thursday });
    const occurrences = await occurrencesFor(t.db, ot.id, addDays(thisWeek, -28), addDays(thisWeek, 28));
    expect(occurrences.map((o) => key(o.date))).toEqual([key(thursday)]);
  });

  it.each([
    [{ studentIds: [] as string[] }, 'studentIds', 'Choose the students'],
    [{ serviceType: 'individual' }, 'serviceType', 'An individual session has one student: choose Group for 2'],
    [{ studentIds: ['MAYA'] }, 'studentIds', 'Choose'],
    [{ minutes: '3' }, 'minutes', 'at least 5 minutes'],
    [{ minutes: '300' }, 'minutes', 'at most 240 minutes'],
    [{ startTime: '9h' }, 'startTime', 'like 09:30'],
    [{ place: 'moon' }, 'place', 'Choose where'],
    [{ serviceType: 'evaluation' }, 'serviceType', 'Choose the kind of session'],
    [{ toDate: key(addDays(thisWeek, -20)) }, 'toDate', 'on or after the first day'],
    [{ fromDate: key(addDays(thisWeek, 2)), toDate: key(addDays(thisWeek, 4)) }, 'toDate', 'No Tuesday falls between these dates'],
    [{ repeat: 'once', fromDate: key(addDays(thisWeek, 5)) }, 'fromDate', 'Monday to Friday'],
  ])('refuses %o next to the field, keeping what was typed and writing nothing', async (change, field, message) => {
    const ot = await therapist();
    const res = await post(ot, '/schedule/slots', slotFields(change));
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="field-${field}-error" class="field-error">[^<]*${message}`));
    // What was typed stays: the day of the week, and the students ticked.
    expect(res.text).toContain('<option value="2" selected>Tuesday</option>');
    if (field !== 'studentIds') expect(res.text).toMatch(new RegExp(`value="${leo}" checked`));
    expect(await t.db.scheduleSlot.count({ where: { providerId: ot.id } })).toBe(0);
  });

  it('refuses a group of one with words that say what to choose', async () => {
    const ot = await therapist();
    const res = await post(ot, '/schedule/slots', slotFields({ studentIds: [String(maya)] }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('A group has at least 2 students: choose Individual for one');
    // The ticked student stays ticked.
    expect(res.text).toMatch(new RegExp(`value="${maya}" checked`));
  });

  it('offers only the caseload, and a student out of it is not found, with nothing written', async () => {
    const ot = await therapist();
    const form = await ot.agent.get('/schedule/slots/new');
    expect(form.text).toContain('Rivera, Maya');
    expect(form.text).not.toContain('Stone');
    const res = await post(ot, '/schedule/slots', slotFields({ studentIds: [String(maya), String(notMine)] }));
    expect(res.status).toBe(404);
    expect(await t.db.scheduleSlot.count({ where: { providerId: ot.id } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: 'access.denied', actorId: ot.id, studentId: notMine } })).toBe(1);
  });

  it('edits a slot, and removes it while keeping the sessions logged from it', async () => {
    const ot = await therapist();
    const slot = await makeSlot({ providerId: ot.id, weekday: 1, startTime: '08:00', studentIds: [maya] });
    const edit = await ot.agent.get(`/schedule/slots/${slot.id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toMatch(new RegExp(`value="${maya}" checked`));
    const res = await post(
      ot,
      `/schedule/slots/${slot.id}`,
      slotFields({ studentIds: [String(ava)], serviceType: 'individual', weekday: '3', startTime: '13:15' }),
    );
    expect(res.status).toBe(303);
    const changed = await t.db.scheduleSlot.findUniqueOrThrow({ where: { id: slot.id }, include: { students: true } });
    expect(changed).toMatchObject({ weekday: 3, startTime: '13:15', serviceType: 'individual' });
    expect(changed.students.map((s) => s.studentId)).toEqual([ava]);

    const logged = await t.db.sessionLog.create({
      data: {
        providerId: ot.id,
        date: lastWeek,
        startTime: '13:15',
        minutes: 30,
        serviceType: 'individual',
        scheduleSlotId: slot.id,
        scheduledFor: addDays(lastWeek, 2),
      },
    });
    expect((await post(ot, `/schedule/slots/${slot.id}/remove`, {})).status).toBe(303);
    expect(await t.db.scheduleSlot.count({ where: { id: slot.id } })).toBe(0);
    expect(await t.db.sessionLog.findUniqueOrThrow({ where: { id: logged.id } })).toMatchObject({ scheduleSlotId: null });
  });
});

describe("another user's schedule", () => {
  it('is not found for another therapist, and refused to a teacher or an admin', async () => {
    const ot = await therapist();
    const other = await therapist('Sam Lee');
    const slot = await makeSlot({ providerId: ot.id, weekday: 2, startTime: '11:00', studentIds: [maya] });
    const tuesday = key(addDays(thisWeek, 1));
    for (const path of [
      `/schedule/slots/${slot.id}/edit`,
      `/schedule/slots/${slot.id}/change?date=${tuesday}`,
      `/sessions/new?slot=${slot.id}&date=${tuesday}`,
    ]) {
      expect((await other.agent.get(path)).status, path).toBe(404);
    }
    expect((await post(other, `/schedule/slots/${slot.id}`, slotFields())).status).toBe(404);
    expect((await post(other, `/schedule/slots/${slot.id}/change`, { date: tuesday, kind: 'cancel', reason: 'Mine now' })).status).toBe(
      404,
    );
    expect((await post(other, `/schedule/slots/${slot.id}/change/undo`, { date: tuesday })).status).toBe(404);
    expect((await post(other, `/schedule/slots/${slot.id}/remove`, {})).status).toBe(404);
    expect(await t.db.scheduleSlot.findUniqueOrThrow({ where: { id: slot.id } })).toMatchObject({ startTime: '11:00' });
    expect(await t.db.scheduleChange.count({ where: { slotId: slot.id } })).toBe(0);
    // Their own week does not show it.
    expect((await other.agent.get('/schedule')).text).not.toContain(`/schedule/slots/${slot.id}/`);

    for (const role of ['teacher', 'admin'] as const) {
      const u = await user(t.db, role);
      const s = await signedIn(t.app, u.email);
      expect((await s.agent.get('/schedule')).status).toBe(403);
      expect((await s.agent.get(`/schedule/slots/${slot.id}/edit`)).status).toBe(403);
    }
  });
});

describe('one day of a slot', () => {
  it('is cancelled with a reason, shown struck with it, and undone', async () => {
    const ot = await therapist();
    const slot = await makeSlot({ providerId: ot.id, weekday: 3, startTime: '10:00', studentIds: [maya] });
    const wednesday = key(addDays(thisWeek, 2));
    const page = await ot.agent.get(`/schedule/slots/${slot.id}/change?date=${wednesday}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('10:00–10:30 with Maya R.');

    const missing = await post(ot, `/schedule/slots/${slot.id}/change`, { date: wednesday, kind: 'cancel', reason: '' });
    expect(missing.status).toBe(422);
    expect(missing.text).toMatch(/id="field-reason-error" class="field-error">Say why/);

    expect((await post(ot, `/schedule/slots/${slot.id}/change`, { date: wednesday, kind: 'cancel', reason: 'Field trip' })).status).toBe(
      303,
    );
    const week = await ot.agent.get(`/schedule?week=${key(thisWeek)}`);
    expect(week.text).toMatch(/class="week-item is-cancelled"/);
    expect(week.text).toContain('<strong>Cancelled</strong>: Field trip');
    const [occurrence] = await occurrencesFor(t.db, ot.id, addDays(thisWeek, 2), addDays(thisWeek, 2));
    expect(occurrence).toMatchObject({ cancelled: true, reason: 'Field trip' });

    expect((await post(ot, `/schedule/slots/${slot.id}/change/undo`, { date: wednesday })).status).toBe(303);
    expect(await occurrencesFor(t.db, ot.id, addDays(thisWeek, 2), addDays(thisWeek, 2))).toMatchObject([{ cancelled: false }]);
  });

  it('is moved to another day and time, and the log link still names the day it was scheduled for', async () => {
    const ot = await therapist();
    const slot = await makeSlot({ providerId: ot.id, weekday: 1, startTime: '10:00', studentIds: [leo] });
    const monday = addDays(lastWeek, 0);
    const thursday = addDays(lastWeek, 3);
    const res = await post(ot, `/schedule/slots/${slot.id}/change`, {
      date: key(monday),
      kind: 'move',
      reason: 'I am at an IEP meeting',
      newDate: key(thursday),
      newStartTime: '14:00',
    });
    expect(res.status).toBe(303);
    const occurrences = await occurrencesFor(t.db, ot.id, lastWeek, addDays(lastWeek, 4));
    expect(occurrences).toMatchObject([
      {
        date: thursday,
        scheduledFor: monday,
        startTime: '14:00',
        endTime: '14:30',
        moved: true,
        logUrl: `/sessions/new?slot=${slot.id}&date=${key(monday)}`,
      },
    ]);
    const week = await ot.agent.get(`/schedule?week=${key(lastWeek)}`);
    expect(week.text).toMatch(/Moved from Monday [^<]* 10:00 \(I am at an IEP meeting\)/);

    // The form starts at the moved day and time.
    const form = await ot.agent.get(occurrences[0]!.logUrl);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`value="${key(thursday)}"`);
    expect(form.text).toContain('value="14:00"');
  });

  it('refuses a move to the same day and time, and a day the slot does not fall on is not found', async () => {
    const ot = await therapist();
    const slot = await makeSlot({ providerId: ot.id, weekday: 1, startTime: '10:00', studentIds: [leo] });
    const monday = key(thisWeek);
    const same = await post(ot, `/schedule/slots/${slot.id}/change`, {
      date: monday,
      kind: 'move',
      newDate: monday,
      newStartTime: '10:00',
    });
    expect(same.status).toBe(422);
    expect(same.text).toContain('That is the day and time it already has');
    const saturday = await post(ot, `/schedule/slots/${slot.id}/change`, {
      date: monday,
      kind: 'move',
      newDate: key(addDays(thisWeek, 5)),
    });
    expect(saturday.status).toBe(422);
    expect(saturday.text).toMatch(/id="field-newDate-error" class="field-error">Choose a school day/);
    const closed = addDays(thisWeek, 30); // a Wednesday about a month ahead
    await t.db.dayOff.create({ data: { schoolId: lincoln, name: 'Staff training', startDate: closed, endDate: closed } });
    const dayOff = await post(ot, `/schedule/slots/${slot.id}/change`, { date: monday, kind: 'move', newDate: key(closed) });
    expect(dayOff.status).toBe(422);
    expect(dayOff.text).toMatch(
      /id="field-newDate-error" class="field-error">Lincoln Elementary is closed on [^<]* \(Staff training\): choose another day/,
    );
    expect((await ot.agent.get(`/schedule/slots/${slot.id}/change?date=${key(addDays(thisWeek, 1))}`)).status).toBe(404);
    expect(await t.db.scheduleChange.count({ where: { slotId: slot.id } })).toBe(0);
  });
});

describe('days off', () => {
  it('skip the session at that school and say so in the day', async () => {
    const ot = await therapist();
    await makeSlot({ providerId: ot.id, weekday: 3, startTime: '09:00', studentIds: [maya] });
    await makeSlot({ providerId: ot.id, weekday: 3, startTime: '11:00', studentIds: [ava] });
    const nextWeek = addDays(thisWeek, 7);
    const wednesday = addDays(nextWeek, 2);
    await t.db.dayOff.create({ data: { schoolId: lincoln, name: 'Teacher training', startDate: wednesday, endDate: wednesday } });

    const occurrences = await occurrencesFor(t.db, ot.id, nextWeek, addDays(nextWeek, 4));
    expect(occurrences.map((o) => [o.startTime, o.students.map((s) => s.firstName)])).toEqual([['11:00', ['Ava']]]);
    const page = await ot.agent.get(`/schedule?week=${key(nextWeek)}`);
    expect(page.text).toContain('No school at Lincoln Elementary: Teacher training');
  });

  it('show on a week with nothing booked, for the schools of the caseload', async () => {
    const ot = await therapist();
    const weekAfter = addDays(thisWeek, 21);
    await t.db.dayOff.create({ data: { schoolId: null, name: 'Winter break', startDate: weekAfter, endDate: addDays(weekAfter, 4) } });
    const page = await ot.agent.get(`/schedule?week=${key(weekAfter)}`);
    expect(page.text.match(/No school: Winter break/g)).toHaveLength(5);
  });
});

describe('clashes', () => {
  it('warn of the therapist booked twice, of too little travel time, and of a child with another therapist', async () => {
    // Children of their own, so no other test's sessions clash with theirs.
    const maya = (await makeStudent(t.db, { schoolId: lincoln, firstName: 'Maya', lastName: 'Rivera' })).id;
    const leo = (await makeStudent(t.db, { schoolId: lincoln, firstName: 'Leo', lastName: 'Tran' })).id;
    const ava = (await makeStudent(t.db, { schoolId: maple, firstName: 'Ava', lastName: 'Chen' })).id;
    const ot = await therapist();
    const other = await therapist('Sam Lee');
    await t.db.studentTherapist.createMany({ data: [maya, leo, ava].map((studentId) => ({ studentId, userId: ot.id })) });
    await t.db.studentTherapist.create({ data: { studentId: ava, userId: other.id } });
    await t.db.districtSetting.upsert({ where: { id: 1 }, create: { id: 1, travelMinutes: 20 }, update: { travelMinutes: 20 } });
    // Thursday: 09:00 Maya and 09:15 Leo overlap; 09:45 Ava is at another school, 0 min after Leo.
    await makeSlot({ providerId: ot.id, weekday: 4, startTime: '09:00', studentIds: [maya] });
    await makeSlot({ providerId: ot.id, weekday: 4, startTime: '09:15', studentIds: [leo] });
    await makeSlot({ providerId: ot.id, weekday: 4, startTime: '09:45', studentIds: [ava] });
    // Friday: Ava with this therapist at 13:00, and with Sam Lee at 13:10.
    await makeSlot({ providerId: ot.id, weekday: 5, startTime: '13:00', studentIds: [ava] });
    await makeSlot({ providerId: other.id, weekday: 5, startTime: '13:10', studentIds: [ava] });

    const occurrences = await occurrencesFor(t.db, ot.id, thisWeek, addDays(thisWeek, 4));
    const at = (time: string) => occurrences.find((o) => o.startTime === time)!.conflicts;
    expect(at('09:00')).toEqual(['You are booked twice: this overlaps 09:15–09:45 with Leo T.']);
    expect(at('09:15')).toContain('You are booked twice: this overlaps 09:00–09:30 with Maya R.');
    expect(at('09:45')).toEqual([
      'Only 0 min to get from Lincoln Elementary (ends 09:45) to Maple Grove (starts 09:45): travel needs 20 min',
    ]);
    expect(at('13:00')).toEqual(['Ava C. has a session with Sam Lee then (13:10–13:40)']);

    const page = await ot.agent.get(`/schedule?week=${key(thisWeek)}`);
    // Each clash once in the week's list: the pair booked twice, the travel, the child with Sam Lee.
    expect(page.text).toContain('To sort out this week (3)');
    expect(page.text).toContain('You are booked twice: 09:00–09:30 with Maya R. and 09:15–09:45 with Leo T.');
    expect(page.text).toContain('Ava C. has a session with Sam Lee then (13:10–13:40)');
    // The other therapist's own view warns them too, and names no one of this therapist's.
    expect(await occurrencesFor(t.db, other.id, thisWeek, addDays(thisWeek, 4))).toMatchObject([
      { conflicts: ['Ava C. has a session with Jo Park then (13:00–13:30)'] },
    ]);
    await t.db.districtSetting.update({ where: { id: 1 }, data: { travelMinutes: 15 } });
  });
});

describe('logging from the schedule', () => {
  it('prefills the session form, links the session to the slot, and the week shows it logged', async () => {
    const ot = await therapist();
    const slot = await makeSlot({ providerId: ot.id, weekday: 2, startTime: '08:30', minutes: 45, studentIds: [maya, leo] });
    await t.db.scheduleSlot.update({ where: { id: slot.id }, data: { place: 'classroom', serviceType: 'push_in' } });
    const tuesday = addDays(lastWeek, 1);
    const week = await ot.agent.get(`/schedule?week=${key(lastWeek)}`);
    const logUrl = `/sessions/new?slot=${slot.id}&amp;date=${key(tuesday)}`;
    expect(week.text).toContain(`href="${logUrl}">Log it`);

    const form = await ot.agent.get(logUrl.replace('&amp;', '&'));
    expect(form.status).toBe(200);
    expect(form.text).toContain('Log a group session (2 students)');
    expect(form.text).toContain(`name="date" type="date"\n    value="${key(tuesday)}"`);
    expect(form.text).toContain('value="08:30"');
    expect(form.text).toContain('value="45"');
    expect(form.text).toMatch(/<option value="classroom" selected>/);
    expect(form.text).toMatch(/<option value="push_in" selected>/);
    expect(form.text).toContain(`name="scheduleSlotId" value="${slot.id}"`);
    expect(form.text).toContain(`name="scheduledFor" value="${key(tuesday)}"`);

    const saved = await ot.agent
      .post('/sessions')
      .type('form')
      .send(
        body({
          _csrf: ot.csrf,
          student: [String(maya), String(leo)],
          date: key(tuesday),
          startTime: '08:30',
          minutes: '45',
          serviceType: 'push_in',
          place: 'classroom',
          nature: 'Handwriting in class',
          [`attendance_${maya}`]: 'attended',
          [`attendance_${leo}`]: 'student_absent',
          [`response_${maya}`]: 'Copied the date from the board.',
          scheduleSlotId: String(slot.id),
          scheduledFor: key(tuesday),
        }),
      );
    expect(saved.status).toBe(303);
    const sessionId = Number(String(saved.headers.location).split('/').pop());
    expect(await t.db.sessionLog.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({
      scheduleSlotId: slot.id,
      scheduledFor: tuesday,
    });

    const after = await ot.agent.get(`/schedule?week=${key(lastWeek)}`);
    expect(after.text).toContain(`href="/sessions/${sessionId}" class="week-logged">Logged`);
    expect(after.text).not.toContain(`href="${logUrl}">Log it`);
    expect(await occurrencesFor(t.db, ot.id, tuesday, tuesday)).toMatchObject([{ slotId: slot.id, loggedSessionId: sessionId }]);

    // A voided session no longer counts as logged.
    await t.db.sessionLog.update({ where: { id: sessionId }, data: { voidedAt: new Date(), voidReason: 'Wrong day' } });
    expect(await occurrencesFor(t.db, ot.id, tuesday, tuesday)).toMatchObject([{ loggedSessionId: null }]);
  });

  it("refuses to link a session to another therapist's slot, or to a day the slot does not fall on", async () => {
    const ot = await therapist();
    const other = await therapist('Sam Lee');
    const theirs = await makeSlot({ providerId: other.id, weekday: 2, startTime: '15:00', studentIds: [maya] });
    const mine = await makeSlot({ providerId: ot.id, weekday: 2, startTime: '15:00', studentIds: [maya] });
    const tuesday = addDays(lastWeek, 1);
    const session = (slotId: number, scheduledFor: Date, startTime: string) =>
      ot.agent
        .post('/sessions')
        .type('form')
        .send(
          body({
            _csrf: ot.csrf,
            student: String(maya),
            date: key(tuesday),
            startTime,
            minutes: '30',
            serviceType: 'individual',
            place: 'therapy_room',
            nature: 'Handwriting',
            [`attendance_${maya}`]: 'attended',
            [`response_${maya}`]: 'Wrote her name.',
            scheduleSlotId: String(slotId),
            scheduledFor: key(scheduledFor),
          }),
        );
    expect((await session(theirs.id, tuesday, '15:00')).status).toBe(404);
    expect((await session(mine.id, addDays(tuesday, 1), '15:40')).status).toBe(400);
    expect(await t.db.sessionLog.count({ where: { providerId: ot.id } })).toBe(0);
    // Out of the caseload since: the student is not offered, and with no one left the slot cannot be logged.
    await t.db.studentTherapist.delete({ where: { studentId_userId: { studentId: maya, userId: ot.id } } });
    expect((await ot.agent.get(`/sessions/new?slot=${mine.id}&date=${key(tuesday)}`)).status).toBe(404);
    expect((await occurrencesFor(t.db, ot.id, tuesday, tuesday))[0]!.students).toEqual([]);
  });
});

describe('queries', () => {
  it('are the same in number for one slot or many', async () => {
    const logged: string[] = [];
    const db = new PrismaClient({ adapter: new SafeSqliteAdapterFactory(t.config.databaseUrl), log: [{ emit: 'event', level: 'query' }] });
    db.$on('query', (e) => logged.push(e.query));
    const ot = await therapist();
    const count = async () => {
      logged.length = 0;
      await occurrencesFor(db, ot.id, thisWeek, addDays(thisWeek, 27));
      return logged.length;
    };
    await makeSlot({ providerId: ot.id, weekday: 1, startTime: '08:00', studentIds: [maya] });
    const one = await count();
    expect(one).toBeGreaterThan(3);
    for (let i = 0; i < 6; i++) {
      await makeSlot({ providerId: ot.id, weekday: 1 + (i % 5), startTime: `1${i}:00`, studentIds: [i % 2 ? leo : ava, maya] });
    }
    expect(await count()).toBe(one);
    await db.$disconnect();
  });
});
