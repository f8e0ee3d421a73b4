// A save the database was too busy to take keeps what was typed, without JavaScript: the 503 page
// carries the same form again, to send once the database is free. Never a password or a code.
import Database from 'better-sqlite3';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/web/error-handler.js';
import { formBody } from '../../src/web/body.js';
import { Busy, HttpError } from '../../src/web/errors.js';
import { createViews, render } from '../../src/web/render.js';
import { PASSWORD, signedIn, testApp, user } from '../helpers/app.js';

const t = await testApp();
const file = t.config.databaseUrl.replace(/^file:/, '');
let admin: Awaited<ReturnType<typeof signedIn>>;
let other: Database.Database;

beforeAll(async () => {
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
  other = new Database(file);
});
afterAll(() => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
});

/** While another program holds the write lock. */
async function locked<T>(action: () => Promise<T>): Promise<T> {
  other.exec('BEGIN IMMEDIATE');
  try {
    return await action();
  } finally {
    other.exec('ROLLBACK');
  }
}

const decode = (s: string) =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');

/** The replay form on a 503 page: its address and its hidden fields, in order. */
function replayForm(html: string) {
  const form = /<form method="post" action="([^"]*)" class="busy-replay"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) return null;
  const fields = [...form[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [decode(m[1]!), decode(m[2]!)]);
  return { action: decode(form[1]!), fields };
}

const BUSY = 'The database is busy for a moment: nothing was saved. Try again in a few seconds.';
const tricky = `O'Brien "Élan" <École> & Ünal — 北京 Школа`;

describe('a form saved while the database is locked', () => {
  it('answers 503 with the same form to send again, escaped, with the current token, and saves once sent after', async () => {
    const res = await locked(() =>
      admin.agent
        .post('/admin/schools')
        .type('form')
        .send({ _csrf: admin.csrf, name: tricky, tag: ['a "1"', 'b<2>'] }),
    );
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).toContain(BUSY);
    // Escaped once, exactly: no markup of the user's reaches the page.
    expect(res.text).toContain(
      '<input type="hidden" name="name" value="O&#39;Brien &quot;Élan&quot; &lt;École&gt; &amp; Ünal — 北京 Школа">',
    );
    expect(res.text).not.toContain('<École>');
    expect(res.text).toMatch(/<button type="submit" autofocus>Try again<\/button>/);
    // The button is the first thing to press in the main content.
    const main = res.text.slice(res.text.indexOf('<main'));
    expect(main.search(/<(a|button|input(?! type="hidden")|select|textarea)\b/)).toBe(main.indexOf('<button type="submit" autofocus>'));

    const replay = replayForm(res.text)!;
    expect(replay.action).toBe('/admin/schools');
    expect(replay.fields).toEqual([
      ['_csrf', admin.csrf],
      ['name', tricky],
      ['tag', 'a "1"'],
      ['tag', 'b<2>'],
    ]);
    expect(await t.db.school.count({ where: { name: tricky } })).toBe(0);

    // Lock released: the form as the page carries it saves.
    const params = new URLSearchParams(replay.fields as [string, string][]);
    const again = await admin.agent.post(replay.action).type('form').send(params.toString());
    expect(again.status).toBe(303);
    expect(await t.db.school.count({ where: { name: tricky } })).toBe(1);
  }, 15_000);

  it('keeps the address with its query, and carries the CSRF token once', async () => {
    const school = await t.db.school.findFirstOrThrow({ where: { name: tricky } });
    const res = await locked(() =>
      admin.agent.post(`/admin/schools/${school.id}?from=list`).type('form').send({ _csrf: admin.csrf, name: 'Renamed & <Better>' }),
    );
    expect(res.status).toBe(503);
    const replay = replayForm(res.text)!;
    expect(replay.action).toBe(`/admin/schools/${school.id}?from=list`);
    expect(res.text).toContain(`action="/admin/schools/${school.id}?from=list"`);
    expect(replay.fields.filter(([n]) => n === '_csrf')).toEqual([['_csrf', admin.csrf]]);
  }, 15_000);

  it('never writes a password back into the page: it says to go back instead', async () => {
    const res = await locked(() =>
      admin.agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: admin.csrf, current: PASSWORD, password: 'a brand new passphrase 42', confirm: 'a brand new passphrase 42' }),
    );
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).not.toContain(PASSWORD);
    expect(res.text).not.toContain('a brand new passphrase 42');
    expect(res.text).not.toContain('Try again</button>');
    expect(res.text).toContain('Go back and try again in a few seconds.');
  }, 15_000);
});

