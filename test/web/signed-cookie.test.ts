import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { signedCookie } from '../../src/web/signed-cookie.js';

const SECRET = 'test-secret-test-secret-test-secret-0123';

/** An app that sets the value on /set and answers what it reads on /read. */
function appWith(options: { https?: boolean; maxAgeMs?: number; purpose?: string; secret?: string } = {}) {
  const cookie = signedCookie<{ n: number }>({
    name: 'tandem.test',
    secret: options.secret ?? SECRET,
    purpose: options.purpose ?? 'a test',
    maxAgeMs: options.maxAgeMs ?? 60_000,
    https: options.https ?? false,
  });
  const app = express();
  app.get('/set', (_req, res) => {
    cookie.set(res, { n: 42 });
    res.end();
  });
  app.get('/read', (req, res) => {
    res.json(cookie.read(req));
  });
  return app;
}

async function issued(app: express.Express): Promise<string> {
  const res = await request(app).get('/set');
  return (res.headers['set-cookie'] as unknown as string[])[0] ?? '';
}

const pair = (setCookie: string) => setCookie.split(';')[0] ?? '';

describe('a signed cookie', () => {
  it('comes back as it was set: HttpOnly, SameSite=Lax, for the whole site', async () => {
    const app = appWith();
    const set = await issued(app);
    expect(set).toMatch(/^tandem\.test=[\w-]+\.[\w-]+; Max-Age=60; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    expect((await request(app).get('/read').set('Cookie', pair(set))).body).toEqual({ n: 42 });
  });

  it('is Secure with the __Host- prefix over HTTPS', async () => {
    const set = await issued(appWith({ https: true }));
    expect(set).toMatch(/^__Host-tandem\.test=/);
    expect(set).toMatch(/; Secure/);
  });

  it('is worthless when altered, expired, signed with another secret or for another purpose', async () => {
    const app = appWith();
    const [name, value = ''] = pair(await issued(app)).split('=');
    const [payload = '', mac = ''] = value.split('.');
    const forged = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('42', '43')).toString('base64url');
    const read = async (v: string) => (await request(app).get('/read').set('Cookie', `${name}=${v}`)).body as unknown;
    expect(await read(`${forged}.${mac}`)).toBeNull();
    expect(await read(`${payload}.${mac}x`)).toBeNull();
    expect(await read(payload)).toBeNull();
    expect(await read(`${payload}.${mac}.${mac}`)).toBeNull();

    const expired = pair(await issued(appWith({ maxAgeMs: -1 })));
    expect((await request(app).get('/read').set('Cookie', expired)).body).toBeNull();
    const otherSecret = pair(await issued(appWith({ secret: 'another-secret-another-secret-0123456' })));
    expect((await request(app).get('/read').set('Cookie', otherSecret)).body).toBeNull();
    const otherPurpose = pair(await issued(appWith({ purpose: 'something else' })));
    expect((await request(app).get('/read').set('Cookie', otherPurpose)).body).toBeNull();
  });
});
