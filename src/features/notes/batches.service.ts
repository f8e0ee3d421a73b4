// End of a reporting period: draft a note for every active student on a caseload in one action.
// The drafting is a background job ('note_batch', src/jobs/jobs.ts) that any app process may run;
// the page shows how far it has got from the batch's counts. A run cut short (a restart, a kill)
// is taken up again by a worker once its lease runs out, and goes on where it stopped: each note
// is drafted, joined to the batch and counted in one transaction, and students who already have
// their note for the period are skipped, so no student gets two nor is counted twice.
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { authorize, loadOwn } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { caseloadScope } from '../../access/scope.js';
import { callerFor, idOf } from '../../jobs/caller.js';
import { enqueueIn, MAX_ATTEMPTS, wakeWorkers } from '../../jobs/jobs.js';
import type { ClaimedJob, JobTools } from '../../jobs/jobs.js';
import { createDraft } from './notes.service.js';
import { periodEndingOn } from '../admin/periods.service.js';
import type { Prisma } from '../../db/client.js';

/** Creates the batch and queues its drafting; its id. */
export async function startBatch(db: Db, caller: Caller, input: { title: string; periodStart: Date; periodEnd: Date }): Promise<number> {
  const { user } = caller;
  await authorize(db, caller, 'note.draft', { type: 'batch' });
  const period = await periodEndingOn(db, input.periodEnd);
  // Students who already have a note for the period (a draft, final or shared) are skipped.
  const total = await db.student.count({
    where: { AND: [await caseloadScope(db, user), { status: 'active' }, missingNoteFor(input.periodEnd)] },
  });
  // The batch and its job together: never a batch that nobody will draft.
  const batchId = await db.$transaction(async (tx) => {
    const batch = await tx.noteBatch.create({ data: { createdById: user.id, ...input, total, reportingPeriodId: period?.id ?? null } });
    await enqueueIn(tx, 'note_batch', batchJob(caller, batch.id));
    return batch.id;
  });
  wakeWorkers();
  return batchId;
}

function batchJob(caller: Caller, batchId: number) {
  return { batchId, userId: caller.user.id, ip: caller.ip ?? null };
}

/** Students with no note (by anyone, in any batch or none) for the period ending on this day. */
function missingNoteFor(periodEnd: Date): Prisma.StudentWhereInput {
  return { notes: { none: { periodEnd } } };
}

/** Drafts the notes still missing from a batch, one student at a time, counting as it goes. */
export async function runBatch(db: Db, caller: Caller, batchId: number, log?: Logger, signal?: AbortSignal): Promise<void> {
  const { user } = caller;
  const batch = await getBatch(db, caller, batchId);
  const students = await db.student.findMany({
    where: { AND: [await caseloadScope(db, user), { status: 'active' }, missingNoteFor(batch.periodEnd)] },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    select: { id: true },
  });
  const { title, periodStart, periodEnd } = batch;
  for (const s of students) {
    // Another worker has taken the job over (our lease ran out): it drafts the rest.
    if (signal?.aborted) return;
    try {
      await createDraft(db, caller, s.id, { title, periodStart, periodEnd, batchId });
    } catch (err) {
      log?.error({ err, batchId, studentId: s.id }, 'drafting a note in a batch failed');
    }
  }
  await finish(db, batchId);
}

function finish(db: Db, batchId: number) {
  return db.noteBatch.update({ where: { id: batchId }, data: { finishedAt: new Date() } });
}

/** The 'note_batch' job: drafts the batch as the therapist who started it. */
export async function runBatchJob(job: ClaimedJob, { db, logger, signal }: JobTools): Promise<void> {
  const batchId = idOf(job.payload, 'batchId');
  const { ip } = job.payload as { ip?: string | null };
  const caller = await callerFor(db, idOf(job.payload, 'userId'), ip ?? null);
  const batch = await db.noteBatch.findUnique({ where: { id: batchId }, select: { finishedAt: true } });
  if (!batch || batch.finishedAt) return;
  // An account disabled since: nothing is drafted in its name; the batch shows what was done.
  if (!caller) return void (await finish(db, batchId));
  try {
    await runBatch(db, caller, batchId, logger, signal);
  } catch (err) {
    // Given up on: the page stops showing it as running, and "Draft the rest" can start it again.
    if (job.attempts >= MAX_ATTEMPTS) await finish(db, batchId).catch(() => undefined);
    throw err;
  }
}

/** Marks a batch as running again and queues it, to draft the notes that failed or were interrupted. */
export async function reopenBatch(db: Db, caller: Caller, batchId: number) {
  const batch = await getBatch(db, caller, batchId);
  // Only a finished batch: a second click must not queue a second run beside the first.
  const reopened = await db.$transaction(async (tx) => {
    const { count } = await tx.noteBatch.updateMany({ where: { id: batch.id, finishedAt: { not: null } }, data: { finishedAt: null } });
    if (count) await enqueueIn(tx, 'note_batch', batchJob(caller, batch.id));
    return count > 0;
  });
  if (reopened) wakeWorkers();
  return batch.id;
}

/** A batch of the caller's own. */
export function getBatch(db: Db, caller: Caller, batchId: number) {
  return loadOwn(db, caller, 'batch', batchId, 'note.draft', (w) =>
    db.noteBatch.findFirst({
      where: { id: w.id, createdById: w.owner },
      include: {
        notes: {
          orderBy: [{ student: { lastName: 'asc' } }, { student: { firstName: 'asc' } }],
          select: {
            id: true,
            status: true,
            sharedAt: true,
            student: { select: { id: true, firstName: true, lastName: true, preferredName: true } },
          },
        },
      },
    }),
  );
}

/** The next draft of the batch after this note, to work through them one by one. */
export async function nextInBatch(db: Db, noteId: number, batchId: number | null) {
  if (!batchId) return null;
  const notes = await db.progressNote.findMany({
    where: { batchId, status: 'draft' },
    orderBy: [{ student: { lastName: 'asc' } }, { student: { firstName: 'asc' } }],
    select: { id: true },
  });
  const i = notes.findIndex((n) => n.id === noteId);
  return notes[i + 1]?.id ?? (i === -1 ? (notes[0]?.id ?? null) : null);
}