describe('the busy page for each kind of request', () => {
  // A bare app with the real error handler and views: every request finds the database busy.
  const bare = express();
  bare.locals.views = createViews(false);
  bare.use(formBody());
  bare.use((_req, res, next) => {
    res.locals.csrfToken = 'current-token';
    next();
  });
  bare.use((_req, _res, next) => next(new Busy('The database is busy for a moment: nothing was saved. Try again in a few seconds.')));
  bare.use(errorHandler);

  it('offers a GET a link to reload, never a form', async () => {
    const res = await request(bare).get('/students?q=ava');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).toContain('The database is busy for a moment. Try again in a few seconds.');
    expect(res.text).toContain('<a href="/students?q=ava">Reload this page</a>');
    expect(res.text).not.toContain('<form method="post" action="/students');
  });

  it('replays a progress code but not a sign-in code, a secret or a token', async () => {
    const ok = await request(bare).post('/notes/3').type('form').send({ _csrf: 'old', code_12: 'progressing' });
    expect(replayForm(ok.text)?.fields).toEqual([
      ['_csrf', 'current-token'],
      ['code_12', 'progressing'],
    ]);
    for (const secret of ['code', 'recovery_code', 'newPassword', 'clientSecret', 'feedToken']) {
      const res = await request(bare)
        .post('/somewhere')
        .type('form')
        .send({ _csrf: 'old', [secret]: 'shh-123456' });
      expect(res.status).toBe(503);
      expect(res.text).not.toContain('shh-123456');
      expect(replayForm(res.text)).toBeNull();
      expect(res.text).toContain('Go back and try again in a few seconds.');
    }
  });

  it('sends no form to an address that is not a plain local path', async () => {
    const res = await request(bare).post('//evil.example/x').type('form').send({ name: 'x' });
    expect(res.status).toBe(503);
    expect(replayForm(res.text)).toBeNull();
    expect(res.text).not.toContain('evil.example');
  });

  it('answers htmx in the alert region, where the form is still on the page', async () => {
    const res = await request(bare).post('/students/1/team').set('HX-Request', 'true').type('form').send({ userId: '2' });
    expect(res.status).toBe(503);
    expect(res.headers['hx-retarget']).toBe('#request-error');
    expect(res.text).toContain('The database is busy for a moment: nothing was saved. Try again in a few seconds.');
    expect(replayForm(res.text)).toBeNull();
  });
});

describe('a submitted form whose menu counts cannot be read', () => {
  // A therapist's form leaves the menu's counts to be read only if a page is shown (see
  // signingMenu); here that read fails, as it may when the database is what failed.
  const failingCounts = () => Promise.reject(new Error('counts failed'));
  const bare = express();
  bare.locals.views = createViews(false);
  bare.use(formBody());
  bare.use((_req, res, next) => {
    res.locals.csrfToken = 'current-token';
    res.locals.navLater = failingCounts;
    next();
  });
  bare.post('/shown-again', (_req, res) =>
    render(
      res,
      'errors/page',
      { title: 'Check the form', error: new HttpError(400, 'Check the form', 'Fix the date.'), requestId: 'r1' },
      { status: 400 },
    ),
  );
  bare.use((_req, _res, next) => next(new Busy('The database is busy for a moment: nothing was saved. Try again in a few seconds.')));
  bare.use(errorHandler);

  it('still shows the page, with the plain menu', async () => {
    const res = await request(bare).post('/shown-again').type('form').send({ date: 'x' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Fix the date.');
  });

  it('still answers busy with the form to send again', async () => {
    const res = await request(bare).post('/sessions/new').type('form').send({ _csrf: 'old', minutes: '30' });
    expect(res.status).toBe(503);
    expect(replayForm(res.text)?.fields).toEqual([
      ['_csrf', 'current-token'],
      ['minutes', '30'],
    ]);
  });
});
