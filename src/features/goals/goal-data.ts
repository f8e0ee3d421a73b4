// A goal's data points, newest first, paged in the database. Points from voided sessions count nowhere.
import type { Db } from '../../db/client.js';
import { reads } from '../../db/reads.js';
import type { Caller } from '../../access/loaders.js';
import { recordBy } from '../audit/audit.service.js';
import { viewableGoal } from './goals.service.js';
import { copyCountsText } from '../sessions/counts.js';

type PointRow = {
  id: number;
  date: Date;
  value: number;
  correct: number | null;
  incorrect: number | null;
  cued: number | null;
  sessionId: number;
};

/** A goal's points that count: the goal page's reads skip Prisma (db/reads.ts). A point's row in its
 *  session is joined only for the page of the table, which links to the session: the count and
 *  the graph read the goal's index alone (every point has its row: a required key, cascaded). */
const countedPoints = `FROM "DataPoint" p WHERE p."goalId" = ? AND ${copyCountsText('p')}`;

export async function goalDataPage(db: Db, goalId: number, page: { skip: number; take: number }) {
  const [rows, counted] = await Promise.all([
    reads(db).all<PointRow>(
      `SELECT p."id", p."date", p."value", p."correct", p."incorrect", p."cued", r."sessionId"
       FROM "DataPoint" p JOIN "SessionStudent" r ON r."id" = p."sessionStudentId"
       WHERE p."goalId" = ? AND ${copyCountsText('p')}
       ORDER BY p."date" DESC, p."id" DESC LIMIT ? OFFSET ?`,
      [goalId, page.take, page.skip],
    ),
    reads(db).get<{ total: number }>(`SELECT COUNT(*) AS "total" ${countedPoints}`, [goalId]),
  ]);
  const points = rows.map(({ sessionId, ...point }) => ({ ...point, sessionStudent: { sessionId } }));
  return { points, total: counted?.total ?? 0 };
}

/** Every point of a goal, oldest first, for its graph (a year of weekly data is ~50 points),
 *  with the changes of approach and, as context, teachers' word on the goal's strategies. */
export async function goalSeries(db: Db, goalId: number) {
  const [points, changes, feedback] = await Promise.all([
    reads(db).all<Omit<PointRow, 'id' | 'sessionId'>>(
      `SELECT p."date", p."value", p."correct", p."incorrect", p."cued" ${countedPoints} ORDER BY p."date", p."id"`,
      [goalId],
    ),
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
