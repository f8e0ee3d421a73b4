// A finalised progress note keeps what it said. Its text is stored; its graphs are drawn again
// for each PDF, so they are drawn from the data as it stood when the note was finalised:
//
// - a session logged after finalising is left out (even when its date falls in the period);
// - a session corrected or voided after finalising counts as it stood then: every change keeps
//   the version it replaced (SessionLogVersion), so the earliest version replaced after
//   finalising is the session as the note saw it;
// - a session voided before finalising was left out then, and still is.
//
// Nothing new is stored at finalising: the versions already hold the history.
import type { Db } from '../../db/client.js';
import { countsWhere } from '../sessions/counts.js';
import { readSnapshot } from '../sessions/record.service.js';

/** A data point with its tally of tries, when the session kept one (levels.ts says "5 of 10 tries" from it). */
export type Point = { date: Date; value: number; correct?: number | null; incorrect?: number | null; cued?: number | null };

/** Each goal's data points (oldest first) as they stood at `finalizedAt`, for one student's goals. */
export async function seriesAsFinalised(db: Db, studentId: number, goalIds: number[], finalizedAt: Date): Promise<Map<number, Point[]>> {
  const series = new Map<number, Point[]>(goalIds.map((id) => [id, []]));
  if (goalIds.length === 0) return series;
  const unchangedSince = { createdAt: { lte: finalizedAt }, versions: { none: { createdAt: { gt: finalizedAt } } } };
  // The student's sessions by the student's index: asked of the sessions with a relation filter
  // ("one of its students is this one"), SQLite went through every session of the district.
  const sessionIds = (await db.sessionStudent.findMany({ where: { studentId }, select: { sessionId: true } })).map((r) => r.sessionId);
  const [points, changed] = await Promise.all([
    // Sessions that count now and have not changed since: their points as they are.
    db.dataPoint.findMany({
      where: { goalId: { in: goalIds }, sessionStudent: { session: { ...countsWhere, ...unchangedSince } } },
      select: { goalId: true, date: true, value: true, correct: true, incorrect: true, cued: true },
    }),
    // Sessions of this student changed since (corrected or voided): the version replaced first after finalising.
    db.sessionLog.findMany({
      where: { id: { in: sessionIds }, createdAt: { lte: finalizedAt }, versions: { some: { createdAt: { gt: finalizedAt } } } },
      select: { versions: { where: { createdAt: { gt: finalizedAt } }, orderBy: { version: 'asc' }, take: 1, select: { snapshot: true } } },
    }),
  ]);
  for (const p of points)
    series.get(p.goalId)?.push({ date: p.date, value: p.value, correct: p.correct, incorrect: p.incorrect, cued: p.cued });
  for (const session of changed) {
    const then = readSnapshot(session.versions[0]!.snapshot);
    for (const row of then.students.filter((s) => s.studentId === studentId))
      for (const p of row.dataPoints)
        series.get(p.goalId)?.push({ date: new Date(p.date), value: p.value, correct: p.correct, incorrect: p.incorrect, cued: p.cued });
  }
  for (const list of series.values()) list.sort((a, b) => a.date.getTime() - b.date.getTime());
  return series;
}
