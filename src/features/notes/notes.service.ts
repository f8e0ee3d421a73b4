// Progress notes: drafted from the data, edited, finalised (locked), corrected by a new
// version, and shared with the student's teachers, who see only shared, finalised notes.
import type { Db, Prisma } from '../../db/client.js';
import type { CodeMeaning } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../web/auth.js';
import { Conflict, NotFound } from '../../web/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { activeCodes } from '../progress/codes.service.js';
import { defaultMeaningLabels } from '../progress/progress.words.js';
import { studentScope } from '../students/students.scope.js';
import { editableStudent } from '../students/students.write.js';
import { goalSeries } from '../goals/goal-data.js';
import { goalChart } from '../progress/progress.chart.js';
import type { GoalChart } from '../progress/progress.chart.js';
import { chartCaption } from '../progress/progress.words.js';
import { draftNote } from './drafting.js';

export function noteScope(user: CurrentUser): Prisma.ProgressNoteWhereInput {
  const scoped = { student: studentScope(user) };
  return user.role === 'teacher' ? { ...scoped, status: 'final', sharedAt: { not: null } } : scoped;
}

export async function createDraft(
  db: Db,
  user: CurrentUser,
  studentId: number,
  input: { title: string; periodStart: Date; periodEnd: Date },
  ip: string | undefined,
): Promise<number> {
  const student = await editableStudent(db, user, studentId);
  const [goals, previous, codes, author] = await Promise.all([
    db.goal.findMany({
      where: { studentId, status: { in: ['active', 'met'] }, startDate: { lte: input.periodEnd } },
      orderBy: [{ area: 'asc' }, { id: 'asc' }],
      include: {
        objectives: { orderBy: { position: 'asc' } },
        changes: { where: { date: { lte: input.periodEnd } }, orderBy: { date: 'asc' } },
        dataPoints: { where: { date: { lte: input.periodEnd } }, orderBy: { date: 'asc' }, select: { date: true, value: true } },
      },
    }),
    db.progressNote.findFirst({
      where: { studentId, status: 'final', periodEnd: { lt: input.periodStart } },
      orderBy: { periodEnd: 'desc' },
      select: { periodEnd: true },
    }),
    activeCodes(db),
    db.user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true } }),
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
    goals: goals.map((g) => ({
      ...g,
      objectives: g.objectives.map((o) => o.text),
      changes: g.changes.map((c) => `${c.label} (since ${c.date.toISOString().slice(0, 10)})`),
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
        goals: { create: draft.goals.map((g) => ({ goalId: g.goalId, codeId: codeFor(g.meaning)?.id ?? null })) },
      },
    });
    await recordAudit(tx, {
      action: 'student.note.drafted',
      actorId: user.id,
      actorEmail: user.email,
      studentId,
      targetType: 'note',
      targetId: note.id,
      ip,
    });
    return note.id;
  });
}

export async function getNote(db: Db, user: CurrentUser, noteId: number) {
  const note = await db.progressNote.findFirst({
    where: { AND: [{ id: noteId }, noteScope(user)] },
    include: {
      student: { select: { id: true, firstName: true, lastName: true, preferredName: true } },
      createdBy: { select: { name: true } },
      goals: { include: { goal: { select: { id: true, area: true, statement: true } }, code: true }, orderBy: { goal: { area: 'asc' } } },
      replaces: { select: { id: true, title: true, finalizedAt: true } },
      replacedBy: { select: { id: true, status: true } },
    },
  });
  if (!note) throw new NotFound();
  return note;
}

export type NoteDetail = Awaited<ReturnType<typeof getNote>>;

async function editableNote(db: Db, user: CurrentUser, noteId: number) {
  if (user.role === 'teacher') throw new NotFound();
  const note = await getNote(db, user, noteId);
  await editableStudent(db, user, note.studentId);
  return note;
}

export type NoteEdit = {
  teacherText: string;
  familyText: string;
  version: number;
  codes: Record<number, number | null>;
  reasons: Record<number, string>;
};

