// A therapist's workload: direct minutes with students and indirect time, week by week.
import type { z } from 'zod';
import { addDays } from '../../calendar/dates.js';
import type { Db } from '../../db/client.js';
import type { IndirectActivity } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../access/current-user.js';
import { loadOwn } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import type { indirectForm } from './workload.schema.js';
import { reads } from '../../db/reads.js';
import { sessionCountsText } from '../sessions/counts.js';

export async function logIndirect(db: Db, user: CurrentUser, input: z.output<ReturnType<typeof indirectForm>>) {
  await db.indirectTime.create({
    data: { providerId: user.id, date: input.date, minutes: input.minutes, activity: input.activity as IndirectActivity, note: input.note },
  });
}

export async function removeIndirect(db: Db, caller: Caller, id: number) {
  await loadOwn(db, caller, 'time', id, 'time.log', (w) => db.indirectTime.findFirst({ where: { id: w.id, providerId: w.owner } }));
  await db.indirectTime.delete({ where: { id } });
}

/**
 * The week's totals in one statement that skips Prisma (db/reads.ts), for Home on every view:
 * direct minutes and sessions (given, not voided) and indirect minutes.
 */
export async function weekTotals(db: Db, userId: number, start: Date) {
  const end = addDays(start, 7);
  const sessions = `FROM "SessionLog" s WHERE s."providerId" = ? AND s."date" >= ? AND s."date" < ? AND ${sessionCountsText('s')}`;
  const row = await reads(db).get<{ directMinutes: number; sessions: number; indirectMinutes: number }>(
    `SELECT (SELECT COALESCE(SUM(s."minutes"), 0) ${sessions}) AS "directMinutes",
            (SELECT COUNT(*) ${sessions}) AS "sessions",
            (SELECT COALESCE(SUM(t."minutes"), 0) FROM "IndirectTime" t WHERE t."providerId" = ? AND t."date" >= ? AND t."date" < ?) AS "indirectMinutes"`,
    [userId, start, end, userId, start, end, userId, start, end],
  );
  return { start, end, directMinutes: row?.directMinutes ?? 0, sessions: row?.sessions ?? 0, indirectMinutes: row?.indirectMinutes ?? 0 };
}

/** The week's time: its totals, indirect minutes by activity, and the indirect entries, in 3 queries. */
export async function weekSummary(db: Db, userId: number, start: Date) {
  const end = addDays(start, 7);
  const [totals, indirect, entries] = await Promise.all([
    weekTotals(db, userId, start),
    db.indirectTime.groupBy({ by: ['activity'], where: { providerId: userId, date: { gte: start, lt: end } }, _sum: { minutes: true } }),
    db.indirectTime.findMany({ where: { providerId: userId, date: { gte: start, lt: end } }, orderBy: [{ date: 'desc' }, { id: 'desc' }] }),
  ]);
  return {
    start,
    end,
    directMinutes: totals.directMinutes,
    sessions: totals.sessions,
    indirect: indirect.map((row) => ({ activity: row.activity, minutes: row._sum.minutes ?? 0 })),
    indirectTotal: totals.indirectMinutes,
    entries,
  };
}
