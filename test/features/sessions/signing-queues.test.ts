// The signing queues (/sessions/to-sign, /sessions/to-cosign): oldest first, a page at a time, with
// the count the menu shows; a session whose students have all left the caller's caseload is in
// neither the list, nor its count, nor the menu's.
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../../src/calendar/dates.js';
import { makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Agent = Awaited<ReturnType<typeof signedIn>>;
let ot: Agent;
let ota: Agent;
let colleague: Agent;
let otId: number;
let otaId: number;
let ava: number;
let ben: number;
const sessionIds: number[] = [];
let bensSession: number;

const day = (daysAgo: number) => addDays(today(t.config.timeZone), -daysAgo);
const links = (html: string) => [...html.matchAll(/href="\/sessions\/(\d+)"/g)].map((m) => Number(m[1]));
const menuCount = (html: string, label: string) => Number(new RegExp(`${label} <span class="nav-count">(\\d+)`).exec(html)?.[1] ?? 0);

beforeAll(async () => {
  const schoolId = (await makeSchool(t.db)).id;
  const o = await user(t.db, 'therapist', { name: 'Maya Okafor' });
  const a = await user(t.db, 'therapist', { name: 'Jordan Lee' });
  await t.db.user.update({ where: { id: a.id }, data: { assistant: true } });
  const c = await user(t.db, 'therapist', { name: 'Sam Rivera' });
  otId = o.id;
  otaId = a.id;
  ava = (await makeStudent(t.db, { schoolId, firstName: 'Ava', therapistIds: [o.id, a.id] })).id;
  ben = (await makeStudent(t.db, { schoolId, firstName: 'Ben', therapistIds: [o.id] })).id;
  // 27 of Ava's sessions waiting for Maya's signature, logged newest first, so the list's order is
  // not the order they were written in.
  for (let daysAgo = 1; daysAgo <= 27; daysAgo++) {
    const s = await makeSessionLog(t.db, { providerId: otId, date: day(daysAgo), startTime: '09:00', students: [{ studentId: ava }] });
    sessionIds.push(s.id);
  }
  // Ben's, then Ben leaves Maya's caseload for Sam's.
  bensSession = (await makeSessionLog(t.db, { providerId: otId, date: day(40), startTime: '09:00', students: [{ studentId: ben }] })).id;
  await t.db.studentTherapist.deleteMany({ where: { studentId: ben, userId: otId } });
  await t.db.studentTherapist.create({ data: { studentId: ben, userId: c.id } });
  ot = await signedIn(t.app, o.email);
  ota = await signedIn(t.app, a.email);
  colleague = await signedIn(t.app, c.email);
});

describe('the signing queues', () => {
  it('list the sessions to sign oldest first, 25 a page, with the count the menu shows', async () => {
    const oldestFirst = [...sessionIds].reverse();
    const first = await ot.agent.get('/sessions/to-sign');
    expect(first.status).toBe(200);
    expect(first.text).toContain('Showing 1–25 of 27 sessions, the oldest first.');
    expect(links(first.text).filter((id) => sessionIds.includes(id))).toEqual(oldestFirst.slice(0, 25));
    expect(menuCount(first.text, 'To sign')).toBe(27);
    const second = await ot.agent.get('/sessions/to-sign?page=2');
    expect(second.text).toContain('Showing 26–27 of 27 sessions, the oldest first.');
    expect(links(second.text).filter((id) => sessionIds.includes(id))).toEqual(oldestFirst.slice(25));
    // Past the last page (the last session there signed meanwhile): said plainly, with the way back.
    const past = await ot.agent.get('/sessions/to-sign?page=3');
    expect(past.text).toContain('No sessions on this page. <a href="/sessions/to-sign?page=2">Go to the last page</a>.');
    expect(menuCount(past.text, 'To sign')).toBe(27);
  });

  it('leave out a session whose students have all left the caseload, from the list, its count and the menu', async () => {
    for (const path of ['/sessions/to-sign', '/sessions/to-sign?page=2']) {
      expect(links((await ot.agent.get(path)).text)).not.toContain(bensSession);
    }
    // Still Maya's to sign in the record; only no longer on her list.
    expect(await t.db.sessionLog.count({ where: { providerId: otId, signedAt: null, voidedAt: null } })).toBe(28);
    // The colleague who serves Ben now does not sign Maya's session either.
    const theirs = await colleague.agent.get('/sessions/to-sign');
    expect(links(theirs.text)).not.toContain(bensSession);
    expect(menuCount(theirs.text, 'To sign')).toBe(0);
  });

  it("put an assistant's signed sessions in the supervising OT's queue, oldest first, and nowhere else", async () => {
    const made = [];
    for (const daysAgo of [3, 9, 6]) {
      const s = await makeSessionLog(t.db, {
        providerId: otaId,
        supervisorId: otId,
        date: day(daysAgo),
        startTime: '10:00',
        students: [{ studentId: ava }],
      });
      await t.db.sessionLog.update({ where: { id: s.id }, data: { signedAt: new Date(), signedName: 'Jordan Lee' } });
      made.push({ id: s.id, daysAgo });
    }
    const oldestFirst = [...made].sort((a, b) => b.daysAgo - a.daysAgo).map((s) => s.id);
    const queue = await ot.agent.get('/sessions/to-cosign');
    expect(queue.status).toBe(200);
    expect(links(queue.text).filter((id) => oldestFirst.includes(id))).toEqual(oldestFirst);
    expect(menuCount(queue.text, 'To co-sign')).toBe(3);
    // The assistant sees them waiting for the OT, in the same order.
    const own = await ota.agent.get('/sessions/to-sign');
    expect(own.text).toContain('waiting for your supervising OT');
    expect(links(own.text).filter((id) => oldestFirst.includes(id))).toEqual(oldestFirst);
    // Another OT has no such queue of Maya's.
    expect(links((await colleague.agent.get('/sessions/to-sign')).text).filter((id) => oldestFirst.includes(id))).toEqual([]);
  });
});
