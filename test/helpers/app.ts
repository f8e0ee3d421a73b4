// The app over HTTP against a real, migrated SQLite database, with helpers to sign in.
import { afterAll } from 'vitest';
import request from 'supertest';
import type { Role } from '../../src/generated/prisma/enums.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { makeGoal, makeProgressNote, makeSchool, makeSessionLog, makeStudent, makeUser } from '../../src/db/factories.js';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { jobHandlers } from '../../src/jobs/handlers.js';
import { runPendingJobs, startWorker } from '../../src/jobs/jobs.js';
import { createLogger } from '../../src/web/logger.js';
import type { ThrottleLimits } from '../../src/features/auth/throttle.js';
import { freshDb } from './db.js';

export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export type TestApp = Awaited<ReturnType<typeof testApp>>;

/** jobs: 'worker' (the default) runs background jobs as the app would; 'manual' leaves them for `runJobs`. */
export async function testApp(
  options: {
    env?: Record<string, string>;
    throttleLimits?: ThrottleLimits;
    jobs?: 'worker' | 'manual';
    /** Start from a copy of the demo district, loaded once for the whole run. */
    demo?: boolean;
  } = {},
) {
  const { url, db } = freshDb({ demo: options.demo });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    ...options.env,
  });
  const { app, ctx } = createApp({ config, db, throttleLimits: options.throttleLimits });
  const jobs = { db, config, logger: createLogger('silent') };
  const worker = options.jobs === 'manual' ? undefined : startWorker(jobs, jobHandlers, { pollMs: 200 });
  afterAll(async () => {
    await worker?.stop();
    await db.$disconnect();
  });
  return { app, db, ctx, config, jobs };
}

/** Runs the queued background jobs here and now, until none is left; how many ran. */
export function runJobs(t: { jobs: TestApp['jobs'] }) {
  return runPendingJobs(t.jobs, jobHandlers);
}

/** A user whose password is PASSWORD (hashed once per file: argon2 is slow on purpose). */
export async function user(
  db: Db,
  role: Role,
  fields: { name?: string; email?: string; disabled?: boolean; mustChangePassword?: boolean } = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  return makeUser(db, { role, ...fields, passwordHash: await passwordHash });
}

export { makeGoal, makeProgressNote, makeSchool, makeSessionLog, makeStudent };

/** The CSRF token in a page's forms. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token in the page');
  return match[1];
}

/** An agent with a session cookie, signed in as the given user, and a CSRF token for it. */
export async function signedIn(app: TestApp['app'], email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password });
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`);
  const after = await agent.get('/account/password');
  return { agent, csrf: csrfFrom(after.text) };
}

/** Each scalar of a urlencoded body, for sending a form with supertest. */
export function form(fields: Record<string, string | number>) {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
}
