import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { startBatch } from '../../src/features/notes/batches.service.js';
import { createDraft } from '../../src/features/notes/notes.service.js';
import { callerFor } from '../../src/jobs/caller.js';
import { enqueue, runPendingJobs, startWorker } from '../../src/jobs/jobs.js';
import type { ClaimedJob } from '../../src/jobs/jobs.js';
import { makeSchool, makeStudent, runJobs, signedIn, testApp, user } from '../helpers/app.js';

// Jobs are run by hand here (or by the workers a test starts), never by a worker of the app's.
const t = await testApp({ jobs: 'manual' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background jobs', () => {
  it('are each run once, by one of two workers on two connections to the same database', async () => {
    const other = createDb(t.config.databaseUrl);
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await enqueue(t.db, 'note_batch', { n: i }));
    const ran: { id: number; by: string }[] = [];
    const handler = (by: string) => async (job: ClaimedJob) => {
      ran.push({ id: job.id, by });
      await sleep(5);
    };
    const a = startWorker(t.jobs, { note_batch: handler('a') }, { workerId: 'a', pollMs: 20 });
    const b = startWorker({ ...t.jobs, db: other }, { note_batch: handler('b') }, { workerId: 'b', pollMs: 20 });
    await vi.waitFor(async () => expect(await t.db.job.count({ where: { id: { in: ids }, status: 'done' } })).toBe(12), {
      timeout: 5000,
    });
    await Promise.all([a.stop(), b.stop()]);
    await other.$disconnect();
    expect(ran.map((r) => r.id).sort((x, y) => x - y)).toEqual(ids);
    const jobs = await t.db.job.findMany({ where: { id: { in: ids } } });
    expect(jobs.every((j) => j.attempts === 1 && j.finishedAt && j.lockedBy === null)).toBe(true);
  });

  it('start at once when enqueued in the same process, without waiting for the next poll', async () => {
    const ran: number[] = [];
    const worker = startWorker(t.jobs, { note_batch: async (job) => void ran.push(job.id) }, { pollMs: 60_000 });
    await sleep(50); // the worker's first look finds nothing; it would now sleep a minute
    const id = await enqueue(t.db, 'note_batch', {});
    await vi.waitFor(() => expect(ran).toEqual([id]), { timeout: 2000 });
    await worker.stop();
  });

  it('are taken up by another worker when the process running one is killed and its lease runs out', async () => {
    const id = await enqueue(t.db, 'note_batch', { kill: true });
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/jobs/dying-worker.ts', t.config.databaseUrl], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes(`running ${id}`) && resolve());
      child.on('exit', () => reject(new Error('the worker process ended before running the job')));
    });
    const held = await t.db.job.findUniqueOrThrow({ where: { id } });
    expect(held).toMatchObject({ status: 'running', lockedBy: 'doomed', attempts: 1 });
    // While its process lives, the lease is renewed: nobody else may take the job.
    await sleep(900);
    expect(await runPendingJobs(t.jobs, { note_batch: async () => {} })).toBe(0);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const ran: number[] = [];
    await vi.waitFor(
      async () => {
        await runPendingJobs(t.jobs, { note_batch: async (job) => void ran.push(job.id) }, { workerId: 'heir' });
        expect(ran).toEqual([id]);
      },
      { timeout: 3000, interval: 100 },
    );
    expect(await t.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('are tried again after an error, and left as failed with the error after 3 attempts', async () => {
    const id = await enqueue(t.db, 'note_batch', {});
    let tries = 0;
    const ran = await runPendingJobs(t.jobs, {
      note_batch: async () => {
        tries++;
        throw new Error(`broken ${tries}`);
      },
    });
    expect(ran).toBe(3);
    expect(await t.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'broken 3',
      lockedBy: null,
    });
    // A failed job is not taken up again.
    expect(await runPendingJobs(t.jobs, { note_batch: async () => {} })).toBe(0);
  });
});

describe('a caseload note batch as a job', () => {
  it('drafts each student once and counts each once, when run again after a kill and once more', async () => {
    const school = await makeSchool(t.db);
    const ot = await user(t.db, 'therapist');
    const ids: number[] = [];
    for (const name of ['Ada', 'Bo', 'Cy'])
      ids.push((await makeStudent(t.db, { schoolId: school.id, firstName: name, lastName: `Rerun${name}`, therapistIds: [ot.id] })).id);
    const caller = (await callerFor(t.db, ot.id))!;
    const input = { title: 'Report', periodStart: new Date('2026-09-01'), periodEnd: new Date('2026-11-20') };
    const batchId = await startBatch(t.db, caller, input);
    // A worker claimed it, drafted the first student, and its process was killed.
    await t.db.job.updateMany({
      where: { kind: 'note_batch', status: 'queued' },
      data: { status: 'running', lockedBy: 'killed', lockedUntil: new Date(Date.now() - 1), attempts: 1 },
    });
    await createDraft(t.db, caller, ids[0]!, { ...input, batchId });
    expect(await runJobs(t)).toBe(1);
    const batch = await t.db.noteBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch).toMatchObject({ total: 3, done: 3 });
    expect(batch.finishedAt).not.toBeNull();
    const counts = async () =>
      (await t.db.progressNote.groupBy({ by: ['studentId'], where: { studentId: { in: ids } }, _count: true })).map((g) => g._count);
    expect(await counts()).toEqual([1, 1, 1]);
    // Started again by hand ("Draft the rest"): nothing more to draft, nothing counted twice.
    const s = await signedIn(t.app, ot.email);
    expect((await s.agent.post(`/notes/batches/${batchId}/resume`).type('form').send({ _csrf: s.csrf })).status).toBe(303);
    // A second click while it is queued queues nothing more.
    await s.agent.post(`/notes/batches/${batchId}/resume`).type('form').send({ _csrf: s.csrf });
    expect(await runJobs(t)).toBe(1);
    expect(await counts()).toEqual([1, 1, 1]);
    expect(await t.db.noteBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({ done: 3 });
  });
});

describe('a roster import run by another process', () => {
  it('shows the progress that process wrote to the import', async () => {
    const admin = await user(t.db, 'admin');
    const s = await signedIn(t.app, admin.email);
    const running = await t.db.rosterImport.create({
      data: { fileName: 'r.csv', text: '', encoding: 'utf-8', status: 'importing', progressDone: 40, progressTotal: 160 },
    });
    const progress = await s.agent.get(`/admin/roster/imports/${running.id}/progress`).set('HX-Request', 'true');
    expect(progress.text).toContain('Importing: 40 of 160 students saved so far (25%).');
  });
});
