import { beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../../src/generated/prisma/client.js';
import { addDays, dayKey, today, weekStartOf } from '../../../src/calendar/dates.js';
import { createDb } from '../../../src/db/client.js';
import { occurrencesFor } from '../../../src/features/schedule/schedule.service.js';
import { auditActionLabel, auditGroupOf, detailWords, targetLabel } from '../../../src/features/audit/audit-actions.js';
import { dayInWords, todaysSchedule } from '../../../src/features/dashboard/dashboard.service.js';
import type { CurrentUser } from '../../../src/access/current-user.js';
import type { ServiceType } from '../../../src/generated/prisma/enums.js';
import { createViews } from '../../../src/web/render.js';
import { viewHelpers } from '../../../src/web/view-helpers.js';
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
    expect(tuesday).toContain('School therapy room, Lincoln Elementary · 30 min · Group');
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

    const missing = await post(ot, `/schedule/slots/${slot.id}/change`, { date: wednesday, kind: 'cancel', cause: '', reason: '' });
    expect(missing.status).toBe(422);
    expect(missing.text).toMatch(/id="field-reason-error" class="field-error">Say why/);
    expect(missing.text).toMatch(/id="field-cause-error" class="field-error">Choose why the session is missed/);

    const cancel = { date: wednesday, kind: 'cancel', cause: 'school_closed', reason: 'Field trip' };
    expect((await post(ot, `/schedule/slots/${slot.id}/change`, cancel)).status).toBe(303);
    const week = await ot.agent.get(`/schedule?week=${key(thisWeek)}`);
    expect(week.text).toMatch(/class="week-item is-cancelled"/);
    expect(week.text).toContain('<strong>Cancelled</strong> (School closed or event): Field trip');
    const [occurrence] = await occurrencesFor(t.db, ot.id, addDays(thisWeek, 2), addDays(thisWeek, 2));
    expect(occurrence).toMatchObject({ cancelled: true, reason: 'Field trip', cause: 'school_closed' });

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
    // Its own day keeps a trace, struck: where it went.
    const mondayColumn = week.text.slice(
      week.text.indexOf(`id="day-${key(monday)}"`),
      week.text.indexOf(`id="day-${key(addDays(monday, 1))}"`),
    );
    expect(mondayColumn).toMatch(
      /<li class="week-item is-moved-away muted">\s*<p class="week-what"><s><span class="week-time">10:00–10:30<\/span> <span class="week-who">Leo T\.<\/span><\/s><\/p>/,
    );
    const thursdayShort = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
      thursday,
    );
    expect(mondayColumn).toContain(`Moved to ${thursdayShort} at 14:00`);
    expect(mondayColumn).not.toContain('Log it');

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
    expect(at('09:45')).toEqual(['No time to travel from Lincoln Elementary to Maple Grove (the district allows 20 min)']);
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

