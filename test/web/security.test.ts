import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { signedIn, testApp, user } from '../helpers/app.js';

const t = await testApp();

describe('every response', () => {
  it('carries a strict CSP and the other security headers', async () => {
    const res = await request(t.app).get('/sign-in');
    const csp = res.headers['content-security-policy'];
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('pages have no inline script or style, and htmx keeps nothing in local storage', async () => {
    const u = await user(t.db, 'admin');
    const { agent } = await signedIn(t.app, u.email);
    for (const path of ['/sign-in', '/students', '/admin/users', '/admin/schools', '/admin/audit']) {
      const html = (await agent.get(path)).text;
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=/);
      expect(html).not.toMatch(/\shx-on/);
      if (path !== '/sign-in') expect(html).toContain('hx-history="false"');
    }
  });

  it('serves htmx and the stylesheet from our own origin', async () => {
    const htmx = await request(t.app).get('/assets/vendor/htmx/htmx.min.js');
    expect(htmx.status).toBe(200);
    expect(htmx.text).toContain('htmx');
    expect((await request(t.app).get('/assets/vendor/pico/pico.min.css')).status).toBe(200);
    expect((await request(t.app).get('/assets/css/app.css')).status).toBe(200);
  });
});

describe('errors', () => {
  it('a missing page is a friendly 404 with a request id and no internals', async () => {
    const u = await user(t.db, 'teacher');
    const { agent } = await signedIn(t.app, u.email);
    const res = await agent.get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).toContain(res.headers['x-request-id']);
    expect(res.text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  });

  it('an over-large form is refused with 413, and nothing is written', async () => {
    const u = await user(t.db, 'admin');
    const { agent, csrf } = await signedIn(t.app, u.email);
    const res = await agent
      .post('/admin/schools')
      .type('form')
      .send({ _csrf: csrf, name: 'z'.repeat(1_100_000) }); // past the 1 MiB a form may be (web/body.ts)
    expect(res.status).toBe(413);
    expect(res.text).toContain('Too much to send');
    expect(await t.db.school.count({ where: { name: { startsWith: 'zzzz' } } })).toBe(0);
  });

  it('an unexpected failure is a 500 page without a stack trace', async () => {
    const u = await user(t.db, 'therapist');
    const { agent } = await signedIn(t.app, u.email);
    // Break the database under the app: a realistic internal failure.
    const broken = await import('../helpers/app.js').then((m) => m.testApp());
    const other = await user(broken.db, 'therapist');
    const session = await signedIn(broken.app, other.email);
    await broken.db.$executeRawUnsafe('DROP TABLE "StudentTherapist"');
    const res = await session.agent.get('/students');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Something went wrong');
    expect(res.text).not.toMatch(/SQLITE|StudentTherapist|no such table|\.ts:\d+/);
    expect((await agent.get('/students')).status).toBe(200);
  });
});

describe('/healthz', () => {
  it('answers ok while the database answers', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
