// Where sign-in sends the browser: only ever a path on our own origin (no open redirect).
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, csrfFrom, signedIn, testApp, user } from '../../helpers/app.js';
import { TRICKY_NEXT } from '../../helpers/tricky-paths.js';

const t = await testApp();
const EMAIL = 'ot.redirects@tandem.example';

beforeAll(async () => {
  await user(t.db, 'therapist', { email: EMAIL });
});

async function signInWith(next: unknown) {
  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  return agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email: EMAIL, password: PASSWORD, next });
}

describe('after sign-in', () => {
  it.each(TRICKY_NEXT)('next as %s goes home', async (_label, next) => {
    const res = await signInWith(next);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('a next sent twice (an array) is refused, never followed', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const body = `_csrf=${csrfFrom(page.text)}&email=${encodeURIComponent(EMAIL)}&password=${encodeURIComponent(PASSWORD)}&next=%2Fstudents&next=%2Fadmin`;
    const res = await agent.post('/sign-in').type('form').send(body);
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
  });

  it.each([
    ['/students?q=ava', '/students?q=ava'],
    ['/students/./goals', '/students/goals'],
    ['/students#notes', '/students'],
  ])('next=%s, a path of ours, goes to %s', async (next, expected) => {
    const res = await signInWith(next);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(expected);
  });

  it('the sign-in page carries only a cleaned next in its form', async () => {
    const page = await request(t.app).get('/sign-in').query({ next: '/.//evil.example' });
    expect(page.text).toContain('name="next" value="/"');
    expect(page.text).not.toContain('evil.example');
  });

  it('a signed-in visitor to the sign-in page is not sent off-site either', async () => {
    const { agent } = await signedIn(t.app, EMAIL);
    const res = await agent.get('/sign-in').query({ next: '/.//evil.example' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
  });
});

describe('on the way to sign-in', () => {
  it('remembers a plain local path, for a page and for htmx', async () => {
    const page = await request(t.app).get('/students?q=mia');
    expect(page.headers.location).toBe('/sign-in?next=%2Fstudents%3Fq%3Dmia');
    const htmx = await request(t.app).get('/students?q=mia').set('HX-Request', 'true');
    expect(htmx.status).toBe(401);
    expect(htmx.headers['hx-redirect']).toBe('/sign-in?next=%2Fstudents%3Fq%3Dmia');
  });

  it.each(['//evil.example', '/%2F%2Fevil.example', '/%5Cevil.example'])(
    'does not carry %s along, in the Location or in HX-Redirect',
    async (path) => {
      const page = await request(t.app).get(path);
      expect(page.status).toBe(303);
      expect(page.headers.location).toBe('/sign-in');
      const htmx = await request(t.app).get(path).set('HX-Request', 'true');
      expect(htmx.status).toBe(401);
      expect(htmx.headers['hx-redirect']).toBe('/sign-in');
    },
  );
});