describe('a session on a day the school is closed', () => {
  // Far ahead, so no other test's weeks meet it: a Wednesday, Maple Grove's alone.
  const bookFair = addDays(thisWeek, 100);
  beforeAll(async () => {
    await t.db.dayOff.create({ data: { schoolId: maple, name: 'Book fair', startDate: bookFair, endDate: bookFair } });
  });

  it('is refused once, next to the first day, naming the school and the day off, writing nothing', async () => {
    const ot = await therapist();
    const once = slotFields({ studentIds: [String(maya), String(ava)], repeat: 'once', fromDate: key(bookFair), toDate: '' });
    const res = await post(ot, '/schedule/slots', once);
    expect(res.status).toBe(422);
    expect(res.text).toMatch(
      /id="field-fromDate-error" class="field-error">Maple Grove is closed on [A-Z][a-z]{2} \d{1,2}, \d{4} \(Book fair\): choose another day/,
    );
    // What was typed stays.
    expect(res.text).toMatch(new RegExp(`value="${ava}" checked`));
    expect(res.text).toContain(`value="${key(bookFair)}"`);
    expect(await t.db.scheduleSlot.count({ where: { providerId: ot.id } })).toBe(0);
    // Lincoln is open that day: a session for its students alone is fine.
    expect((await post(ot, '/schedule/slots', { ...once, studentIds: [String(maya), String(leo)] })).status).toBe(303);
  });

  it('is refused on an edit too, and between school years', async () => {
    const ot = await therapist();
    const slot = await makeSlot({ providerId: ot.id, weekday: 1, startTime: '08:00', studentIds: [ava], serviceType: 'individual' });
    const edit = (fromDate: Date) =>
      post(
        ot,
        `/schedule/slots/${slot.id}`,
        slotFields({ studentIds: [String(ava)], serviceType: 'individual', repeat: 'once', fromDate: key(fromDate) }),
      );
    const res = await edit(bookFair);
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="field-fromDate-error" class="field-error">Maple Grove is closed on [^<]*\(Book fair\)/);
    expect(await t.db.scheduleSlot.findUniqueOrThrow({ where: { id: slot.id } })).toMatchObject({ weekday: 1, startTime: '08:00' });

    // Maple Grove's own two school years, with a summer between them.
    const summer = addDays(thisWeek, 150);
    await t.db.schoolYear.createMany({
      data: [
        { schoolId: maple, name: 'This year', firstDay: addDays(thisWeek, -200), lastDay: addDays(thisWeek, 140) },
        { schoolId: maple, name: 'Next year', firstDay: addDays(thisWeek, 160), lastDay: addDays(thisWeek, 400) },
      ],
    });
    try {
      const between = await edit(summer);
      expect(between.status).toBe(422);
      expect(between.text).toMatch(/Maple Grove is closed on [^<]* \(between school years\): choose another day/);
    } finally {
      await t.db.schoolYear.deleteMany({ where: { schoolId: maple } });
    }
  });

  it('is refused every week when no day of the weekday between the dates is a school day', async () => {
    const ot = await therapist();
    // Wednesdays, from the Monday to the Friday of the book fair's week: the one Wednesday is closed.
    const weekly = slotFields({
      studentIds: [String(ava)],
      serviceType: 'individual',
      weekday: '3',
      fromDate: key(addDays(bookFair, -2)),
      toDate: key(addDays(bookFair, 2)),
    });
    const res = await post(ot, '/schedule/slots', weekly);
    expect(res.status).toBe(422);
    expect(res.text).toMatch(
      /id="field-toDate-error" class="field-error">No Wednesday from [^<]* to [^<]* is a school day at Maple Grove: choose other dates or another day/,
    );
    expect(await t.db.scheduleSlot.count({ where: { providerId: ot.id } })).toBe(0);
    // A week longer has a Wednesday the school is open.
    expect((await post(ot, '/schedule/slots', { ...weekly, toDate: key(addDays(bookFair, 9)) })).status).toBe(303);
  });
});

