// Progress notes: drafted from the data, edited, finalised (locked), corrected by a new
// version, and shared with the student's teachers, who see only shared, finalised notes.
import { dayKey } from '../../calendar/dates.js';
import type { Db, Prisma } from '../../db/client.js';
import type { CodeMeaning, NoteStatus } from '../../generated/prisma/enums.js';
import { reads } from '../../db/reads.js';
import type { CurrentUser } from '../../access/current-user.js';
import { loadNote } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import type { Action } from '../../access/policy.js';
import { studentScopeSql } from '../../access/scope.js';
import { Conflict, Invalid } from '../../web/errors.js';
import { recordBy } from '../audit/audit.service.js';
import { activeCodes } from '../progress/codes.service.js';
import { defaultMeaningLabels } from '../progress/progress.words.js';
import { editableStudent } from '../students/students.write.js';
import { goalSeries } from '../goals/goal-data.js';
import { pointCountsWhere } from '../sessions/counts.js';
import { goalChart } from '../progress/progress.chart.js';
import type { GoalChart } from '../progress/progress.chart.js';
import { chartCaption, plainValueWords } from '../progress/progress.words.js';
import { draftNote } from './drafting.js';
import { seriesAsFinalised } from './note-series.js';
import { goalWords, wordsContradictCode } from './note-document.js';
import { areaLabel } from '../goals/goal-areas.js';
import { periodEndingOn } from '../admin/periods.service.js';
import { enumRank, sortedBy } from '../../enum-order.js';

export async function createDraft(
  db: Db,
  caller: Caller,
  studentId: number,
  /** With a batch: the note joins it and is counted in the same transaction, so a batch run again never counts it twice. */
  input: { title: string; periodStart: Date; periodEnd: Date; batchId?: number },
): Promise<number> {
  const { user } = caller;
  const student = await editableStudent(db, caller, studentId, 'note.prepare');
  const [goals, previous, codes, author, period] = await Promise.all([
    db.goal.findMany({
      where: { studentId, status: { in: ['active', 'met'] }, startDate: { lte: input.periodEnd } },
      // By area in the schema's order below: ordering by an enum differs between databases.
      orderBy: { id: 'asc' },
      include: {
        objectives: { orderBy: { position: 'asc' } },
        changes: { where: { date: { lte: input.periodEnd } }, orderBy: [{ date: 'asc' }, { id: 'asc' }] },
        dataPoints: {
          where: { date: { lte: input.periodEnd }, ...pointCountsWhere },
          orderBy: [{ date: 'asc' }, { id: 'asc' }],
          // The tally of tries too: a note says "5 of 10 tries (50%)" only when it was kept.
          select: { date: true, value: true, correct: true, incorrect: true, cued: true },
        },
      },
    }),
    db.progressNote.findFirst({
      where: { studentId, status: 'final', periodEnd: { lt: input.periodStart } },
      orderBy: { periodEnd: 'desc' },
      select: { periodEnd: true },
    }),
    activeCodes(db),
    db.user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true } }),
    periodEndingOn(db, input.periodEnd),
  ]);
  const codeFor = (meaning: CodeMeaning) => codes.find((c) => c.meaning === meaning);
  const draft = draftNote({
    name: student.preferredName ?? student.firstName,
    title: input.title,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    previousReport: previous?.periodEnd ?? null,
    therapist: author.name,
    codeLabel: (m) => codeFor(m)?.label ?? defaultMeaningLabels[m],
    goals: sortedBy(goals, (g) => enumRank('GoalArea', g.area)).map((g) => ({
      ...g,
      objectives: g.objectives.map((o) => o.text),
      changes: g.changes.map((c) => `${c.label} (since ${dayKey(c.date)})`),
      points: g.dataPoints,
    })),
  });
  return db.$transaction(async (tx) => {
    const note = await tx.progressNote.create({
      data: {
        studentId,
        title: input.title,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        teacherText: draft.teacherText,
        familyText: draft.familyText,
        createdById: user.id,
        reportingPeriodId: period?.id ?? null,
        batchId: input.batchId ?? null,
        // Nothing is chosen for the therapist: the data's suggestion is kept beside the choice.
        goals: { create: draft.goals.map((g) => ({ goalId: g.goalId, codeId: null, suggestedCodeId: codeFor(g.meaning)?.id ?? null })) },
      },
    });
    await recordBy(tx, caller, {
      action: 'student.note.drafted',
      studentId,
      targetType: 'note',
      targetId: note.id,
    });
    if (input.batchId) await tx.noteBatch.update({ where: { id: input.batchId }, data: { done: { increment: 1 } } });
    return note.id;
  });
}

export async function getNote(db: Db, caller: Caller, noteId: number, action: Action = 'note.view') {
  const note = await loadNote(db, caller, noteId, action, (where) =>
    db.progressNote.findFirst({
      where,
      include: {
        student: { select: { id: true, firstName: true, lastName: true, preferredName: true } },
        createdBy: { select: { name: true } },
        // By area in the schema's order below: ordering by an enum differs between databases.
        goals: { include: { goal: { select: { id: true, area: true, statement: true } }, code: true }, orderBy: { id: 'asc' } },
        replaces: { select: { id: true, title: true, finalizedAt: true } },
        replacedBy: { select: { id: true, status: true } },
      },
    }),
  );
  return { ...note, goals: sortedBy(note.goals, (g) => enumRank('GoalArea', g.goal.area)) };
}

