// The second factor over HTTP: setting it up, signing in with a code or a recovery code, what
// an attacker tries (a wrong code, a replayed one, many guesses, the half-way state, someone
// else's set-up), the district's requirement, and an admin's reset.
import { generate } from 'otplib';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { PASSWORD, csrfFrom, signedIn, testApp, user } from '../../helpers/app.js';
import type { TestApp } from '../../helpers/app.js';

const t = await testApp();
type Agent = ReturnType<typeof request.agent>;

/** The key shown on the set-up page, as an app would take it. */
function secretFrom(html: string): string {
  const match = /<p class="secret-key"><code>([A-Z2-7 ]+)<\/code><\/p>/.exec(html);
  if (!match?.[1]) throw new Error('no secret on the page');
  return match[1].replace(/ /g, '');
}

function recoveryCodesFrom(html: string): string[] {
  return [...html.matchAll(/<li><code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})<\/code><\/li>/g)].map((m) => m[1]!);
}

/** The code an app shows now, or `steps` periods from now. */
function codeFor(secret: string, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

/** A code that is not the right one at any step near now. */
async function wrongCodeFor(secret: string): Promise<string> {
  const near = await Promise.all([-1, 0, 1, 2].map((s) => codeFor(secret, s)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.includes(candidate)) return candidate;
  }
}

/** Signs in with a password and sets up the second factor: its secret and recovery codes. */
async function enrolled(app: TestApp['app'], email: string) {
  const { agent, csrf } = await signedIn(app, email);
  const setup = await agent.get('/account/second-factor');
  expect(setup.status).toBe(200);
  const secret = secretFrom(setup.text);
  const done = await agent
    .post('/account/second-factor')
    .type('form')
    .send({ _csrf: csrfFrom(setup.text), code: await codeFor(secret) });
  expect(done.status).toBe(200);
  const recoveryCodes = recoveryCodesFrom(done.text);
  expect(recoveryCodes).toHaveLength(10);
  return { agent, csrf, secret, recoveryCodes };
}

/** The password step: answers an agent waiting at the code page, and that page's CSRF token. */
async function passwordStep(app: TestApp['app'], email: string): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(app);
  const page = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password: PASSWORD });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/sign-in/code');
  const codePage = await agent.get('/sign-in/code');
  expect(codePage.status).toBe(200);
  return { agent, csrf: csrfFrom(codePage.text) };
}

function sendCode(agent: Agent, csrf: string, code: string) {
  return agent.post('/sign-in/code').type('form').send({ _csrf: csrf, code });
}

async function signOut(agent: Agent) {
  const page = await agent.get('/account/password');
  await agent
    .post('/sign-out')
    .type('form')
    .send({ _csrf: csrfFrom(page.text) });
}

const audits = (action: string, actorId: number) => t.db.auditEvent.findMany({ where: { action, actorId }, orderBy: { id: 'asc' } });

