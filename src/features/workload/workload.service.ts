// A therapist's workload: direct minutes with students and indirect time, week by week.
import type { z } from 'zod';
import { addDays } from '../../calendar/dates.js';
import type { Db } from '../../db/client.js';
import type { IndirectActivity } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../access/current-user.js';
import { loadOwn } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import type { indirectForm } from './workload.schema.js';
import { countsWhere } from '../sessions/counts.js';

export async function logIndirect(db: Db, user: CurrentUser, input: z.output<ReturnType<typeof indirectForm>>) {
  await db.indirectTime.create({
    data: { providerId: user.id, date: input.date, minutes: input.minutes, activity: input.activity as IndirectActivity, note: input.note },
  });
}

export async function removeIndirect(db: Db, caller: Caller, id: number) {
  await loadOwn(db, caller, 'time', id, 'time.log', (w) => db.indirectTime.findFirst({ where: { id: w.id, providerId: w.owner } }));
  await db.indirectTime.delete({ where: { id } });
}

/** The week's time: direct minutes (sessions given, not voided) and indirect minutes by activity, in 3 queries. */
export async function weekSummary(db: Db, userId: number, start: Date) {
  const end = addDays(start, 7);
  const [direct, indirect, entries] = await Promise.all([
    db.sessionLog.aggregate({
      where: { providerId: userId, date: { gte: start, lt: end }, ...countsWhere },
      _sum: { minutes: true },
      _count: true,
    }),
    db.indirectTime.groupBy({ by: ['activity'], where: { providerId: userId, date: { gte: start, lt: end } }, _sum: { minutes: true } }),
    db.indirectTime.findMany({ where: { providerId: userId, date: { gte: start, lt: end } }, orderBy: [{ date: 'desc' }, { id: 'desc' }] }),
  ]);
  const indirectTotal = indirect.reduce((sum, row) => sum + (row._sum.minutes ?? 0), 0);
  return {
    start,
    end,
    directMinutes: direct._sum.minutes ?? 0,
    sessions: direct._count,
    indirect: indirect.map((row) => ({ activity: row.activity, minutes: row._sum.minutes ?? 0 })),
    indirectTotal,
    entries,
  };
}
