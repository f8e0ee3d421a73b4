import { createHmac } from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, csrfFrom, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp({ throttleLimits: { perAccountAndAddress: 3, perAddress: 50, perAccount: 50 } });

async function signInPage() {
  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  return { agent, csrf: csrfFrom(page.text), cookie: page.headers['set-cookie'] as unknown as string[] };
}

function sessionCookie(res: request.Response): string | undefined {
  const cookies = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith('tandem.sid='))?.split(';')[0];
}

describe('sign-in', () => {
  let therapist: Awaited<ReturnType<typeof user>>;
  beforeAll(async () => {
    therapist = await user(t.db, 'therapist', { email: 'ot.signin@tandem.example' });
  });

  it('signs in, records it, and gives the session a new id', async () => {
    const { agent, csrf } = await signInPage();
    const before = (await agent.get('/sign-in')).headers['set-cookie'];
    const res = await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: 'OT.Signin@tandem.example ', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after).not.toEqual(String(before ?? '').split(';')[0]);
    const page = await agent.get('/students');
    expect(page.status).toBe(200);
    expect(page.text).toContain('My caseload');
    const audit = await t.db.auditEvent.findFirst({ where: { action: 'sign_in.success', actorId: therapist.id } });
    expect(audit?.ip).toBeTruthy();
  });

  it('a session id planted before sign-in is worthless after it (no session fixation)', async () => {
    // An anonymous visit stores no session, so plant one: a stored session whose signed cookie
    // the attacker knows (signed as express-session signs it).
    const sidBefore = `planted-${Date.now()}`;
    const expires = new Date(Date.now() + 60_000);
    const data = { cookie: { path: '/', httpOnly: true, originalMaxAge: 60_000, expires }, flash: [] };
    await t.db.signInSession.create({ data: { sid: sidBefore, data: JSON.stringify(data), expiresAt: expires } });
    const signature = createHmac('sha256', t.config.sessionSecret).update(sidBefore).digest('base64').replace(/=+$/, '');
    const before = `tandem.sid=${encodeURIComponent(`s:${sidBefore}.${signature}`)}`;
    const page = await request(t.app).get('/sign-in').set('Cookie', before);
    const res = await request(t.app)
      .post('/sign-in')
      .set('Cookie', before)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'ot.signin@tandem.example', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(sessionCookie(res)).toBeDefined();
    expect(sessionCookie(res)).not.toEqual(before);
    expect(await t.db.signInSession.count({ where: { sid: sidBefore } })).toBe(0);
    // Replaying the old cookie gets the visitor nowhere.
    expect(
      (
        await request(t.app)
          .get('/students')
          .set('Cookie', before ?? '')
      ).status,
    ).toBe(303);
  });

  it('answers an unknown account exactly like a wrong password', async () => {
    const a = await signInPage();
    const wrong = await a.agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: a.csrf, email: 'ot.signin@tandem.example', password: 'not the password' });
    const b = await signInPage();
    const unknown = await b.agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: b.csrf, email: 'nobody@tandem.example', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '').replace(/"X-CSRF-Token": "[^"]*"/, '');
    expect(strip(wrong.text)).toEqual(strip(unknown.text).replace('nobody@tandem.example', 'ot.signin@tandem.example'));
    expect(wrong.text).toContain('That email and password do not match an account');
  });

  it('keeps the email typed and shows errors next to the fields', async () => {
    const { agent, csrf } = await signInPage();
    const res = await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: 'someone@tandem.example', password: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="someone@tandem.example"');
    expect(res.text).toMatch(/id="field-password-error" class="field-error">Enter your password/);
    expect(res.text).toContain('aria-describedby="field-password-error"');
  });

  it('throttles repeated failures for an account at one address, then refuses even the right password', async () => {
    const victim = await user(t.db, 'teacher', { email: 'throttled@tandem.example' });
    for (let i = 0; i < 3; i++) {
      const { agent, csrf } = await signInPage();
      const res = await agent
        .post('/sign-in')
        .type('form')
        .send({ _csrf: csrf, email: victim.email, password: `guess ${i}` });
      expect(res.status).toBe(401);
    }
    const { agent, csrf } = await signInPage();
    const res = await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: victim.email, password: PASSWORD });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).toContain('Too many tries');
    expect(await t.db.auditEvent.count({ where: { action: 'sign_in.throttled', actorEmail: victim.email } })).toBe(1);
  });

  it('refuses a disabled account with the same answer as a wrong password', async () => {
    await user(t.db, 'teacher', { email: 'gone@tandem.example', disabled: true });
    const { agent, csrf } = await signInPage();
    const res = await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: 'gone@tandem.example', password: PASSWORD });
    expect(res.status).toBe(401);
    expect(res.text).toContain('That email and password do not match an account');
  });

  it.each([
    ['//evil.example/steal', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/students?q=ava', '/students?q=ava'],
  ])('after sign-in, next=%s goes to %s', async (next, expected) => {
    const { agent, csrf } = await signInPage();
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrf, email: 'ot.signin@tandem.example', password: PASSWORD, next });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(expected);
  });

  it('sends a signed-out visitor to sign-in, remembering where they were going', async () => {
    const res = await request(t.app).get('/students?q=mia');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Fstudents%3Fq%3Dmia');
    const htmx = await request(t.app).get('/students').set('HX-Request', 'true');
    expect(htmx.status).toBe(401);
    expect(htmx.headers['hx-redirect']).toMatch(/^\/sign-in/);
  });
});

