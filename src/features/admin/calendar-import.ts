// Reading the district's calendar file (iCalendar, RFC 5545) for its days off. Every all-day event
// is a day off: its DTSTART is the first day and its DTEND, which RFC 5545 makes exclusive, the day
// after the last (no DTEND: one day). Events with a time (a staff meeting) are not closures and are
// counted as skipped, and so are repeating events, which the admin enters by hand. A few all-day
// events are school days by their name (the first or last day of school, an early dismissal) and
// are left out too, by name, so the admin sees what was not taken. So are events with a date that
// does not exist (20271340): ical.js would roll it over into another real day, so the date is read
// from the file's own text, strictly, and such an event is named rather than guessed at. An event
// on a Saturday or Sunday alone closes no school day and is counted as skipped.
import ICAL from 'ical.js';
import { addDays, dayKey, parseDay } from '../../calendar/dates.js';
import { MAX_DAY_OFF_DAYS, onlyWeekend } from './calendar.schema.js';

export type ImportedDayOff = { uid: string; name: string; startDate: Date; endDate: Date };

export type CalendarFile = {
  daysOff: ImportedDayOff[];
  /** Events with a time of day: never a day off. */
  timed: number;
  /** Repeating events (and changed occurrences of them). */
  repeating: number;
  /** All-day events that are school days by their name, or longer than a break may be. */
  leftOut: string[];
  /** Events that could not be read (a date that is not a date). */
  unreadable: number;
  /** Names of all-day events with a date that does not exist (month 13, Feb 30). */
  impossible: string[];
  /** All-day events on a Saturday or Sunday only: no school day to close. */
  weekend: number;
};

export type CalendarRead = { ok: true; file: CalendarFile } | { ok: false; message: string };

const NAME_MAX = 80;
/** All-day events that mark a school day, not a closure. */
const SCHOOL_DAY = /\b(first|last) day (of|for) (school|classes|students)\b|\bearly (dismissal|release)\b|\bhalf[- ]day\b|\bminimum day\b/i;
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]+/g;

export function readCalendarFile(text: string): CalendarRead {
  let events: ICAL.Event[];
  try {
    const parsed: unknown = ICAL.parse(text);
    // One calendar parses to one component, several to a list of them; anything else is not a calendar.
    const roots = (Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : (parsed as unknown[])) as unknown[];
    const calendars = roots.map((root) => new ICAL.Component(root as never)).filter((c) => c.name === 'vcalendar');
    events = calendars.flatMap((c) => c.getAllSubcomponents('vevent')).map((v) => new ICAL.Event(v));
  } catch {
    return { ok: false, message: 'This is not a calendar file Tandem can read. Export the calendar again as .ics and paste all of it.' };
  }
  if (events.length === 0) return { ok: false, message: 'This calendar has no events in it.' };

  const byUid = new Map<string, ImportedDayOff>();
  const file: CalendarFile = { daysOff: [], timed: 0, repeating: 0, leftOut: [], unreadable: 0, impossible: [], weekend: 0 };
  for (const event of events) {
    try {
      if (event.isRecurring() || event.isRecurrenceException()) {
        file.repeating += 1;
        continue;
      }
      const start = event.startDate;
      if (!start) {
        file.unreadable += 1;
        continue;
      }
      if (!start.isDate) {
        file.timed += 1;
        continue;
      }
      const name = nameOf(event.summary);
      const startDate = dayWritten(event.component, 'dtstart');
      const dtend = event.component.hasProperty('dtend') ? dayWritten(event.component, 'dtend') : undefined;
      if (startDate === null || dtend === null) {
        file.impossible.push(name);
        continue;
      }
      // DTEND is the day after the last; without one, ical.js gives DTSTART + DURATION, or the next day.
      const after = dtend ?? dayOf(event.endDate);
      const endDate = after > startDate ? addDays(after, -1) : startDate;
      if (SCHOOL_DAY.test(name) || dayKey(endDate) > dayKey(addDays(startDate, MAX_DAY_OFF_DAYS - 1)) || !inRange(startDate)) {
        file.leftOut.push(name);
        continue;
      }
      if (onlyWeekend(startDate, endDate)) {
        file.weekend += 1;
        continue;
      }
      const uid = (event.uid ?? '').trim().slice(0, 255) || `${dayKey(startDate)} ${name}`;
      byUid.set(uid, { uid, name, startDate, endDate });
    } catch {
      file.unreadable += 1;
    }
  }
  if (file.unreadable === events.length) {
    return {
      ok: false,
      message: 'None of the events in this calendar could be read. Export the calendar again as .ics and paste all of it.',
    };
  }
  file.daysOff = [...byUid.values()].sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
  return { ok: true, file };
}

/**
 * The calendar date a DTSTART or DTEND property gives, read from its text ("2027-13-40" once
 * parsed): null when that day does not exist. ical.js's own ICAL.Time has already rolled such a
 * date over into a real one (Feb 9, 2028), so it cannot tell.
 */
function dayWritten(event: ICAL.Component, name: 'dtstart' | 'dtend'): Date | null {
  const written: unknown = event.getFirstProperty(name)?.jCal[3];
  if (typeof written !== 'string') return null;
  return parseDay(written.slice(0, 10));
}

/** A date-only ICAL.Time as a calendar date (00:00 UTC): for one ical.js worked out itself. */
function dayOf(time: ICAL.Time): Date {
  return new Date(Date.UTC(time.year, time.month - 1, time.day));
}

function inRange(day: Date): boolean {
  return day.getUTCFullYear() >= 1990 && day.getUTCFullYear() <= 2100;
}

/** The event's title as a day off's name: one line, at most 80 characters. */
function nameOf(summary: string | null | undefined): string {
  const name = (summary ?? '').replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  return name.length > NAME_MAX ? `${name.slice(0, NAME_MAX - 1).trimEnd()}…` : name || 'Day off';
}
