// Goals: each belongs to a student and is changed only by those who may edit the student.
// A revision keeps the old wording and numbers as a version.
import type { Db, Prisma } from '../../db/client.js';
import type { GoalArea, GoalStatus, Measurement } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../web/auth.js';
import { Conflict, NotFound } from '../../web/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { studentScope } from '../students/students.scope.js';
import { editableStudent } from '../students/students.write.js';
import { goalBank } from './goal-bank.js';
import { objectiveLines } from './goals.schema.js';
import type { GoalInput } from './goals.schema.js';

function goalData(input: GoalInput) {
  const { objectives: _objectives, area, measurement, ...rest } = input;
  return { ...rest, area: area as GoalArea, measurement: measurement as Measurement };
}

/** A goal the user may see: its student is in their scope. Teachers do not see goal details yet. */
export async function viewableGoal(db: Db, user: CurrentUser, goalId: number) {
  if (user.role === 'teacher') throw new NotFound();
  const goal = await db.goal.findFirst({
    where: { id: goalId, student: studentScope(user) },
    include: {
      student: { select: { id: true, firstName: true, lastName: true, preferredName: true } },
      objectives: { orderBy: { position: 'asc' } },
      versions: { orderBy: { version: 'desc' } },
    },
  });
  if (!goal) throw new NotFound();
  return goal;
}

export async function createGoal(db: Db, user: CurrentUser, studentId: number, input: GoalInput, ip: string | undefined): Promise<number> {
  await editableStudent(db, user, studentId);
  return db.$transaction(async (tx) => {
    const goal = await tx.goal.create({
      data: {
        ...goalData(input),
        studentId,
        objectives: { create: objectiveLines(input.objectives).map((text, position) => ({ text, position })) },
      },
    });
    await recordAudit(tx, {
      action: 'student.goal.added',
      actorId: user.id,
      actorEmail: user.email,
      studentId,
      targetType: 'goal',
      targetId: goal.id,
      ip,
    });
    return goal.id;
  });
}

export async function reviseGoal(
  db: Db,
  user: CurrentUser,
  goalId: number,
  version: number,
  input: GoalInput,
  ip: string | undefined,
): Promise<void> {
  const goal = await viewableGoal(db, user, goalId);
  await editableStudent(db, user, goal.studentId);
  await db.$transaction(async (tx) => {
    const current = await tx.goal.findUnique({ where: { id: goalId }, include: { objectives: { orderBy: { position: 'asc' } } } });
    if (!current || current.version !== version) throw new Conflict();
    const { count } = await tx.goal.updateMany({ where: { id: goalId, version }, data: { ...goalData(input), version: { increment: 1 } } });
    if (count === 0) throw new Conflict();
    await tx.goalVersion.create({ data: { goalId, version, snapshot: JSON.stringify(snapshotOf(current)), changedById: user.id } });
    await tx.goalObjective.deleteMany({ where: { goalId } });
    await tx.goalObjective.createMany({ data: objectiveLines(input.objectives).map((text, position) => ({ goalId, text, position })) });
    await recordAudit(tx, {
      action: 'student.goal.revised',
      actorId: user.id,
      actorEmail: user.email,
      studentId: goal.studentId,
      targetType: 'goal',
      targetId: goalId,
      ip,
      detail: { fromVersion: version },
    });
  });
}

export async function setGoalStatus(
  db: Db,
  user: CurrentUser,
  goalId: number,
  status: GoalStatus,
  version: number,
  ip: string | undefined,
) {
  const goal = await viewableGoal(db, user, goalId);
  await editableStudent(db, user, goal.studentId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.goal.updateMany({ where: { id: goalId, version }, data: { status, version: { increment: 1 } } });
    if (count === 0) throw new Conflict();
    await recordAudit(tx, {
      action: 'student.goal.status',
      actorId: user.id,
      actorEmail: user.email,
      studentId: goal.studentId,
      targetType: 'goal',
      targetId: goalId,
      ip,
      detail: { status },
    });
  });
}

type GoalWithObjectives = Prisma.GoalGetPayload<{ include: { objectives: true } }>;

/** What a version keeps: the wording and numbers as they stood. */
export function snapshotOf(goal: GoalWithObjectives) {
  return {
    area: goal.area,
    statement: goal.statement,
    measurement: goal.measurement,
    baselineValue: goal.baselineValue,
    baselineDate: goal.baselineDate.toISOString().slice(0, 10),
    targetCriterion: goal.targetCriterion,
    targetValue: goal.targetValue,
    startDate: goal.startDate.toISOString().slice(0, 10),
    targetDate: goal.targetDate.toISOString().slice(0, 10),
    status: goal.status,
    objectives: goal.objectives.map((o) => o.text),
  };
}

export type GoalSnapshot = ReturnType<typeof snapshotOf>;

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
    orderBy: { createdAt: 'desc' },
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

export async function removeOwnTemplate(db: Db, user: CurrentUser, id: number) {
  const { count } = await db.goalTemplate.deleteMany({ where: { id, ownerId: user.id } });
  if (count === 0) throw new NotFound();
}
