import { describe, expect, it } from 'vitest';
import { addDays, dayKey, today } from '../../../src/calendar/dates.js';
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
