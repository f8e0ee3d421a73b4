// A new password: never the one it replaces (the temporary one an admin handed over included), and
// not built from the person's own name or email.
import { describe, expect, it } from 'vitest';
import { makeUser } from '../../../src/db/factories.js';
import { passwordProblem, personalWords, temporaryPassword } from '../../../src/features/auth/passwords.js';
import { signedIn, testApp } from '../../helpers/app.js';

const t = await testApp();

describe('choosing a new password', () => {
  it('refuses the temporary password itself as the new one, next to the new-password field', async () => {
    const temporary = temporaryPassword();
    const u = await makeUser(t.db, { role: 'teacher', email: 'temp.same@tandem.example', password: temporary, mustChangePassword: true });
    const { agent, csrf } = await signedIn(t.app, u.email, temporary);
    const res = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, current: temporary, password: temporary, confirm: temporary });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="field-password-error" class="field-error">Choose a password different from your current one/);
    expect(res.text).not.toContain(temporary);
    const after = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(after.passwordHash).toBe(u.passwordHash);
    expect(after.mustChangePassword).toBe(true);
    expect((await agent.get('/students')).headers.location).toBe('/account/password');
    expect(await t.db.auditEvent.count({ where: { action: 'password.changed', actorId: u.id } })).toBe(0);
  });

  it("refuses a password built from the person's name or email, and takes a good one", async () => {
    const start = 'otters juggle purple lanterns';
    const u = await makeUser(t.db, {
      role: 'therapist',
      name: 'Marisol Quintanilla',
      email: 'marisol.quintanilla@tandem.example',
      password: start,
    });
    const { agent, csrf } = await signedIn(t.app, u.email, start);
    for (const mine of ['quintanilla2026', 'marisol.quintanilla', 'mquintanilla']) {
      const res = await agent.post('/account/password').type('form').send({ _csrf: csrf, current: start, password: mine, confirm: mine });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/id="field-password-error" class="field-error">This password is too easy to guess from your name or email/);
    }
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash).toBe(u.passwordHash);
    const good = 'kettle orbit saffron meadow';
    const ok = await agent.post('/account/password').type('form').send({ _csrf: csrf, current: start, password: good, confirm: good });
    expect(ok.status).toBe(303);
  });
});

describe('personal words', () => {
  it('are the name, the email, the part before the @ and the words in each', () => {
    expect(personalWords({ name: 'Marisol Quintanilla', email: 'm.quintanilla+ot@lincoln.k12.example' })).toEqual([
      'marisol quintanilla',
      'marisolquintanilla',
      'm.quintanilla+ot@lincoln.k12.example',
      'm.quintanilla+ot',
      'marisol',
      'quintanilla',
    ]);
  });

  it('make passwords the common-password check alone would let through fail', () => {
    const personal = personalWords({ name: 'Desmond Okafor', email: 'dokafor@tandem.example' });
    for (const password of ['okafor2026', 'desmondokafor', 'dokafor1']) {
      expect(passwordProblem(password)).toBeNull();
      expect(passwordProblem(password, personal)).toMatch(/from your name or email/);
    }
    expect(passwordProblem('kettle orbit saffron meadow', personal)).toBeNull();
  });
});