describe('setting up a second factor', () => {
  it('shows a QR code drawn here and the same key as text, and turns on with a current code', async () => {
    const u = await user(t.db, 'therapist');
    const { agent } = await signedIn(t.app, u.email);
    const page = await agent.get('/account/second-factor');
    expect(page.text).toContain('<div class="qr-code" role="img" aria-label="QR code to scan with your authenticator app"><svg');
    expect(page.text).not.toMatch(/src="https?:/); // no image from another service
    const secret = secretFrom(page.text);
    // A reload shows the same key, so a scan is not undone.
    expect(secretFrom((await agent.get('/account/second-factor')).text)).toBe(secret);

    const wrong = await agent
      .post('/account/second-factor')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: await wrongCodeFor(secret) });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('That code does not match');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).totpEnabledAt).toBeNull();

    const done = await agent
      .post('/account/second-factor')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: await codeFor(secret) });
    expect(done.status).toBe(200);
    const codes = recoveryCodesFrom(done.text);
    expect(codes).toHaveLength(10);

    const stored = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(stored.totpEnabledAt).not.toBeNull();
    // Sealed: the key is not in the database as typed.
    expect(stored.totpSecret).toMatch(/^v1\./);
    expect(stored.totpSecret).not.toContain(secret.slice(0, 8));
    const rows = await t.db.recoveryCode.findMany({ where: { userId: u.id } });
    expect(rows).toHaveLength(10);
    for (const row of rows) for (const code of codes) expect(row.codeHash).not.toContain(code.replace(/-/g, ''));
    expect(await audits('second_factor.enabled', u.id)).toHaveLength(1);

    // The codes are shown once: the page now says how many are left, not what they are.
    const after = await agent.get('/account/second-factor');
    expect(after.text).toContain('10 unused recovery codes');
    expect(after.text).not.toContain(codes[0]);
  });

  it('is reached from the user menu and the password page', async () => {
    const u = await user(t.db, 'teacher');
    const { agent } = await signedIn(t.app, u.email);
    const home = await agent.get('/students');
    expect(home.text).toContain('href="/account/second-factor"');
    expect((await agent.get('/account/password')).text).toContain('href="/account/second-factor"');
  });

  it('turns off only with a current code', async () => {
    const u = await user(t.db, 'teacher');
    const { agent, secret } = await enrolled(t.app, u.email);
    const page = await agent.get('/account/second-factor');
    const wrong = await agent
      .post('/account/second-factor/off')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: await wrongCodeFor(secret) });
    expect(wrong.status).toBe(422);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).totpEnabledAt).not.toBeNull();
    expect(await audits('second_factor.failure', u.id)).toHaveLength(1);

    const off = await agent
      .post('/account/second-factor/off')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), code: await codeFor(secret, 1) });
    expect(off.status).toBe(303);
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect([stored.totpSecret, stored.totpEnabledAt, stored.totpLastStep]).toEqual([null, null, null]);
    expect(await t.db.recoveryCode.count({ where: { userId: u.id } })).toBe(0);
    expect(await audits('second_factor.disabled', u.id)).toHaveLength(1);
    // Signing in again takes the password alone.
    await signOut(agent);
    await signedIn(t.app, u.email);
  });
});

