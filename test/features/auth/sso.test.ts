// Single sign-on against a real OpenID provider (oidc-provider) on loopback: the whole
// authorization code flow over HTTP, Tandem through supertest and the provider through fetch.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { PASSWORD, csrfFrom, makeSchool, makeStudent, testApp, user } from '../../helpers/app.js';
import type { TestApp } from '../../helpers/app.js';
import { freshDb } from '../../helpers/db.js';
import { startOidcProvider } from '../../helpers/oidc-provider.js';
import type { TestAccount } from '../../helpers/oidc-provider.js';

const PUBLIC_URL = 'http://tandem.test';
const CLIENT = { id: 'tandem', secret: 'tandem-test-client-secret', redirectUri: `${PUBLIC_URL}/sign-in/sso/callback` };

const provider = await startOidcProvider();
afterAll(() => provider.stop());
provider.register(CLIENT);

function ssoEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PUBLIC_URL,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: CLIENT.id,
    OIDC_CLIENT_SECRET: CLIENT.secret,
    OIDC_EMAIL_DOMAINS: 'district.example, k12.district.example',
    ...extra,
  };
}

const t = await testApp({ env: ssoEnv() });

let logins = 0;
/** An account at the provider with these claims; its login. */
function account(claims: TestAccount, on = provider): string {
  const login = `login-${++logins}`;
  on.accounts.set(login, claims);
  return login;
}

/** Starts at Tandem, signs in at the provider, and comes back: each step's answer. */
async function signInWithSso(app: TestApp['app'], login: string, options: { next?: string; cancel?: boolean; via?: typeof provider } = {}) {
  const agent = request.agent(app);
  const start = await agent.get(options.next ? `/sign-in/sso?next=${encodeURIComponent(options.next)}` : '/sign-in/sso');
  expect(start.status).toBe(303);
  const back = await (options.via ?? provider).signIn(start.headers.location as string, login, { cancel: options.cancel });
  expect(back.origin).toBe(PUBLIC_URL);
  const done = await agent.get(back.pathname + back.search);
  return { agent, start, back, done };
}

async function expectSignedOut(agent: ReturnType<typeof request.agent>) {
  const home = await agent.get('/students');
  expect(home.status).toBe(303);
  expect(home.headers.location).toMatch(/^\/sign-in/);
}

function lastFailure() {
  return t.db.auditEvent.findFirstOrThrow({ where: { action: 'sign_in.failure' }, orderBy: { id: 'desc' } });
}

describe('the sign-in page with single sign-on', () => {
  it('offers the district account beside the password form, carrying next along', async () => {
    const page = await request(t.app).get('/sign-in?next=%2Fstudents');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sign in with your district account');
    expect(page.text).toContain('href="/sign-in/sso?next=%2Fstudents"');
    expect(page.text).toContain('name="password"');
  });

  it('shows no district account button when single sign-on is not set up, and has no such route', async () => {
    const plain = await testApp();
    const page = await request(plain.app).get('/sign-in');
    expect(page.text).not.toContain('district account');
    expect(page.text).toContain('name="password"');
    expect((await request(plain.app).get('/sign-in/sso')).status).toBe(404);
  });
});