export type NoteDetail = Awaited<ReturnType<typeof getNote>>;

/** A note the caller may work on: drafting and saving (note.prepare), or finalising and sharing (note.finalize). */
function editableNote(db: Db, caller: Caller, noteId: number, action: 'note.prepare' | 'note.finalize') {
  return getNote(db, caller, noteId, action);
}

export type NoteEdit = {
  teacherText: string;
  familyText: string;
  version: number;
  codes: Record<number, number | null>;
  reasons: Record<number, string>;
};

/** Saves a draft; returns its new version. A finalised note, or a stale version, is a Conflict. */
export async function saveNote(db: Db, caller: Caller, noteId: number, edit: NoteEdit): Promise<number> {
  const note = await editableNote(db, caller, noteId, 'note.prepare');
  const codeIds = new Set((await activeCodes(db)).map((c) => c.id));
  return db.$transaction((tx) => writeEdit(tx, caller, note, edit, codeIds));
}

/** Writes an edit inside the caller's transaction; a finalised note, or a stale version, is a Conflict. */
async function writeEdit(
  tx: Prisma.TransactionClient,
  caller: Caller,
  note: NoteDetail,
  edit: NoteEdit,
  codeIds: Set<number>,
): Promise<number> {
  const { count } = await tx.progressNote.updateMany({
    where: { id: note.id, version: edit.version, status: 'draft' },
    data: { teacherText: edit.teacherText, familyText: edit.familyText, version: { increment: 1 } },
  });
  if (count === 0)
    throw new Conflict(
      note.status === 'final' ? 'This note is finalised and can no longer be changed. Make a correction instead.' : undefined,
    );
  for (const ng of note.goals) {
    await tx.progressNoteGoal.update({
      where: { id: ng.id },
      data: { codeId: chosenCode(edit, ng.goalId, codeIds), reason: edit.reasons[ng.goalId] ?? '' },
    });
  }
  await recordBy(tx, caller, {
    action: 'student.note.saved',
    studentId: note.studentId,
    targetType: 'note',
    targetId: note.id,
  });
  return edit.version + 1;
}

function chosenCode(edit: NoteEdit, goalId: number, codeIds: Set<number>): number | null {
  const codeId = edit.codes[goalId];
  return codeId !== undefined && codeId !== null && codeIds.has(codeId) ? codeId : null;
}

type Code = { label: string; sufficient: boolean; meaning: CodeMeaning };
/** What finalising looks at: the texts, and each goal's code and reason. */
export type NoteToFinalize = {
  teacherText: string;
  familyText: string;
  goals: { goalId: number; goal: { area: string }; code: Code | null; reason: string }[];
};

/**
 * What stops a note being finalised: a goal without a code, an insufficient code without a reason,
 * or a goal whose words (in either version) contradict its code.
 */
export function finalizeProblems(note: NoteToFinalize): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const ng of note.goals) {
    if (!ng.code) {
      problems[`code_${ng.goalId}`] = `Choose a progress code for ${areaLabel(ng.goal.area)}`;
      continue;
    }
    const clash = [note.teacherText, note.familyText]
      .map((text) => goalWords(text, note.goals, ng.goalId))
      .map((words) => (words === null ? null : wordsContradictCode(words, ng.code!)))
      .find(Boolean);
    if (clash)
      problems[`code_${ng.goalId}`] =
        `${areaLabel(ng.goal.area)}: ${clash}, but the code chosen is “${ng.code.label}”. Change the words or the code so they agree.`;
    else if (!ng.code.sufficient && !ng.reason.trim())
      problems[`reason_${ng.goalId}`] = 'Say why progress is not sufficient (for example: more time needed, absences)';
  }
  return problems;
}

/**
 * Finalises a draft. With an edit (what the editor shows when Finalise is pressed), the edit is
 * checked, saved and finalised in one transaction, so nothing typed is lost and nothing half-done stays.
 */
