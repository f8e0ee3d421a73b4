// A goal's data points, newest first, paged in the database. Points from voided sessions count nowhere.
import type { Db } from '../../db/client.js';
import type { Caller } from '../../access/loaders.js';
import { recordBy } from '../audit/audit.service.js';
import { viewableGoal } from './goals.service.js';
import { pointCountsWhere } from '../sessions/counts.js';

export async function goalDataPage(db: Db, goalId: number, page: { skip: number; take: number }) {
  const where = { goalId, ...pointCountsWhere };
  const [points, total] = await Promise.all([
    db.dataPoint.findMany({
      where,
      orderBy: [{ date: 'desc' }, { id: 'desc' }],
      skip: page.skip,
      take: page.take,
      select: {
        id: true,
        date: true,
        value: true,
        correct: true,
        incorrect: true,
        cued: true,
        sessionStudent: { select: { sessionId: true } },
      },
    }),
    db.dataPoint.count({ where }),
  ]);
  return { points, total };
}

/** Every point of a goal, oldest first, for its graph (a year of weekly data is ~50 points),
 *  with the changes of approach and, as context, teachers' word on the goal's strategies. */
export async function goalSeries(db: Db, goalId: number) {
  const [points, changes, feedback] = await Promise.all([
    db.dataPoint.findMany({
      where: { goalId, ...pointCountsWhere },
      orderBy: [{ date: 'asc' }, { id: 'asc' }],
      select: { date: true, value: true, correct: true, incorrect: true, cued: true },
    }),
    db.approachChange.findMany({
      where: { goalId },
      orderBy: [{ date: 'asc' }, { id: 'asc' }],
      select: { id: true, date: true, label: true },
    }),
    db.strategyFeedback.findMany({
      where: { studentStrategy: { goalId } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { createdAt: true, tried: true, helped: true },
    }),
  ]);
  const said = feedback.map((f) => ({
    date: f.createdAt,
    label: `Teacher: ${!f.tried ? 'not tried yet' : f.helped === 'yes' ? 'strategy helps' : f.helped === 'no' ? 'strategy not helping' : 'tried it'}`,
  }));
  return { points, changes: [...changes, ...said].sort((a, b) => a.date.getTime() - b.date.getTime()) };
}

export async function addApproachChange(db: Db, caller: Caller, goalId: number, input: { date: Date; label: string }) {
  const goal = await viewableGoal(db, caller, goalId, 'goal.change');
  await db.$transaction(async (tx) => {
    const change = await tx.approachChange.create({ data: { goalId, date: input.date, label: input.label } });
    await recordBy(tx, caller, {
      action: 'student.goal.change_marked',
      studentId: goal.studentId,
      targetType: 'goal',
      targetId: goalId,
      detail: { change: change.id },
    });
  });
}
