// Minutes delivered against minutes due, for the pages that show them: the student page, the OT's
// home page. This module loads; the counting is in minutes.ts, so every page shows the same numbers.
//
// Access is the caller's job: pass only ids of students the signed-in user may see (a student
// loaded through its scoped loader, or a caseload read through studentScope). Nothing here checks.
import type { Db } from '../../db/client.js';
import { placeholders, reads } from '../../db/reads.js';
import type { Attendance, Delivery, MandatePeriod, ServiceType } from '../../generated/prisma/enums.js';
import { label } from '../../labels.js';
import { loadCalendars } from '../../calendar/school-calendar.js';
import { districtSettings } from '../admin/settings.service.js';
import type { DistrictSettings } from '../admin/settings.service.js';
import { copyCountsText, effectiveMinutes } from '../sessions/counts.js';
import { earliestNeeded, studentMinutes } from './minutes.js';
import type { MinutesKind, StudentMinutes } from './minutes.js';

export type { MakeUpCause, MinutesKind, MinutesLine, StudentMinutes } from './minutes.js';
export { caseloadTotals } from './minutes.js';

/** A student as minutes are counted for them: mandates oldest first (by start date, then id). */
export type MinutesStudent = {
  id: number;
  schoolId: number;
  exitedOn: Date | null;
  mandates: { id: number; minutes: number; period: MandatePeriod; delivery: Delivery; startDate: Date; endDate: Date }[];
};

/** The students and their mandates, oldest first: two statements that skip Prisma (db/reads.ts). */
async function studentsWithMandates(db: Db, ids: number[]): Promise<MinutesStudent[]> {
  // A whole district (the minutes report) a slice at a time, as sessionRows reads it.
  if (ids.length > ROWS_SLICE) {
    const slices = [];
    for (let i = 0; i < ids.length; i += ROWS_SLICE) slices.push(ids.slice(i, i + ROWS_SLICE));
    return (await Promise.all(slices.map((slice) => studentsWithMandates(db, slice)))).flat();
  }
  const list = placeholders(ids.length);
  const [students, mandates] = await Promise.all([
    reads(db).all<Omit<MinutesStudent, 'mandates'>>(`SELECT "id", "schoolId", "exitedOn" FROM "Student" WHERE "id" IN (${list})`, ids),
    reads(db).all<MinutesStudent['mandates'][number] & { studentId: number }>(
      `SELECT "id", "studentId", "minutes", "period", "delivery", "startDate", "endDate" FROM "ServiceMandate"
       WHERE "studentId" IN (${list}) ORDER BY "startDate", "id"`,
      ids,
    ),
  ]);
  const byStudent = new Map(students.map((s) => [s.id, { ...s, mandates: [] as MinutesStudent['mandates'] }]));
  for (const { studentId, ...mandate } of mandates) byStudent.get(studentId)?.mandates.push(mandate);
  return [...byStudent.values()];
}

/** Minutes for these students on `today`, in a fixed number of queries whatever their sessions (for a
 *  caseload: see the reads below for the limit). A page that has already read the settings, or these
 *  students with their mandates, passes them in `known` so they are not read again. */
export async function minutesFor(
  db: Db,
  studentIds: readonly number[],
  today: Date,
  known: { settings?: DistrictSettings; students?: MinutesStudent[] } = {},
): Promise<Map<number, StudentMinutes>> {
  const ids = [...new Set(studentIds)];
  const result = new Map<number, StudentMinutes>();
  if (ids.length === 0) return result;
  const [students, settings] = await Promise.all([known.students ?? studentsWithMandates(db, ids), known.settings ?? districtSettings(db)]);
  const calendars = await loadCalendars(
    db,
    students.map((s) => s.schoolId),
  );
  // One read of the session rows for all the students, from the earliest day any of them needs.
  let from = today;
  for (const s of students) {
    const needed = earliestNeeded({ mandates: s.mandates, calendar: calendars.get(s.schoolId)!, today });
    if (needed < from) from = needed;
  }
  const rows = await sessionRows(
    db,
    students.map((s) => s.id),
    from,
    today,
  );
  const rowsOf = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = rowsOf.get(r.studentId);
    if (list) list.push(r);
    else rowsOf.set(r.studentId, [r]);
  }
  for (const s of students) {
    result.set(
      s.id,
      studentMinutes({
        studentId: s.id,
        mandates: s.mandates,
        calendar: calendars.get(s.schoolId)!,
        exitedOn: s.exitedOn,
        today,
        makeUpCauses: settings.makeUpCauses,
        // Voided sessions were left out by the query: none of these is voided.
        rows: (rowsOf.get(s.id) ?? []).map((r) => ({
          rowId: r.id,
          date: r.date,
          serviceType: r.serviceType,
          attendance: r.attendance,
          minutes: effectiveMinutes(r, { minutes: r.sessionMinutes }),
          voided: false,
          makeUpForRowId: r.makeUpForId,
        })),
      }),
    );
  }
  return result;
}

/** Students a statement of sessionRows reads at most. */
const ROWS_SLICE = 10_000;