describe('starting a single sign-on', () => {
  it('sends the browser to the provider with PKCE (S256), state and nonce, kept in a signed cookie and not in a session', async () => {
    const sessionsBefore = await t.db.signInSession.count();
    const res = await request(t.app).get('/sign-in/sso');
    expect(res.status).toBe(303);
    const url = new URL(res.headers.location as string);
    expect(url.origin).toBe(provider.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: CLIENT.id,
      response_type: 'code',
      redirect_uri: CLIENT.redirectUri,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    for (const p of ['code_challenge', 'state', 'nonce']) expect(url.searchParams.get(p)?.length).toBeGreaterThanOrEqual(32);

    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies.filter((c) => c.startsWith('tandem.sid='))).toEqual([]);
    const cookie = cookies.find((c) => c.startsWith('tandem.sso='));
    expect(cookie).toMatch(/^tandem\.sso=[\w-]+\.[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=600/);
    // Neither the verifier nor anything else of the start is in the database.
    expect(await t.db.signInSession.count()).toBe(sessionsBefore);
    const value = decodeURIComponent(/^tandem\.sso=([^;]+)/.exec(cookie ?? '')?.[1] ?? '');
    const payload = JSON.parse(Buffer.from(value.split('.')[0] ?? '', 'base64url').toString('utf8')) as { v: Record<string, string> };
    expect(payload.v.state).toBe(url.searchParams.get('state'));
    expect(payload.v.nonce).toBe(url.searchParams.get('nonce'));
    expect(payload.v.verifier).toBeTruthy();
    expect(value).not.toContain(url.searchParams.get('code_challenge'));
  });

  it('discovers the provider once per process', async () => {
    const discoveries = () => provider.requests.filter((r) => r === 'GET /.well-known/openid-configuration').length;
    await request(t.app).get('/sign-in/sso');
    const before = discoveries();
    await request(t.app).get('/sign-in/sso');
    await request(t.app).get('/sign-in/sso');
    expect(discoveries()).toBe(before);
  });
});

describe('signing in with the district account', () => {
  let therapist: Awaited<ReturnType<typeof user>>;
  beforeAll(async () => {
    therapist = await user(t.db, 'therapist', { email: 'known.ot@district.example', name: 'Known OT' });
  });

  it('signs in a known user by their verified email (in any case), audits it, and goes to next', async () => {
    const login = account({ email: 'Known.OT@District.example', email_verified: true, name: 'Someone Else' });
    const { agent, done } = await signInWithSso(t.app, login, { next: '/students?q=a' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/students?q=a');
    // The start cookie is spent.
    expect(String(done.headers['set-cookie'])).toMatch(/tandem\.sso=;/);
    const page = await agent.get('/students');
    expect(page.status).toBe(200);
    expect(page.text).toContain('My caseload');

    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'sign_in.success', actorId: therapist.id } });
    expect(JSON.parse(audit.detail ?? '{}')).toEqual({ method: 'sso' });
    expect(audit.ip).toBeTruthy();
    const after = await t.db.user.findUniqueOrThrow({ where: { id: therapist.id } });
    expect(after.lastSignInAt).not.toBeNull();
    expect(after.name).toBe('Known OT');
  });

  it('never follows a next that leaves Tandem', async () => {
    const login = account({ email: 'known.ot@district.example', email_verified: true });
    const { done } = await signInWithSso(t.app, login, { next: '//evil.example/x' });
    expect(done.headers.location).toBe('/');
  });

  it('does not ask someone with a temporary password for a new one: they signed in without it', async () => {
    const teacher = await user(t.db, 'teacher', { email: 'new.teacher@district.example', mustChangePassword: true });
    const { agent, done } = await signInWithSso(t.app, account({ email: teacher.email, email_verified: true }));
    expect(done.headers.location).toBe('/');
    const home = await agent.get('/students');
    expect(home.status).toBe(200);
    expect(home.text).toContain('My students');
  });

  it('refuses an unverified email, audited, and says so in plain words', async () => {
    const { agent, done } = await signInWithSso(t.app, account({ email: 'known.ot@district.example', email_verified: false }));
    expect(done.headers.location).toBe('/sign-in?sso=unverified');
    await expectSignedOut(agent);
    const failure = await lastFailure();
    expect(JSON.parse(failure.detail ?? '{}')).toEqual({ method: 'sso', reason: 'email_unverified' });
    expect(failure.actorEmail).toBe('known.ot@district.example');
    const page = await agent.get(done.headers.location as string);
    expect(page.text).toContain('no verified email address');
  });

  it('refuses an account with no email_verified claim at all', async () => {
    const { done } = await signInWithSso(t.app, account({ email: 'known.ot@district.example' }));
    expect(done.headers.location).toBe('/sign-in?sso=unverified');
  });

  it("takes Microsoft Entra ID's xms_edov when email_verified is absent, never over an explicit false", async () => {
    const entra = await signInWithSso(t.app, account({ email: 'known.ot@district.example', xms_edov: true }));
    expect(entra.done.headers.location).toBe('/');
    const refused = await signInWithSso(t.app, account({ email: 'known.ot@district.example', email_verified: false, xms_edov: true }));
    expect(refused.done.headers.location).toBe('/sign-in?sso=unverified');
  });

  it('refuses an unknown user without making an account', async () => {
    const users = await t.db.user.count();
    const { agent, done } = await signInWithSso(t.app, account({ email: 'stranger@district.example', email_verified: true }));
    expect(done.headers.location).toBe('/sign-in?sso=no_account');
    await expectSignedOut(agent);
    expect(await t.db.user.count()).toBe(users);
    expect(JSON.parse((await lastFailure()).detail ?? '{}')).toEqual({ method: 'sso', reason: 'unknown_account' });
    const page = await agent.get(done.headers.location as string);
    expect(page.text).toContain('There is no active Tandem account for your district email address');
  });

  it('refuses a disabled user', async () => {
    const disabled = await user(t.db, 'teacher', { email: 'gone@district.example', disabled: true });
    const { agent, done } = await signInWithSso(t.app, account({ email: 'gone@district.example', email_verified: true }));
    expect(done.headers.location).toBe('/sign-in?sso=no_account');
    await expectSignedOut(agent);
    const failure = await lastFailure();
    expect(failure.actorId).toBe(disabled.id);
    expect(JSON.parse(failure.detail ?? '{}')).toEqual({ method: 'sso', reason: 'disabled' });
  });

  it('refuses an email outside OIDC_EMAIL_DOMAINS, even of an existing account', async () => {
    await user(t.db, 'therapist', { email: 'ot@elsewhere.example' });
    for (const email of ['ot@elsewhere.example', 'ot@sub.district.example', 'ot@district.example.evil']) {
      const { agent, done } = await signInWithSso(t.app, account({ email, email_verified: true }));
      expect(done.headers.location).toBe('/sign-in?sso=domain');
      await expectSignedOut(agent);
      expect(JSON.parse((await lastFailure()).detail ?? '{}')).toEqual({ method: 'sso', reason: 'domain_not_served' });
    }
    // The second domain in the list is served.
    await user(t.db, 'teacher', { email: 'teacher@k12.district.example' });
    const served = await signInWithSso(t.app, account({ email: 'teacher@k12.district.example', email_verified: true }));
    expect(served.done.headers.location).toBe('/');
  });

  it('refuses a wrong state: a callback meant for another browser (login CSRF)', async () => {
    const victim = request.agent(t.app);
    expect((await victim.get('/sign-in/sso')).status).toBe(303);
    // The attacker completes their own sign-in and gets the victim's browser to open the callback.
    const attacker = request.agent(t.app);
    const start = await attacker.get('/sign-in/sso');
    const back = await provider.signIn(
      start.headers.location as string,
      account({ email: 'known.ot@district.example', email_verified: true }),
    );
    const done = await victim.get(back.pathname + back.search);
    expect(done.headers.location).toBe('/sign-in?sso=failed');
    await expectSignedOut(victim);
    expect(JSON.parse((await lastFailure()).detail ?? '{}')).toEqual({ method: 'sso', reason: 'sso_invalid' });
  });

  it('refuses a state changed on the way back', async () => {
    const agent = request.agent(t.app);
    const start = await agent.get('/sign-in/sso');
    const back = await provider.signIn(
      start.headers.location as string,
      account({ email: 'known.ot@district.example', email_verified: true }),
    );
    back.searchParams.set('state', 'not-the-state-we-sent');
    const done = await agent.get(back.pathname + back.search);
    expect(done.headers.location).toBe('/sign-in?sso=failed');
    await expectSignedOut(agent);
  });

  it('refuses a callback with no start (or an altered start cookie)', async () => {
    const none = await request(t.app).get('/sign-in/sso/callback?code=abc&state=def');
    expect(none.headers.location).toBe('/sign-in?sso=expired');
    expect(JSON.parse((await lastFailure()).detail ?? '{}')).toEqual({ method: 'sso', reason: 'sso_expired' });
    // A bare visit with no answer from a provider is sent on its way without an audit row.
    const rows = await t.db.auditEvent.count();
    expect((await request(t.app).get('/sign-in/sso/callback')).headers.location).toBe('/sign-in?sso=expired');
    expect(await t.db.auditEvent.count()).toBe(rows);

    const agent = request.agent(t.app);
    const start = await agent.get('/sign-in/sso');
    const back = await provider.signIn(
      start.headers.location as string,
      account({ email: 'known.ot@district.example', email_verified: true }),
    );
    const cookie = /^tandem\.sso=([^;]+)/.exec((start.headers['set-cookie'] as unknown as string[])[0] ?? '')?.[1] ?? '';
    const [payload = '', mac = ''] = cookie.split('.');
    const altered = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('"next":"/"', '"next":"/x"')).toString(
      'base64url',
    );
    const res = await request(t.app)
      .get(back.pathname + back.search)
      .set('Cookie', `tandem.sso=${altered}.${mac}`);
    expect(res.headers.location).toBe('/sign-in?sso=expired');
  });

  it('says so when the person cancels at the provider', async () => {
    const { agent, done } = await signInWithSso(t.app, account({ email: 'known.ot@district.example', email_verified: true }), {
      cancel: true,
    });
    expect(done.headers.location).toBe('/sign-in?sso=cancelled');
    await expectSignedOut(agent);
    expect(JSON.parse((await lastFailure()).detail ?? '{}')).toEqual({ method: 'sso', reason: 'sso_cancelled' });
    expect((await agent.get('/sign-in?sso=cancelled')).text).toContain('Sign-in with your district account was cancelled.');
  });

  it('shows only its own messages on the sign-in page', async () => {
    const page = await request(t.app).get('/sign-in?sso=%3Cscript%3E');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>');
    expect(page.text).not.toContain('flash-error');
  });
});