describe('a cancelled day', () => {
  it('asks why as a missed session cause, from the causes a missed session has', async () => {
    const ot = await therapist();
    const slot = await makeSlot({ providerId: ot.id, weekday: 3, startTime: '10:00', studentIds: [maya] });
    const wednesday = key(addDays(thisWeek, 2));
    const page = await ot.agent.get(`/schedule/slots/${slot.id}/change?date=${wednesday}`);
    expect(page.text).toContain('<label for="field-cause">Why it is missed (needed to cancel)</label>');
    for (const cause of ['Student absent', 'Therapist absent or pulled away', 'School closed or event', 'Student unavailable']) {
      expect(page.text).toContain(`>${cause}</option>`);
    }
    expect(page.text).not.toContain('value="attended"');

    // "Attended" is no cause for a missed session; what was typed stays.
    const attended = await post(ot, `/schedule/slots/${slot.id}/change`, {
      date: wednesday,
      kind: 'cancel',
      cause: 'attended',
      reason: 'Flu',
    });
    expect(attended.status).toBe(422);
    const causeSelect = /<select id="field-cause" name="cause"[^>]*>/.exec(attended.text)?.[0] ?? '';
    for (const attr of ['required', 'aria-describedby="field-cause-hint field-cause-error"', 'aria-invalid="true"'])
      expect(causeSelect).toContain(attr);
    expect(attended.text).toContain('value="Flu"');
    // A move needs no cause, and keeps none.
    const move = { date: wednesday, kind: 'move', cause: 'therapist_absent', reason: '', newStartTime: '11:00' };
    expect((await post(ot, `/schedule/slots/${slot.id}/change`, move)).status).toBe(303);
    expect(await t.db.scheduleChange.findFirstOrThrow({ where: { slotId: slot.id } })).toMatchObject({ cancelled: false, cause: null });
  });

  it('is a missed session to record: prefilled with its cause, then in the make-up ledger, and shown recorded', async () => {
    // A child of their own, with a mandate, so the ledger has only this session in it.
    const zoe = (await makeStudent(t.db, { schoolId: lincoln, firstName: 'Zoe', lastName: 'Park' })).id;
    const ot = await therapist();
    await t.db.studentTherapist.create({ data: { studentId: zoe, userId: ot.id } });
    await t.db.serviceMandate.create({
      data: {
        studentId: zoe,
        minutes: 30,
        period: 'week',
        delivery: 'pull_out',
        grouping: 'individual',
        startDate: addDays(thisWeek, -60),
        endDate: addDays(thisWeek, 200),
      },
    });
    const slot = await makeSlot({ providerId: ot.id, weekday: 2, startTime: '13:00', studentIds: [zoe] });
    const tuesday = addDays(lastWeek, 1);
    const cancel = { date: key(tuesday), kind: 'cancel', cause: 'therapist_absent', reason: 'I was out sick' };
    expect((await post(ot, `/schedule/slots/${slot.id}/change`, cancel)).status).toBe(303);
    expect(await t.db.scheduleChange.findFirstOrThrow({ where: { slotId: slot.id } })).toMatchObject({
      cancelled: true,
      cause: 'therapist_absent',
      reason: 'I was out sick',
    });

    const logUrl = `/sessions/new?slot=${slot.id}&date=${key(tuesday)}`;
    const week = await ot.agent.get(`/schedule?week=${key(lastWeek)}`);
    expect(week.text).toContain('<strong>Cancelled</strong> (Therapist absent or pulled away): I was out sick');
    expect(week.text).toContain(`href="${logUrl.replace('&', '&amp;')}">Record as missed`);

    // The home page's lists, as they read on that week's Friday evening.
    const section = await todaysSchedule(t.db, { id: ot.id } as CurrentUser, addDays(lastWeek, 4), '23:59');
    expect(section.notLogged.map((o) => [o.slotId, o.cause])).toContainEqual([slot.id, 'therapist_absent']);
    const html = createViews(false).render('dashboard/_today', {
      schedule: section,
      day: dayInWords(addDays(lastWeek, 4)),
      h: viewHelpers,
      can: () => true,
    });
    expect(html).toMatch(
      new RegExp(
        `href="${logUrl.replace('&', '&amp;').replace('?', '\\?')}">Record as missed: [^<]*13:00, Zoe P\\.</a> <span class="muted">· Cancelled \\(Therapist absent or pulled away\\)`,
      ),
    );

    // On the day itself, the Today table offers it as well.
    const onTheDay = await todaysSchedule(t.db, { id: ot.id } as CurrentUser, tuesday, '08:00');
    const todayHtml = createViews(false).render('dashboard/_today', {
      schedule: onTheDay,
      day: dayInWords(tuesday),
      h: viewHelpers,
      can: () => true,
    });
    expect(todayHtml).toContain(`href="${logUrl.replace('&', '&amp;')}" role="button" class="small secondary">Record as missed`);

    // The form comes with the cause as the attendance, linked to the day.
    const form = await ot.agent.get(logUrl);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<option value="therapist_absent" selected>');
    expect(form.text).toContain(`name="scheduledFor" value="${key(tuesday)}"`);
    const saved = await ot.agent
      .post('/sessions')
      .type('form')
      .send(
        body({
          _csrf: ot.csrf,
          student: String(zoe),
          date: key(tuesday),
          startTime: '13:00',
          minutes: '30',
          serviceType: 'individual',
          place: 'therapy_room',
          nature: 'Missed: I was out sick',
          [`attendance_${zoe}`]: 'therapist_absent',
          scheduleSlotId: String(slot.id),
          scheduledFor: key(tuesday),
        }),
      );
    expect(saved.status).toBe(303);
    const sessionId = Number(String(saved.headers.location).split('/').pop());
    expect(await t.db.sessionStudent.findFirstOrThrow({ where: { sessionId } })).toMatchObject({
      studentId: zoe,
      attendance: 'therapist_absent',
    });

    // Recorded: the week says so, the home page's list no longer has it, and the ledger owes it.
    const after = await ot.agent.get(`/schedule?week=${key(lastWeek)}`);
    expect(after.text).toContain(`href="/sessions/${sessionId}" class="week-logged">Recorded`);
    expect(after.text).not.toContain('>Record as missed');
    const later = await todaysSchedule(t.db, { id: ot.id } as CurrentUser, addDays(lastWeek, 4), '23:59');
    expect(later.notLogged.map((o) => o.slotId)).not.toContain(slot.id);
    const home = await ot.agent.get('/');
    const makeUps = home.text.slice(home.text.indexOf('id="make-ups"'));
    expect(makeUps).toMatch(
      /<th scope="row">Therapist absent or pulled away<\/th>[\s\S]*?Zoe[^<]*<\/a> <span class="nowrap">\(30 min\)<\/span>/,
    );
  });
});

