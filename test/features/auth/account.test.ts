import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { PASSWORD, csrfFrom, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();

describe('changing your password', () => {
  it('refuses a wrong current password, a common new one and a mismatch, keeping nothing typed', async () => {
    const u = await user(t.db, 'therapist');
    const { agent, csrf } = await signedIn(t.app, u.email);
    const before = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    const wrong = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, current: 'nope', password: 'otters juggle purple lanterns', confirm: 'otters juggle purple lanterns' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('That is not your current password');
    expect(wrong.text).not.toContain('otters juggle');
    const common = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, current: PASSWORD, password: 'password1', confirm: 'password1' });
    expect(common.text).toContain('too common');
    const mismatch = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, current: PASSWORD, password: 'otters juggle purple lanterns', confirm: 'otters juggle' });
    expect(mismatch.text).toContain('The two passwords do not match');
    const again = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(again.passwordHash).toBe(before.passwordHash);
  });

  it('changes it, signs out other sessions, and the new one works', async () => {
    const u = await user(t.db, 'teacher');
    const elsewhere = await signedIn(t.app, u.email);
    const { agent, csrf } = await signedIn(t.app, u.email);
    const res = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, current: PASSWORD, password: 'otters juggle purple lanterns', confirm: 'otters juggle purple lanterns' });
    expect(res.status).toBe(303);
    expect((await agent.get('/students')).status).toBe(200);
    expect((await elsewhere.agent.get('/students')).status).toBe(303);
    await signedIn(t.app, u.email, 'otters juggle purple lanterns');
    expect(await t.db.auditEvent.count({ where: { action: 'password.changed', actorId: u.id } })).toBe(1);
  });

  it('with a temporary password, nothing else opens until a new one is chosen', async () => {
    const u = await user(t.db, 'teacher', { mustChangePassword: true });
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: u.email, password: PASSWORD });
    expect(res.headers.location).toBe('/account/password');
    const blocked = await agent.get('/students');
    expect(blocked.status).toBe(303);
    expect(blocked.headers.location).toBe('/account/password');
    const form = await agent.get('/account/password');
    expect(form.text).toContain('You signed in with a temporary password');
    await agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        current: PASSWORD,
        password: 'otters juggle purple lanterns',
        confirm: 'otters juggle purple lanterns',
      });
    expect((await agent.get('/students')).status).toBe(200);
  });
});
