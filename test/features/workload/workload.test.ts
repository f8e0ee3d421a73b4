import { describe, expect, it } from 'vitest';
import { addDays, dayKey, today } from '../../../src/calendar/dates.js';
import { makeSchool, makeSessionLog, makeStudent } from '../../../src/db/factories.js';
import { weekSummary, weekTotals } from '../../../src/features/workload/workload.service.js';
import { inSentence } from '../../../src/web/view-helpers.js';
import { signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();

describe('indirect time', () => {
  it('is logged and summed by activity for the week', async () => {
    const u = await user(t.db, 'therapist');
    const { agent, csrf } = await signedIn(t.app, u.email);
    const day = dayKey(today(t.config.timeZone));
    expect(
      (
        await agent
          .post('/time')
          .type('form')
          .send({ _csrf: csrf, date: day, minutes: '40', activity: 'travel', note: 'Maple Grove to Lincoln' })
      ).status,
    ).toBe(303);
    await agent.post('/time').type('form').send({ _csrf: csrf, date: day, minutes: '25', activity: 'travel' });
    await agent.post('/time').type('form').send({ _csrf: csrf, date: day, minutes: '60', activity: 'meeting' });
    const page = await agent.get('/time');
    expect(page.text).toMatch(/<dt>Indirect<\/dt><dd>125 min<\/dd>/);
    expect(page.text).toMatch(/<dt>Travel between schools<\/dt><dd>65 min<\/dd>/);
    expect(page.text).toContain('Maple Grove to Lincoln');
    // A label inside a sentence keeps its acronym.
    expect(page.text).toContain('60 min, meetings (IEP, team) ');
    expect(inSentence('IEP meeting')).toBe('IEP meeting');
  });

  it.each([
    [{ minutes: '0' }, 'minutes', 'at least 1 minute'],
    [{ minutes: '500' }, 'minutes', 'At most 480 minutes'],
    [{ date: '2026-04-31' }, 'date', 'not a real date'],
    [{ date: dayKey(addDays(today(t.config.timeZone), 1)) }, 'date', 'future date'],
    [{ activity: 'coffee' }, 'activity', 'Choose what the time was for'],
  ])('refuses %o next to the field, writing nothing', async (change, field, message) => {
    const u = await user(t.db, 'therapist');
    const { agent, csrf } = await signedIn(t.app, u.email);
    const res = await agent
      .post('/time')
      .type('form')
      .send({ _csrf: csrf, date: '2026-11-02', minutes: '30', activity: 'documentation', ...change });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="field-${field}-error" class="field-error">[^<]*${message}`));
    expect(await t.db.indirectTime.count({ where: { providerId: u.id } })).toBe(0);
  });

  it('belongs to its therapist only', async () => {
    const a = await user(t.db, 'therapist');
    const b = await user(t.db, 'therapist');
    const entry = await t.db.indirectTime.create({ data: { providerId: a.id, date: new Date(), minutes: 30, activity: 'documentation' } });
    const sb = await signedIn(t.app, b.email);
    expect((await sb.agent.post(`/time/${entry.id}/remove`).type('form').send({ _csrf: sb.csrf })).status).toBe(404);
    expect((await sb.agent.get('/time')).text).not.toContain('30 min, documentation');
    const teacher = await user(t.db, 'teacher');
    expect((await (await signedIn(t.app, teacher.email)).agent.get('/time')).status).toBe(403);
  });
});

describe("the week's totals", () => {
  it('count the sessions given that week and not voided, and the indirect time of that week, of this therapist only', async () => {
    const ot = await user(t.db, 'therapist');
    const other = await user(t.db, 'therapist');
    const school = await makeSchool(t.db);
    const studentId = (await makeStudent(t.db, { schoolId: school.id, therapistIds: [ot.id, other.id] })).id;
    const monday = new Date('2026-10-05');
    const session = (providerId: number, date: Date, minutes: number) =>
      makeSessionLog(t.db, { providerId, date, minutes, students: [{ studentId }] });
    await session(ot.id, monday, 30);
    await session(ot.id, addDays(monday, 4), 45);
    const voided = await session(ot.id, addDays(monday, 2), 60);
    await t.db.sessionLog.update({ where: { id: voided.id }, data: { voidedAt: new Date(), voidReason: 'Logged twice' } });
    await session(ot.id, addDays(monday, -1), 20); // the Sunday before
    await session(ot.id, addDays(monday, 7), 25); // the next Monday
    await session(other.id, monday, 40);
    await t.db.indirectTime.createMany({
      data: [
        { providerId: ot.id, date: addDays(monday, 1), minutes: 15, activity: 'travel' },
        { providerId: ot.id, date: addDays(monday, 6), minutes: 10, activity: 'documentation' },
        { providerId: ot.id, date: addDays(monday, 7), minutes: 50, activity: 'meeting' },
        { providerId: other.id, date: monday, minutes: 35, activity: 'meeting' },
      ],
    });
    expect(await weekTotals(t.db, ot.id, monday)).toEqual({
      start: monday,
      end: addDays(monday, 7),
      directMinutes: 75,
      sessions: 2,
      indirectMinutes: 25,
    });
    const summary = await weekSummary(t.db, ot.id, monday);
    expect([summary.directMinutes, summary.sessions, summary.indirectTotal]).toEqual([75, 2, 25]);
    expect(await weekTotals(t.db, ot.id, addDays(monday, 14))).toMatchObject({ directMinutes: 0, sessions: 0, indirectMinutes: 0 });
  });
});