describe('signing in with a second factor', () => {
  it('asks for the code after the password, and the half-way state opens nothing', async () => {
    const u = await user(t.db, 'therapist');
    const { agent: first, secret } = await enrolled(t.app, u.email);
    await signOut(first);

    const { agent, csrf } = await passwordStep(t.app, u.email);
    const blocked = await agent.get('/students');
    expect(blocked.status).toBe(303);
    expect(blocked.headers.location).toMatch(/^\/sign-in/);
    // The pending session belongs to nobody yet.
    const pending = await t.db.signInSession.findMany({ where: { data: { contains: `"userId":${u.id}` } } });
    expect(pending.map((s) => s.userId)).toEqual([null]);

    const res = await sendCode(agent, csrf, await codeFor(secret, 1));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect((await agent.get('/students')).status).toBe(200);
    expect(await audits('second_factor.success', u.id)).toHaveLength(1);
  });

  it('goes on to the page asked for, on a new session id', async () => {
    const u = await user(t.db, 'therapist');
    const { agent: first, secret } = await enrolled(t.app, u.email);
    await signOut(first);
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in?next=/students');
    const password = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: u.email, password: PASSWORD, next: '/students' });
    const pendingCookie = String(password.headers['set-cookie']);
    const codePage = await agent.get('/sign-in/code');
    const res = await sendCode(agent, csrfFrom(codePage.text), await codeFor(secret, 1));
    expect(res.headers.location).toBe('/students');
    expect(String(res.headers['set-cookie'])).toMatch(/tandem\.sid=/);
    expect(String(res.headers['set-cookie']).split(';')[0]).not.toBe(pendingCookie.split(';')[0]);
  });

  it('refuses a wrong code, and never takes the same code twice', async () => {
    const u = await user(t.db, 'therapist');
    const { agent: first, secret } = await enrolled(t.app, u.email);
    await signOut(first);

    const { agent, csrf } = await passwordStep(t.app, u.email);
    const wrong = await sendCode(agent, csrf, await wrongCodeFor(secret));
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('That code does not match');
    expect(wrong.text).toContain('aria-invalid="true"');
    const malformed = await sendCode(agent, csrf, 'abc');
    expect(malformed.status).toBe(401);

    const code = await codeFor(secret, 1);
    expect((await sendCode(agent, csrf, code)).status).toBe(303);
    await signOut(agent);

    // The same code, seen over someone's shoulder, a moment later.
    const again = await passwordStep(t.app, u.email);
    const replayed = await sendCode(again.agent, again.csrf, code);
    expect(replayed.status).toBe(401);
    expect((await again.agent.get('/students')).status).toBe(303);
    const failures = await audits('second_factor.failure', u.id);
    expect(failures.map((f) => JSON.parse(f.detail!).reason)).toEqual(['wrong_code', 'wrong_code', 'replayed_code']);
  });

  it('takes a recovery code once only', async () => {
    const u = await user(t.db, 'therapist');
    const { agent: first, recoveryCodes } = await enrolled(t.app, u.email);
    await signOut(first);
    const code = recoveryCodes[3]!;

    const { agent, csrf } = await passwordStep(t.app, u.email);
    const res = await sendCode(agent, csrf, code.toUpperCase());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account/second-factor');
    const mine = await agent.get(res.headers.location!);
    expect(mine.text).toContain('You used a recovery code; 9 are left.');
    expect(mine.text).toContain('9 unused recovery codes');
    expect(await audits('second_factor.recovery_used', u.id)).toHaveLength(1);
    await signOut(agent);

    const again = await passwordStep(t.app, u.email);
    const reused = await sendCode(again.agent, again.csrf, code);
    expect(reused.status).toBe(401);
    expect(JSON.parse((await audits('second_factor.failure', u.id))[0]!.detail!).reason).toBe('used_recovery_code');
    // Another, unused one still works.
    expect((await sendCode(again.agent, again.csrf, recoveryCodes[4]!)).status).toBe(303);
    expect(await t.db.recoveryCode.count({ where: { userId: u.id, usedAt: null } })).toBe(8);
  });

  it('asks for the password again after five wrong codes', async () => {
    const u = await user(t.db, 'therapist');
    const { agent: first, secret } = await enrolled(t.app, u.email);
    await signOut(first);
    const { agent, csrf } = await passwordStep(t.app, u.email);
    const wrong = await wrongCodeFor(secret);
    for (let i = 0; i < 4; i++) expect((await sendCode(agent, csrf, wrong)).status).toBe(401);
    const fifth = await sendCode(agent, csrf, wrong);
    expect(fifth.status).toBe(303);
    expect(fifth.headers.location).toBe('/sign-in');
    const signInPage = await agent.get('/sign-in');
    expect(signInPage.text).toContain('Too many wrong codes. Sign in again with your password.');
    // The right code no longer helps without the password.
    const late = await sendCode(agent, csrf, await codeFor(secret, 1));
    expect(late.headers.location).toBe('/sign-in?expired=1');
    expect((await agent.get('/students')).status).toBe(303);
    // The password again leads back to the code, where the throttle's delay (5 failures) now runs.
    const password = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(signInPage.text), email: u.email, password: PASSWORD });
    expect(password.headers.location).toBe('/sign-in/code');
    const codePage = await agent.get('/sign-in/code');
    expect((await sendCode(agent, csrfFrom(codePage.text), await codeFor(secret, 1))).status).toBe(429);
  });

  it('lets the code step lapse after a few minutes', async () => {
    const u = await user(t.db, 'teacher');
    const { agent: first, secret } = await enrolled(t.app, u.email);
    await signOut(first);
    const { agent, csrf } = await passwordStep(t.app, u.email);
    const row = await t.db.signInSession.findFirstOrThrow({ where: { data: { contains: `"userId":${u.id}` } } });
    const data = JSON.parse(row.data) as { secondFactorPending: { startedAt: number } };
    data.secondFactorPending.startedAt -= 6 * 60_000;
    await t.db.signInSession.update({ where: { sid: row.sid }, data: { data: JSON.stringify(data) } });
    const res = await sendCode(agent, csrf, await codeFor(secret, 1));
    expect(res.headers.location).toBe('/sign-in?expired=1');
    expect(await t.db.signInSession.count({ where: { sid: row.sid } })).toBe(0); // nothing of it is kept
    expect((await agent.get('/students')).status).toBe(303);
  });

  it('sends a visitor with no password step back to sign in, storing nothing', async () => {
    const before = await t.db.signInSession.count();
    const res = await request(t.app).get('/sign-in/code');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?expired=1');
    expect(await t.db.signInSession.count()).toBe(before);
  });
});