describe('an ID token for another client (wrong audience)', () => {
  it('is refused, and the log says why', async () => {
    // Tandem is "tandem-elsewhere" here; the provider mints its tokens for "tandem".
    provider.misdirect('tandem-elsewhere', CLIENT.id);
    const lines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const { url, db } = freshDb();
    afterAll(() => db.$disconnect());
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
      ...ssoEnv({ OIDC_CLIENT_ID: 'tandem-elsewhere' }),
    });
    const { app } = createApp({ config, db, logger });
    await user(db, 'therapist', { email: 'known.ot@district.example' });

    const { agent, done } = await signInWithSso(app, account({ email: 'known.ot@district.example', email_verified: true }));
    expect(done.headers.location).toBe('/sign-in?sso=failed');
    await expectSignedOut(agent);
    const failure = await db.auditEvent.findFirstOrThrow({ where: { action: 'sign_in.failure' } });
    expect(JSON.parse(failure.detail ?? '{}')).toEqual({ method: 'sso', reason: 'sso_invalid' });
    expect(lines.join('\n')).toMatch(/single sign-on refused/);
    expect(lines.join('\n')).toMatch(/unexpected JWT \\"aud\\" \(audience\) claim value/);
    expect(await db.auditEvent.count({ where: { action: 'sign_in.success' } })).toBe(0);
  });
});