describe('school names', () => {
  it("show with each session's place, both when a group is at two schools, and the therapist's name heads the week", async () => {
    const ot = await therapist('Robin Diaz');
    const nextWeek = addDays(thisWeek, 7);
    await makeSlot({
      providerId: ot.id,
      weekday: 4,
      startTime: '08:00',
      studentIds: [maya, ava],
      fromDate: nextWeek,
      toDate: addDays(nextWeek, 4),
    });
    await makeSlot({
      providerId: ot.id,
      weekday: 4,
      startTime: '11:00',
      studentIds: [ava],
      fromDate: nextWeek,
      toDate: addDays(nextWeek, 4),
    });
    const occurrences = await occurrencesFor(t.db, ot.id, nextWeek, addDays(nextWeek, 4));
    expect(occurrences.map((o) => o.schoolName)).toEqual(['Lincoln Elementary and Maple Grove', 'Maple Grove']);

    const page = await ot.agent.get(`/schedule?week=${key(nextWeek)}`);
    expect(page.text).toContain('School therapy room, Lincoln Elementary and Maple Grove · 30 min');
    expect(page.text).toContain('School therapy room, Maple Grove · 30 min');
    expect(page.text).toMatch(/<h1>Schedule <span class="muted schedule-week-of">for Robin Diaz, week of /);

    const section = await todaysSchedule(t.db, { id: ot.id } as CurrentUser, addDays(nextWeek, 3), '07:00');
    const html = createViews(false).render('dashboard/_today', {
      schedule: section,
      day: dayInWords(addDays(nextWeek, 3)),
      h: viewHelpers,
      can: () => true,
    });
    expect(html).toContain('<td data-label="Where">School therapy room, Maple Grove</td>');
  });
});

describe('the slot form', () => {
  it('says in plain words what the days mean for a one-off session', async () => {
    const ot = await therapist();
    const form = await ot.agent.get('/schedule/slots/new');
    expect(form.text).toContain('For a one-off session, the day of the session');
    expect(form.text).toContain('Every week until this day, often the end of the school year; not used for a one-off session');
    expect(form.text).not.toMatch(/Once: (not used|the day)/);
    // The parts a one-off session does not use are marked, for the script that hides them.
    expect(form.text.match(/data-weekly-only/g)).toHaveLength(2);
  });
});

describe('a day moved to another week', () => {
  it('leaves its trace on its own day, and shows on the new one', async () => {
    const ot = await therapist();
    const slot = await makeSlot({ providerId: ot.id, weekday: 5, startTime: '09:00', studentIds: [leo] });
    const friday = addDays(thisWeek, 4);
    const nextMonday = addDays(thisWeek, 7);
    const move = { date: key(friday), kind: 'move', reason: 'Assembly', newDate: key(nextMonday), newStartTime: '' };
    expect((await post(ot, `/schedule/slots/${slot.id}/change`, move)).status).toBe(303);
    const week = await ot.agent.get(`/schedule?week=${key(thisWeek)}`);
    const fridayColumn = week.text.slice(week.text.indexOf(`id="day-${key(friday)}"`));
    expect(fridayColumn).toMatch(/Moved to Mon, [A-Z][a-z]{2} \d{1,2} at 09:00/);
    expect(fridayColumn).toContain(`href="/schedule/slots/${slot.id}/change?date=${key(friday)}"`);
    const next = await ot.agent.get(`/schedule?week=${key(nextMonday)}`);
    expect(next.text).toMatch(/Moved from Friday [^<]*\(Assembly\)/);
    expect(next.text).not.toContain('is-moved-away');
  });
});

