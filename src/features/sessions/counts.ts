// Which sessions count. A voided session stays as a record, but its minutes and its data count
// nowhere: every query that sums minutes or lists data points filters through these fragments,
// so "counts" is decided here once.
import type { Prisma } from '../../db/client.js';
import { Prisma as Sql } from '../../generated/prisma/client.js';

/** A session that counts: not voided. */
export const countsWhere = { voidedAt: null } as const satisfies Prisma.SessionLogWhereInput;

/** The same in SQL, for the reads written in SQL (db/reads.ts): `alias` names the SessionLog table. */
export function sessionCountsText(alias: 's' | 'session'): string {
  return `${alias}."voidedAt" IS NULL`;
}

/**
 * The same read from a student's row or a data point (`alias` names SessionStudent or DataPoint):
 * the database keeps a copy of whether the session was voided on each (its triggers, migration
 * 20261201112102), so a student's sessions and a goal's points are read by their own indexes
 * without reading each session's row.
 */
export function copyCountsText(alias: 'r' | 'p'): string {
  return `${alias}."sessionVoided" = FALSE`;
}

/** The same for Prisma's tagged raw queries. */
export function sessionCountsSql(alias: 's' | 'session'): Prisma.Sql {
  return Sql.raw(sessionCountsText(alias));
}

/** A student's row in a session that counts. */
export const rowCountsWhere = { session: countsWhere } as const satisfies Prisma.SessionStudentWhereInput;

/** A data point from a session that counts. */
export const pointCountsWhere = { sessionStudent: rowCountsWhere } as const satisfies Prisma.DataPointWhereInput;

/** The minutes a student had in a session: their own when they had fewer (left early), else the session's. */
export function effectiveMinutes(row: { minutes: number | null }, session: { minutes: number }): number {
  return row.minutes ?? session.minutes;
}
