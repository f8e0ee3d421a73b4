// Classroom strategies: the library (ours and each therapist's own), assigning them to a
// student, and teachers saying whether they tried them and whether they helped.
import type { z } from 'zod';
import type { Db, Prisma } from '../../db/client.js';
import { placeholders, reads } from '../../db/reads.js';
import type { GoalArea } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../access/current-user.js';
import { loadAssignment, loadOwn } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { Invalid } from '../../web/errors.js';
import { recordBy } from '../audit/audit.service.js';
import { studentScopeSql } from '../../access/scope.js';
import { editableStudent } from '../students/students.write.js';
import { goalAreas } from '../goals/goal-areas.js';
import type { Strategy } from './library.js';
import { strategyLibrary } from './library.js';
import type { assignForm, feedbackForm, ownStrategyForm } from './strategies.schema.js';

export type ShownStrategy = Strategy & { own: boolean };

function fromOwn(o: { id: number; area: GoalArea; title: string; why: string; how: string; materials: string }): ShownStrategy {
  return {
    key: `own-${o.id}`,
    areas: [o.area],
    title: o.title,
    why: o.why,
    how: o.how
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    materials: o.materials || 'None',
    own: true,
  };
}

/** The library a therapist sees: their own strategies first, then Tandem's, filtered. */
export async function searchLibrary(db: Db, user: CurrentUser, filters: { q: string; area?: string }) {
  // On every student page of a therapist, so it skips Prisma (db/reads.ts).
  const rows = await reads(db).all<{ id: number; area: GoalArea; title: string; why: string; how: string; materials: string }>(
    'SELECT "id", "area", "title", "why", "how", "materials" FROM "OwnStrategy" WHERE "ownerId" = ? ORDER BY "createdAt" DESC, "id" DESC',
    [user.id],
  );
  const own = rows.map(fromOwn);
  const all = [...own, ...strategyLibrary.map((s) => ({ ...s, own: false }))];
  return all.filter(
    (s) =>
      (!filters.area || s.areas.includes(filters.area as GoalArea)) &&
      (!filters.q || `${s.title} ${s.why} ${s.how.join(' ')} ${s.materials}`.toLowerCase().includes(filters.q)),
  );
}

/** Strategies by key, for the keys a student's assignments name. One query for the own ones. */
async function strategiesByKey(db: Db, keys: string[]): Promise<Map<string, ShownStrategy>> {
  const map = new Map<string, ShownStrategy>();
  for (const s of strategyLibrary) if (keys.includes(s.key)) map.set(s.key, { ...s, own: false });
  const ownIds = keys.filter((k) => k.startsWith('own-')).map((k) => Number(k.slice(4)));
  if (ownIds.length) for (const o of await db.ownStrategy.findMany({ where: { id: { in: ownIds } } })) map.set(`own-${o.id}`, fromOwn(o));
  return map;
}

export async function addOwnStrategy(db: Db, user: CurrentUser, input: z.output<typeof ownStrategyForm>) {
  await db.ownStrategy.create({
    data: {
      ownerId: user.id,
      area: input.area as GoalArea,
      title: input.title,
      why: input.why,
      how: input.how,
      materials: input.materials ?? '',
    },
  });
}

/** A strategy the caller wrote. */
export function ownStrategy(db: Db, caller: Caller, id: number) {
  return loadOwn(db, caller, 'strategy', id, 'strategy.own', (w) => db.ownStrategy.findFirst({ where: { id: w.id, ownerId: w.owner } }));
}

export async function updateOwnStrategy(db: Db, caller: Caller, id: number, input: z.output<typeof ownStrategyForm>) {
  await ownStrategy(db, caller, id);
  await db.ownStrategy.update({
    where: { id },
    data: { area: input.area as GoalArea, title: input.title, why: input.why, how: input.how, materials: input.materials ?? '' },
  });
}

export async function assignStrategy(db: Db, caller: Caller, studentId: number, input: z.output<typeof assignForm>) {
  await editableStudent(db, caller, studentId, 'strategy.assign');
  const known = input.strategyKey.startsWith('own-')
    ? await db.ownStrategy.findFirst({ where: { id: Number(input.strategyKey.slice(4)), ownerId: caller.user.id }, select: { id: true } })
    : strategyLibrary.find((s) => s.key === input.strategyKey);
  if (!known) throw new Invalid({ strategyKey: 'Choose a strategy from the library' });
  if (input.goalId !== null && !(await db.goal.findFirst({ where: { id: input.goalId, studentId }, select: { id: true } }))) {
    throw new Invalid({ goalId: "Choose one of this student's goals" });
  }
  await db.$transaction(async (tx) => {
    const a = await tx.studentStrategy.create({
      data: {
        studentId,
        strategyKey: input.strategyKey,
        goalId: input.goalId,
        noteForTeacher: input.noteForTeacher,
        assignedById: caller.user.id,
      },
    });
    await recordBy(tx, caller, { action: 'student.strategy.assigned', studentId, targetType: 'strategy', targetId: a.id });
  });
}