describe('queries', () => {
  it('are the same in number for one slot or many', async () => {
    const logged: string[] = [];
    const db = createDb(t.config.databaseUrl, { countQueries: true }) as unknown as PrismaClient<'query'>;
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

describe('the audit trail', () => {
  it('records each write once per student of the slot, naming the slot, never the reason typed', async () => {
    const ot = await therapist();
    const other = await therapist('Sam Lee');
    const rows = (action: string) =>
      t.db.auditEvent.findMany({
        where: { actorId: ot.id, action },
        orderBy: { studentId: 'asc' },
        select: { studentId: true, targetType: true, targetId: true, detail: true },
      });
    const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
    const each = (ids: number[], detail: Record<string, string> | null) =>
      sorted(ids).map((studentId) => ({
        studentId,
        targetType: 'slot',
        targetId: String(slotId),
        detail: detail && JSON.stringify(detail),
      }));

    expect((await post(ot, '/schedule/slots', slotFields())).status).toBe(303);
    const slotId = (await t.db.scheduleSlot.findFirstOrThrow({ where: { providerId: ot.id } })).id;
    expect(await rows('schedule.slot.added')).toEqual(each([maya, leo], null));

    // Leo taken off and Ava put on: the three of them have the change in their trail.
    const edit = slotFields({ studentIds: [String(maya), String(ava)], startTime: '10:00' });
    expect((await post(ot, `/schedule/slots/${slotId}`, edit)).status).toBe(303);
    expect(await rows('schedule.slot.changed')).toEqual(each([maya, leo, ava], { fields: 'startTime,students' }));

    const tuesday = key(addDays(thisWeek, 1));
    const cancel = { date: tuesday, kind: 'cancel', cause: 'school_closed', reason: 'Field trip to the zoo' };
    expect((await post(ot, `/schedule/slots/${slotId}/change`, cancel)).status).toBe(303);
    expect(await rows('schedule.day.cancelled')).toEqual(each([maya, ava], { day: tuesday, cause: 'school_closed' }));

    const nextTuesday = key(addDays(thisWeek, 8));
    const move = { date: nextTuesday, kind: 'move', reason: 'IEP meeting for Maya', newDate: nextTuesday, newStartTime: '14:00' };
    expect((await post(ot, `/schedule/slots/${slotId}/change`, move)).status).toBe(303);
    expect(await rows('schedule.day.moved')).toEqual(each([maya, ava], { day: nextTuesday, fields: 'newStartTime' }));
    // A refused change writes no entry.
    const same = { ...move, newStartTime: '10:00' };
    expect((await post(ot, `/schedule/slots/${slotId}/change`, same)).status).toBe(422);
    expect(await rows('schedule.day.moved')).toHaveLength(2);

    expect((await post(ot, `/schedule/slots/${slotId}/change/undo`, { date: tuesday })).status).toBe(303);
    expect(await rows('schedule.day.restored')).toEqual(each([maya, ava], { day: tuesday }));
    // Nothing left to put back on that day: nothing written, nothing recorded.
    expect((await post(ot, `/schedule/slots/${slotId}/change/undo`, { date: tuesday })).status).toBe(303);
    expect(await rows('schedule.day.restored')).toHaveLength(2);

    // Someone else's attempt is refused (and audited as such), never recorded as a removal.
    expect((await post(other, `/schedule/slots/${slotId}/remove`, {})).status).toBe(404);
    expect(await t.db.auditEvent.count({ where: { actorId: other.id, action: { startsWith: 'schedule.' } } })).toBe(0);
    expect((await post(ot, `/schedule/slots/${slotId}/remove`, {})).status).toBe(303);
    expect(await rows('schedule.slot.removed')).toEqual(each([maya, ava], null));

    const details = await t.db.auditEvent.findMany({ where: { actorId: ot.id }, select: { detail: true } });
    expect(details.map((d) => d.detail ?? '').join(' ')).not.toMatch(/zoo|IEP/);
  });

  it('says each entry in words for the audit viewer', () => {
    expect(auditActionLabel('schedule.day.cancelled')).toBe('Cancelled one day of a session on their schedule');
    expect(auditGroupOf('schedule.slot.added')?.label).toBe('Schedule');
    expect(detailWords('schedule.day.cancelled', '{"day":"2026-12-03","cause":"school_closed"}')).toBe(
      'the session of 2026-12-03, missed: school closed or event',
    );
    expect(detailWords('schedule.day.moved', '{"day":"2026-12-03","fields":"newDate,newStartTime"}')).toBe(
      'the session of 2026-12-03, changed day, start time',
    );
    expect(detailWords('schedule.slot.changed', '{"fields":"weekday,students"}')).toBe('changed day of the week, students');
    expect(targetLabel('slot', '12')).toBe('scheduled session 12');
  });

  it('a "Log it" link with an unreadable slot or day is not found', async () => {
    const ot = await therapist();
    const slot = await makeSlot({ providerId: ot.id, weekday: 2, startTime: '11:00', studentIds: [maya] });
    expect((await ot.agent.get(`/sessions/new?slot=abc&date=${key(addDays(thisWeek, 1))}`)).status).toBe(404);
    expect((await ot.agent.get(`/sessions/new?slot=${slot.id}&date=someday`)).status).toBe(404);
    expect((await ot.agent.get(`/sessions/new?slot=${slot.id}`)).status).toBe(404);
  });
});
