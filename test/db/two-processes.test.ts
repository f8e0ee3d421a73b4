// Two app processes over one PostgreSQL database, as behind a load balancer: a sign-in made on one
// is good on the other, sign-in throttling counts failures from both, and a note batch started on
// one finishes once, on the other, when the first is killed while drafting. PostgreSQL runs only
// (TEST_DATABASE_URL): SQLite is one process by design.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createDb } from '../../src/db/client.js';
import type { Db } from '../../src/db/client.js';
import { makeSchool, makeStudent } from '../../src/db/factories.js';
import { csrfFrom, PASSWORD, user } from '../helpers/app.js';
import { freshDatabaseUrl, onPostgres } from '../helpers/db.js';

const SECRET = 'two-process-secret-two-process-secret-01';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

type App = { base: string; child: ChildProcess };

/** An app process of its own, as `npm start` runs it, listening on a port of its own. */
async function startProcess(url: string): Promise<App> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: url,
      DEMO_DATA: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      SESSION_SECRET: SECRET,
      JOB_LEASE_SECONDS: '5',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '3',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, child };
    } catch {
      if (i > 300 || child.exitCode !== null) throw new Error('the app process did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const stop = (app: App | undefined) => app?.child.exitCode === null && app.child.kill('SIGKILL');

/** A cookie jar shared by two addresses: the same browser, sent to either process by a proxy. */
async function signIn(base: string, email: string, password = PASSWORD): Promise<{ cookie: string; status: number }> {
  const page = await request(base).get('/sign-in');
  const cookie = (page.headers['set-cookie'] as unknown as string[] | undefined)?.map((c) => c.split(';')[0]).join('; ') ?? '';
  const res = await request(base)
    .post('/sign-in')
    .set('Cookie', cookie)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password });
  const session = (res.headers['set-cookie'] as unknown as string[] | undefined)?.map((c) => c.split(';')[0]).join('; ') ?? cookie;
  return { cookie: session, status: res.status };
}

describe.runIf(onPostgres)('two app processes over one PostgreSQL database', () => {
  let db: Db;
  let url: string;
  let a: App | undefined;
  let b: App | undefined;
  let otEmail: string;

  beforeAll(async () => {
    url = freshDatabaseUrl();
    db = createDb(url);
    const school = await makeSchool(db, { name: 'Maple Elementary' });
    const ot = await user(db, 'therapist', { name: 'Olive Tran' });
    otEmail = ot.email;
    await user(db, 'admin', { email: 'someone@district.org' });
    for (let i = 0; i < 60; i++)
      await makeStudent(db, { schoolId: school.id, therapistIds: [ot.id], firstName: `Kid${i}`, lastName: `Batch${i}` });
    [a, b] = await Promise.all([startProcess(url), startProcess(url)]);
  }, 120_000);

  afterAll(async () => {
    stop(a);
    stop(b);
    await db.$disconnect();
  });

  it('takes a sign-in made on one process as good on the other', async () => {
    const { cookie, status } = await signIn(a!.base, otEmail);
    expect(status).toBe(303);
    const onB = await request(b!.base).get('/students').set('Cookie', cookie);
    expect(onB.status).toBe(200);
    expect(onB.text).toContain('Batch0');
  });

  it('counts failed sign-ins from both processes against the same account', async () => {
    // Five wrong passwords are free (perAccountAndAddress); these go to the two processes in turn.
    for (let i = 0; i < 5; i++)
      expect((await signIn(i % 2 ? b!.base : a!.base, 'someone@district.org', 'wrong password')).status).toBe(401);
    // The sixth is delayed, on either process, even with the right password.
    expect((await signIn(a!.base, 'someone@district.org', 'wrong password')).status).toBe(429);
    expect((await signIn(b!.base, 'someone@district.org', PASSWORD)).status).toBe(429);
  });

  it('finishes a note batch once when the process drafting it is killed midway', async () => {
    const { cookie } = await signIn(a!.base, otEmail);
    const form = await request(a!.base).get('/notes/batches/new').set('Cookie', cookie);
    const started = await request(a!.base)
      .post('/notes/batches')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), title: 'Winter progress report', periodStart: '2026-09-08', periodEnd: '2026-11-20' });
    expect(started.status).toBe(303);
    const batchId = Number(/\/notes\/batches\/(\d+)/.exec(started.headers.location!)![1]);

    // Kill whichever process claimed the job once it has drafted some notes, before it is done.
    let job = await db.job.findFirstOrThrow({ where: { kind: 'note_batch' } });
    for (let i = 0; i < 400; i++) {
      const batch = await db.noteBatch.findUniqueOrThrow({ where: { id: batchId } });
      job = await db.job.findFirstOrThrow({ where: { id: job.id } });
      if (batch.done >= 3 && job.lockedBy) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const before = await db.noteBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(before.done).toBeLessThan(before.total);
    const holder = [a!, b!].find((app) => job.lockedBy?.endsWith(`-${app.child.pid}`) || job.lockedBy?.includes(`-${app.child.pid}-`));
    expect(holder, `a process holds the job (${job.lockedBy})`).toBeDefined();
    stop(holder);

    // The other process takes it up once the lease (5 s) has run out, and drafts the rest.
    for (let i = 0; i < 300; i++) {
      if ((await db.noteBatch.findUniqueOrThrow({ where: { id: batchId } })).finishedAt) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = await db.noteBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(after.finishedAt).not.toBeNull();
    expect(after.done).toBe(after.total);
    expect(after.total).toBe(60);
    const notes = await db.progressNote.groupBy({ by: ['studentId'], where: { batchId }, _count: { _all: true } });
    expect(notes).toHaveLength(60);
    expect(notes.every((n) => n._count._all === 1)).toBe(true);
    const finished = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(finished.status).toBe('done');
    expect(finished.attempts).toBe(2);
  }, 90_000);
});
