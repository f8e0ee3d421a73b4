// The student page's summary and goal cards: the next dates with their state, minutes this period
// against the mandate, the flags Home raises for this student, and each goal's status and trend.
// Home's own functions decide the dates' state and the flags (dueSoon, needsAttention, minutesFor),
// called with a caseload of one, so the two pages never disagree. A fixed number of queries
// whatever the number of goals: the data points of all the goals are read in one query.
//
// Access: pass a student already loaded through its scoped loader (getStudent); what each role may
// see is asked of the policy here, so a teacher's page reads no goals, sessions or minutes.
import type { Db } from '../../db/client.js';
import type { CurrentUser } from '../../access/current-user.js';
import { can } from '../../access/policy.js';
import { addDays, daysBetween } from '../../calendar/dates.js';
import type { DistrictSettings } from '../admin/settings.service.js';
import { dueBadge, dueSoon, minutesBadge, needsAttention } from '../dashboard/dashboard.service.js';
import type { Badge, CaseloadStudent, DueItem } from '../dashboard/dashboard.service.js';
import { belowAimLine } from '../progress/progress.math.js';
import type { Point } from '../progress/progress.math.js';
import { copyCountsText } from '../sessions/counts.js';
import { placeholders, reads } from '../../db/reads.js';
import type { StudentMinutes } from '../minutes/minutes.service.js';
import { areaLabel, label } from '../../labels.js';
import { formatDate, minutesText, plural, valueWords } from '../../web/view-helpers.js';
import { sparkline, sparklineWords } from './sparkline.js';
import type { Sparkline } from './sparkline.js';

/** A status as the badge partial shows it: a word always, a colour only as well. */
export type { Badge };
export type BadgeStatus = Badge['status'];

type SummaryStudent = CaseloadStudent & {
  reportDates: { dueOn: Date }[];
  goals?: {
    id: number;
    area: string;
    status: string;
    measurement: string;
    baselineValue: number;
    baselineDate: Date;
    targetValue: number;
    targetDate: Date;
    startDate: Date;
  }[];
};

export type DateLine = { label: string; date: Date | null; badge: Badge | null; href?: string };
export type MinutesSummaryLine = {
  heading: string;
  periodLabel: string;
  text: string;
  badge: Badge;
  year: string;
  yearBadge: Badge | null;
};
export type Flag = { badge: Badge; text: string; href: string };
export type GoalCard = {
  badges: Badge[];
  latest: string | null;
  latestDate: Date | null;
  target: string;
  spark: Sparkline | null;
  sparkWords: string;
};

/** Overdue, due today or due within the district's window (Home's words); nothing when further off. */
const dateBadge = dueBadge;

/** The dates a teacher sees with their state from the date alone (Home's rule for reviews and
 *  re-evaluations); a teacher is not shown whether a report was written. */
function byDate(dueOn: Date | null, today: Date, windowDays: number): Badge | null {
  if (!dueOn || dueOn > addDays(today, windowDays)) return null;
  return dateBadge(daysBetween(dueOn, today));
}

