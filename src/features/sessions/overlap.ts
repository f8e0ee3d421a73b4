// No duplicates: a student is in one session at a time. A session that overlaps another of the
// same student's sessions that counts (not voided), by the same provider or any other, is
// refused. Saving a new session and correcting one both ask here.
import type { Db } from '../../db/client.js';
import { endTime, minutesOfDay } from '../../calendar/dates.js';
import { credentialOf } from '../../labels.js';
import { Invalid } from '../../web/errors.js';
import { formatDate } from '../../web/view-helpers.js';
import { copyCountsText, effectiveMinutes } from './counts.js';
import { Prisma } from '../../generated/prisma/client.js';
import { placeholders } from '../../db/reads.js';
import type { Value } from '../../db/reads.js';
import type { WriteTx } from '../../db/writes.js';

type Client = Db | Prisma.TransactionClient;

export type OverlappingSession = {
  sessionId: number;
  studentId: number;
  studentName: string;
  date: Date;
  startTime: string;
  /** Counted from the start and the student's minutes in it. */
  endTime: string;
  providerName: string;
  providerCredential: string;
};

/** A read in SQL (db/reads.ts's form) and the values of its `?`s. */
type Query = { sql: string; params: Value[] };

/**
 * The students' rows in sessions that count on `date`, flat and small: this runs inside the saving
 * transaction. By the session's facts copied onto each row: the (student, date) index finds the
 * day's rows however long the students' histories are. `exceptSessionId` leaves out the session
 * being corrected.
 */
function sameDayRows(studentIds: number[], date: Date, exceptSessionId?: number): Query {
  return {
    sql: `SELECT r."id" AS "rowId", r."studentId", r."minutes", r."sessionStart" AS "startTime", r."sessionMinutes"
          FROM "SessionStudent" r
          WHERE r."studentId" IN (${placeholders(studentIds.length)}) AND r."sessionDate" = ? AND ${copyCountsText('r')}
          ${exceptSessionId === undefined ? '' : 'AND r."sessionId" <> ?'}`,
    params: [...studentIds, date, ...(exceptSessionId === undefined ? [] : [exceptSessionId])],
  };
}

type SameDayRow = { rowId: number; studentId: number; minutes: number | null; startTime: string; sessionMinutes: number };

/**
 * The rows among `sameDay` whose time overlaps [start, start + minutes). `minutes` is the new
 * session's, or for each student their own (a child who left a group early); the existing sessions
 * are compared with each student's minutes in them. Sessions that only touch (one ends at 10:00,
 * the next starts at 10:00) do not overlap.
 */
function overlapping(sameDay: SameDayRow[], start: string, minutes: number | ((studentId: number) => number)): number[] {
  const from = minutesOfDay(start);
  const lengthFor = (studentId: number) => (typeof minutes === 'number' ? minutes : minutes(studentId));
  return sameDay
    .filter((row) => {
      const theirs = minutesOfDay(row.startTime);
      const until = theirs + effectiveMinutes(row, { minutes: row.sessionMinutes });
      return from < until && theirs < from + lengthFor(row.studentId);
    })
    .map((row) => row.rowId);
}

/**
 * The sessions that count of these students on `date` whose time overlaps [start, start +
 * minutes), as overlapping() compares them. `exceptSessionId` leaves out the session being corrected.
 */
export async function overlappingSessions(
  db: Client,
  studentIds: number[],
  date: Date,
  start: string,
  minutes: number | ((studentId: number) => number),
  exceptSessionId?: number,
): Promise<OverlappingSession[]> {
  if (studentIds.length === 0) return [];
  const { sql, params } = sameDayRows(studentIds, date, exceptSessionId);
  const sameDay = await db.$queryRaw<SameDayRow[]>(new Prisma.Sql(sql.split('?'), params));
  return overlapDetails(db, overlapping(sameDay, start, minutes));
}

/** The sessions of these rows, with the names and times a refusal shows. */
export async function overlapDetails(db: Client, rowIds: number[]): Promise<OverlappingSession[]> {
  if (rowIds.length === 0) return [];
  const rows = await db.sessionStudent.findMany({
    where: { id: { in: rowIds } },
    orderBy: [{ session: { startTime: 'asc' } }, { id: 'asc' }],
    select: {
      studentId: true,
      minutes: true,
      student: { select: { firstName: true, lastName: true, preferredName: true } },
      session: {
        select: { id: true, date: true, startTime: true, minutes: true, provider: { select: { name: true, assistant: true } } },
      },
    },
  });
  return rows.map((row) => ({
    sessionId: row.session.id,
    studentId: row.studentId,
    studentName: `${row.student.preferredName || row.student.firstName} ${row.student.lastName}`,
    date: row.session.date,
    startTime: row.session.startTime,
    endTime: endTime(row.session.startTime, effectiveMinutes(row, row.session)),
    providerName: row.session.provider.name,
    providerCredential: credentialOf(row.session.provider),
  }));
}

/** "Ava Ng already has a session then: Nov 30, 2026, 09:30 to 10:00, with Maya Okafor, OTR/L." */
export function overlapMessage(found: OverlappingSession): string {
  return (
    `${found.studentName} already has a session then: ${formatDate(found.date)}, ${found.startTime} to ${found.endTime}, ` +
    `with ${found.providerName}, ${found.providerCredential}. Change the start time or the minutes, or open that session.`
  );
}

/** Refused because of an overlap: the message is beside the start time, and the sessions are linked. */
export class SessionOverlap extends Invalid {
  constructor(readonly sessions: OverlappingSession[]) {
    super({ startTime: overlapMessage(sessions[0]!) });
  }
}

/**
 * Throws SessionOverlap when any of these students already has a session at that time. Called
 * inside the transaction that saves the session: it first locks the students' rows, so two saves
 * for the same student take turns and the second sees the first. SQLite runs one transaction at a
 * time anyway; PostgreSQL's READ COMMITTED would let two concurrent checks both find nothing.
 */
export async function refuseOverlap(...args: Parameters<typeof overlappingSessions>): Promise<void> {
  const [tx, studentIds] = args;
  // In id order, so two saves of overlapping groups cannot lock in opposite orders and deadlock.
  for (const id of [...new Set(studentIds)].sort((a, b) => a - b)) {
    await tx.$executeRaw`UPDATE "Student" SET "version" = "version" WHERE "id" = ${id}`;
  }
  const found = await overlappingSessions(...args);
  if (found.length > 0) throw new SessionOverlap(found);
}

/**
 * The rows of these students' sessions that the new one would overlap, in a transaction of
 * db/writes.ts (the check of refuseOverlap, with its names and times read after the transaction,
 * by overlapDetails). On PostgreSQL the students' rows are locked first, in id order, as
 * refuseOverlap does; on SQLite the transaction already holds the database's one write lock.
 */
export async function overlapsIn(
  tx: WriteTx,
  studentIds: number[],
  date: Date,
  start: string,
  minutes: (studentId: number) => number,
): Promise<number[]> {
  const ids = [...new Set(studentIds)].sort((a, b) => a - b);
  if (ids.length === 0) return [];
  if (tx.dialect === 'postgresql') {
    await tx.all(`SELECT "id" FROM "Student" WHERE "id" IN (${placeholders(ids.length)}) ORDER BY "id" FOR UPDATE`, ids);
  }
  const { sql, params } = sameDayRows(ids, date);
  return overlapping(await tx.all<SameDayRow>(sql, params), start, minutes);
}
