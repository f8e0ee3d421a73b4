// End of a reporting period: draft a note for every active student on a caseload in one action.
// The drafting runs after the answer is sent (Tandem is one process); the page shows how far it
// has got. A batch interrupted by a restart is finished by starting it again: students who
// already have their draft are skipped.
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { authorize, loadOwn } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { studentScope } from '../../access/scope.js';
import { createDraft } from './notes.service.js';
import { periodEndingOn } from '../admin/periods.service.js';
import type { Prisma } from '../../db/client.js';

export async function startBatch(db: Db, caller: Caller, input: { title: string; periodStart: Date; periodEnd: Date }): Promise<number> {
  const { user } = caller;
  await authorize(db, caller, 'note.draft', { type: 'batch' });
  const period = await periodEndingOn(db, input.periodEnd);
  // Students who already have a note for the period (a draft, final or shared) are skipped.
  const total = await db.student.count({ where: { AND: [studentScope(user), { status: 'active' }, missingNoteFor(input.periodEnd)] } });
  const batch = await db.noteBatch.create({ data: { createdById: user.id, ...input, total, reportingPeriodId: period?.id ?? null } });
  return batch.id;
}

/** Students with no note (by anyone, in any batch or none) for the period ending on this day. */
function missingNoteFor(periodEnd: Date): Prisma.StudentWhereInput {
  return { notes: { none: { periodEnd } } };
}

/** Drafts the notes still missing from a batch, one student at a time, counting as it goes. */
export async function runBatch(db: Db, caller: Caller, batchId: number, log?: Logger): Promise<void> {
  const { user } = caller;
  const batch = await getBatch(db, caller, batchId);
  const students = await db.student.findMany({
    where: { AND: [studentScope(user), { status: 'active' }, missingNoteFor(batch.periodEnd)] },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    select: { id: true },
  });
  for (const s of students) {
    try {
      const noteId = await createDraft(db, caller, s.id, batch);
      await db.progressNote.update({ where: { id: noteId }, data: { batchId } });
      await db.noteBatch.update({ where: { id: batchId }, data: { done: { increment: 1 } } });
    } catch (err) {
      log?.error({ err, batchId, studentId: s.id }, 'drafting a note in a batch failed');
    }
  }
  await db.noteBatch.update({ where: { id: batchId }, data: { finishedAt: new Date() } });
}

/** Marks a batch as running again, to draft the notes a restart interrupted. */
export async function reopenBatch(db: Db, caller: Caller, batchId: number) {
  const batch = await getBatch(db, caller, batchId);
  await db.noteBatch.update({ where: { id: batch.id }, data: { finishedAt: null } });
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
