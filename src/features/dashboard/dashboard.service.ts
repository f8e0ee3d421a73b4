// The home pages: a therapist's day and week on one page, and what is new for a teacher. One
// function per section; each runs a fixed number of bounded queries over the whole caseload at
// once (never one per student or goal), and the page runs them side by side.
import { addDays, daysBetween, weekStartOf } from '../../calendar/dates.js';
import type { Db } from '../../db/client.js';
import { placeholders, reads } from '../../db/reads.js';
import type { Value } from '../../db/reads.js';
import type { CurrentUser } from '../../access/current-user.js';
import { can } from '../../access/policy.js';
import { label } from '../../labels.js';
import { concernListScopeSql, noteListScopeSql, sessionScopeSql, studentListScopeSql } from '../../access/scope.js';
import type { StudentStatus } from '../../generated/prisma/enums.js';
import type { Goal, ServiceMandate } from '../../generated/prisma/client.js';
import { districtSettings } from '../admin/settings.service.js';
import type { DistrictSettings } from '../admin/settings.service.js';
import { BELOW_AIM_RUN, belowAimLine } from '../progress/progress.math.js';
import type { Point } from '../progress/progress.math.js';
import { copyCountsText, sessionCountsText } from '../sessions/counts.js';
import { strategyLibrary } from '../strategies/library.js';
import { caseloadTotals, minutesFor, minutesView } from '../minutes/minutes.service.js';
import type { MakeUpCause, MinutesLine } from '../minutes/minutes.service.js';
import { shortName } from '../schedule/occurrences.js';
import { occurrencesFor } from '../schedule/schedule.service.js';
import type { Occurrence } from '../schedule/schedule.service.js';
import { weekTotals } from '../workload/workload.service.js';

/** The most students a home page reads; far above any caseload (surveys: 24 to 100). */
const CASELOAD_CAP = 500;
/** The most items a "new" list shows; the full list is one link away. */
const NEW_CAP = 20;
/** How far back a progress report still counts as overdue rather than forgotten history. */
const REPORT_LOOKBACK_DAYS = 365;
/** A report covers the time since the previous report date, or this many days when it is the first. */
const REPORT_SPAN_DAYS = 120;

type StudentName = { id: number; firstName: string; lastName: string; preferredName: string | null };

/** A status as views/partials/_badge.eta shows it: the words always, a colour and shape as well. */
export type Badge = { status: 'on-track' | 'behind' | 'overdue' | 'flagged' | 'done' | 'neutral'; text: string };