export async function removeAssignment(db: Db, caller: Caller, studentId: number, assignmentId: number) {
  await loadAssignment(db, caller, studentId, assignmentId, 'strategy.assign');
  await db.$transaction(async (tx) => {
    await tx.studentStrategy.update({ where: { id: assignmentId }, data: { active: false } });
    await recordBy(tx, caller, { action: 'student.strategy.removed', studentId, targetType: 'strategy', targetId: assignmentId });
  });
}

type Assignment = Prisma.StudentStrategyGetPayload<object> & { goalArea: GoalArea | null };
type Feedback = Prisma.StrategyFeedbackGetPayload<object> & { teacherName: string };

/** Feedback shown with each strategy: its newest few. */
const FEEDBACK_SHOWN = 3;

/**
 * A student's current strategies with their latest feedback, for anyone who may see the student.
 * Two statements that skip Prisma (db/reads.ts), the second only when there are strategies:
 * through Prisma's includes it took four, two of them with nothing to look for.
 */
export async function studentStrategies(db: Db, user: CurrentUser, studentId: number) {
  const scope = studentScopeSql(user, 'a."studentId"');
  const assignments = await reads(db).all<Assignment>(
    `SELECT a.*, g."area" AS "goalArea" FROM "StudentStrategy" a LEFT JOIN "Goal" g ON g."id" = a."goalId"
     WHERE a."studentId" = ? AND a."active" = ? AND ${scope.sql}
     ORDER BY a."createdAt", a."id"`,
    [studentId, true, ...scope.params],
  );
  if (assignments.length === 0) return [];
  const ids = assignments.map((a) => a.id);
  const [feedback, library] = await Promise.all([
    reads(db).all<Feedback>(
      `SELECT "id", "studentStrategyId", "teacherId", "tried", "helped", "comment", "createdAt", "teacherName" FROM (
         SELECT f.*, u."name" AS "teacherName",
                ROW_NUMBER() OVER (PARTITION BY f."studentStrategyId" ORDER BY f."createdAt" DESC, f."id" DESC) AS "newest"
         FROM "StrategyFeedback" f JOIN "User" u ON u."id" = f."teacherId"
         WHERE f."studentStrategyId" IN (${placeholders(ids.length)})) AS latest
       WHERE "newest" <= ${FEEDBACK_SHOWN} ORDER BY "createdAt" DESC, "id" DESC`,
      ids,
    ),
    strategiesByKey(
      db,
      assignments.map((a) => a.strategyKey),
    ),
  ]);
  return assignments.flatMap(({ goalArea, ...a }) => {
    const strategy = library.get(a.strategyKey);
    if (!strategy) return [];
    const goal = a.goalId !== null && goalArea !== null ? { id: a.goalId, area: goalArea } : null;
    const latest = feedback
      .filter((f) => f.studentStrategyId === a.id)
      .map(({ teacherName, ...f }) => ({ ...f, teacher: { name: teacherName } }));
    return [{ ...a, goal, feedback: latest, strategy }];
  });
}

/** A teacher says whether they tried a strategy and whether it helped. Only the student's teachers may. */
export async function giveFeedback(db: Db, caller: Caller, studentId: number, assignmentId: number, input: z.output<typeof feedbackForm>) {
  await loadAssignment(db, caller, studentId, assignmentId, 'strategy.feedback');
  await db.$transaction(async (tx) => {
    await tx.strategyFeedback.create({
      data: {
        studentStrategyId: assignmentId,
        teacherId: caller.user.id,
        tried: input.tried === 'yes',
        helped: input.helped,
        comment: input.comment,
      },
    });
    await recordBy(tx, caller, { action: 'student.strategy.feedback', studentId, targetType: 'strategy', targetId: assignmentId });
  });
}

/**
 * The strategy picker for one student: the library searched by words and area, grouped by area in
 * the library's order, and the student's active goals to tie a strategy to. The caller must be
 * able to assign strategies to this student (out of scope is not found).
 */
export async function strategyPicker(db: Db, caller: Caller, studentId: number, filters: { q: string; area?: string }) {
  const student = await editableStudent(db, caller, studentId, 'strategy.assign');
  const [found, goals] = await Promise.all([
    searchLibrary(db, caller.user, filters),
    db.goal.findMany({ where: { studentId, status: 'active' }, orderBy: { id: 'asc' }, select: { id: true, area: true } }),
  ]);
  const groups = goalAreas
    .map((area) => ({ area, strategies: found.filter((s) => s.areas[0] === area.value) }))
    .filter((g) => g.strategies.length > 0);
  return { student, groups, goals, count: found.length };
}
