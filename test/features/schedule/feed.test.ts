import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayKey, today, weekStartOf } from '../../../src/calendar/dates.js';
import { instantOf } from '../../../src/features/schedule/feed.service.js';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const ZONE = 'America/Chicago';
const t = await testApp({ env: { TIME_ZONE: ZONE } });
const now = today(ZONE);
const thisWeek = weekStartOf(now);

let maya: number;
let leo: number;

/** A therapist with Maya Rivera and Leo Tran, a weekly Tuesday group at `startTime`, signed in. */
async function therapistWithSlot(startTime = '09:30') {
  const u = await user(t.db, 'therapist');
  await t.db.studentTherapist.createMany({ data: [maya, leo].map((studentId) => ({ studentId, userId: u.id })) });
  const slot = await t.db.scheduleSlot.create({
    data: {
      providerId: u.id,
      weekday: 2,
      startTime,
      minutes: 30,
      place: 'classroom',
      serviceType: 'group',
      fromDate: addDays(thisWeek, -70),
      toDate: addDays(thisWeek, 140),
      students: { create: [{ studentId: maya }, { studentId: leo }] },
    },
  });
  return { user: u, slot, ...(await signedIn(t.app, u.email)) };
}

type Signed = Awaited<ReturnType<typeof therapistWithSlot>>;

/** Makes a link from the schedule page, and reads it back from the one page that shows it. */
async function makeLink(s: Signed): Promise<string> {
  const res = await s.agent.post('/schedule/feed').type('form').send({ _csrf: s.csrf });
  expect(res.status).toBe(303);
  const page = await s.agent.get('/schedule');
  const link = /id="feed-link" type="text" readonly value="([^"]+)"/.exec(page.text)?.[1];
  if (!link) throw new Error('no calendar link on the page');
  return new URL(link).pathname;
}

function events(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

/** "Tue 09:30" in the district's zone. */
const local = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);

beforeAll(async () => {
  const school = await makeSchool(t.db, { name: 'Maple Grove Elementary' });
  maya = (await makeStudent(t.db, { schoolId: school.id, firstName: 'Maya', lastName: 'Rivera' })).id;
  leo = (await makeStudent(t.db, { schoolId: school.id, firstName: 'Leonardo', lastName: 'Tran', preferredName: 'Leo' })).id;
});

describe('making a calendar link', () => {
  it('shows the link once, keeps only its hash, and is audited', async () => {
    const ot = await therapistWithSlot();
    const path = await makeLink(ot);
    expect(path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const token = path.slice('/calendar/'.length, -'.ics'.length);
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: ot.user.id } });
    expect(stored.calendarFeedHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(stored.calendarFeedAt).toBeInstanceOf(Date);
    // Once: the next look at the page no longer has it.
    const again = await ot.agent.get('/schedule');
    expect(again.text).not.toContain(token);
    expect(again.text).toContain('Revoke the link');
    expect(await t.db.auditEvent.count({ where: { actorId: ot.user.id, action: 'schedule.feed.created' } })).toBe(1);
  });

  it('is refused to a teacher and an admin', async () => {
    for (const role of ['teacher', 'admin'] as const) {
      const u = await user(t.db, role);
      const s = await signedIn(t.app, u.email);
      expect((await s.agent.post('/schedule/feed').type('form').send({ _csrf: s.csrf })).status).toBe(403);
      expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).calendarFeedHash).toBeNull();
    }
  });
});