describe('throttling code guesses', () => {
  it('delays further tries after a few wrong codes, even the right one, and audits it', async () => {
    const slow = await testApp({ throttleLimits: { perAccountAndAddress: 3, perAddress: 100, perAccount: 100 } });
    const u = await user(slow.db, 'therapist');
    const { agent: first, secret } = await enrolled(slow.app, u.email);
    await signOut(first);
    const { agent, csrf } = await passwordStep(slow.app, u.email);
    const wrong = await wrongCodeFor(secret);
    for (let i = 0; i < 3; i++) expect((await sendCode(agent, csrf, wrong)).status).toBe(401);
    const held = await sendCode(agent, csrf, await codeFor(secret, 1));
    expect(held.status).toBe(429);
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    expect(held.text).toContain('Too many tries');
    expect((await agent.get('/students')).status).toBe(303);
    expect(await slow.db.auditEvent.count({ where: { action: 'second_factor.throttled', actorId: u.id } })).toBe(1);
    expect(await slow.db.auditEvent.count({ where: { action: 'second_factor.failure', actorId: u.id } })).toBe(3);
  });
});

describe('guessing codes from many addresses', () => {
  it('meets a cap per account, however many addresses the guesses come from', async () => {
    const proxied = await testApp({ env: { TRUST_PROXY: 'true' } });
    const u = await user(proxied.db, 'therapist');
    const { agent: first, secret } = await enrolled(proxied.app, u.email);
    await signOut(first);
    const wrong = await wrongCodeFor(secret);
    // Ten wrong codes, two from each of five addresses: under every per-address limit.
    for (let n = 0; n < 5; n++) {
      const { agent, csrf } = await passwordStep(proxied.app, u.email);
      for (let i = 0; i < 2; i++) {
        const res = await sendCode(agent, csrf, wrong).set('X-Forwarded-For', `203.0.113.${n}`);
        expect(res.status).toBe(401);
      }
    }
    const { agent, csrf } = await passwordStep(proxied.app, u.email);
    const held = await sendCode(agent, csrf, await codeFor(secret, 1)).set('X-Forwarded-For', '198.51.100.7');
    expect(held.status).toBe(429);
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect((await agent.get('/students')).status).toBe(303);
  });
});

