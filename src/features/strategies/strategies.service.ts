// Classroom strategies: the library (ours and each therapist's own), assigning them to a
// student, and teachers saying whether they tried them and whether they helped.
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { GoalArea } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../access/current-user.js';
import { loadAssignment, loadOwn } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { Invalid } from '../../web/errors.js';
import { recordBy } from '../audit/audit.service.js';
import { studentScope } from '../../access/scope.js';
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
  const newestFirst = [{ createdAt: 'desc' }, { id: 'desc' }] as const;
  const own = (await db.ownStrategy.findMany({ where: { ownerId: user.id }, orderBy: [...newestFirst] })).map(fromOwn);
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

/** A student's current strategies with their latest feedback, for anyone who may see the student. */
export async function studentStrategies(db: Db, user: CurrentUser, studentId: number) {
  const assignments = await db.studentStrategy.findMany({
    where: { studentId, active: true, student: studentScope(user) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: {
      goal: { select: { id: true, area: true } },
      feedback: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 3, include: { teacher: { select: { name: true } } } },
    },
  });
  const library = await strategiesByKey(
    db,
    assignments.map((a) => a.strategyKey),
  );
  return assignments.flatMap((a) => {
    const strategy = library.get(a.strategyKey);
    return strategy ? [{ ...a, strategy }] : [];
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