describe('the calendar feed', () => {
  it("has the schedule's sessions at their local time, with first names and initials only", async () => {
    const ot = await therapistWithSlot('09:30');
    // One Tuesday ahead is cancelled: it is not in the calendar.
    const cancelled = addDays(thisWeek, 8);
    await t.db.scheduleChange.create({ data: { slotId: ot.slot.id, date: cancelled, cancelled: true, reason: 'Field trip' } });
    const path = await makeLink(ot);

    const res = await request(t.app).get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-robots-tag']).toContain('noindex');
    expect(res.headers['set-cookie']).toBeUndefined();

    const found = events(res.text);
    // Every Tuesday from four weeks back to twelve ahead, less the cancelled one.
    const tuesdays = Array.from({ length: 20 }, (_, i) => addDays(thisWeek, 1 + 7 * (i - 5))).filter(
      (d) => d >= addDays(now, -28) && d <= addDays(now, 84) && d.getTime() !== cancelled.getTime(),
    );
    expect(found.map((e) => e.startDate.toJSDate().toISOString().slice(0, 10)).sort()).toEqual(tuesdays.map(dayKey));
    for (const e of found) {
      expect(e.summary).toBe('OT: Leo T., Maya R.');
      expect(e.location).toBe('Classroom, Maple Grove Elementary');
      expect(local(e.startDate.toJSDate())).toBe('Tue 09:30');
      expect(local(e.endDate.toJSDate())).toBe('Tue 10:00');
    }
    // Nothing more about the children than that.
    expect(res.text).not.toContain('Rivera');
    expect(res.text).not.toContain('Tran');
    expect(res.text).not.toContain('Leonardo');
    expect(res.text).not.toMatch(/^DESCRIPTION/m);
  });

  it('places a local time at the right instant in winter and in summer', () => {
    expect(instantOf(new Date('2026-12-01T00:00:00Z'), '09:30', ZONE).toISOString()).toBe('2026-12-01T15:30:00.000Z');
    expect(instantOf(new Date('2026-07-07T00:00:00Z'), '09:30', ZONE).toISOString()).toBe('2026-07-07T14:30:00.000Z');
  });

  it('is not found once revoked, or once a new link replaces it', async () => {
    const ot = await therapistWithSlot();
    const first = await makeLink(ot);
    const second = await makeLink(ot);
    expect((await request(t.app).get(first)).status).toBe(404);
    expect((await request(t.app).get(second)).status).toBe(200);

    const revoked = await ot.agent.post('/schedule/feed/revoke').type('form').send({ _csrf: ot.csrf });
    expect(revoked.status).toBe(303);
    const res = await request(t.app).get(second);
    expect(res.status).toBe(404);
    expect(res.text).toBe('Not found');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ot.user.id } })).calendarFeedHash).toBeNull();
    expect(await t.db.auditEvent.count({ where: { actorId: ot.user.id, action: 'schedule.feed.revoked' } })).toBe(1);
    expect((await ot.agent.get('/schedule')).text).toContain('Make a calendar link');
  });

  it("gives each therapist's link their own schedule only", async () => {
    const a = await therapistWithSlot('08:00');
    const b = await therapistWithSlot('14:00');
    const [linkA, linkB] = [await makeLink(a), await makeLink(b)];
    const times = async (path: string) => [
      ...new Set(events((await request(t.app).get(path)).text).map((e) => local(e.startDate.toJSDate()))),
    ];
    expect(await times(linkA)).toEqual(['Tue 08:00']);
    expect(await times(linkB)).toEqual(['Tue 14:00']);
  });

  it('is not found for a disabled account, or a made-up link', async () => {
    const ot = await therapistWithSlot();
    const path = await makeLink(ot);
    await t.db.user.update({ where: { id: ot.user.id }, data: { disabledAt: new Date() } });
    expect((await request(t.app).get(path)).status).toBe(404);
    for (const made of ['/calendar/abc.ics', `/calendar/${'A'.repeat(43)}.ics`, `/calendar/${'A'.repeat(42)}%00.ics`]) {
      expect((await request(t.app).get(made)).status, made).toBe(404);
    }
  });

  it('is revoked when an admin disables the account, so enabling it again does not bring it back', async () => {
    const ot = await therapistWithSlot();
    const path = await makeLink(ot);
    expect((await request(t.app).get(path)).status).toBe(200);
    const admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
    for (const action of ['disable', 'enable']) {
      const res = await admin.agent.post(`/admin/users/${ot.user.id}/${action}`).type('form').send({ _csrf: admin.csrf });
      expect(res.status, action).toBe(303);
    }
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ot.user.id } })).calendarFeedHash).toBeNull();
    expect((await request(t.app).get(path)).status).toBe(404);
  });
});