describe("the district's requirement", () => {
  it('makes an admin or therapist with a password set one up before anything else; teachers are not asked', async () => {
    const district = await testApp();
    const admin = await user(district.db, 'admin');
    const therapist = await user(district.db, 'therapist');
    const teacher = await user(district.db, 'teacher');

    const a = await signedIn(district.app, admin.email);
    const settings = await a.agent.get('/admin/settings');
    expect(settings.status).toBe(200);
    expect(settings.text).toContain('Require a second factor for admins and therapists who sign in with a password');
    expect((await a.agent.get('/students')).text).toContain('href="/admin/settings"');
    const saved = await a.agent
      .post('/admin/settings')
      .type('form')
      .send({ _csrf: csrfFrom(settings.text), requireSecondFactor: 'on' });
    expect(saved.status).toBe(303);
    expect((await district.db.districtSetting.findUniqueOrThrow({ where: { id: 1 } })).requireSecondFactor).toBe(true);
    const changed = await district.db.auditEvent.findFirstOrThrow({ where: { action: 'settings.changed', actorId: admin.id } });
    expect(JSON.parse(changed.detail!)).toEqual({ requireSecondFactor: true });

    // The therapist: straight to set-up after the password, and nothing else opens until it is done.
    const agent = request.agent(district.app);
    const page = await agent.get('/sign-in');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: therapist.email, password: PASSWORD });
    expect(res.headers.location).toBe('/account/second-factor');
    for (const path of ['/', '/students', '/account/password']) {
      const blocked = await agent.get(path);
      expect(blocked.status, path).toBe(303);
      expect(blocked.headers.location).toBe('/account/second-factor');
    }
    const setup = await agent.get('/account/second-factor');
    expect(setup.text).toContain('Your district asks admins and therapists to use a second factor');
    const blockedPost = await agent
      .post('/students')
      .type('form')
      .send({ _csrf: csrfFrom(setup.text) });
    expect(blockedPost.headers.location).toBe('/account/second-factor');
    const done = await agent
      .post('/account/second-factor')
      .type('form')
      .send({ _csrf: csrfFrom(setup.text), code: await codeFor(secretFrom(setup.text)) });
    expect(done.status).toBe(200);
    expect((await agent.get('/students')).status).toBe(200);

    // A teacher signs in with the password alone.
    const t2 = await signedIn(district.app, teacher.email);
    expect((await t2.agent.get('/students')).status).toBe(200);

    // Turning the requirement off is audited too.
    await a.agent.post('/admin/settings').type('form').send({ _csrf: a.csrf });
    expect((await district.db.districtSetting.findUniqueOrThrow({ where: { id: 1 } })).requireSecondFactor).toBe(false);
    expect(await district.db.auditEvent.count({ where: { action: 'settings.changed' } })).toBe(2);
  });
});

describe("an admin's reset", () => {
  it('removes the second factor and recovery codes, ends their sessions, and is audited', async () => {
    const admin = await user(t.db, 'admin');
    const u = await user(t.db, 'therapist');
    const { agent: theirs } = await enrolled(t.app, u.email);
    const a = await signedIn(t.app, admin.email);
    const page = await a.agent.get(`/admin/users/${u.id}`);
    expect(page.text).toContain('Reset second factor');
    expect(page.text).toMatch(/On since [^<]+, 10 recovery codes left/);

    const res = await a.agent
      .post(`/admin/users/${u.id}/second-factor-reset`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect([stored.totpSecret, stored.totpEnabledAt, stored.totpLastStep]).toEqual([null, null, null]);
    expect(await t.db.recoveryCode.count({ where: { userId: u.id } })).toBe(0);
    expect((await theirs.get('/students')).status).toBe(303); // signed out
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'second_factor.reset', actorId: admin.id } });
    expect([audit.targetType, audit.targetId]).toEqual(['user', String(u.id)]);
    expect((await a.agent.get(`/admin/users/${u.id}`)).text).not.toContain('Reset second factor');

    // They sign in with the password alone now, and may set it up again.
    await signedIn(t.app, u.email);
  });
});

