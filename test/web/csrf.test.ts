// Anonymous traffic stores nothing, and the sign-in form is still protected by a CSRF token:
// a signed double-submit cookie for anonymous visitors, the session's own token after sign-in.
import { createHmac, randomBytes } from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, csrfFrom, signedIn, testApp, user } from '../helpers/app.js';

const t = await testApp({ throttleLimits: { perAccountAndAddress: 1000, perAddress: 1000, perAccount: 1000 } });
const EMAIL = 'ot.csrf@tandem.example';

function cookies(res: request.Response): string[] {
  return (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
}

function cookieNamed(res: request.Response, name: string): string | undefined {
  return cookies(res).find((c) => c.startsWith(`${name}=`));
}

async function anonymousPage() {
  const page = await request(t.app).get('/sign-in');
  const cookie = cookieNamed(page, 'tandem.csrf')?.split(';')[0] ?? '';
  return { cookie, token: csrfFrom(page.text) };
}

beforeAll(async () => {
  await user(t.db, 'therapist', { email: EMAIL });
});

describe('anonymous traffic', () => {
  it('stores no session over 200 requests that do not sign in', async () => {
    const before = await t.db.signInSession.count();
    const agent = request.agent(t.app);
    const form = csrfFrom((await agent.get('/sign-in')).text);
    for (let i = 0; i < 40; i++) {
      expect((await request(t.app).get('/sign-in')).status).toBe(200);
      expect((await request(t.app).get(`/no/such/page/${i}`)).status).toBe(303); // to sign-in first
      expect((await request(t.app).get('/healthz')).status).toBe(200);
      expect((await request(t.app).get('/students')).status).toBe(303);
      const failed = await agent
        .post('/sign-in')
        .type('form')
        .send({ _csrf: form, email: `nobody-${i}@tandem.example`, password: 'not the password' });
      expect([401, 429]).toContain(failed.status);
      expect(cookieNamed(failed, 'tandem.sid')).toBeUndefined();
    }
    expect(await t.db.signInSession.count()).toBe(before);
  });

  it('a failed sign-in with a real account stores no session either', async () => {
    const before = await t.db.signInSession.count();
    const { cookie, token } = await anonymousPage();
    const res = await request(t.app)
      .post('/sign-in')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, email: EMAIL, password: 'not the password' });
    expect(res.status).toBe(401);
    expect(cookieNamed(res, 'tandem.sid')).toBeUndefined();
    // The form shown again still carries a working token.
    expect(csrfFrom(res.text)).toBe(token);
    expect(await t.db.signInSession.count()).toBe(before);
  });

  it('the sign-in page sets only a short-lived, HttpOnly, SameSite=Strict CSRF cookie', async () => {
    const page = await request(t.app).get('/sign-in');
    expect(cookies(page)).toHaveLength(1);
    const cookie = cookieNamed(page, 'tandem.csrf') ?? '';
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(t.config.sessionIdleMs / 1000);
    // The form and the body's htmx header carry the same token as the cookie.
    expect(cookie.split(';')[0]).toBe(`tandem.csrf=${csrfFrom(page.text)}`);
  });

  it('other anonymous pages set no cookie at all', async () => {
    // A redirect under /sign-in renders no form, so it needs no token (and gets no cookie) either.
    for (const path of ['/no/such/page', '/students', '/healthz', '/assets/css/app.css', '/sign-in/no-such-step']) {
      expect(cookies(await request(t.app).get(path)), path).toEqual([]);
    }
  });
});

describe('the anonymous CSRF token', () => {
  it('signs in with the token from the page and its cookie', async () => {
    const { cookie, token } = await anonymousPage();
    const res = await request(t.app)
      .post('/sign-in')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, email: EMAIL, password: PASSWORD });
    expect(res.status).toBe(303);
    expect(cookieNamed(res, 'tandem.sid')).toBeDefined();
  });

  it('refuses a sign-in with no cookie, no token, or a token that is not the cookie', async () => {
    const a = await anonymousPage();
    const b = await anonymousPage();
    const attempts = [
      request(t.app).post('/sign-in').type('form').send({ _csrf: a.token, email: EMAIL, password: PASSWORD }),
      request(t.app).post('/sign-in').set('Cookie', a.cookie).type('form').send({ email: EMAIL, password: PASSWORD }),
      request(t.app).post('/sign-in').set('Cookie', a.cookie).type('form').send({ _csrf: b.token, email: EMAIL, password: PASSWORD }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.text).toContain('This form has expired');
      expect(cookieNamed(res, 'tandem.sid')).toBeUndefined();
    }
  });

  it('refuses a pair made up by an attacker (the cookie is an HMAC of our secret)', async () => {
    const random = randomBytes(32).toString('hex');
    const forged = [
      `${'0'.repeat(64)}.${random}`,
      // The right construction with the wrong key.
      `${createHmac('sha256', 'not-our-secret').update(`0!!${random.length}!${random}`).digest('hex')}.${random}`,
      // Our session secret itself is not the key either.
      `${createHmac('sha256', t.config.sessionSecret).update(`0!!${random.length}!${random}`).digest('hex')}.${random}`,
    ];
    for (const token of forged) {
      const res = await request(t.app)
        .post('/sign-in')
        .set('Cookie', `tandem.csrf=${token}`)
        .type('form')
        .send({ _csrf: token, email: EMAIL, password: PASSWORD });
      expect(res.status).toBe(403);
    }
  });

  it('is not accepted once signed in: a session uses its own token', async () => {
    const admin = await user(t.db, 'admin', { email: 'csrf-admin@tandem.example' });
    const { agent, csrf } = await signedIn(t.app, admin.email);
    const anonymous = await anonymousPage();
    const res = await agent
      .post('/admin/schools')
      .set('Cookie', anonymous.cookie)
      .type('form')
      .send({ _csrf: anonymous.token, name: 'Anonymous Token School' });
    expect(res.status).toBe(403);
    expect((await agent.post('/admin/schools').type('form').send({ _csrf: csrf, name: 'Session Token School' })).status).toBe(303);
    expect(await t.db.school.count({ where: { name: 'Anonymous Token School' } })).toBe(0);
  });

  it('is cleared once the visitor is signed in', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: EMAIL, password: PASSWORD })
      .expect(303);
    const home = await agent.get('/');
    expect(cookieNamed(home, 'tandem.csrf')).toMatch(/Expires=Thu, 01 Jan 1970/);
  });
});