const longDay = new Intl.DateTimeFormat('en-US', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** A calendar date in words: "Monday, November 30, 2026". */
export function dayInWords(day: Date): string {
  return longDay.format(day);
}

// ---------------------------------------------------------------------------------------------
// What every section starts from: the caller, the district's thresholds and the caseload.

export type HomeSettings = Pick<DistrictSettings, 'dueSoonDays' | 'noDataWeeks' | 'notSeenDays'>;

/** The caller's own row: when they last marked things seen, and the hours they are employed for. */
async function seenAndHours(db: Db, userId: number) {
  const me = await reads(db).get<{ newSeenAt: Date | null; hoursPerWeek: number | null }>(
    'SELECT "newSeenAt", "hoursPerWeek" FROM "User" WHERE "id" = ?',
    [userId],
  );
  if (!me) throw new Error(`user ${userId} not found`);
  return me;
}

/**
 * The caller's caseload, not exited, by name: the one list every therapist section works from.
 * Read without Prisma (db/reads.ts), from the caseload's link table and its index.
 */
export async function caseloadOf(db: Db, user: CurrentUser) {
  const scope = studentListScopeSql(user, 's."id"');
  return reads(db).all<{
    id: number;
    firstName: string;
    lastName: string;
    preferredName: string | null;
    status: StudentStatus;
    schoolId: number;
    annualReviewDue: Date | null;
    reevaluationDue: Date | null;
  }>(
    `SELECT s."id", s."firstName", s."lastName", s."preferredName", s."status", s."schoolId", s."annualReviewDue", s."reevaluationDue"
     FROM "Student" s WHERE ${scope.sql} AND s."status" <> 'exited'
     ORDER BY s."lastName", s."firstName", s."id" LIMIT ${CASELOAD_CAP}`,
    scope.params,
  );
}

export type CaseloadStudent = Awaited<ReturnType<typeof caseloadOf>>[number];

// ---------------------------------------------------------------------------------------------
// Today: the day's scheduled sessions, and this week's past ones not logged yet.

/** A scheduled session, with its students named as lists name them ("Ava M., Ben O."). */
export type TodaySession = Occurrence & { names: string };
export type TodaySection = { occurrences: TodaySession[]; notLogged: TodaySession[] };

/**
 * One read of the schedule from Monday to today. A session counts as past once its end time has
 * gone by (`now`, "HH:MM" in the district's time); today's are listed under Today as well.
 */
export async function todaysSchedule(
  db: Db,
  user: CurrentUser,
  today: Date,
  now: string,
  settings?: Pick<DistrictSettings, 'travelMinutes'>,
): Promise<TodaySection> {
  const week = (await occurrencesFor(db, user.id, weekStartOf(today), today, settings)).map((o) => ({
    ...o,
    names: o.students.length ? o.students.map(shortName).join(', ') : 'No students',
  }));
  const isToday = (o: Occurrence) => o.date.getTime() === today.getTime();
  const past = (o: Occurrence) => !isToday(o) || o.endTime <= now;
  return {
    occurrences: week.filter(isToday),
    // A day cancelled with a cause is a missed session still to record.
    notLogged: week.filter((o) => past(o) && (!o.cancelled || o.cause !== null) && o.loggedSessionId === null),
  };
}

// ---------------------------------------------------------------------------------------------
// Minutes against mandates, and make-ups owed: one read of the whole caseload's minutes.

export type MinutesRow = {
  student: CaseloadStudent;
  lines: (Pick<MinutesLine, 'kind' | 'periodLabel' | 'delivered' | 'due' | 'behind' | 'yearDelivered' | 'yearDue' | 'yearBehind'> & {
    percent: number;
    yearPercent: number;
    /** This period's state and the school year's, as badges: behind, ahead or on track. */
    badge: Badge;
    yearBadge: Badge;
  })[];
  /** The direct line's minutes behind, this period and this school year: the table's order. */
  behind: number;
  yearBehind: number;
};

/** Minutes given against minutes due, as a badge: the same words on Home and the student page. */
export function minutesBadge(behind: number, given: number, due: number): Badge {
  const min = (n: number) => `${n.toLocaleString('en-US')} min`;
  if (behind > 0) return { status: 'behind', text: `${min(behind)} behind` };
  if (given > due) return { status: 'on-track', text: `${min(given - due)} ahead` };
  return { status: 'on-track', text: 'On track' };
}

export type MakeUpRow = MakeUpCause & { causeLabel: string; students: { student: CaseloadStudent; owed: number }[] };

/** `settings`: the district's, when the caller has read them already. */
export async function minutesAgainstMandates(db: Db, caseload: CaseloadStudent[], today: Date, settings?: DistrictSettings) {
  const all = await minutesFor(
    db,
    caseload.map((s) => s.id),
    today,
    { settings },
  );
  const rows: MinutesRow[] = [];
  const noMinutes: CaseloadStudent[] = [];
  for (const student of caseload) {
    const m = all.get(student.id);
    if (!m || m.lines.length === 0) {
      // Referred and evaluating students have no plan yet: only those receiving services are missing minutes.
      if (student.status === 'active') noMinutes.push(student);
      continue;
    }
    // The percent from the same words the student page uses, so the two bars agree.
    const shown = minutesView(m).lines;
    rows.push({
      student,
      lines: m.lines.map((line, i) => ({
        kind: line.kind,
        // The table says the week's dates once, above it; a row just says "This week".
        periodLabel: line.period === 'week' ? 'this week' : line.periodLabel,
        delivered: line.delivered,
        due: line.due,
        behind: line.behind,
        percent: shown[i]?.percent ?? 0,
        yearDelivered: line.yearDelivered,
        yearDue: line.yearDue,
        yearBehind: line.yearBehind,
        yearPercent: shown[i]?.yearPercent ?? 0,
        badge: minutesBadge(line.behind, line.delivered, line.due),
        yearBadge: minutesBadge(line.yearBehind, line.yearDelivered, line.yearDue),
      })),
      behind: m.lines.find((l) => l.kind === 'direct')?.behind ?? 0,
      yearBehind: m.lines.find((l) => l.kind === 'direct')?.yearBehind ?? 0,
    });
  }
  rows.sort((a, b) => b.behind - a.behind || b.yearBehind - a.yearBehind || a.student.lastName.localeCompare(b.student.lastName));
  const totals = caseloadTotals(all.values());
  const makeUps: MakeUpRow[] = totals.makeUps.map((c) => ({
    ...c,
    causeLabel: label('Attendance', c.cause),
    students: caseload.flatMap((student) => {
      const owed = all.get(student.id)?.makeUps.find((x) => x.cause === c.cause)?.owed ?? 0;
      return owed > 0 ? [{ student, owed }] : [];
    }),
  }));
  return { rows, noMinutes, totals, makeUps };
}

// ---------------------------------------------------------------------------------------------
// Due soon and overdue: progress reports, annual reviews, re-evaluations and evaluations.

export type DueItem = {
  kind: 'report' | 'review' | 'reevaluation' | 'evaluation';
  what: string;
  student: StudentName;
  dueOn: Date;
  /** Days past the due date (positive), or days left (negative or zero means due today or later). */
  daysOverdue: number;
  href: string;
};

export async function dueSoon(db: Db, user: CurrentUser, caseload: CaseloadStudent[], today: Date, windowDays: number): Promise<DueItem[]> {
  const ids = caseload.map((s) => s.id);
  const horizon = addDays(today, windowDays);
  const lookback = addDays(today, -REPORT_LOOKBACK_DAYS);
  // The report dates before the earliest one considered, to know where each report's time starts.
  const earliest = addDays(lookback, -REPORT_LOOKBACK_DAYS);
  const dates = await dueDates(db, ids, earliest, horizon);
  const reportDates = dates.filter((d) => d.kind === 'report').map((d) => ({ studentId: d.studentId, dueOn: d.date }));
  const finalNotes = dates.filter((d) => d.kind === 'note').map((d) => ({ studentId: d.studentId, periodEnd: d.date }));
  const evaluations = dates.filter((d) => d.kind === 'evaluation').map((d) => ({ id: d.id!, studentId: d.studentId, dueDate: d.date }));
  const byId = new Map(caseload.map((s) => [s.id, s]));
  const items: DueItem[] = [];
  const add = (kind: DueItem['kind'], what: string, studentId: number, dueOn: Date, href: string) => {
    const student = byId.get(studentId);
    if (student) items.push({ kind, what, student, dueOn, daysOverdue: daysBetween(dueOn, today), href });
  };

  const notesOf = new Map<number, Date[]>();
  for (const n of finalNotes) notesOf.set(n.studentId, [...(notesOf.get(n.studentId) ?? []), n.periodEnd]);
  let previous: { studentId: number; dueOn: Date } | null = null;
  for (const r of reportDates) {
    const from = previous?.studentId === r.studentId ? previous.dueOn : addDays(r.dueOn, -REPORT_SPAN_DAYS);
    previous = r;
    if (r.dueOn < lookback) continue;
    const written = (notesOf.get(r.studentId) ?? []).some((end) => end > from && end <= r.dueOn);
    if (!written) add('report', 'Progress report', r.studentId, r.dueOn, `/students/${r.studentId}#notes`);
  }
  for (const s of caseload) {
    if (s.annualReviewDue && s.annualReviewDue <= horizon) add('review', 'Annual review', s.id, s.annualReviewDue, `/students/${s.id}`);
    if (s.reevaluationDue && s.reevaluationDue <= horizon)
      add('reevaluation', 'Re-evaluation', s.id, s.reevaluationDue, `/students/${s.id}`);
  }
  // An assistant may not open evaluations: their link goes to the student.
  const evaluationHref = (e: { id: number; studentId: number }) =>
    can(user, 'evaluation.view') ? `/evaluations/${e.id}` : `/students/${e.studentId}`;
  for (const e of evaluations) add('evaluation', 'Evaluation', e.studentId, e.dueDate, evaluationHref(e));

  // Overdue first, the longest overdue at the top, then the soonest due.
  return items.sort((a, b) => a.dueOn.getTime() - b.dueOn.getTime() || a.student.lastName.localeCompare(b.student.lastName));
}

/**
 * The dates dueSoon weighs, by student then date: report dates and final notes' period ends from
 * `from` to `horizon`, and open evaluations due by `horizon`. One statement that skips Prisma
 * (db/reads.ts) where Prisma took three.
 */
async function dueDates(db: Db, studentIds: number[], from: Date, horizon: Date) {
  if (studentIds.length === 0) return [];
  const students = `"studentId" IN (${placeholders(studentIds.length)})`;
  return reads(db).all<{ kind: 'report' | 'note' | 'evaluation'; studentId: number; date: Date; id: number | null }>(
    `SELECT 'report' AS "kind", "studentId", "dueOn" AS "date", CAST(NULL AS INTEGER) AS "id" FROM "ProgressReportDate"
     WHERE ${students} AND "dueOn" >= ? AND "dueOn" <= ?
     UNION ALL
     SELECT 'note' AS "kind", "studentId", "periodEnd" AS "date", CAST(NULL AS INTEGER) AS "id" FROM "ProgressNote"
     WHERE ${students} AND "status" = 'final' AND "periodEnd" >= ? AND "periodEnd" <= ?
     UNION ALL
     SELECT 'evaluation' AS "kind", "studentId", "dueDate" AS "date", "id" FROM "Evaluation"
     WHERE ${students} AND "completedAt" IS NULL AND "dueDate" <= ?
     ORDER BY "studentId", "date"`,
    [...studentIds, from, horizon, ...studentIds, from, horizon, ...studentIds, horizon],
  );
}

/** A due date's state in words, the same on Home and on the student page: overdue, due today, or
 *  due soon (within the district's window; nothing further off is listed). */
export function dueBadge(daysOverdue: number): Badge {
  const days = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'day' : 'days'}`;
  if (daysOverdue > 0) return { status: 'overdue', text: `Overdue by ${days(daysOverdue)}` };
  if (daysOverdue === 0) return { status: 'overdue', text: 'Due today' };
  return { status: 'behind', text: `Due soon, in ${days(-daysOverdue)}` };
}

/** A line of the list: one item, or the progress reports of several students due the same day. */
export type DueLine = Omit<DueItem, 'student'> & { students: StudentName[]; badge: Badge };

/**
 * Progress reports fall due for a whole caseload on the same day (the end of a reporting
 * period): three or more on one day read as one line leading to the notes tracker, where they
 * are written, instead of thirty lines that push everything else off the page.
 */
export function dueLines(items: DueItem[], notesHref: string | null): DueLine[] {
  const reportsOn = new Map<number, DueItem[]>();
  for (const i of items) if (i.kind === 'report') reportsOn.set(i.dueOn.getTime(), [...(reportsOn.get(i.dueOn.getTime()) ?? []), i]);
  const lines: DueLine[] = [];
  for (const i of items) {
    const sameDay = i.kind === 'report' ? reportsOn.get(i.dueOn.getTime())! : [i];
    if (sameDay.length < 3) lines.push({ ...i, students: [i.student], badge: dueBadge(i.daysOverdue) });
    else if (sameDay[0] === i)
      lines.push({
        ...i,
        what: `Progress reports (${sameDay.length} students)`,
        href: notesHref ?? i.href,
        students: sameDay.map((x) => x.student),
        badge: dueBadge(i.daysOverdue),
      });
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Needs attention: goals below their aim line, goals with no recent data, students not seen.

export type AttentionGoal = { id: number; student: StudentName; area: string; statement: string; lastData: Date | null };
/** A student whose weekly schedule gives fewer direct minutes than their plan does. */
export type UnderScheduled = { student: StudentName; scheduled: number; planned: number };
export type Attention = {
  belowAim: AttentionGoal[];
  underScheduled: UnderScheduled[];
  noData: AttentionGoal[];
  notSeen: StudentName[];
  noDataWeeks: number;
  notSeenDays: number;
};

type ActiveGoal = Pick<
  Goal,
  'id' | 'studentId' | 'area' | 'statement' | 'startDate' | 'baselineValue' | 'baselineDate' | 'targetValue' | 'targetDate'
>;

export async function needsAttention(
  db: Db,
  caseload: CaseloadStudent[],
  today: Date,
  settings: Pick<HomeSettings, 'noDataWeeks' | 'notSeenDays'>,
): Promise<Attention> {
  const ids = caseload.map((s) => s.id);
  const active = caseload.filter((s) => s.status === 'active').map((s) => s.id);
  const seenSince = addDays(today, -settings.notSeenDays);
  // The points are read by goal, so after the goals. Both skip Prisma (db/reads.ts), as do the
  // week's plans below: Home reads them on every view.
  const goalsWithPoints = async () => {
    const goals = ids.length
      ? await reads(db).all<ActiveGoal>(
          `SELECT "id", "studentId", "area", "statement", "startDate", "baselineValue", "baselineDate", "targetValue", "targetDate"
           FROM "Goal" WHERE "studentId" IN (${placeholders(ids.length)}) AND "status" = 'active'
           ORDER BY "studentId", "id"`,
          ids,
        )
      : [];
    return [
      goals,
      await latestPoints(
        db,
        goals.map((g) => g.id),
      ),
    ] as const;
  };
  const [[goals, points], seen, weeklyMandates, slots] = await Promise.all([
    goalsWithPoints(),
    seenBetween(db, active, seenSince, today),
    // Plans and schedules compared week by week: a plan given by the week (or the 3:1 model's
    // direct weeks) against the recurring sessions on the schedule this week, by any therapist.
    active.length
      ? reads(db).all<Pick<ServiceMandate, 'studentId' | 'minutes' | 'period'>>(
          `SELECT "studentId", "minutes", "period" FROM "ServiceMandate"
           WHERE "studentId" IN (${placeholders(active.length)}) AND "delivery" <> 'consultation'
             AND "period" IN ('week', 'four_weeks') AND "startDate" <= ? AND "endDate" >= ?`,
          [...active, today, today],
        )
      : [],
    scheduledGivers(db, active, today),
  ]);
  const pointsOf = new Map<number, Point[]>();
  for (const p of points) {
    const list = pointsOf.get(p.goalId);
    if (list) list.push(p);
    else pointsOf.set(p.goalId, [p]);
  }
  const byId = new Map(caseload.map((s) => [s.id, s]));
  const noDataBefore = addDays(today, -7 * settings.noDataWeeks);
  const belowAim: AttentionGoal[] = [];
  const noData: AttentionGoal[] = [];
  for (const g of goals) {
    const student = byId.get(g.studentId);
    if (!student) continue;
    const series = pointsOf.get(g.id) ?? [];
    const lastData = series.at(-1)?.date ?? null;
    const item = { id: g.id, student, area: g.area, statement: g.statement, lastData };
    if (belowAimLine(g, series)) belowAim.push(item);
    // A goal not started yet (or started lately) has had no time to gather data.
    if ((lastData ?? g.startDate) <= noDataBefore) noData.push(item);
  }
  const seenIds = new Set(seen.map((r) => r.studentId));
  const notSeen = caseload.filter((s) => s.status === 'active' && !seenIds.has(s.id));
  const planned = new Map<number, number>();
  for (const m of weeklyMandates) {
    // The 3:1 model gives its minutes over three direct weeks of four.
    const perWeek = m.period === 'four_weeks' ? Math.round(m.minutes / 3) : m.minutes;
    planned.set(m.studentId, (planned.get(m.studentId) ?? 0) + perWeek);
  }
  const scheduled = new Map<number, number>();
  // One-off sessions (first day = last day) are not part of the weekly pattern.
  for (const row of slots.filter((r) => r.fromDate.getTime() !== r.toDate.getTime())) {
    scheduled.set(row.studentId, (scheduled.get(row.studentId) ?? 0) + row.minutes);
  }
  const underScheduled = [...planned.entries()].flatMap(([studentId, minutes]) => {
    const student = byId.get(studentId);
    const given = scheduled.get(studentId) ?? 0;
    return student && given < minutes ? [{ student, scheduled: given, planned: minutes }] : [];
  });
  return { belowAim, underScheduled, noData, notSeen, noDataWeeks: settings.noDataWeeks, notSeenDays: settings.notSeenDays };
}

/**
 * These students' places in recurring direct sessions on the schedule today, given by a therapist
 * who still serves the student and is not disabled (only they will give the session). One
 * statement that skips Prisma: through Prisma's relations it took four.
 */
async function scheduledGivers(db: Db, studentIds: number[], today: Date) {
  if (studentIds.length === 0) return [];
  return reads(db).all<{ studentId: number; minutes: number; fromDate: Date; toDate: Date }>(
    `SELECT ss."studentId", sl."minutes", sl."fromDate", sl."toDate"
     FROM "ScheduleSlotStudent" ss
     JOIN "ScheduleSlot" sl ON sl."id" = ss."slotId"
     JOIN "User" u ON u."id" = sl."providerId"
     WHERE ss."studentId" IN (${placeholders(studentIds.length)})
       AND sl."fromDate" <= ? AND sl."toDate" >= ? AND sl."serviceType" IN ('individual', 'group', 'push_in')
       AND u."disabledAt" IS NULL
       AND EXISTS (SELECT 1 FROM "StudentTherapist" c WHERE c."userId" = sl."providerId" AND c."studentId" = ss."studentId")`,
    [...studentIds, today, today],
  );
}

/**
 * Which of these students attended a session that counts between two days. One statement that
 * skips Prisma: each student's rows in the window are found by the (student, date) index, with
 * the session's facts copied onto them, and the first that counts ends the search.
 */
async function seenBetween(db: Db, studentIds: number[], from: Date, to: Date): Promise<{ studentId: number }[]> {
  if (studentIds.length === 0) return [];
  return reads(db).all<{ studentId: number }>(
    `SELECT st."id" AS "studentId" FROM "Student" st
     WHERE st."id" IN (${placeholders(studentIds.length)}) AND (
       SELECT r."id" FROM "SessionStudent" r
       WHERE r."studentId" = st."id" AND r."sessionDate" >= ? AND r."sessionDate" <= ?
         AND r."attendance" = 'attended' AND ${copyCountsText('r')}
       LIMIT 1) IS NOT NULL`,
    [...studentIds, from, to],
  );
}

/**
 * The last points that count of each of these goals, oldest first: all that belowAimLine looks at
 * (its last BELOW_AIM_RUN) and the last day with data, skipping Prisma (db/reads.ts).
 */
async function latestPoints(db: Db, goalIds: number[]): Promise<(Point & { goalId: number })[]> {
  if (goalIds.length === 0) return [];
  const read = reads(db);
  // PostgreSQL ranks every point of the goals in a window, which it plans and runs in a few
  // milliseconds; planning a statement of a part per goal took it about 100 ms.
  if (read.dialect === 'postgresql') return read.all(latestPointsWindowSql(goalIds.length), goalIds);
  const points = await read.all<Point & { goalId: number; id: number }>(LATEST_POINTS_SQLITE, [JSON.stringify(goalIds)]);
  // Put in order here, not by the statement: an ORDER BY would sort every goal's points again in a
  // temporary tree, when each goal's come from its index already.
  return points.sort((a, b) => a.goalId - b.goalId || a.date.getTime() - b.date.getTime() || a.id - b.id);
}

const latestPointsWindowSql = (goals: number) => `SELECT "goalId", "date", "value" FROM (
    SELECT p."goalId", p."date", p."value", p."id",
           ROW_NUMBER() OVER (PARTITION BY p."goalId" ORDER BY p."date" DESC, p."id" DESC) AS "latest"
    FROM "DataPoint" p
    WHERE p."goalId" IN (${placeholders(goals)}) AND ${copyCountsText('p')}
  ) AS ranked
  WHERE "latest" <= ${BELOW_AIM_RUN}
  ORDER BY "goalId", "date", "id"`;

/**
 * On SQLite, each goal's newest points by the (goal, date) index: for each goal of the list, given
 * as one JSON parameter, the ids of its last BELOW_AIM_RUN points that count, then those points.
 * The window above reads a year of points and their sessions (about 15 ms a page at district
 * scale) to keep four a goal; a statement of one part a goal joined by UNION ALL ran each part as
 * a subquery of its own (100 goals: about 2 ms, against 0.5 ms for this one). One statement, and
 * one prepared statement, whatever the number of goals.
 */
const LATEST_POINTS_SQLITE = `SELECT point."goalId", point."date", point."value", point."id"
  FROM json_each(?) AS goal
  JOIN "DataPoint" point ON point."id" IN (
    SELECT p."id" FROM "DataPoint" p
    WHERE p."goalId" = goal."value" AND ${copyCountsText('p')}
    ORDER BY p."date" DESC, p."id" DESC LIMIT ${BELOW_AIM_RUN})`;

// ---------------------------------------------------------------------------------------------
// New since the therapist last looked: concerns, teachers' word on strategies, co-signatures.

export type StrategyWord = {
  id: number;
  at: Date;
  teacher: string;
  student: StudentName;
  strategy: string;
  tried: boolean;
  helped: string;
  comment: string;
};

/**
 * Teachers' feedback on the caseload's strategies since `since`, newest first, skipping Prisma
 * (db/reads.ts): read from the caseload's students through their strategies' feedback index, so
 * it costs what the caseload's feedback costs, not the district's.
 */
async function feedbackSince(db: Db, user: CurrentUser, since: Date | null) {
  const scope = studentListScopeSql(user, 'ss."studentId"');
  return reads(db).all<{
    id: number;
    createdAt: Date;
    tried: boolean;
    helped: string;
    comment: string;
    teacher: string;
    strategyKey: string;
    studentId: number;
    firstName: string;
    lastName: string;
    preferredName: string | null;
  }>(
    `SELECT f."id", f."createdAt", f."tried", f."helped", f."comment", u."name" AS "teacher", ss."strategyKey",
            st."id" AS "studentId", st."firstName", st."lastName", st."preferredName"
     FROM "StudentStrategy" ss
     JOIN "StrategyFeedback" f ON f."studentStrategyId" = ss."id"
     JOIN "Student" st ON st."id" = ss."studentId"
     JOIN "User" u ON u."id" = f."teacherId"
     WHERE ${scope.sql}${since ? ' AND f."createdAt" > ?' : ''}
     ORDER BY f."createdAt" DESC, f."id" DESC
     LIMIT ${NEW_CAP}`,
    [...scope.params, ...(since ? [since] : [])],
  );
}

/**
 * An OT's assistants' sessions signed and waiting for their co-signature: the first ten by date,
 * and how many in all, in one statement that skips Prisma.
 */
async function waitingForCosign(db: Db, user: CurrentUser) {
  const scope = sessionScopeSql(user, 's."id"');
  const rows = await reads(db).all<{ id: number; date: Date; startTime: string; minutes: number; providerName: string; total: number }>(
    `SELECT s."id", s."date", s."startTime", s."minutes", u."name" AS "providerName", COUNT(*) OVER () AS "total"
     FROM "SessionLog" s JOIN "User" u ON u."id" = s."providerId"
     WHERE s."supervisorId" = ? AND ${sessionCountsText('s')} AND s."signedAt" IS NOT NULL AND s."cosignedAt" IS NULL AND ${scope.sql}
     ORDER BY s."date", s."startTime", s."id"
     LIMIT 10`,
    [user.id, ...scope.params],
  );
  return {
    sessions: rows.map(({ id, date, startTime, minutes, providerName }) => ({
      id,
      date,
      startTime,
      minutes,
      provider: { name: providerName },
    })),
    total: rows[0]?.total ?? 0,
  };
}

/** Titles of assigned strategies: Tandem's library by key, a therapist's own ("own-12") in one query. */
async function strategyTitles(db: Db, keys: string[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  for (const s of strategyLibrary) if (keys.includes(s.key)) titles.set(s.key, s.title);
  const own = keys.filter((k) => /^own-\d+$/.test(k)).map((k) => Number(k.slice(4)));
  if (own.length) {
    for (const o of await db.ownStrategy.findMany({ where: { id: { in: own } }, select: { id: true, title: true } })) {
      titles.set(`own-${o.id}`, o.title);
    }
  }
  return titles;
}

/**
 * The concerns new to a therapist since they last looked (or the latest, the first time): raised
 * since, or with a message from someone else since, with the newest such message. One statement
 * that skips Prisma (db/reads.ts), starting from the therapist's students and schools, so its cost
 * follows the caseload, not the district's history of concerns.
 */
async function concernsSince(db: Db, user: CurrentUser, since: Date | null) {
  const scope = concernListScopeSql(user, 'c');
  const fromOthers = `m."authorId" <> ?${since ? ' AND m."createdAt" > ?' : ''}`;
  const fromOthersParams: Value[] = since ? [user.id, since] : [user.id];
  return reads(db).all<{
    id: number;
    createdAt: Date;
    studentName: string | null;
    teacher: string;
    studentId: number | null;
    firstName: string | null;
    lastName: string | null;
    preferredName: string | null;
    replyAt: Date | null;
    replyAuthor: string | null;
  }>(
    `SELECT c."id", c."createdAt", c."studentName", t."name" AS "teacher",
            s."id" AS "studentId", s."firstName", s."lastName", s."preferredName",
            reply."createdAt" AS "replyAt", author."name" AS "replyAuthor"
     FROM "Concern" c
     JOIN "User" t ON t."id" = c."teacherId"
     LEFT JOIN "Student" s ON s."id" = c."studentId"
     LEFT JOIN "ConcernMessage" reply ON reply."id" = (
       SELECT m."id" FROM "ConcernMessage" m WHERE m."concernId" = c."id" AND ${fromOthers}
       ORDER BY m."createdAt" DESC, m."id" DESC LIMIT 1)
     LEFT JOIN "User" author ON author."id" = reply."authorId"
     WHERE ${scope.sql}${
       since ? ` AND (c."createdAt" > ? OR EXISTS (SELECT 1 FROM "ConcernMessage" m WHERE m."concernId" = c."id" AND ${fromOthers}))` : ''
     }
     ORDER BY c."updatedAt" DESC, c."id" DESC
     LIMIT ${NEW_CAP}`,
    [...fromOthersParams, ...scope.params, ...(since ? [since, ...fromOthersParams] : [])],
  );
}

export async function newForTherapist(db: Db, user: CurrentUser, since: Date | null) {
  const mayConcerns = can(user, 'concern.view');
  const mayCosign = can(user, 'session.cosign');
  const [concerns, feedback, { sessions: toCosign, total: toCosignTotal }] = await Promise.all([
    mayConcerns ? concernsSince(db, user, since) : [],
    feedbackSince(db, user, since),
    mayCosign ? waitingForCosign(db, user) : { sessions: [], total: 0 },
  ]);
  const titles = await strategyTitles(
    db,
    feedback.map((f) => f.strategyKey),
  );
  return {
    since,
    concerns: concerns.map((c) => {
      const isNew = !since || c.createdAt > since;
      const reply = c.replyAt && c.replyAuthor !== null ? { at: c.replyAt, author: c.replyAuthor } : null;
      return {
        id: c.id,
        about:
          c.studentId !== null
            ? shortName({ firstName: c.firstName ?? '', lastName: c.lastName ?? '', preferredName: c.preferredName })
            : (c.studentName ?? 'a new student'),
        what: isNew || !reply ? `New concern from ${c.teacher}` : `New message from ${reply.author}`,
        at: isNew || !reply ? c.createdAt : reply.at,
      };
    }),
    feedback: feedback.map((f): StrategyWord => ({
      id: f.id,
      at: f.createdAt,
      teacher: f.teacher,
      student: { id: f.studentId, firstName: f.firstName, lastName: f.lastName, preferredName: f.preferredName },
      strategy: titles.get(f.strategyKey) ?? 'A strategy',
      tried: f.tried,
      helped: f.helped,
      comment: f.comment,
    })),
    toCosign,
    toCosignTotal,
    mayConcerns,
    mayCosign,
  };
}

// ---------------------------------------------------------------------------------------------
// Workload this week: direct and indirect minutes against the hours they are employed for.

export async function workloadThisWeek(db: Db, user: CurrentUser, today: Date, hoursPerWeek: number | null, caseloadSize: number) {
  const week = await weekTotals(db, user.id, weekStartOf(today));
  const minutes = week.directMinutes + week.indirectMinutes;
  return {
    start: week.start,
    directMinutes: week.directMinutes,
    sessions: week.sessions,
    indirectMinutes: week.indirectMinutes,
    hours: Math.round((minutes / 60) * 10) / 10,
    hoursPerWeek,
    /** Share of the week's hours, for the bar (at most 100). */
    percent: hoursPerWeek ? Math.min(100, Math.round((minutes / 60 / hoursPerWeek) * 100)) : null,
    caseloadSize,
  };
}

// ---------------------------------------------------------------------------------------------
// Marking things seen.

/** Everything up to now is no longer "new" for this user. */
export async function markSeen(db: Db, user: CurrentUser, now = new Date()): Promise<void> {
  await db.user.update({ where: { id: user.id }, data: { newSeenAt: now } });
}

// ---------------------------------------------------------------------------------------------
// The teacher's home: what is new for them, and their students.

/**
 * The teacher's home: notes shared with them, strategies added and answers to their concerns since
 * they last looked (the latest, the first time), and their students. Five statements that skip
 * Prisma (db/reads.ts), each starting from the teacher's own students or concerns through the
 * link table's index: through Prisma's relation filters (noteScope, studentScope) SQLite tested
 * every student of the district, and the page cost what the district costs.
 */
export async function teacherHome(db: Db, user: CurrentUser) {
  const { newSeenAt: since } = await seenAndHours(db, user.id);
  // What is new: after the time they last looked, when they have.
  const after = (column: string) => (since ? ` AND ${column} > ?` : '');
  const sinceParams: Value[] = since ? [since] : [];
  type Name = { studentId: number; firstName: string; lastName: string; preferredName: string | null };
  const named = <T extends Name>({ studentId, firstName, lastName, preferredName, ...rest }: T) => ({
    ...rest,
    student: { id: studentId, firstName, lastName, preferredName },
  });
  const notesIn = noteListScopeSql(user, 'n');
  const strategiesIn = studentListScopeSql(user, 'ss."studentId"');
  const studentsIn = studentListScopeSql(user, 's."id"');
  const concernsRaised = concernListScopeSql(user, 'c');
  const [notes, strategies, answers, students] = await Promise.all([
    // A teacher reads only the notes finalised and shared with them (noteListScopeSql).
    reads(db).all<Name & { id: number; title: string; sharedAt: Date }>(
      `SELECT n."id", n."title", n."sharedAt", s."id" AS "studentId", s."firstName", s."lastName", s."preferredName"
       FROM "ProgressNote" n JOIN "Student" s ON s."id" = n."studentId"
       WHERE ${notesIn.sql} AND n."sharedAt" IS NOT NULL${after('n."sharedAt"')}
       ORDER BY n."sharedAt" DESC, n."id" DESC LIMIT ${NEW_CAP}`,
      [...notesIn.params, ...sinceParams],
    ),
    reads(db).all<Name & { id: number; strategyKey: string; createdAt: Date }>(
      `SELECT ss."id", ss."strategyKey", ss."createdAt", s."id" AS "studentId", s."firstName", s."lastName", s."preferredName"
       FROM "StudentStrategy" ss JOIN "Student" s ON s."id" = ss."studentId"
       WHERE ${strategiesIn.sql} AND ss."active" = TRUE${after('ss."createdAt"')}
       ORDER BY ss."createdAt" DESC, ss."id" DESC LIMIT ${NEW_CAP}`,
      [...strategiesIn.params, ...sinceParams],
    ),
    // Messages from others on the concerns the teacher raised.
    reads(db).all<{
      id: number;
      at: Date;
      author: string;
      concernId: number;
      studentName: string | null;
      studentId: number | null;
      firstName: string | null;
      lastName: string | null;
      preferredName: string | null;
    }>(
      `SELECT m."id", m."createdAt" AS "at", a."name" AS "author", c."id" AS "concernId", c."studentName",
              s."id" AS "studentId", s."firstName", s."lastName", s."preferredName"
       FROM "Concern" c
       JOIN "ConcernMessage" m ON m."concernId" = c."id"
       JOIN "User" a ON a."id" = m."authorId"
       LEFT JOIN "Student" s ON s."id" = c."studentId"
       WHERE ${concernsRaised.sql} AND m."authorId" <> ?${after('m."createdAt"')}
       ORDER BY m."createdAt" DESC, m."id" DESC LIMIT ${NEW_CAP}`,
      [...concernsRaised.params, user.id, ...sinceParams],
    ),
    // The first 30 by name, with how many in all (counted before the LIMIT).
    reads(db).all<{ id: number; firstName: string; lastName: string; preferredName: string | null; total: number }>(
      `SELECT s."id", s."firstName", s."lastName", s."preferredName", COUNT(*) OVER () AS "total"
       FROM "Student" s WHERE ${studentsIn.sql} AND s."status" <> 'exited'
       ORDER BY s."lastName", s."firstName", s."id" LIMIT 30`,
      studentsIn.params,
    ),
  ]);
  const titles = await strategyTitles(
    db,
    strategies.map((s) => s.strategyKey),
  );
  return {
    since,
    notes: notes.map(named),
    strategies: strategies.map((s) => ({ ...named(s), title: titles.get(s.strategyKey) ?? 'A strategy' })),
    answers: answers.map((a) => ({
      id: a.id,
      at: a.at,
      author: a.author,
      concernId: a.concernId,
      about:
        a.studentId !== null
          ? shortName({ firstName: a.firstName ?? '', lastName: a.lastName ?? '', preferredName: a.preferredName })
          : (a.studentName ?? 'a new student'),
    })),
    students: students.map(({ total: _total, ...student }) => student),
    studentTotal: students[0]?.total ?? 0,
  };
}

export type TeacherHome = Awaited<ReturnType<typeof teacherHome>>;

// ---------------------------------------------------------------------------------------------
// The therapist's dashboard, all sections at once.

/** `now`: the time it is in the district ("HH:MM"), to tell today's past sessions from those to come. */
export async function therapistDashboard(db: Db, user: CurrentUser, today: Date, now: string) {
  const [me, settings, caseload] = await Promise.all([seenAndHours(db, user.id), districtSettings(db), caseloadOf(db, user)]);
  const [schedule, minutes, due, attention, fresh, workload] = await Promise.all([
    // The settings read above go to every part that needs them, read once a page.
    todaysSchedule(db, user, today, now, settings),
    minutesAgainstMandates(db, caseload, today, settings),
    dueSoon(db, user, caseload, today, settings.dueSoonDays).then((items) => dueLines(items, can(user, 'note.prepare') ? '/notes' : null)),
    needsAttention(db, caseload, today, settings),
    newForTherapist(db, user, me.newSeenAt),
    workloadThisWeek(db, user, today, me.hoursPerWeek, caseload.length),
  ]);
  return { today, settings, caseload, schedule, minutes, due, attention, fresh, workload };
}

export type TherapistDashboard = Awaited<ReturnType<typeof therapistDashboard>>;