describe('a new SESSION_SECRET', () => {
  it('leaves stored second factors unreadable: the user is told to ask for a reset, which lets them in', async () => {
    const u = await user(t.db, 'therapist');
    const { agent: first, secret, recoveryCodes } = await enrolled(t.app, u.email);
    await signOut(first);
    // The same database, served with another secret.
    const rotated = createApp({ config: { ...t.config, sessionSecret: 'a-brand-new-secret-a-brand-new-secret-99' }, db: t.db }).app;
    const { agent, csrf } = await passwordStep(rotated, u.email);
    for (const code of [await codeFor(secret, 1), recoveryCodes[0]!]) {
      const res = await sendCode(agent, csrf, code);
      expect(res.status).toBe(401);
    }
    expect((await sendCode(agent, csrf, await codeFor(secret, 1))).text).toContain('Ask your Tandem admin to reset it');
    const reasons = (await audits('second_factor.failure', u.id)).map((f) => JSON.parse(f.detail!).reason);
    expect(reasons).toEqual(['unreadable', 'wrong_recovery_code', 'unreadable']);

    const admin = await user(t.db, 'admin');
    const a = await signedIn(rotated, admin.email);
    const page = await a.agent.get(`/admin/users/${u.id}`);
    await a.agent
      .post(`/admin/users/${u.id}/second-factor-reset`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    await signedIn(rotated, u.email);
  });
});

describe('who may reach whose second factor', () => {
  it("another user's set-up never becomes theirs", async () => {
    const alice = await user(t.db, 'therapist');
    const bob = await user(t.db, 'therapist');
    const a = await signedIn(t.app, alice.email);
    const b = await signedIn(t.app, bob.email);
    const alicePage = await a.agent.get('/account/second-factor');
    const bobPage = await b.agent.get('/account/second-factor');
    const aliceSecret = secretFrom(alicePage.text);
    expect(secretFrom(bobPage.text)).not.toBe(aliceSecret);

    // Bob types a code from Alice's key: it confirms nothing, for either of them.
    const res = await b.agent
      .post('/account/second-factor')
      .type('form')
      .send({ _csrf: csrfFrom(bobPage.text), code: await codeFor(aliceSecret) });
    expect(res.status).toBe(422);
    for (const id of [alice.id, bob.id]) expect((await t.db.user.findUniqueOrThrow({ where: { id } })).totpEnabledAt).toBeNull();

    // Alice's sealed set-up copied into Bob's session does not open for him.
    const aliceRow = await t.db.signInSession.findFirstOrThrow({
      where: { userId: alice.id, data: { contains: 'secondFactorEnrolment' } },
    });
    const bobRow = await t.db.signInSession.findFirstOrThrow({ where: { userId: bob.id, data: { contains: 'secondFactorEnrolment' } } });
    const bobData = JSON.parse(bobRow.data) as Record<string, unknown>;
    bobData.secondFactorEnrolment = (JSON.parse(aliceRow.data) as Record<string, unknown>).secondFactorEnrolment;
    await t.db.signInSession.update({ where: { sid: bobRow.sid }, data: { data: JSON.stringify(bobData) } });
    const swapped = await b.agent
      .post('/account/second-factor')
      .type('form')
      .send({ _csrf: csrfFrom(bobPage.text), code: await codeFor(aliceSecret) });
    expect(swapped.status).toBe(422);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: bob.id } })).totpEnabledAt).toBeNull();
    // Bob is shown a new key of his own, not Alice's.
    expect(secretFrom(swapped.text)).not.toBe(aliceSecret);
  });

  it('only an admin resets one or changes the district setting', async () => {
    const target = await user(t.db, 'therapist');
    await enrolled(t.app, target.email);
    for (const role of ['therapist', 'teacher'] as const) {
      const other = await user(t.db, role);
      const s = await signedIn(t.app, other.email);
      const before = await t.db.auditEvent.count({ where: { action: 'access.denied', actorId: other.id } });
      const reset = await s.agent.post(`/admin/users/${target.id}/second-factor-reset`).type('form').send({ _csrf: s.csrf });
      expect(reset.status).toBe(403);
      expect((await s.agent.get('/admin/settings')).status).toBe(403);
      const setting = await s.agent.post('/admin/settings').type('form').send({ _csrf: s.csrf, requireSecondFactor: 'on' });
      expect(setting.status).toBe(403);
      expect(await t.db.auditEvent.count({ where: { action: 'access.denied', actorId: other.id } })).toBe(before + 3);
    }
    expect((await t.db.user.findUniqueOrThrow({ where: { id: target.id } })).totpEnabledAt).not.toBeNull();
    expect(await t.db.districtSetting.findUnique({ where: { id: 1 } })).toBeNull();
  });
});