describe('first sign-in as a teacher, when the district allows it', () => {
  it('makes a teacher with no students for a verified email in a served domain, and only then', async () => {
    const open = await testApp({ env: ssoEnv({ OIDC_NEW_USERS: 'teacher' }) });
    const school = await makeSchool(open.db);
    await makeStudent(open.db, { schoolId: school.id });

    const { agent, done } = await signInWithSso(
      open.app,
      account({ email: 'Fresh.Teacher@district.example', email_verified: true, name: 'Fresh\u0007 Teacher' }),
    );
    expect(done.headers.location).toBe('/');
    const made = await open.db.user.findUniqueOrThrow({ where: { email: 'fresh.teacher@district.example' }, include: { classes: true } });
    expect(made).toMatchObject({ role: 'teacher', name: 'Fresh Teacher', assistant: false, mustChangePassword: false, disabledAt: null });
    expect(made.classes).toEqual([]);
    const home = await agent.get('/students');
    expect(home.status).toBe(200);
    expect(home.text).not.toContain('/students/');
    const created = await open.db.auditEvent.findFirstOrThrow({ where: { action: 'user.created', targetId: String(made.id) } });
    expect(created.actorId).toBe(made.id);
    expect(await open.db.auditEvent.count({ where: { action: 'sign_in.success', actorId: made.id } })).toBe(1);
    // Their password is one nobody knows.
    const page = await request.agent(open.app).get('/sign-in');
    const byPassword = await request(open.app)
      .post('/sign-in')
      .type('form')
      .set('Cookie', (page.headers['set-cookie'] as unknown as string[] | undefined) ?? [])
      .send({ _csrf: csrfFrom(page.text), email: made.email, password: PASSWORD });
    expect(byPassword.status).toBe(401);

    // Signing in again finds the same account.
    await signInWithSso(open.app, account({ email: 'fresh.teacher@district.example', email_verified: true }));
    expect(await open.db.user.count({ where: { email: 'fresh.teacher@district.example' } })).toBe(1);

    const users = await open.db.user.count();
    const outside = await signInWithSso(open.app, account({ email: 'someone@elsewhere.example', email_verified: true }));
    expect(outside.done.headers.location).toBe('/sign-in?sso=domain');
    const unverified = await signInWithSso(open.app, account({ email: 'unverified@district.example', email_verified: false }));
    expect(unverified.done.headers.location).toBe('/sign-in?sso=unverified');
    expect(await open.db.user.count()).toBe(users);
  });
});

