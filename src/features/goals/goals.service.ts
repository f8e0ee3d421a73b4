// Goals: each belongs to a student and is changed only by those who may edit the student.
// A revision keeps the old wording and numbers as a version.
import { dayKey } from '../../calendar/dates.js';
import type { Db, Prisma } from '../../db/client.js';
import type { GoalArea, GoalStatus, Measurement } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../access/current-user.js';
import { loadGoal, loadOwn } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import type { Action } from '../../access/policy.js';
import { Conflict } from '../../web/errors.js';
import { recordBy } from '../audit/audit.service.js';
import { editableStudent } from '../students/students.write.js';
import { goalBank } from './goal-bank.js';
import { objectiveLines } from './goals.schema.js';
import type { GoalInput } from './goals.schema.js';

function goalData(input: GoalInput) {
  const { objectives: _objectives, area, measurement, ...rest } = input;
  return { ...rest, area: area as GoalArea, measurement: measurement as Measurement };
}

/** A goal the caller may see (goal.view) or change (goal.change): its student is in their scope. */
export function viewableGoal(db: Db | Prisma.TransactionClient, caller: Caller, goalId: number, action: Action = 'goal.view') {
  return loadGoal(db, caller, goalId, action, (where) =>
    db.goal.findFirst({
      where,
      include: {
        student: { select: { id: true, firstName: true, lastName: true, preferredName: true } },
        objectives: { orderBy: { position: 'asc' } },
        versions: { orderBy: { version: 'desc' } },
      },
    }),
  );
}

export async function createGoal(db: Db, caller: Caller, studentId: number, input: GoalInput): Promise<number> {
  await editableStudent(db, caller, studentId, 'goal.change');
  return db.$transaction(async (tx) => {
    const goal = await tx.goal.create({
      data: {
        ...goalData(input),
        studentId,
        objectives: { create: objectiveLines(input.objectives).map((text, position) => ({ text, position })) },
      },
    });
    await recordBy(tx, caller, { action: 'student.goal.added', studentId, targetType: 'goal', targetId: goal.id });
    return goal.id;
  });
}

export async function reviseGoal(db: Db, caller: Caller, goalId: number, version: number, input: GoalInput): Promise<void> {
  const goal = await viewableGoal(db, caller, goalId, 'goal.change');
  await db.$transaction(async (tx) => {
    const current = await tx.goal.findUnique({ where: { id: goalId }, include: { objectives: { orderBy: { position: 'asc' } } } });
    if (!current || current.version !== version) throw new Conflict();
    const { count } = await tx.goal.updateMany({ where: { id: goalId, version }, data: { ...goalData(input), version: { increment: 1 } } });
    if (count === 0) throw new Conflict();
    await tx.goalVersion.create({ data: { goalId, version, snapshot: JSON.stringify(snapshotOf(current)), changedById: caller.user.id } });
    await tx.goalObjective.deleteMany({ where: { goalId } });
    await tx.goalObjective.createMany({ data: objectiveLines(input.objectives).map((text, position) => ({ goalId, text, position })) });
    await recordBy(tx, caller, {
      action: 'student.goal.revised',
      studentId: goal.studentId,
      targetType: 'goal',
      targetId: goalId,
      detail: { fromVersion: version },
    });
  });
}

export async function setGoalStatus(db: Db, caller: Caller, goalId: number, status: GoalStatus, version: number) {
  const goal = await viewableGoal(db, caller, goalId, 'goal.change');
  await db.$transaction(async (tx) => {
    const { count } = await tx.goal.updateMany({ where: { id: goalId, version }, data: { status, version: { increment: 1 } } });
    if (count === 0) throw new Conflict();
    await recordBy(tx, caller, {
      action: 'student.goal.status',
      studentId: goal.studentId,
      targetType: 'goal',
      targetId: goalId,
      detail: { status },
    });
  });
}

type GoalWithObjectives = Prisma.GoalGetPayload<{ include: { objectives: true } }>;

/** What a version keeps: the wording and numbers as they stood. */
function snapshotOf(goal: GoalWithObjectives) {
  return {
    area: goal.area,
    statement: goal.statement,
    measurement: goal.measurement,
    baselineValue: goal.baselineValue,
    baselineDate: dayKey(goal.baselineDate),
    targetCriterion: goal.targetCriterion,
    targetValue: goal.targetValue,
    startDate: dayKey(goal.startDate),
    targetDate: dayKey(goal.targetDate),
    status: goal.status,
    objectives: goal.objectives.map((o) => o.text),
  };
}

/** The form's values for a goal, or a template from the bank. */
export function goalFormValues(goal: GoalWithObjectives): Record<string, unknown> {
  const s = snapshotOf(goal);
  return {
    ...s,
    baselineValue: String(s.baselineValue),
    targetValue: String(s.targetValue),
    objectives: s.objectives.join('\n'),
    version: String(goal.version),
  };
}

export async function templatesFor(db: Db, user: CurrentUser, area: string | null) {
  const own = await db.goalTemplate.findMany({
    where: { ownerId: user.id, area: (area as GoalArea) ?? undefined },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const ours = goalBank.filter((t) => !area || t.area === area);
  return { own, ours };
}

export async function templateText(
  db: Db,
  user: CurrentUser,
  key: string,
): Promise<{ area: string; measurement: string; text: string } | null> {
  const ours = goalBank.find((t) => t.key === key);
  if (ours) return ours;
  if (!/^own-\d{1,10}$/.test(key)) return null;
  return db.goalTemplate.findFirst({ where: { id: Number(key.slice(4)), ownerId: user.id } });
}

export async function addOwnTemplate(db: Db, user: CurrentUser, input: { area: string; measurement: string; text: string }) {
  await db.goalTemplate.create({
    data: { area: input.area as GoalArea, measurement: input.measurement as Measurement, text: input.text, ownerId: user.id },
  });
}

export async function removeOwnTemplate(db: Db, caller: Caller, id: number) {
  await loadOwn(db, caller, 'template', id, 'goalbank.use', (w) => db.goalTemplate.findFirst({ where: { id: w.id, ownerId: w.owner } }));
  await db.goalTemplate.delete({ where: { id } });
}