describe('CSRF', () => {
  it('refuses a sign-in without a token, or with a wrong one', async () => {
    await user(t.db, 'therapist', { email: 'csrf@tandem.example' });
    const agent = request.agent(t.app);
    await agent.get('/sign-in');
    const missing = await agent.post('/sign-in').type('form').send({ email: 'csrf@tandem.example', password: PASSWORD });
    expect(missing.status).toBe(403);
    const wrong = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: 'f'.repeat(64), email: 'csrf@tandem.example', password: PASSWORD });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('This form has expired');
  });

  it('refuses a signed-in change without the token, and accepts the htmx header', async () => {
    const admin = await user(t.db, 'admin', { email: 'csrf-admin@tandem.example' });
    const { agent, csrf } = await signedIn(t.app, admin.email);
    const without = await agent.post('/admin/schools').type('form').send({ name: 'No Token School' });
    expect(without.status).toBe(403);
    const wrongHeader = await agent.post('/admin/schools').set('X-CSRF-Token', 'nope').type('form').send({ name: 'Bad Token School' });
    expect(wrongHeader.status).toBe(403);
    const header = await agent.post('/admin/schools').set('X-CSRF-Token', csrf).type('form').send({ name: 'Header Token School' });
    expect(header.status).toBe(303);
    expect(await t.db.school.count({ where: { name: { in: ['No Token School', 'Bad Token School'] } } })).toBe(0);
    expect(await t.db.school.count({ where: { name: 'Header Token School' } })).toBe(1);
  });
});

describe('sign-out and session lifetime', () => {
  it('signs out by POST only, and the old cookie no longer works', async () => {
    await user(t.db, 'teacher', { email: 'leaving@tandem.example' });
    const { agent, csrf } = await signedIn(t.app, 'leaving@tandem.example');
    expect((await agent.get('/sign-out')).status).toBe(404);
    const out = await agent.post('/sign-out').type('form').send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/sign-in?signed_out=1');
    expect((await agent.get('/students')).status).toBe(303);
  });

  it('ends a session idle past its deadline', async () => {
    const u = await user(t.db, 'teacher', { email: 'idle@tandem.example' });
    const { agent } = await signedIn(t.app, u.email);
    await t.db.signInSession.updateMany({ where: { userId: u.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await agent.get('/students')).status).toBe(303);
  });

  it('ends a session past its absolute lifetime, however active', async () => {
    const u = await user(t.db, 'teacher', { email: 'long@tandem.example' });
    const { agent } = await signedIn(t.app, u.email);
    const row = await t.db.signInSession.findFirstOrThrow({ where: { userId: u.id } });
    const data = JSON.parse(row.data) as { signedInAt: number };
    data.signedInAt = Date.now() - t.config.sessionMaxMs - 1000;
    await t.db.signInSession.update({ where: { sid: row.sid }, data: { data: JSON.stringify(data) } });
    const res = await agent.get('/students');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?expired=1');
  });

  it('signs a user out on their next request once an admin disables them', async () => {
    const teacher = await user(t.db, 'teacher', { email: 'to-disable@tandem.example' });
    const admin = await user(t.db, 'admin', { email: 'disabler@tandem.example' });
    const teacherSession = await signedIn(t.app, teacher.email);
    expect((await teacherSession.agent.get('/students')).status).toBe(200);
    const adminSession = await signedIn(t.app, admin.email);
    const res = await adminSession.agent.post(`/admin/users/${teacher.id}/disable`).type('form').send({ _csrf: adminSession.csrf });
    expect(res.status).toBe(303);
    expect(await t.db.signInSession.count({ where: { userId: teacher.id } })).toBe(0);
    expect((await teacherSession.agent.get('/students')).status).toBe(303);
  });

  it('sets HttpOnly and SameSite=Lax on the session cookie', async () => {
    // The session (and its cookie) begins at sign-in, not on the sign-in page.
    const { agent, csrf } = await signInPage();
    const res = await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: 'ot.signin@tandem.example', password: PASSWORD });
    const cookie = ((res.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('tandem.sid=')) ?? '';
    expect(cookie).toMatch(/^tandem\.sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });
});

describe('over HTTPS', async () => {
  const secure = await testApp({ env: { PUBLIC_URL: 'https://tandem.district.example', TRUST_PROXY: '1' } });
  it('uses a Secure __Host- cookie and sends HSTS', async () => {
    const page = await request(secure.app).get('/sign-in').set('X-Forwarded-Proto', 'https');
    // The anonymous CSRF cookie: __Host-, Secure, HttpOnly, SameSite=Strict.
    const csrfCookie = ((page.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('__Host-tandem.csrf=')) ?? '';
    expect(csrfCookie).toMatch(/; Secure/);
    expect(csrfCookie).toMatch(/; HttpOnly/);
    expect(csrfCookie).toMatch(/; SameSite=Strict/);
    expect(csrfCookie).not.toMatch(/Domain=/);
    await user(secure.db, 'teacher', { email: 'https@tandem.example' });
    // Sent by hand: supertest's agent keeps Secure cookies to itself over plain HTTP.
    const res = await request(secure.app)
      .post('/sign-in')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', csrfCookie.split(';')[0] ?? '')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'https@tandem.example', password: PASSWORD });
    expect(res.status).toBe(303);
    const cookie = ((res.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('__Host-tandem.sid=')) ?? '';
    expect(cookie).toMatch(/^__Host-tandem\.sid=/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
    expect(page.headers['strict-transport-security']).toMatch(/max-age=31536000/);
  });
});
