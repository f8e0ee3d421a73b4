// The notes tracker: for one reporting period, every student on the caseload with the state of
// their note (none, draft, ready, final, shared), and the two actions that finish a period:
// draft the missing notes, and finalise and share every note that is ready.
import type { Db, Prisma } from '../../db/client.js';
import { authorize, loadNote } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { caseloadScope } from '../../access/scope.js';
import { Conflict, Invalid, NotFound } from '../../web/errors.js';
import { recordBy } from '../audit/audit.service.js';
import { justEndedPeriod, listPeriods } from '../admin/periods.service.js';
import type { Period } from '../admin/periods.service.js';
import { finalizeNote, shareNote } from './notes.service.js';

export type NoteState = 'none' | 'draft' | 'ready' | 'final' | 'shared';

export const noteStateWords: Record<NoteState, string> = {
  none: 'No note yet',
  draft: 'Draft',
  ready: 'Ready to finalise',
  final: 'Finalised, not shared',
  shared: 'Finalised and shared',
};

/** A note belongs to a period when it was drafted for it, or ends on the period's last day. */
export function notesOf(period: Pick<Period, 'id' | 'endDate'>): Prisma.ProgressNoteWhereInput {
  return { OR: [{ reportingPeriodId: period.id }, { periodEnd: period.endDate }] };
}

const noteSelect = {
  id: true,
  status: true,
  version: true,
  sharedAt: true,
  submittedAt: true,
  createdBy: { select: { name: true, assistant: true } },
  goals: { select: { codeId: true, reason: true, code: { select: { sufficient: true } } } },
} satisfies Prisma.ProgressNoteSelect;

type TrackedNote = Prisma.ProgressNoteGetPayload<{ select: typeof noteSelect }>;

/** Ready: a draft with a code chosen for every goal, and a reason for each code that is not sufficient. */
export function stateOf(note: TrackedNote | undefined): NoteState {
  if (!note) return 'none';
  if (note.status === 'final') return note.sharedAt ? 'shared' : 'final';
  const ready = note.goals.every((g) => g.code !== null && (g.code.sufficient || g.reason.trim() !== ''));
  return ready ? 'ready' : 'draft';
}

async function caseload(db: Db, caller: Caller): Promise<Prisma.StudentWhereInput> {
  return { AND: [await caseloadScope(db, caller.user), { status: 'active' }] };
}

/** The period asked for, else the one just ended, else the latest; null when the district has none. */
async function choosePeriod(db: Db, periods: Period[], periodId: number | undefined, today: Date) {
  if (periodId !== undefined) return periods.find((p) => p.id === periodId) ?? null;
  return (await justEndedPeriod(db, today)) ?? periods.at(-1) ?? null;
}

/** One page of the tracker: the students' rows come from one query (their latest note included). */
export async function trackerPage(db: Db, caller: Caller, options: { periodId?: number; today: Date; skip: number; take: number }) {
  await authorize(db, caller, 'note.prepare', { type: 'tracker' });
  const periods = await listPeriods(db);
  const period = await choosePeriod(db, periods, options.periodId, options.today);
  if (!period) return { periods, period: null, rows: [], total: 0, counts: null, batches: [] };
  const forPeriod = notesOf(period);
  const scope = await caseload(db, caller);
  const [total, students, all, batches] = await Promise.all([
    db.student.count({ where: scope }),
    db.student.findMany({
      where: scope,
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
      skip: options.skip,
      take: options.take,
      select: {
        id: true,
        firstName: true,
        lastName: true,
        preferredName: true,
        notes: { where: forPeriod, orderBy: { id: 'desc' }, take: 1, select: noteSelect },
      },
    }),
    // The whole caseload's states for the summary line: one query, without the rows' names.
    db.student.findMany({
      where: scope,
      select: { notes: { where: forPeriod, orderBy: { id: 'desc' }, take: 1, select: noteSelect } },
    }),
    db.noteBatch.findMany({
      where: { createdById: caller.user.id, OR: [{ reportingPeriodId: period.id }, { periodEnd: period.endDate }] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 10,
      select: { id: true, title: true, createdAt: true, done: true, total: true, finishedAt: true },
    }),
  ]);
  const counts: Record<NoteState, number> = { none: 0, draft: 0, ready: 0, final: 0, shared: 0 };
  let waiting = 0;
  for (const s of all) {
    const note = s.notes[0];
    counts[stateOf(note)] += 1;
    if (note?.status === 'draft' && note.submittedAt) waiting += 1;
  }
  const rows = students.map((s) => {
    const note = s.notes[0] ?? null;
    const state = stateOf(note ?? undefined);
    return {
      student: { id: s.id, firstName: s.firstName, lastName: s.lastName, preferredName: s.preferredName },
      note,
      state,
      stateWords: noteStateWords[state],
      waitingForApproval: note?.status === 'draft' && note.submittedAt !== null,
    };
  });
  return { periods, period, rows, total, counts, waiting, batches };
}

/** Sends an assistant's draft to the supervising OT: it shows as "waiting for approval" in their tracker. */
export async function submitNote(db: Db, caller: Caller, noteId: number): Promise<void> {
  const note = await loadNote(db, caller, noteId, 'note.prepare', (where) =>
    db.progressNote.findFirst({ where, select: { id: true, studentId: true, status: true } }),
  );
  if (note.status !== 'draft') throw new Conflict('This note is already finalised.');
  await db.$transaction(async (tx) => {
    await tx.progressNote.update({ where: { id: noteId }, data: { submittedAt: new Date() } });
    await recordBy(tx, caller, { action: 'student.note.submitted', studentId: note.studentId, targetType: 'note', targetId: noteId });
  });
}

export type FinishResult = { shared: string[]; notYet: { name: string; noteId: number; why: string }[] };

/**
 * Finalises and shares every note of the period on the caller's caseload that can be: each goes
 * through the same checks as finalising it alone, and those that fail stay drafts, named with why.
 */
export async function finalizeAndShareReady(db: Db, caller: Caller, periodId: number): Promise<FinishResult> {
  await authorize(db, caller, 'note.finalize', { type: 'tracker' });
  const period = await db.reportingPeriod.findUnique({ where: { id: periodId } });
  if (!period) throw new NotFound();
  const students = await db.student.findMany({
    where: await caseload(db, caller),
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
    select: {
      firstName: true,
      lastName: true,
      preferredName: true,
      notes: { where: notesOf(period), orderBy: { id: 'desc' }, take: 1, select: noteSelect },
    },
  });
  const result: FinishResult = { shared: [], notYet: [] };
  for (const s of students) {
    const note = s.notes[0];
    if (!note || note.sharedAt) continue;
    const name = `${s.preferredName ?? s.firstName} ${s.lastName}`;
    try {
      if (note.status === 'draft') await finalizeNote(db, caller, note.id, note.version);
      await shareNote(db, caller, note.id);
      result.shared.push(name);
    } catch (error) {
      if (error instanceof Invalid)
        result.notYet.push({ name, noteId: note.id, why: [...new Set(Object.values(error.fields))].join('; ') });
      else if (error instanceof Conflict) result.notYet.push({ name, noteId: note.id, why: error.message });
      else throw error;
    }
  }
  return result;
}
