// The schedule's arithmetic, with no database: a weekly slot and its one-day changes become dated
// occurrences, and occurrences that clash (the therapist in two places at once, a child in two
// sessions at once, too little time to travel between schools) are found and put in words.
import { addDays, daysBetween, dayKey, dayOfWeek, endTime, minutesOfDay } from '../../calendar/dates.js';
import type { Attendance } from '../../generated/prisma/enums.js';

export type SlotChange = {
  /** The day the slot falls on that the change is for. */
  date: Date;
  cancelled: boolean;
  newDate: Date | null;
  newStartTime: string | null;
  reason: string;
  /** Why a cancelled day did not happen, as a missed session's cause (none on older changes). */
  cause?: Attendance | null;
};

export type SlotDates = {
  id: number;
  /** 1 Monday to 5 Friday. */
  weekday: number;
  startTime: string;
  minutes: number;
  fromDate: Date;
  toDate: Date;
  changes: readonly SlotChange[];
};

/** One day of a slot, after its change (if any): when it happens and for which day it was scheduled. */
export type Dated = {
  slotId: number;
  /** The day it happens: the slot's day, or the day it was moved to. */
  date: Date;
  /** The day the slot falls on: the key of the occurrence, and what a logged session records. */
  scheduledFor: Date;
  startTime: string;
  minutes: number;
  cancelled: boolean;
  moved: boolean;
  reason: string;
  /** A cancelled day's cause: a missed session still to record. Null when not cancelled. */
  cause: Attendance | null;
};

/** A day moved away from its own: what its own day shows ("Moved to Thu, Dec 3 at 10:00"). */
export type MovedAway = {
  slotId: number;
  /** The day the slot falls on, where the trace shows. */
  scheduledFor: Date;
  /** The slot's usual start time on that day. */
  startTime: string;
  minutes: number;
  newDate: Date;
  newStartTime: string;
};

/** Does the slot fall on this day (its weekday, between its first and last day)? */
export function fallsOn(slot: Pick<SlotDates, 'weekday' | 'fromDate' | 'toDate'>, day: Date): boolean {
  return dayOfWeek(day) === slot.weekday && slot.fromDate <= day && day <= slot.toDate;
}

/** The days the slot falls on from `from` to `to`, both included, before any change. */
export function slotDays(slot: Pick<SlotDates, 'weekday' | 'fromDate' | 'toDate'>, from: Date, to: Date): Date[] {
  const start = slot.fromDate > from ? slot.fromDate : from;
  const end = slot.toDate < to ? slot.toDate : to;
  if (start > end) return [];
  const first = addDays(start, (slot.weekday - dayOfWeek(start) + 7) % 7);
  const days: Date[] = [];
  for (let d = first; d <= end; d = addDays(d, 7)) days.push(d);
  return days;
}

/** The first day on or after `day` that the slot falls on; else its last day (a slot that has ended). */
export function nextSlotDay(slot: Pick<SlotDates, 'weekday' | 'fromDate' | 'toDate'>, day: Date): Date | null {
  const ahead = slotDays(slot, day, slot.toDate)[0];
  if (ahead) return ahead;
  return slotDays(slot, slot.fromDate, slot.toDate).at(-1) ?? null;
}

const inRange = (day: Date, from: Date, to: Date) => from <= day && day <= to;

/**
 * The slot's occurrences that happen from `from` to `to`: each day it falls on, cancelled or not,
 * at its new date and time when moved. A day moved into the range from outside it is included,
 * and one moved out of it is not.
 */
export function expandSlot(slot: SlotDates, from: Date, to: Date): Dated[] {
  const changes = new Map(slot.changes.map((c) => [dayKey(c.date), c]));
  // A change may bring in a day from outside the range (a session moved from last Friday to Monday).
  const days = new Map(slotDays(slot, from, to).map((d) => [dayKey(d), d]));
  for (const c of slot.changes) {
    if (c.newDate && inRange(c.newDate, from, to) && fallsOn(slot, c.date)) days.set(dayKey(c.date), c.date);
  }
  const out: Dated[] = [];
  for (const [key, day] of days) {
    const change = changes.get(key);
    const moved = !!change && !change.cancelled && (change.newDate !== null || change.newStartTime !== null);
    const date = moved && change.newDate ? change.newDate : day;
    if (!inRange(date, from, to)) continue;
    out.push({
      slotId: slot.id,
      date,
      scheduledFor: day,
      startTime: (moved && change.newStartTime) || slot.startTime,
      minutes: slot.minutes,
      cancelled: change?.cancelled ?? false,
      moved,
      reason: change?.reason ?? '',
      cause: change?.cancelled ? (change.cause ?? null) : null,
    });
  }
  return out.sort((a, b) => a.date.getTime() - b.date.getTime() || minutesOfDay(a.startTime) - minutesOfDay(b.startTime));
}

/**
 * The slot's days from `from` to `to` that were moved to another day (in the range or not): each
 * leaves a trace on its own day. A change of time alone stays on its day, so leaves none.
 */
export function movedAway(slot: SlotDates, from: Date, to: Date): MovedAway[] {
  return slot.changes
    .filter((c) => !c.cancelled && c.newDate && c.newDate.getTime() !== c.date.getTime())
    .filter((c) => inRange(c.date, from, to) && fallsOn(slot, c.date))
    .map((c) => ({
      slotId: slot.id,
      scheduledFor: c.date,
      startTime: slot.startTime,
      minutes: slot.minutes,
      newDate: c.newDate!,
      newStartTime: c.newStartTime ?? slot.startTime,
    }))
    .sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());
}