/** `settings`: the district's, read once by the page for this and the minutes. */
export async function studentSummary(
  db: Db,
  user: CurrentUser,
  student: SummaryStudent,
  today: Date,
  minutes: StudentMinutes | null,
  settings: DistrictSettings,
) {
  const staff = can(user, 'goal.view');
  const open = student.status !== 'exited';
  const goals = student.goals ?? [];
  const [due, attention, points] = await Promise.all([
    staff && open ? dueSoon(db, user, [student], today, settings.dueSoonDays) : null,
    staff && open ? needsAttention(db, [student], today, settings) : null,
    // Every point that counts, of every goal of the student, oldest first: one statement for the
    // page, by the goals' index, that skips Prisma (db/reads.ts).
    staff && goals.length
      ? reads(db).all<Point & { goalId: number }>(
          `SELECT p."goalId", p."date", p."value" FROM "DataPoint" p
           WHERE p."goalId" IN (${placeholders(goals.length)}) AND ${copyCountsText('p')}
           ORDER BY p."date", p."id"`,
          goals.map((g) => g.id),
        )
      : [],
  ]);

  // The next dates, each with Home's state for it.
  const itemOf = (kind: DueItem['kind']) => due?.find((d) => d.kind === kind) ?? null;
  const badgeOf = (kind: DueItem['kind'], date: Date | null) => {
    if (due) {
      const item = itemOf(kind);
      return item ? dateBadge(item.daysOverdue) : null;
    }
    return open ? byDate(date, today, settings.dueSoonDays) : null;
  };
  // The next report: the oldest one still to write (staff), else the next date to come.
  const unwritten = itemOf('report');
  const nextReport = unwritten?.dueOn ?? student.reportDates.find((r) => r.dueOn >= today)?.dueOn ?? null;
  const dates: DateLine[] = [
    { label: 'Annual review', date: student.annualReviewDue, badge: badgeOf('review', student.annualReviewDue) },
    { label: 'Re-evaluation', date: student.reevaluationDue, badge: badgeOf('reevaluation', student.reevaluationDue) },
    { label: 'Next progress report', date: nextReport, badge: badgeOf('report', nextReport), href: '#notes' },
  ];
  const evaluation = itemOf('evaluation');
  if (evaluation)
    dates.push({ label: 'Evaluation', date: evaluation.dueOn, badge: dateBadge(evaluation.daysOverdue), href: evaluation.href });

  // Minutes this period against the mandate: the numbers of Home's minutes table.
  const minutesLines: MinutesSummaryLine[] = (minutes?.lines ?? []).map((line) => ({
    heading: line.kind === 'direct' ? 'Direct service' : 'Consultation',
    periodLabel: line.periodLabel,
    // Given and due apart, each with its unit: "30 min given; 6 min due so far" (never "30 of 6 min").
    text:
      line.due === 0 && line.delivered === 0
        ? 'Nothing due yet'
        : `${minutesText(line.delivered)} given; ${minutesText(line.due)} due so far`,
    badge: minutesBadge(line.behind, line.delivered, line.due),
    year: `${minutesText(line.yearDelivered)} given; ${minutesText(line.yearDue)} due`,
    yearBadge: minutesBadge(line.yearBehind, line.yearDelivered, line.yearDue),
  }));

  // Home's flags for this student.
  const flags: Flag[] = [];
  const belowAim = new Set(attention?.belowAim.map((g) => g.id));
  const noData = new Set(attention?.noData.map((g) => g.id));
  if (attention) {
    for (const g of attention.belowAim)
      flags.push({ badge: { status: 'flagged', text: 'Below the aim line' }, text: areaLabel(g.area), href: `/goals/${g.id}` });
    for (const g of attention.noData)
      flags.push({
        badge: { status: 'flagged', text: `No data for ${plural(attention.noDataWeeks, 'week')}` },
        text: `${areaLabel(g.area)}${g.lastData ? `, last data ${formatDate(g.lastData)}` : ', no data yet'}`,
        href: `/goals/${g.id}`,
      });
    if (attention.notSeen.length)
      flags.push({
        badge: { status: 'flagged', text: `Not seen for ${plural(attention.notSeenDays, 'day')}` },
        text: 'no session attended',
        href: '#sessions',
      });
    for (const u of attention.underScheduled)
      flags.push({
        badge: { status: 'flagged', text: 'Scheduled under the plan' },
        text: `${minutesText(u.scheduled)} a week scheduled; the plan gives ${minutesText(u.planned)}`,
        href: '/schedule',
      });
  }
  if (minutes && minutes.owed > 0)
    flags.push({ badge: { status: 'behind', text: 'Make-ups owed' }, text: minutesText(minutes.owed), href: '#minutes' });

  // Each goal: its status, its latest value against the target, and its trend.
  const pointsOf = new Map<number, Point[]>();
  for (const p of points) {
    const list = pointsOf.get(p.goalId);
    if (list) list.push(p);
    else pointsOf.set(p.goalId, [p]);
  }
  const goalCards = new Map<number, GoalCard>();
  for (const g of goals) {
    const series = pointsOf.get(g.id) ?? [];
    const words = (v: number) => valueWords(v, g.measurement);
    const last = series.at(-1) ?? null;
    const badges: Badge[] = [];
    if (g.status === 'met') badges.push({ status: 'done', text: 'Met' });
    else if (g.status !== 'active') badges.push({ status: 'neutral', text: label('GoalStatus', g.status) });
    else {
      // Home's flags first; without one, a goal with data is on track (Home: "on track with recent data").
      if (belowAim.has(g.id) || (!attention && belowAimLine(g, series))) badges.push({ status: 'flagged', text: 'Below the aim line' });
      if (noData.has(g.id)) badges.push({ status: 'flagged', text: 'No recent data' });
      if (!badges.length)
        badges.push(series.length ? { status: 'on-track', text: 'On track' } : { status: 'neutral', text: 'No data yet' });
    }
    goalCards.set(g.id, {
      badges,
      latest: last ? words(last.value) : null,
      latestDate: last?.date ?? null,
      target: words(g.targetValue),
      spark: sparkline(g, series),
      sparkWords: sparklineWords(series, words, words(g.targetValue)),
    });
  }
  return { dates, minutesLines, flags, goalCards, settings: { noDataWeeks: settings.noDataWeeks, notSeenDays: settings.notSeenDays } };
}

export type StudentSummary = Awaited<ReturnType<typeof studentSummary>>;