/** Saves a draft; returns its new version. A finalised note, or a stale version, is a Conflict. */
export async function saveNote(db: Db, user: CurrentUser, noteId: number, edit: NoteEdit, ip: string | undefined): Promise<number> {
  const note = await editableNote(db, user, noteId);
  const codeIds = new Set((await activeCodes(db)).map((c) => c.id));
  return db.$transaction(async (tx) => {
    const { count } = await tx.progressNote.updateMany({
      where: { id: noteId, version: edit.version, status: 'draft' },
      data: { teacherText: edit.teacherText, familyText: edit.familyText, version: { increment: 1 } },
    });
    if (count === 0)
      throw new Conflict(
        note.status === 'final' ? 'This note is finalised and can no longer be changed. Make a correction instead.' : undefined,
      );
    for (const ng of note.goals) {
      const codeId = edit.codes[ng.goalId];
      await tx.progressNoteGoal.update({
        where: { id: ng.id },
        data: {
          codeId: codeId !== undefined && codeId !== null && codeIds.has(codeId) ? codeId : null,
          reason: edit.reasons[ng.goalId] ?? '',
        },
      });
    }
    await recordAudit(tx, {
      action: 'student.note.saved',
      actorId: user.id,
      actorEmail: user.email,
      studentId: note.studentId,
      targetType: 'note',
      targetId: noteId,
      ip,
    });
    return edit.version + 1;
  });
}

/** What stops a note being finalised: a goal without a code, or an insufficient code without a reason. */
export function finalizeProblems(note: NoteDetail): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const ng of note.goals) {
    if (!ng.code) problems[`code_${ng.goalId}`] = 'Choose a progress code';
    else if (!ng.code.sufficient && !ng.reason.trim())
      problems[`reason_${ng.goalId}`] = 'Say why progress is not sufficient (for example: more time needed, absences)';
  }
  return problems;
}

export async function finalizeNote(
  db: Db,
  user: CurrentUser,
  noteId: number,
  version: number,
  ip: string | undefined,
): Promise<Record<string, string>> {
  const note = await editableNote(db, user, noteId);
  const problems = finalizeProblems(note);
  if (Object.keys(problems).length) return problems;
  await db.$transaction(async (tx) => {
    const { count } = await tx.progressNote.updateMany({
      where: { id: noteId, version, status: 'draft' },
      data: { status: 'final', finalizedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) throw new Conflict();
    await recordAudit(tx, {
      action: 'student.note.finalized',
      actorId: user.id,
      actorEmail: user.email,
      studentId: note.studentId,
      targetType: 'note',
      targetId: noteId,
      ip,
    });
  });
  return {};
}

/** A correction: a new draft with the finalised note's text and codes, which replaces it once done. */
export async function correctNote(db: Db, user: CurrentUser, noteId: number, ip: string | undefined): Promise<number> {
  const note = await editableNote(db, user, noteId);
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
        createdById: user.id,
        replacesId: note.id,
        goals: { create: note.goals.map((g) => ({ goalId: g.goalId, codeId: g.codeId, reason: g.reason })) },
      },
    });
    await recordAudit(tx, {
      action: 'student.note.correction',
      actorId: user.id,
      actorEmail: user.email,
      studentId: note.studentId,
      targetType: 'note',
      targetId: copy.id,
      ip,
      detail: { replaces: note.id },
    });
    return copy.id;
  });
}

export async function shareNote(db: Db, user: CurrentUser, noteId: number, ip: string | undefined): Promise<void> {
  const note = await editableNote(db, user, noteId);
  if (note.status !== 'final') throw new Conflict('Finalise the note before sharing it.');
  await db.$transaction(async (tx) => {
    await tx.progressNote.update({ where: { id: noteId }, data: { sharedAt: note.sharedAt ?? new Date() } });
    await recordAudit(tx, {
      action: 'student.note.shared',
      actorId: user.id,
      actorEmail: user.email,
      studentId: note.studentId,
      targetType: 'note',
      targetId: noteId,
      ip,
    });
  });
}

/** Each goal's graph as it stood at the end of the note's period, for the PDF. */
export async function noteCharts(db: Db, note: NoteDetail) {
  const charts = new Map<number, { chart: GoalChart; caption: string }>();
  const goals = await db.goal.findMany({ where: { id: { in: note.goals.map((g) => g.goalId) } } });
  for (const goal of goals) {
    // A note has a handful of goals: one series query each is bounded.
    const series = await goalSeries(db, goal.id);
    const chart = goalChart(
      goal,
      series.points.filter((p) => p.date <= note.periodEnd),
      series.changes,
    );
    charts.set(goal.id, { chart, caption: chartCaption(goal, chart) });
  }
  return charts;
}

export function notesForStudent(db: Db, user: CurrentUser, studentId: number) {
  return db.progressNote.findMany({
    where: { AND: [{ studentId }, noteScope(user)] },
    orderBy: [{ periodEnd: 'desc' }, { id: 'desc' }],
    take: 20,
    select: {
      id: true,
      title: true,
      status: true,
      periodEnd: true,
      sharedAt: true,
      finalizedAt: true,
      replacesId: true,
      replacedBy: { select: { id: true } },
    },
  });
}