export async function finalizeNote(db: Db, caller: Caller, noteId: number, version: number, edit?: NoteEdit): Promise<void> {
  const note = await editableNote(db, caller, noteId, 'note.finalize');
  const codes = await activeCodes(db);
  const codeIds = new Set(codes.map((c) => c.id));
  const state: NoteToFinalize = edit
    ? {
        teacherText: edit.teacherText,
        familyText: edit.familyText,
        goals: note.goals.map((ng) => ({
          ...ng,
          code: codes.find((c) => c.id === chosenCode(edit, ng.goalId, codeIds)) ?? null,
          reason: edit.reasons[ng.goalId] ?? '',
        })),
      }
    : note;
  const problems = finalizeProblems(state);
  if (Object.keys(problems).length) throw new Invalid(problems);
  await db.$transaction(async (tx) => {
    const current = edit ? await writeEdit(tx, caller, note, { ...edit, version }, codeIds) : version;
    const { count } = await tx.progressNote.updateMany({
      where: { id: noteId, version: current, status: 'draft' },
      data: { status: 'final', finalizedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) throw new Conflict();
    await recordBy(tx, caller, {
      action: 'student.note.finalized',
      studentId: note.studentId,
      targetType: 'note',
      targetId: noteId,
    });
  });
}

/** A correction: a new draft with the finalised note's text and codes, which replaces it once done. */
export async function correctNote(db: Db, caller: Caller, noteId: number): Promise<number> {
  const note = await editableNote(db, caller, noteId, 'note.finalize');
  if (note.status !== 'final') throw new Conflict('Only a finalised note is corrected; a draft can simply be edited.');
  if (note.replacedBy) return note.replacedBy.id;
  return db.$transaction(async (tx) => {
    const copy = await tx.progressNote.create({
      data: {
        studentId: note.studentId,
        title: note.title,
        periodStart: note.periodStart,
        periodEnd: note.periodEnd,
        teacherText: note.teacherText,
        familyText: note.familyText,
        createdById: caller.user.id,
        replacesId: note.id,
        reportingPeriodId: note.reportingPeriodId,
        goals: {
          create: note.goals.map((g) => ({ goalId: g.goalId, codeId: g.codeId, suggestedCodeId: g.suggestedCodeId, reason: g.reason })),
        },
      },
    });
    await recordBy(tx, caller, {
      action: 'student.note.correction',
      studentId: note.studentId,
      targetType: 'note',
      targetId: copy.id,
      detail: { replaces: note.id },
    });
    return copy.id;
  });
}

export async function shareNote(db: Db, caller: Caller, noteId: number): Promise<void> {
  const note = await editableNote(db, caller, noteId, 'note.finalize');
  if (note.status !== 'final') throw new Conflict('Finalise the note before sharing it.');
  await db.$transaction(async (tx) => {
    await tx.progressNote.update({ where: { id: noteId }, data: { sharedAt: note.sharedAt ?? new Date() } });
    await recordBy(tx, caller, {
      action: 'student.note.shared',
      studentId: note.studentId,
      targetType: 'note',
      targetId: noteId,
    });
  });
}

/**
 * Each goal's graph as it stood at the end of the note's period, for the PDF. The PDF goes to teachers
 * (and, from the therapist, to families and the IEP file), so its captions are in plain words.
 */
export async function noteCharts(db: Db, note: NoteDetail) {
  // `rows`: the graph's data as a table in plain words, its text equivalent on the note's page.
  const charts = new Map<number, { chart: GoalChart; caption: string; rows: { date: Date; result: string }[] }>();
  const goals = await db.goal.findMany({ where: { id: { in: note.goals.map((g) => g.goalId) } } });
  // A finalised note keeps what it said: its data as it stood when it was finalised (note-series.ts).
  const { finalizedAt } = note;
  const goalIds = goals.map((g) => g.id);
  const asFinalised = finalizedAt ? await seriesAsFinalised(db, note.studentId, goalIds, finalizedAt) : null;
  for (const goal of goals) {
    // A note has a handful of goals: one series query each is bounded.
    const series = await goalSeries(db, goal.id);
    const points = asFinalised?.get(goal.id) ?? series.points;
    const shown = points.filter((p) => p.date <= note.periodEnd);
    const chart = goalChart(goal, shown, finalizedAt ? series.changes.filter((c) => c.date <= finalizedAt) : series.changes);
    charts.set(goal.id, {
      chart,
      caption: chartCaption(goal, chart, { audience: 'teacher' }),
      rows: shown.map((p) => ({ date: p.date, result: plainValueWords(p.value, goal.measurement, goal) })),
    });
  }
  return charts;
}

/**
 * The student page's notes, newest first, with the correction that replaced each: one statement
 * that skips Prisma (db/reads.ts), the same conditions as noteScope.
 */
export async function notesForStudent(db: Db, user: CurrentUser, studentId: number) {
  const scope = studentScopeSql(user, 'n."studentId"');
  // Teachers read only finalised notes shared with them (noteScope).
  const shared = user.role === 'teacher' ? `AND n."status" = 'final' AND n."sharedAt" IS NOT NULL` : '';
  const rows = await reads(db).all<{
    id: number;
    title: string;
    status: NoteStatus;
    periodEnd: Date;
    sharedAt: Date | null;
    finalizedAt: Date | null;
    replacesId: number | null;
    replacedById: number | null;
  }>(
    `SELECT n."id", n."title", n."status", n."periodEnd", n."sharedAt", n."finalizedAt", n."replacesId", c."id" AS "replacedById"
     FROM "ProgressNote" n LEFT JOIN "ProgressNote" c ON c."replacesId" = n."id"
     WHERE n."studentId" = ? AND ${scope.sql} ${shared}
     ORDER BY n."periodEnd" DESC, n."id" DESC LIMIT 20`,
    [studentId, ...scope.params],
  );
  return rows.map(({ replacedById, ...note }) => ({ ...note, replacedBy: replacedById === null ? null : { id: replacedById } }));
}