/** "09:30–10:00". */
export function timeSpan(startTime: string, minutes: number): string {
  return `${startTime}–${endTime(startTime, minutes)}`;
}

/** "Maya R.": the name a child goes by and the initial of their last name, for lists and calendars. */
export function shortName(s: { firstName: string; lastName: string; preferredName: string | null }): string {
  const initial = s.lastName.trim().charAt(0);
  return `${s.preferredName || s.firstName}${initial ? ` ${initial.toUpperCase()}.` : ''}`;
}

/** An occurrence of the therapist's own, as the clash finder reads it. */
export type Booking = {
  key: string;
  date: Date;
  startTime: string;
  minutes: number;
  cancelled: boolean;
  students: { id: number; name: string; schoolId: number }[];
};

/** An occurrence of another therapist's slot with some of the same students. */
export type OtherBooking = {
  date: Date;
  startTime: string;
  minutes: number;
  studentIds: number[];
  providerName: string;
};

type Span = { from: number; to: number };
const spanOf = (b: { startTime: string; minutes: number }): Span => {
  const from = minutesOfDay(b.startTime);
  return { from, to: from + b.minutes };
};
/** Sessions that only touch (one ends at 10:00, the next starts at 10:00) do not overlap. */
const overlaps = (a: Span, b: Span) => a.from < b.to && b.from < a.to;

export type Clashes = {
  /** What each occurrence (by its key) clashes with, in words, to show beside it. */
  byKey: Map<string, string[]>;
  /** Each clash once (a pair of sessions is one clash), at the first of its occurrences: the week's list. */
  list: { key: string; message: string }[];
};

/**
 * Clashes of the therapist's occurrences, in plain words. Cancelled occurrences clash with
 * nothing. `travelMinutes`: the time needed between two schools.
 */
export function findClashes(
  mine: readonly Booking[],
  others: readonly OtherBooking[],
  travelMinutes: number,
  schoolName: (schoolId: number) => string,
): Clashes {
  const byKey = new Map<string, string[]>();
  const list: Clashes['list'] = [];
  const say = (key: string, message: string) => {
    const messages = byKey.get(key) ?? [];
    if (!messages.includes(message)) messages.push(message);
    byKey.set(key, messages);
  };
  // By a set, not a search of the list: a week of overlapping sessions makes hundreds of clashes.
  const listed = new Set<string>();
  const listOnce = (key: string, message: string) => {
    const id = `${key}\n${message}`;
    if (listed.has(id)) return;
    listed.add(id);
    list.push({ key, message });
  };
  const names = (b: Booking) => (b.students.length ? b.students.map((s) => s.name).join(', ') : 'no students');
  const live = mine.filter((b) => !b.cancelled);
  const byDay = new Map<string, Booking[]>();
  for (const b of live) byDay.set(dayKey(b.date), [...(byDay.get(dayKey(b.date)) ?? []), b]);

  for (const day of byDay.values()) {
    day.sort((a, b) => minutesOfDay(a.startTime) - minutesOfDay(b.startTime));
    // The therapist in two places at once (which also catches a child twice in their own sessions).
    for (let i = 0; i < day.length; i++) {
      for (let j = i + 1; j < day.length; j++) {
        const a = day[i]!;
        const b = day[j]!;
        if (!overlaps(spanOf(a), spanOf(b))) continue;
        say(a.key, `You are booked twice: this overlaps ${timeSpan(b.startTime, b.minutes)} with ${names(b)}`);
        say(b.key, `You are booked twice: this overlaps ${timeSpan(a.startTime, a.minutes)} with ${names(a)}`);
        listOnce(
          a.key,
          `You are booked twice: ${timeSpan(a.startTime, a.minutes)} with ${names(a)} and ${timeSpan(b.startTime, b.minutes)} with ${names(b)}`,
        );
      }
    }
    // Travel: from one session to the next, with no school in common, in less time than it takes.
    for (let i = 0; i + 1 < day.length; i++) {
      const a = day[i]!;
      const b = day[i + 1]!;
      const gap = spanOf(b).from - spanOf(a).to;
      const schoolsA = new Set(a.students.map((s) => s.schoolId));
      const schoolsB = [...new Set(b.students.map((s) => s.schoolId))];
      if (gap < 0 || gap >= travelMinutes || schoolsA.size === 0 || schoolsB.length === 0) continue;
      if (schoolsB.some((id) => schoolsA.has(id))) continue;
      const fromName = [...schoolsA].map(schoolName).join(' and ');
      const toName = schoolsB.map(schoolName).join(' and ');
      const message = `${gap === 0 ? 'No time' : `Only ${gap} min`} to travel from ${fromName} to ${toName} (the district allows ${travelMinutes} min)`;
      say(a.key, message);
      say(b.key, message);
      listOnce(a.key, message);
    }
  }

  // A child in two sessions at once: with another therapist.
  for (const b of live) {
    for (const o of others) {
      if (daysBetween(o.date, b.date) !== 0 || !overlaps(spanOf(b), spanOf(o))) continue;
      for (const s of b.students) {
        if (!o.studentIds.includes(s.id)) continue;
        const message = `${s.name} has a session with ${o.providerName} then (${timeSpan(o.startTime, o.minutes)})`;
        say(b.key, message);
        listOnce(b.key, message);
      }
    }
  }
  return { byKey, list };
}
