// The school calendar: which days are school days. Minutes fall due only on school days, the
// schedule skips days off, and the evaluation clock counts school days with it.
//
// A school follows the district's school years unless it has years of its own, and is closed on
// the district's days off and on its own. Between two school years, and after the last one
// entered (the summer, until next year's calendar is entered), there is no school: no minutes
// fall due and the schedule is empty. Before the first year entered, and where no year is entered
// at all, every Monday to Friday that is not a day off is a school day, so a district that has not
// entered its calendar yet still gets sensible answers. The evaluation clock never runs off the
// end: past the last year entered it counts weekdays.
import type { Db } from '../db/client.js';
import { addDays, dayNumber } from './dates.js';
import { placeholders, reads } from '../db/reads.js';

export type YearSpan = { firstDay: Date; lastDay: Date };
export type DaySpan = { startDate: Date; endDate: Date };

export class SchoolCalendar {
  /** Sorted by first day. */
  readonly years: readonly YearSpan[];
  private readonly off: Set<number>;

  constructor(years: readonly YearSpan[] = [], daysOff: readonly DaySpan[] = []) {
    this.years = [...years].sort((a, b) => a.firstDay.getTime() - b.firstDay.getTime());
    this.off = new Set();
    for (const span of daysOff) {
      // A span is a few days; a guard stops a mistyped year-long span from costing much.
      for (let d = span.startDate, n = 0; d <= span.endDate && n < 400; d = addDays(d, 1), n++) this.off.add(dayNumber(d));
    }
  }

  /** A calendar with no years and no days off: every Monday to Friday. */
  static weekdays(): SchoolCalendar {
    return new SchoolCalendar();
  }

  /** The school year holding `day`, if one was entered. */
  yearOf(day: Date): YearSpan | null {
    return this.years.find((y) => y.firstDay <= day && day <= y.lastDay) ?? null;
  }

  /** Is `day` a day off (a holiday, a break, between two school years or after the last)? Weekends aside. */
  isDayOff(day: Date): boolean {
    if (this.off.has(dayNumber(day))) return true;
    if (this.years.length === 0 || day < this.years[0]!.firstDay) return false;
    return this.yearOf(day) === null;
  }

  /** The day after the last school year entered, if any: from then on nothing is a school day. */
  get afterLastYear(): Date | null {
    const last = this.years.at(-1);
    return last ? addDays(last.lastDay, 1) : null;
  }

  isSchoolDay(day: Date): boolean {
    const weekday = day.getUTCDay(); // a calendar date is 00:00 UTC: its UTC weekday is its own
    return weekday !== 0 && weekday !== 6 && !this.isDayOff(day);
  }

  /** School days from `from` to `to`, both included. */
  schoolDaysBetween(from: Date, to: Date): number {
    let n = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.isSchoolDay(d)) n++;
    return n;
  }

  /**
   * The date `count` school days after `day` (before it when negative); `day` itself does not
   * count. Past the last school year entered, weekdays that are not days off count, so a clock
   * started in spring ends even before next year's calendar is entered.
   */
  addSchoolDays(day: Date, count: number): Date {
    const step = count < 0 ? -1 : 1;
    const beyond = this.afterLastYear;
    const counts = (d: Date) =>
      this.isSchoolDay(d) || (beyond !== null && d >= beyond && d.getUTCDay() % 6 !== 0 && !this.off.has(dayNumber(d)));
    let d = day;
    for (let left = Math.abs(count); left > 0;) {
      d = addDays(d, step);
      if (counts(d)) left -= 1;
    }
    return d;
  }

  /** The name of the day off `day` falls in, for a schedule's "no school" mark. */
  dayOffName(day: Date): string | null {
    return this.names.get(dayNumber(day)) ?? null;
  }

  private names = new Map<number, string>();

  /** Names the days of each span (after construction, so the constructor stays about dates). */
  withNames(daysOff: readonly (DaySpan & { name: string })[]): this {
    for (const span of daysOff) {
      for (let d = span.startDate, n = 0; d <= span.endDate && n < 400; d = addDays(d, 1), n++) this.names.set(dayNumber(d), span.name);
    }
    return this;
  }
}

/**
 * The calendars of these schools, in one statement whatever their number: each school's years (or
 * the district's when it has none of its own) and the district's days off with its own. It skips
 * Prisma (db/reads.ts): every page with minutes or a schedule reads it.
 */
export async function loadCalendars(db: Db, schoolIds: readonly number[]): Promise<Map<number, SchoolCalendar>> {
  const ids = [...new Set(schoolIds)];
  const calendars = new Map<number, SchoolCalendar>();
  if (ids.length === 0) return calendars;
  const schools = `"schoolId" IS NULL OR "schoolId" IN (${placeholders(ids.length)})`;
  const spans = await reads(db).all<DaySpan & { kind: 'year' | 'off'; schoolId: number | null; name: string | null }>(
    `SELECT 'year' AS "kind", "schoolId", "firstDay" AS "startDate", "lastDay" AS "endDate", NULL AS "name" FROM "SchoolYear" WHERE ${schools}
     UNION ALL
     SELECT 'off' AS "kind", "schoolId", "startDate", "endDate", "name" FROM "DayOff" WHERE ${schools}`,
    [...ids, ...ids],
  );
  const years = spans.filter((s) => s.kind === 'year').map((y) => ({ schoolId: y.schoolId, firstDay: y.startDate, lastDay: y.endDate }));
  const daysOff = spans.filter((s) => s.kind === 'off').map((d) => ({ ...d, name: d.name ?? '' }));
  const districtYears = years.filter((y) => y.schoolId === null);
  const districtOff = daysOff.filter((d) => d.schoolId === null);
  for (const id of ids) {
    const own = years.filter((y) => y.schoolId === id);
    const off = [...districtOff, ...daysOff.filter((d) => d.schoolId === id)];
    calendars.set(id, new SchoolCalendar(own.length > 0 ? own : districtYears, off).withNames(off));
  }
  return calendars;
}

/** One school's calendar. */
export async function loadCalendar(db: Db, schoolId: number): Promise<SchoolCalendar> {
  return (await loadCalendars(db, [schoolId])).get(schoolId)!;
}