describe('PASSWORD_SIGN_IN=off', () => {
  it('hides the password form and refuses passwords, audited', async () => {
    const ssoOnly = await testApp({ env: ssoEnv({ PASSWORD_SIGN_IN: 'off' }) });
    const ot = await user(ssoOnly.db, 'therapist', { email: 'ot@district.example' });
    const agent = request.agent(ssoOnly.app);
    const page = await agent.get('/sign-in');
    expect(page.text).toContain('Sign in with your district account');
    expect(page.text).not.toContain('name="password"');

    // No form, so the token comes from the page's htmx header: a valid token, and still no password check.
    const token = /"X-CSRF-Token": "([^"]+)"/.exec(page.text)?.[1];
    expect(token).toBeTruthy();
    const res = await agent.post('/sign-in').type('form').send({ _csrf: token, email: ot.email, password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('signs in to Tandem with its district account only');
    expect(res.text).not.toContain('name="password"');
    await expectSignedOut(agent);
    const failure = await ssoOnly.db.auditEvent.findFirstOrThrow({ where: { action: 'sign_in.failure' } });
    expect(failure.actorEmail).toBe(ot.email);
    expect(JSON.parse(failure.detail ?? '{}')).toEqual({ reason: 'password_sign_in_off' });
    expect(await ssoOnly.db.auditEvent.count({ where: { action: 'sign_in.success' } })).toBe(0);

    // The district account still works.
    const { done } = await signInWithSso(ssoOnly.app, account({ email: ot.email, email_verified: true }));
    expect(done.headers.location).toBe('/');
  });
});

describe('a provider that sends the email only from UserInfo', () => {
  it('reads it there', async () => {
    const lean = await startOidcProvider({ emailInIdToken: false });
    afterAll(() => lean.stop());
    lean.register(CLIENT);
    const app = await testApp({ env: ssoEnv({ OIDC_ISSUER: lean.issuer }) });
    await user(app.db, 'teacher', { email: 'teacher@district.example' });
    const { done } = await signInWithSso(app.app, account({ email: 'teacher@district.example', email_verified: true }, lean), {
      via: lean,
    });
    expect(done.headers.location).toBe('/');
    expect(lean.requests).toContain('GET /me');
  });
});

describe('a provider that cannot be reached', () => {
  it('shows a friendly message and logs it', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    const { url, db } = freshDb();
    afterAll(() => db.$disconnect());
    // A port nothing listens on.
    const closed = await startOidcProvider();
    const issuer = closed.issuer;
    await closed.stop();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
      ...ssoEnv({ OIDC_ISSUER: issuer }),
    });
    const { app } = createApp({ config, db, logger });
    const res = await request(app).get('/sign-in/sso?next=%2Fstudents');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?sso=unavailable&next=%2Fstudents');
    const page = await request(app).get(res.headers.location as string);
    expect(page.status).toBe(200);
    expect(page.text).toContain('not available right now');
    expect(page.text).not.toMatch(/ECONNREFUSED|at .*\.js/);
    expect(lines.join('\n')).toContain('single sign-on provider unreachable');
  });
});
