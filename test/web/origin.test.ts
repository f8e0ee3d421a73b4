// State-changing requests that say they come from another site are refused, beside the CSRF token.
import express from 'express';
import type { ErrorRequestHandler } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { sameOriginOnly } from '../../src/web/origin.js';
import { PASSWORD, csrfFrom, signedIn, testApp, user } from '../helpers/app.js';

const t = await testApp();
const EMAIL = 'ot.origin@tandem.example';

beforeAll(async () => {
  await user(t.db, 'therapist', { email: EMAIL });
});

/** A sign-in POST with a valid anonymous token and the given extra headers. */
async function signInWith(headers: Record<string, string>) {
  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  return agent
    .post('/sign-in')
    .set(headers)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email: EMAIL, password: PASSWORD });
}

describe('a state-changing request from another site', () => {
  it.each([
    ['Origin of another site', { Origin: 'https://evil.example' }],
    ['Origin of a look-alike host', { Origin: 'http://localhost.evil.example:3000' }],
    ['Origin of our host on another port', { Origin: 'http://localhost:3001' }],
    ['Origin of our host over another scheme', { Origin: 'https://localhost:3000' }],
    ['an opaque Origin (null)', { Origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['Sec-Fetch-Site: same-origin but a foreign Origin', { 'Sec-Fetch-Site': 'same-origin', Origin: 'https://evil.example' }],
  ])('is refused with 403 when it has %s, even with a valid token', async (_label, headers) => {
    const res = await signInWith(headers);
    expect(res.status).toBe(403);
    expect(res.text).toContain('This request came from another website');
    expect(res.headers.location).toBeUndefined();
  });

  it('is refused for a signed-in user too, and nothing is written', async () => {
    const admin = await user(t.db, 'admin', { email: 'origin-admin@tandem.example' });
    const { agent, csrf } = await signedIn(t.app, admin.email);
    const res = await agent
      .post('/admin/schools')
      .set('Origin', 'https://evil.example')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ _csrf: csrf, name: 'Cross Site School' });
    expect(res.status).toBe(403);
    expect(await t.db.school.count({ where: { name: 'Cross Site School' } })).toBe(0);
  });
});

describe('a request from our own pages', () => {
  it.each([
    ['no Origin and no Sec-Fetch-Site (curl, tests, old browsers)', {}],
    ['Sec-Fetch-Site: same-origin', { 'Sec-Fetch-Site': 'same-origin' }],
    ['Sec-Fetch-Site: none (typed or bookmarked)', { 'Sec-Fetch-Site': 'none' }],
    ['our PUBLIC_URL as Origin', { Origin: 'http://localhost:3000', 'Sec-Fetch-Site': 'same-origin' }],
  ])('passes with %s', async (_label, headers) => {
    const res = await signInWith(headers);
    expect(res.status).toBe(303);
  });

  it('passes with the address the request was sent to as Origin, outside production', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const res = await agent
      .post('/sign-in')
      .set('Host', '127.0.0.1:45678')
      .set('Origin', 'http://127.0.0.1:45678')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: EMAIL, password: PASSWORD });
    expect(res.status).toBe(303);
  });

  it('a cross-site link (GET) still opens the page', async () => {
    const res = await request(t.app).get('/sign-in').set('Sec-Fetch-Site', 'cross-site').set('Origin', 'https://evil.example');
    expect(res.status).toBe(200);
  });
});

describe('in production', () => {
  const app = express();
  app.use(sameOriginOnly({ env: 'production', publicUrl: 'https://tandem.district.example' }));
  app.post('/x', (_req, res) => {
    res.send('done');
  });
  const plain: ErrorRequestHandler = (err: { status: number; message: string }, _req, res, _next) => {
    res.status(err.status).type('text').send(err.message);
  };
  app.use(plain);

  it('only PUBLIC_URL is our origin, whatever Host the request names', async () => {
    expect((await request(app).post('/x').set('Origin', 'https://tandem.district.example')).status).toBe(200);
    const res = await request(app).post('/x').set('Host', '10.0.0.5:3000').set('Origin', 'http://10.0.0.5:3000');
    expect(res.status).toBe(403);
    expect((await request(app).post('/x')).status).toBe(200);
  });
});
