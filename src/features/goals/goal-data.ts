// A goal's data points, newest first, paged in the database.
import type { Db } from '../../db/client.js';

export async function goalDataPage(db: Db, goalId: number, page: { skip: number; take: number }) {
  const [points, total] = await Promise.all([
    db.dataPoint.findMany({
      where: { goalId },
      orderBy: [{ date: 'desc' }, { id: 'desc' }],
      skip: page.skip,
      take: page.take,
      select: { id: true, date: true, value: true, correct: true, incorrect: true, cued: true, sessionStudent: { select: { sessionId: true } } },
    }),
    db.dataPoint.count({ where: { goalId } }),
  ]);
  return { points, total };
}
