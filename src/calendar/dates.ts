// Calendar dates: the one place the app does date arithmetic. A calendar date (a session's day, a
// goal's target date, a report's due date) is a Date at 00:00 UTC, the way the forms store it.
// Every function here reads and returns dates that way, through date-fns in UTC, so no answer
// depends on the server's own time zone. Only today() needs a zone: which day it is now depends on
// where the district is.
import { tz } from '@date-fns/tz';
import { utc } from '@date-fns/utc';
import { addYears as addCalendarYears, differenceInYears, format, isValid, parse } from 'date-fns';

const KEY = 'yyyy-MM-dd';
const inUtc = { in: utc };

/** Days the schools are closed on top of weekends (a school calendar's holidays), as YYYY-MM-DD. */
export type DaysOff = ReadonlySet<string>;
const NO_DAYS_OFF: DaysOff = new Set();

// date-fns answers with a UTCDate; the rest of the app (Prisma, the views) gets a plain Date.
const plain = (d: Date) => new Date(d.getTime());

/** '2026-11-30' as a calendar date; null for anything else, including days that do not exist (2026-02-30). */
export function parseDay(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const day = plain(parse(text, KEY, new Date(0), inUtc));
  return isValid(day) ? day : null;
}

// The three below run for every school day of a year for every student on Home (minutes due):
// plain UTC arithmetic, which is exact because a UTC day always has 24 hours, instead of
// date-fns with a UTC context, which builds a date object for each step.
const DAY_MS = 86_400_000;

/** A calendar date as YYYY-MM-DD: for form values, links and snapshots. */
export function dayKey(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** The calendar date it is now in a time zone (an IANA name such as America/New_York). */
export function today(timeZone: string, now: Date = new Date()): Date {
  // Asked on nearly every request: one formatter per zone, kept (building one costs 50 times more).
  let days = dayInZone.get(timeZone);
  if (!days)
    dayInZone.set(timeZone, (days = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' })));
  const parts = days.formatToParts(now);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(value('year'), value('month') - 1, value('day')));
}
const dayInZone = new Map<string, Intl.DateTimeFormat>();

/** `days` calendar days later (earlier when negative). */
export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

/** `years` years later; Feb 29 becomes Feb 28 in a year without one. */
export function addYears(day: Date, years: number): Date {
  return plain(addCalendarYears(day, years, inUtc));
}

/** Calendar days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: Date, to: Date): number {
  // UTC days counted by plain arithmetic (see above): run for every point of every goal on Home.
  return Math.floor(to.getTime() / DAY_MS) - Math.floor(from.getTime() / DAY_MS);
}

/** Whole years from `from` to `to`: an age on a day. */
export function yearsBetween(from: Date, to: Date): number {
  return differenceInYears(to, from, inUtc);
}

/** A calendar date as a whole number of days since 1970-01-01 (a Thursday): a cheap key. */
export function dayNumber(day: Date): number {
  return Math.floor(day.getTime() / DAY_MS);
}

/** The number of the Monday-to-Sunday week holding `day`, the same for each of its days (weekStartOf's week). */
export function weekNumber(day: Date): number {
  return Math.floor((dayNumber(day) + 3) / 7);
}

/** The Monday of the week holding `day`. */
export function weekStartOf(day: Date): Date {
  const midnight = Math.floor(day.getTime() / DAY_MS) * DAY_MS;
  return new Date(midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS);
}

/** 1 for Monday to 7 for Sunday. */
export function dayOfWeek(day: Date): number {
  return day.getUTCDay() || 7;
}

/** Monday to Friday, unless the day is one of `daysOff`. */
export function isSchoolDay(day: Date, daysOff: DaysOff = NO_DAYS_OFF): boolean {
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !(daysOff.size > 0 && daysOff.has(dayKey(day)));
}

/** The date `count` school days after `day` (before it when negative); `day` itself does not count. */
export function addSchoolDays(day: Date, count: number, daysOff: DaysOff = NO_DAYS_OFF): Date {
  const step = count < 0 ? -1 : 1;
  let d = plain(day);
  for (let left = Math.abs(count); left > 0;) {
    d = addDays(d, step);
    if (isSchoolDay(d, daysOff)) left -= 1;
  }
  return d;
}

// Times of day: a session's start is "HH:MM" in the school's local time, and its end is not
// stored but counted from the start and the minutes, here, so every page and export agrees.

const MINUTES_A_DAY = 24 * 60;

/** "09:30" -> 570: minutes after midnight. */
export function minutesOfDay(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** 570 -> "09:30"; past midnight it goes round the clock ("24:15" is "00:15"). */
export function clockTime(minutes: number): string {
  const m = ((Math.round(minutes) % MINUTES_A_DAY) + MINUTES_A_DAY) % MINUTES_A_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** When a session that starts at `start` ("HH:MM") and lasts `minutes` ends: endTime('09:30', 45) -> "10:15". */
export function endTime(start: string, minutes: number): string {
  return clockTime(minutesOfDay(start) + minutes);
}

/** The time it is now in a time zone as "HH:MM", to the nearest `step` minutes (at most 23:55 for 5). */
export function timeNow(timeZone: string, now: Date = new Date(), step = 5): string {
  const exact = minutesOfDay(format(now, 'HH:mm', { in: tz(timeZone) }));
  return clockTime(Math.min(Math.round(exact / step) * step, MINUTES_A_DAY - step));
}