type SessionRow = {
  id: number;
  studentId: number;
  attendance: Attendance;
  minutes: number | null;
  makeUpForId: number | null;
  date: Date;
  sessionMinutes: number;
  serviceType: ServiceType;
};

/**
 * The students' rows in sessions that count (not voided: sessions/counts.ts) from `from` to `today`,
 * with their session's day, length and kind: one query for any caseload. A caseload's school year
 * is thousands of rows, so they are read flat, by the student's index then the session's key, in
 * SQL that both databases run: through Prisma's relations they took two queries, the second with
 * every session's id, and most of the home page's time went to building their objects.
 */
async function sessionRows(db: Db, studentIds: number[], from: Date, today: Date): Promise<SessionRow[]> {
  // A whole district (the minutes report) is read a slice of students at a time: SQLite binds at
  // most 32,766 values a statement and PostgreSQL 65,535.
  if (studentIds.length > ROWS_SLICE) {
    const slices = [];
    for (let i = 0; i < studentIds.length; i += ROWS_SLICE) slices.push(studentIds.slice(i, i + ROWS_SLICE));
    return (await Promise.all(slices.map((ids) => sessionRows(db, ids, from, today)))).flat();
  }
  if (studentIds.length === 0) return [];
  // Skips Prisma (db/reads.ts), which spent longer building the rows than SQLite reading them.
  // The session's facts are the copies on each row, so the student's (student, date) index covers
  // the whole read: a caseload's school year without a read of any session's row.
  return reads(db).all<SessionRow>(
    `SELECT r."id", r."studentId", r."attendance", r."minutes", r."makeUpForId",
            r."sessionDate" AS "date", r."sessionMinutes", r."sessionServiceType" AS "serviceType"
     FROM "SessionStudent" r
     WHERE r."studentId" IN (${placeholders(studentIds.length)})
       AND r."sessionDate" >= ? AND r."sessionDate" <= ? AND ${copyCountsText('r')}`,
    [...studentIds, from, today],
  );
}

// ---------------------------------------------------------------------------------------------
// The student page's words for its minutes: built here once, so the template only prints them.

const kindWords: Record<MinutesKind, string> = { direct: 'Direct service (pull-out and push-in)', consultation: 'Consultation with staff' };
const soFarWords: Record<MandatePeriod, string> = {
  week: 'before today this week',
  month: 'before today this month',
  year: 'before today this school year',
  four_weeks: 'before today this 3:1 cycle',
};
const periodWords: Record<MandatePeriod, string> = { week: 'week', month: 'month', year: 'year', four_weeks: '3:1 cycle' };
const numberWords = (n: number) => n.toLocaleString('en-US');
const yearStartWords = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** How far along delivered is against due, for a bar: 0-100. Nothing due and nothing given is 0. */
function percentOf(delivered: number, due: number): number {
  if (due <= 0) return delivered > 0 ? 100 : 0;
  return Math.min(100, Math.round((delivered / due) * 100));
}

const behindWords = (behind: number, delivered: number, due: number) =>
  behind > 0 ? `${numberWords(behind)} min behind` : delivered > due ? `${numberWords(delivered - due)} min ahead` : 'on track';

export type MinutesView = ReturnType<typeof minutesView>;

/** A student's minutes as the page reads them, given and due apart as Home says them:
 *  "75 min given; 96 min due before today this week (21 min behind)". */
export function minutesView(m: StudentMinutes) {
  return {
    lines: m.lines.map((line) => ({
      kind: line.kind,
      heading: kindWords[line.kind],
      periodLabel: line.periodLabel,
      // On the first school day of a period nothing is due yet: say so rather than "0 of 0".
      sentence:
        line.due === 0 && line.delivered === 0
          ? `Nothing due yet ${soFarWords[line.period]}`
          : `${numberWords(line.delivered)} min given; ${numberWords(line.due)} min due ${soFarWords[line.period]} (${behindWords(line.behind, line.delivered, line.due)})`,
      wholePeriod: `${numberWords(line.duePeriod)} min due in the whole ${periodWords[line.period]}`,
      percent: percentOf(line.delivered, line.due),
      behind: line.behind > 0,
      year: `School year to date (since ${yearStartWords.format(line.yearStart)}): ${numberWords(line.yearDelivered)} min given; ${numberWords(line.yearDue)} min due (${behindWords(line.yearBehind, line.yearDelivered, line.yearDue)})`,
      yearPercent: percentOf(line.yearDelivered, line.yearDue),
    })),
    makeUps: m.makeUps.map((c) => ({
      ...c,
      causeLabel: label('Attendance', c.cause),
      sentence:
        `${numberWords(c.missed)} min missed in ${c.sessions === 1 ? '1 session' : `${numberWords(c.sessions)} sessions`}, ` +
        `${numberWords(c.madeUp)} min made up, ` +
        (c.mustMakeUp ? `${numberWords(c.owed)} min owed` : 'making up not required by the district'),
    })),
    owed: m.owed,
    owedSentence: m.owed > 0 ? `Make-ups owed: ${numberWords(m.owed)} min` : 'No make-ups owed',
  };
}
